import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform

/// The catalogue in the console, for grid offices and deciders: the items in force, the
/// applications with their review and decision forms, and a whole-file import that is
/// always previewed (a dry run) before it is applied. The platform decides who may do what;
/// a refusal shows the page again with its rule and article.
enum CataloguePage {
    struct Item {
        var code: String
        var name: String
        var category: String
        var department: String
        var timeLimit: String
        var revision: Int
    }

    struct Application {
        var id: String
        var action: String
        var code: String
        var name: String
        var applicant: String
        var department: String
        var status: String
        var reason: String
        var review: String?
        var pending: Bool
        var awaitsReview: Bool
    }

    struct Change {
        var code: String
        var action: String
        var fields: String
    }

    struct ImportPreview {
        var changes: [Change]
        var unchanged: Int
        var applied: Bool
        var csv: String
        var reason: String
        var review: String
    }

    struct Page {
        var items: [Item]
        var applications: [Application]
        var problem: Problem?
        var problems: [Problem]
        var preview: ImportPreview?
        var csv: String
        var reason: String
        var review: String
        var done: String?
    }

    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "catalogue") { session in
            try render(call, session: session)
        }
    }

    static func render(_ call: Call, session: WebSession, problem: Problem? = nil, problems: [Problem] = [], preview: ImportPreview? = nil,
                       input: ImportInput? = nil) throws -> (template: String, title: String, page: Any) {
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        try access.requireAdministration("keep the catalogue")
        let profile = try call.tenant.profile()
        let language = try Console.language(call).0
        let words = WebPage.words[language] ?? [:]
        let departmentName = { (code: String) in profile.department(code)?.name.description ?? code }
        let items = try call.tenant.catalogue.items().map { entry in
            Item(code: entry.code, name: entry.names[language] ?? entry.names.values.first ?? "", category: entry.category,
                 department: departmentName(entry.department), timeLimit: entry.timeLimit.description, revision: entry.revision)
        }
        let applications = try call.tenant.catalogue.applications().sorted { a, b in
            // Pending first, then the newest.
            a.status == .pending && b.status != .pending || (a.status == .pending) == (b.status == .pending) && a.appliedAt > b.appliedAt
        }
            .map { application in
                Application(id: application.id, action: words["proposal_\(application.proposal.action.rawValue)"] ?? application.proposal.action.rawValue,
                            code: application.proposal.code, name: application.proposal.names[language] ?? application.proposal.names.values.first ?? "",
                            applicant: application.applicant, department: departmentName(application.department),
                            status: words["application_\(application.status.rawValue)"] ?? application.status.rawValue,
                            reason: application.proposal.reason, review: application.review, pending: application.status == .pending,
                            awaitsReview: application.pending.first == "review")
            }
        let page = Page(items: items, applications: applications, problem: problem, problems: problems, preview: preview,
                        csv: input?.csv ?? "", reason: input?.reason ?? "", review: input?.review ?? "", done: call.query("done"))
        return ("catalogue-admin", words["console_catalogue"] ?? "", page)
    }

    struct DecisionInput: Decodable, CSRFCarrying {
        var csrf: String?
        var decision: String?
        var note: String?
    }

    /// Records a review, an approval or a refusal of an application, as the caller.
    @Sendable static func decide(_ call: Call) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let input = try ConsoleForms.decode(DecisionInput.self, call, expected: session.csrf)
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        do {
            let command: ApplicationCommand
            switch input.decision ?? "" {
            case "review": command = .review(opinion: note)
            case "approve": command = .approve(note: note.isEmpty ? nil : note)
            case "refuse": command = .refuse(reason: note)
            default: throw PlatformError("invalid-value", "a decision is review, approve or refuse", place: "decision")
            }
            _ = try call.tenant.catalogue.decide(application: call.parameter("id"), command, as: session.caller.staffId, at: call.now)
            return SignInPages.see("\(ConsoleCookies.path(call))/catalogue?done=\(command.name)", call)
        } catch let error as PlatformError {
            return try await Console.page(call, section: "catalogue", status: HTTPProblem.from(error).status) { session in
                try render(call, session: session, problem: error.problems.first)
            }
        }
    }

    struct ImportInput: Decodable, CSRFCarrying {
        var csrf: String?
        var csv: String?
        var reason: String?
        var review: String?
        var mode: String?
    }

    /// Checks a catalogue file as the caller (`mode=preview`, writing nothing) or applies it
    /// (`mode=apply`); every problem of the file is listed at once.
    @Sendable static func importFile(_ call: Call) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let input = try ConsoleForms.decode(ImportInput.self, call, expected: session.csrf)
        let apply = input.mode == "apply"
        do {
            let report = try call.tenant.catalogue.importItems(input.csv ?? "", file: "catalogue.csv", as: .csv, by: session.caller.staffId,
                                                               reason: input.reason ?? "", review: input.review.flatMap { $0.isEmpty ? nil : $0 },
                                                               dryRun: !apply, at: call.now)
            let preview = ImportPreview(changes: report.changes.map { Change(code: $0.code, action: $0.action.rawValue, fields: $0.fields.joined(separator: "；")) },
                                        unchanged: report.unchanged, applied: report.applied, csv: input.csv ?? "", reason: input.reason ?? "",
                                        review: input.review ?? "")
            return try await Console.page(call, section: "catalogue") { session in
                try render(call, session: session, preview: preview, input: input)
            }
        } catch let error as PlatformError {
            return try await Console.page(call, section: "catalogue", status: HTTPProblem.from(error).status) { session in
                try render(call, session: session, problems: error.problems, input: input)
            }
        }
    }
}
