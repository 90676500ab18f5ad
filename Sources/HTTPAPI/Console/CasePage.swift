import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

/// A case in the console: its facts (personal data masked below the caller's tier, every
/// unmasked view logged by the platform), due time and lateness, its timeline with the
/// article of each step and how late it was taken, and a form for each step the kernel
/// lets this caller take now. A refused action shows the page again with the rule and article.
enum CasePage {
    struct Event {
        var atText: String
        var name: String
        var actor: String
        var note: String?
        var article: String?
        var lateText: String?
    }

    struct Choice {
        var value: String
        var label: String
    }

    /// The form of one possible step: which fields its command needs.
    struct ActionForm {
        var action: String
        var name: String
        var article: String?
        var noteLabel: String?
        var noteRequired: Bool
        var departments: [Choice]
        var participants: [Choice]
        var units: [Choice]
        var verify: Bool
    }

    struct Page {
        var id: String
        var version: Int
        var item: String
        var grid: String
        var statusText: String
        var open: Bool
        var reporter: [Choice]
        var reportedAtText: String
        var dueText: String?
        var lateText: String?
        var waiting: String
        var lead: String?
        var participants: String?
        var events: [Event]
        var actions: [ActionForm]
        var noActions: Bool
        var problem: Problem?
        var done: Bool
    }

    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "inbox") { session in
            try await render(call, session: session, problem: nil)
        }
    }

    static func render(_ call: Call, session: WebSession, problem: Problem?) async throws -> (template: String, title: String, page: Any) {
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        let view = try await call.tenant.cases.view(call.parameter("id"), for: access, at: call.now)
        let possible = try call.tenant.cases.possibleSteps(view, for: access)
        let profile = try call.tenant.profile()
        let language = try Console.language(call).0
        let words = WebPage.words[language] ?? [:]
        let time = try ConsoleTime(call)
        let state = view.state
        let departmentName = { (code: String) in profile.department(code)?.name.description ?? code }

        var due: Date?
        let events = (view.history ?? []).map { event -> Event in
            let late = due.flatMap { event.kind == "supervise" ? nil : time.lateness(event.at.timeIntervalSince($0), words) }
            if let opened = event.effects.opened { due = opened.dueAt }
            if let next = event.effects.dueAt { due = next }
            let name = event.step.flatMap { profile.step($0)?.name.description } ?? words["event_\(event.kind)"] ?? event.kind
            return Event(atText: time.text(event.at), name: name, actor: event.actor, note: event.note, article: event.article, lateText: late)
        }
        let reporter = [(words["reporter_name"], state.reporter.name), (words["reporter_phone"], state.reporter.phone),
                        (words["reporter_id_number"], state.reporter.idNumber)]
            .compactMap { label, value in value.map { Choice(value: $0, label: label ?? "") } }
        let actions = possible.compactMap { step in
            form(for: step, state: state, closed: state.status != .open, access: access, profile: profile, words: words, departmentName: departmentName)
        }
        let lateNow = state.status == .open ? state.dueAt.flatMap { time.lateness(call.now.timeIntervalSince($0), words) } : nil
        let page = Page(
            id: state.id, version: state.version, item: "\(state.item) \(view.itemName)", grid: view.gridName,
            statusText: words["status_\(state.status.rawValue)"] ?? state.status.rawValue, open: state.status == .open,
            reporter: reporter, reportedAtText: time.text(state.reportedAt), dueText: state.dueAt.map(time.text), lateText: lateNow,
            waiting: view.pending.map(\.name).joined(separator: "、"), lead: state.lead.map(departmentName),
            participants: state.participants.isEmpty ? nil : state.participants.map(departmentName).joined(separator: "、"),
            events: events, actions: actions, noActions: actions.isEmpty, problem: problem, done: call.query("done") != nil)
        return ("case", "\(state.id) · \(view.itemName)", page)
    }

    /// The form a step needs: a note, a reason or a result; departments to dispatch to;
    /// the caller's departments to record a result for; pass or fail of a check.
    static func form(for step: StepView, state: CaseState, closed: Bool, access: Access, profile: Profile, words: [String: String],
                     departmentName: (String) -> String) -> ActionForm? {
        guard let kind = Step.Kind(rawValue: step.kind) else { return nil }
        var form = ActionForm(action: closed ? "reopen" : step.kind, name: closed ? (words["action_reopen"] ?? "reopen") : step.name,
                              article: step.article, noteLabel: words["field_note"], noteRequired: false, departments: [], participants: [],
                              units: [], verify: false)
        if closed {
            (form.noteLabel, form.noteRequired) = (words["field_reason"], true)
            return form
        }
        switch kind {
        case .reject, .return:
            (form.noteLabel, form.noteRequired) = (words["field_reason"], true)
        case .feedBack:
            form.noteRequired = true
        case .handle:
            (form.noteLabel, form.noteRequired) = (words["field_result"], true)
            let dispatched = [state.lead].compactMap { $0 } + state.participants
            form.units = access.departments.filter { dispatched.contains($0) && state.results[$0] == nil }.sorted()
                .map { Choice(value: $0, label: departmentName($0)) }
        case .dispatch:
            form.departments = profile.departments.map { Choice(value: $0.code, label: $0.name.description) }
            if profile.step(step.key)?.participants == true { form.participants = form.departments }
        case .verify:
            form.verify = true
        case .report, .resolveOnSite, .accept, .escalate, .close:
            break
        }
        return form
    }

    struct ActionInput: Decodable, CSRFCarrying {
        var csrf: String?
        var action: String?
        var version: Int?
        var note: String?
        var lead: String?
        var participants: [String]?
        var unit: String?
        var passed: String?
    }

    /// Performs the form's action through the platform, then shows the case again
    /// (303, so a reload does not send it twice); a refusal shows the page with its rule and article.
    @Sendable static func act(_ call: Call) async throws -> Response {
        guard let session = call.session else { return SignInPages.redirect(call) }
        let input = try ConsoleForms.decode(ActionInput.self, call, expected: session.csrf)
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        do {
            let command = try command(input)
            _ = try await call.tenant.cases.act(call.parameter("id"), command, for: access, expectedVersion: input.version, at: call.now)
            return SignInPages.see("\(ConsoleCookies.path(call))/cases/\(call.parameter("id"))?done=\(command.name)", call)
        } catch let error as PlatformError {
            guard error.kind != .notFound, error.problems.first?.rule != "forbidden" else { return try Console.problem(call, error) }
            let status = HTTPProblem.from(error).status
            return try await Console.page(call, section: "inbox", status: status) { session in
                try await render(call, session: session, problem: error.problems.first)
            }
        }
    }

    /// The kernel command a form asks for; a missing required field is refused as the API refuses it.
    static func command(_ input: ActionInput) throws -> Command {
        func text(_ value: String?) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        func required(_ value: String?, _ field: String) throws -> String {
            guard let value = text(value) else { throw PlatformError("missing-field", "'\(field)' is required for this action", place: field) }
            return value
        }
        let note = text(input.note)
        switch input.action ?? "" {
        case "resolve_on_site": return .resolveOnSite(note: note)
        case "accept": return .accept(note: note)
        case "reject": return .reject(reason: try required(input.note, "note"))
        case "dispatch": return .dispatch(lead: try required(input.lead, "lead"), participants: input.participants ?? [], note: note)
        case "escalate": return .escalate(note: note)
        case "handle": return .handle(unit: try required(input.unit, "unit"), result: try required(input.note, "note"))
        case "feed_back": return .feedBack(note: try required(input.note, "note"))
        case "verify":
            guard let passed = input.passed, passed == "yes" || passed == "no" else {
                throw PlatformError("missing-field", "say whether the check passed", place: "passed")
            }
            return .verify(passed: passed == "yes", note: note)
        case "close": return .close(note: note)
        case "return": return .returnCase(reason: try required(input.note, "note"))
        case "reopen": return .reopen(reason: try required(input.note, "note"))
        default: throw PlatformError("invalid-value", "no such action '\(input.action ?? "")'", place: "action")
        }
    }
}
