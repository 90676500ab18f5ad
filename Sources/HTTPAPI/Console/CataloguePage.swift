import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform

/// The catalogue in the console, for grid offices and deciders: the items in force, the
/// applications and imports with what each changes (old → new) and their review, decision,
/// refresh and revert forms, and a whole-file import that is previewed (a dry run) before the
/// compiling office submits it for decision. The platform decides who may do what; a
/// refusal shows the page again with its rule and article.
enum CataloguePage {
    struct Item {
        var code: String
        var name: String
        var category: String
        var department: String
        var timeLimit: String
        var revision: Int
    }

    /// An application or an import, as one row of the decisions table.
    struct Application {
        var id: String
        var change: String
        var changes: [String]
        var applicant: String
        var status: String
        var reason: String
        var review: String?
        var pending: Bool
        var awaitsReview: Bool
        var stale: Bool
        /// Work still open under an item the change withdraws.
        var impact: [String]
        /// Names that look like a forbidden kind, and the attestation the approval makes.
        var flags: [String]
        var attest: String?
        var revertible: Bool
    }

    struct Change {
        var code: String
        var action: String
        var fields: [String]
    }

    struct ImportPreview {
        var changes: [Change]
        var unchanged: Int
        var submitted: String?
    }

    struct Page {
        var items: [Item]
        var applications: [Application]
        var imports: [Application]
        var problem: Problem?
        var problems: [Problem]
        var preview: ImportPreview?
        var csv: String
        var reason: String
        var done: String?
        /// The form comparing two days, and what differs when it was sent.
        var from: String
        var to: String
        var compared: CatalogueHistoryPages.Comparison?
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
        let words = WebPage.words(call, language) ?? [:]
        let departmentName = { (code: String) in profile.department(code)?.name.description ?? code }
        let action = { (action: CatalogueProposal.Action) in words["proposal_\(action.rawValue)"] ?? action.rawValue }
        let forbidden = profile.catalogue.forbidden.map { $0.name.text(in: language) }.joined(separator: "、")
        let attest = forbidden.isEmpty ? nil : (words["catalogue_attest"] ?? "%s").replacingOccurrences(of: "%s", with: forbidden)
        let items = try call.tenant.catalogue.items().map { entry in
            Item(code: entry.code, name: entry.names[language] ?? entry.names.values.first ?? "",
                 category: profile.catalogue.categories.first { $0.key == entry.category }?.name.text(in: language) ?? entry.category,
                 department: departmentName(entry.department), timeLimit: CataloguePublication.words(for: entry.timeLimit, in: call.tenant.packs.languages[language]?.publication ?? [:]),
                 revision: entry.revision)
        }
        let applications = try call.tenant.catalogue.applicationViews().sorted(by: pendingFirst { ($0.application.status == .pending, $0.application.appliedAt) })
            .map { view in
                let application = view.application
                let name = application.proposal.names[language] ?? view.current?.names[language] ?? ""
                return Application(id: application.id, change: "\(action(application.proposal.action)) \(application.proposal.code) \(name)",
                                   changes: view.changes.map(\.description), applicant: "\(application.applicant) · \(departmentName(application.department))",
                                   status: words["application_\(application.status.rawValue)"] ?? application.status.rawValue,
                                   reason: application.proposal.reason, review: application.review, pending: application.status == .pending,
                                   awaitsReview: application.pending.first == "review", stale: view.stale, impact: view.impact.map(\.summary),
                                   flags: view.flags.map { "\(application.proposal.code): \($0)" },
                                   attest: application.proposal.action == .withdraw ? nil : attest, revertible: application.status.takesEffect)
            }
        let imports = try call.tenant.catalogue.importViews().sorted(by: pendingFirst { ($0.application.status == .pending, $0.application.preparedAt) }).map { view in
            let batch = view.application
            return Application(id: batch.id, change: batch.source,
                               changes: batch.changes.map { "\(action($0.action)) \($0.code)：" + $0.fields.map(\.description).joined(separator: "；") },
                               applicant: batch.preparedBy, status: words["application_\(batch.status.rawValue)"] ?? batch.status.rawValue,
                               reason: batch.reason, review: batch.review, pending: batch.status == .pending,
                               awaitsReview: batch.pending.first == "review", stale: !view.stale.isEmpty, impact: view.impact.map(\.summary),
                               flags: view.flags, attest: attest, revertible: batch.status.takesEffect)
        }
        let compared = try CatalogueHistoryPages.differences(call, words: words)
        let page = Page(items: items, applications: applications, imports: imports, problem: problem, problems: problems, preview: preview,
                        csv: input?.csv ?? "", reason: input?.reason ?? "", done: call.query("done"),
                        from: compared?.from ?? "", to: compared?.to ?? "", compared: compared)
        return ("catalogue-admin", words["console_catalogue"] ?? "", page)
    }

