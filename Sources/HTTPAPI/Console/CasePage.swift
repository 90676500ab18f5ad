import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Mustache
import Ordinance
import Platform

/// A case in the console: its facts (personal data masked below the caller's tier, every
/// unmasked view logged by the platform), due time and lateness, its timeline with the
/// article of each step and how late it was taken, and a form for each step the kernel
/// lets this caller take now. A refused action shows the page again with the rule and article.
enum CasePage {
    /// Events and choices are the most numerous values of a case page (a dispatch form
    /// lists every department twice): they answer the renderer by name, without reflection.
    struct Event: MustacheParent {
        var atText: String
        var name: String
        var actor: String
        var note: String?
        var article: String?
        var lateText: String?

        func child(named name: String) -> Any? {
            switch name {
            case "atText": atText
            case "name": self.name
            case "actor": actor
            case "note": note
            case "article": article
            case "lateText": lateText
            default: nil
            }
        }
    }

    struct Choice: MustacheParent {
        var value: String
        var label: String

        func child(named name: String) -> Any? {
            switch name {
            case "value": value
            case "label": label
            default: nil
            }
        }
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
        /// Triage: the live catalogue's items to file the matter under ("" answers it as outside).
        var items: [Choice] = []
        /// An optional step (需要…的) may be skipped with a reason: the step's key for that form.
        var skipStep: String?
        /// rate: the ratings the reporter may give.
        var ratings: [Choice] = []
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
        /// The due time follows a local rule, not the ordinance: said next to it.
        var localLimit: Bool
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
        guard let session = call.session else { return SignInPages.redirect(call) }
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        let view = try await call.tenant.cases.view(call.parameter("id"), history: false, for: access, at: call.now)
        let possible = try call.tenant.cases.possibleSteps(view, for: access)
        let profile = try call.tenant.profile()
        let time = ConsoleTime(profile)
        let (language, languages) = Console.language(profile, shelf: call.shelf)
        let words = WebPage.words(call, language) ?? [:]
        let lateNow = lateness(view.state, at: call.now, time: time, words: words)
        // What the page's content depends on: the case's version, what the caller's tier
        // unmasks, the steps offered and the caller's departments (a handling form lists
        // them), how late it is now (to the minute), the banner.
        let key = ["console-case", call.tenant.key, WebPage.base(call), view.state.id, String(view.state.version), access.tierKey,
                   possible.map(\.key).joined(separator: ","), access.departments.sorted().joined(separator: ","),
                   lateNow ?? "", call.query("done") ?? ""].joined(separator: "\u{1F}")
        let header = try Console.header(session, section: "inbox", call: call, profile: profile)
        let html = try WebPage.render("case", title: "\(view.state.id) · \(view.itemName)", language: language, languages: languages,
                                      call: call, console: header, cacheKey: key) {
            try page(call, view: view, history: try call.tenant.cases.history(view.state.id, for: access), possible: possible,
                     access: access, problem: nil)
        }
        return WebPage.response(html)
    }

    /// How late an open case is now, in words; nil when on time or closed.
    static func lateness(_ state: CaseState, at now: Date, time: ConsoleTime, words: [String: String]) -> String? {
        state.status == .open ? state.dueAt.flatMap { time.lateness(now.timeIntervalSince($0), words) } : nil
    }

    /// The case page with a refusal shown above it (not cached: it answers one form).
    static func refused(_ call: Call, session: WebSession, problem: Problem?) async throws -> (template: String, title: String, page: Any) {
        let access = try call.tenant.access.scope(for: session.caller, at: call.now)
        let view = try await call.tenant.cases.view(call.parameter("id"), history: false, for: access, at: call.now)
        let history = try call.tenant.cases.history(view.state.id, for: access)
        let page = try page(call, view: view, history: history, possible: try call.tenant.cases.possibleSteps(view, for: access),
                            access: access, problem: problem)
        return ("case", "\(view.state.id) · \(view.itemName)", page)
    }

    static func page(_ call: Call, view: CaseView, history: [CaseEvent], possible: [StepView], access: Access, problem: Problem?) throws -> Page {
        let profile = try call.tenant.profile()
        let language = try Console.language(call).0
        let words = WebPage.words(call, language) ?? [:]
        let time = try ConsoleTime(call)
        let state = view.state
        let departmentName = { (code: String) in profile.department(code)?.name.description ?? code }

        var due: Date?
        let events = history.map { event -> Event in
            let late = due.flatMap { event.kind == "supervise" ? nil : time.lateness(event.at.timeIntervalSince($0), words) }
            if let opened = event.effects.opened { due = opened.dueAt }
            if let next = event.effects.dueAt { due = next }
            let stepName = event.step.flatMap { profile.step($0)?.name.description }
            // A step skipped or deemed taken is named as such, not as if it had been done.
            let name = ["skip", "deem"].contains(event.kind) ? "\(words["event_\(event.kind)"] ?? event.kind)：\(stepName ?? "")"
                : stepName ?? words["event_\(event.kind)"] ?? event.kind
            return Event(atText: time.text(event.at), name: name, actor: event.actor, note: event.note, article: event.article, lateText: late)
        }
        let reporter = [(words["reporter_name"], state.reporter.name), (words["reporter_phone"], state.reporter.phone),
                        (words["reporter_id_number"], state.reporter.idNumber)]
            .compactMap { label, value in value.map { Choice(value: $0, label: label ?? "") } }
        let items = possible.contains { $0.kind == Step.Kind.triage.rawValue }
            ? [Choice(value: "", label: words["triage_outside"] ?? "")]
                + (try call.tenant.catalogue.items()).map { Choice(value: $0.code, label: "\($0.code) \($0.names[language] ?? $0.names.values.first ?? "")") }
            : []
        let actions = possible.compactMap { step in
            form(for: step, state: state, closed: state.status != .open, access: access, profile: profile, words: words, departmentName: departmentName,
                 items: items)
        }
        return Page(
            id: state.id, version: state.version, item: "\(state.item) \(view.itemName)", grid: view.gridName,
            statusText: words["status_\(state.status.rawValue)"] ?? state.status.rawValue, open: state.status == .open,
            reporter: reporter, reportedAtText: time.text(state.reportedAt), dueText: state.dueAt.map(time.text),
            lateText: lateness(state, at: call.now, time: time, words: words), localLimit: view.pending.contains(where: \.localLimit),
            waiting: view.pending.map(\.name).joined(separator: "、"), lead: state.lead.map(departmentName),
            participants: state.participants.isEmpty ? nil : state.participants.map(departmentName).joined(separator: "、"),
            events: events, actions: actions, noActions: actions.isEmpty, problem: problem, done: call.query("done") != nil)
    }

    /// The form a step needs: a note, a reason or a result; departments to dispatch to;
    /// the caller's departments to record a result for; pass or fail of a check.
    static func form(for step: StepView, state: CaseState, closed: Bool, access: Access, profile: Profile, words: [String: String],
                     departmentName: (String) -> String, items: [Choice]) -> ActionForm? {
        guard let kind = Step.Kind(rawValue: step.kind) else { return nil }
        var form = ActionForm(action: closed ? "reopen" : step.kind, name: closed ? (words["action_reopen"] ?? "reopen") : step.name,
                              article: step.article, noteLabel: words["field_note"], noteRequired: false, departments: [], participants: [],
                              units: [], verify: false)
        if closed {
            (form.noteLabel, form.noteRequired) = (words["field_reason"], true)
            return form
        }
        if profile.step(step.key)?.optional == true { form.skipStep = step.key }
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
        case .triage:
            form.items = items
            form.noteLabel = words["field_triage_note"]
        case .refer:
            form.noteLabel = words["field_reason"]
        case .rate:
            form.ratings = (profile.step(step.key)?.ratings ?? []).map { Choice(value: $0, label: $0) }
        case .review:
            (form.noteLabel, form.noteRequired) = (words["field_reason"], true)
        case .meeting:
            (form.noteLabel, form.noteRequired) = (words["field_decision"], true)
            form.departments = profile.departments.map { Choice(value: $0.code, label: $0.name.description) }
            let dispatches = (profile.step(step.key)?.next ?? []).compactMap(profile.step)
            if dispatches.contains(where: { $0.kind == .dispatch && $0.participants }) { form.participants = form.departments }
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
        var item: String?
        var step: String?
        var rating: String?
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
                try await refused(call, session: session, problem: error.problems.first)
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
        case "triage": return .triage(item: text(input.item), entry: nil, note: note)
        case "refer": return .refer(note: note)
        case "skip": return .skip(step: try required(input.step, "step"), reason: try required(input.note, "note"))
        case "rate": return .rate(rating: try required(input.rating, "rating"), note: note)
        case "review": return .requestReview(reason: try required(input.note, "note"))
        case "record_meeting":
            return .recordMeeting(lead: try required(input.lead, "lead"), participants: input.participants ?? [], decision: try required(input.note, "note"))
        default: throw PlatformError("invalid-value", "no such action '\(input.action ?? "")'", place: "action")
        }
    }
}