    /// Pending first, then the newest.
    private static func pendingFirst<T>(_ key: @escaping (T) -> (Bool, Date)) -> (T, T) -> Bool {
        { a, b in
            let (x, y) = (key(a), key(b))
            return x.0 != y.0 ? x.0 : x.1 > y.1
        }
    }

    struct DecisionInput: Decodable, CSRFCarrying {
        var csrf: String?
        var decision: String?
        var note: String?
        /// The checkbox attesting the items are none of the forbidden kinds.
        var attest: String?
    }

    /// Records a review, an approval, a refusal or a refresh of an application or import, or
    /// prepares the revert of one that took effect, as the caller.
    @Sendable static func decide(_ call: Call) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let input = try ConsoleForms.decode(DecisionInput.self, call, expected: session.csrf)
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let id = call.parameter("id")
        let catalogue = call.tenant.catalogue
        do {
            let decision = input.decision ?? ""
            let command: ApplicationCommand
            switch decision {
            case "review": command = .review(opinion: note)
            case "approve": command = .approve(note: note.isEmpty ? nil : note, attested: input.attest == "on")
            case "refuse": command = .refuse(reason: note)
            case "refresh": command = .refresh
            case "revert":
                _ = try catalogue.revert(id, by: session.caller.staffId, reason: note, operatedBy: call.operatedBy, at: call.now)
                return SignInPages.see("\(ConsoleCookies.path(call))/catalogue?done=revert", call)
            default: throw PlatformError("invalid-value", "a decision is review, approve, refuse, refresh or revert", place: "decision")
            }
            if try catalogue.isImport(id) {
                _ = try catalogue.decideImport(id, command, as: session.caller.staffId, operatedBy: call.operatedBy, at: call.now)
            } else {
                _ = try catalogue.decide(application: id, command, as: session.caller.staffId, operatedBy: call.operatedBy, at: call.now)
            }
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
        var mode: String?
    }

    /// Checks a catalogue file as the caller (`mode=preview`, writing nothing) or submits it
    /// for decision (`mode=submit`); every problem of the file is listed at once.
    @Sendable static func importFile(_ call: Call) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let input = try ConsoleForms.decode(ImportInput.self, call, expected: session.csrf)
        let language = try Console.language(call).0
        let words = WebPage.words(call, language) ?? [:]
        do {
            let report = try call.tenant.catalogue.importItems(input.csv ?? "", file: "catalogue.csv", as: .csv, by: session.caller.staffId,
                                                               reason: input.reason ?? "", dryRun: input.mode != "submit",
                                                               operatedBy: call.operatedBy, at: call.now)
            let preview = ImportPreview(changes: report.changes.map { Change(code: $0.code, action: words["proposal_\($0.action.rawValue)"] ?? $0.action.rawValue,
                                                                             fields: $0.fields.map(\.description)) },
                                        unchanged: report.unchanged, submitted: report.application?.id)
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
