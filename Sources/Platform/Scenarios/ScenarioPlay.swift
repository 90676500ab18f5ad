import Foundation
import Kernel
import Ordinance

/// One scenario being played on its scratch tenant: the cases it reported by label, and
/// each step performed and compared with what the scenario expects.
struct ScenarioPlay {
    let tenant: Tenant
    let scenario: Scenario
    var cases: [String: String] = [:]
    var last: String?

    init(tenant: Tenant, scenario: Scenario) {
        self.tenant = tenant
        self.scenario = scenario
    }

    /// Performs `step`; returns how what happened differs from what it expects.
    mutating func perform(_ step: ScenarioStep) async -> [String] {
        let now: Date
        do {
            now = try tenant.currentKernel(at: Date()).calendar.instant(step.day, minutes: step.minutes)
        } catch {
            return ["\(error)"]
        }
        let label = step.caseLabel
        var id = label.flatMap { cases[$0] } ?? last
        if step.action != "report", id == nil {
            return [label.map { "no case was reported as '\($0)' before this step" } ?? "no case has been reported yet"]
        }
        let before = (try? id.map { try tenant.cases.view($0) }) ?? nil
        let seen = before?.history?.count ?? 0
        do {
            switch step.action {
            case "report":
                let view = try await report(step, at: now)
                id = view.state.id
                if let label { cases[label] = view.state.id }
                last = view.state.id
            case "sweep":
                _ = try tenant.cases.sweep(at: now)
            default:
                guard let id else { return [] }
                _ = try await tenant.cases.act(id, try Self.command(step), as: step.actor ?? "", at: now)
                if label != nil { last = id }
            }
        } catch let error as PlatformError {
            return refused(error, step: step, case: before)
        } catch {
            return ["\(error)"]
        }
        if let refusal = step.expect.refused {
            let wanted = [refusal.rule.map { "[\($0)]" }, refusal.article.map(\.text)].compactMap { $0 }.joined(separator: " ")
            return ["expected a refusal \(wanted), but it was allowed"]
        }
        guard let id, let after = try? tenant.cases.view(id) else { return ["the case cannot be read after the step"] }
        return compare(step.expect, with: after, newEvents: Array((after.history ?? []).dropFirst(seen)))
    }

    private func report(_ step: ScenarioStep, at now: Date) async throws -> CaseView {
        guard let grid = step.fields["grid"]?.text else {
            throw PlatformError("missing-field", "a report names its grid (report: {item: …, grid: …})", place: "report")
        }
        // A matter not in the catalogue names no item, where the profile triages such matters.
        let item = step.fields["item"]?.text ?? ""
        let actor = step.actor ?? ""
        let channelName = step.fields["channel"]?.text ?? (actor == Participant.platform.staffId ? "platform" : "worker")
        guard let channel = Step.Channel(rawValue: channelName) else {
            throw PlatformError("invalid-value", "no channel '\(channelName)' (channels: \(Step.Channel.allCases.map(\.rawValue).joined(separator: ", ")))", place: "channel")
        }
        return try await tenant.cases.report(item: item, grid: grid, as: actor, reporter: Reporter(channel: channel, name: "张三", phone: "13900000000"),
                                             category: step.fields["category"]?.text, emergency: step.fields["emergency"]?.flag ?? false,
                                             note: step.fields["note"]?.text, at: now)
    }

    /// The kernel command a step asks for, from its fields as the API names them.
    static func command(_ step: ScenarioStep) throws -> Command {
        func text(_ key: String) -> String? { step.fields[key]?.text }
        func required(_ key: String) throws -> String {
            guard let value = text(key) else { throw PlatformError("missing-field", "'\(key)' is required for \(step.action)", place: key) }
            return value
        }
        let participants = step.fields["participants"]?.list ?? []
        switch step.action {
        case "resolve_on_site": return .resolveOnSite(note: text("note"))
        case "accept": return .accept(note: text("note"))
        case "reject": return .reject(reason: try required("reason"))
        case "dispatch": return .dispatch(lead: try required("lead"), participants: participants, note: text("note"))
        case "escalate": return .escalate(note: text("note"))
        case "handle": return .handle(unit: try required("unit"), result: text("result") ?? "已办理")
        case "feed_back": return .feedBack(note: text("note") ?? "已反馈")
        case "verify":
            guard let passed = step.fields["passed"]?.flag else { throw PlatformError("missing-field", "say whether the check passed (passed: true)", place: "passed") }
            return .verify(passed: passed, note: text("note"))
        case "close": return .close(note: text("note"))
        case "return": return .returnCase(reason: try required("reason"))
        case "reopen": return .reopen(reason: try required("reason"))
        case "triage": return .triage(item: text("item"), entry: nil, note: text("note"))
        case "refer": return .refer(note: text("note"))
        case "record_meeting": return .recordMeeting(lead: try required("lead"), participants: participants, decision: try required("note"))
        case "skip": return .skip(step: try required("step"), reason: try required("reason"))
        case "rate": return .rate(rating: try required("rating"), note: text("note"))
        case "review": return .requestReview(reason: try required("reason"))
        default: throw PlatformError("invalid-value", "no action '\(step.action)'", place: "action")
        }
    }

    /// A refusal compared with what the step expects.
    private func refused(_ error: PlatformError, step: ScenarioStep, case view: CaseView?) -> [String] {
        let problem = error.problems.first
        let said = "\(problem?.message ?? "\(error)") [\(problem?.rule ?? "")]" + (problem?.article.map { " — \($0)" } ?? "")
        guard let refusal = step.expect.refused else {
            return ["refused: \(said)" + (view.map { "; the case was at \(pendingText($0))" } ?? "")]
        }
        var problems: [String] = []
        if let rule = refusal.rule, rule != problem?.rule {
            problems.append("expected a refusal by rule '\(rule)', but it was refused: \(said)")
        }
        // The citation without its reading (解读) names the article, or a paragraph of it.
        let cited = (problem?.article ?? "").split(separator: "（", maxSplits: 1).first.map(String.init) ?? ""
        if let article = refusal.article, !cited.contains(article.text) {
            problems.append("expected a refusal citing \(article.text), but it was refused: \(said)")
        }
        return problems
    }

    private func compare(_ expect: ScenarioExpectation, with view: CaseView, newEvents: [CaseEvent]) -> [String] {
        var problems: [String] = []
        let state = view.state
        if let events = expect.events, events != newEvents.map(\.kind) {
            problems.append("expected events [\(events.joined(separator: ", "))], but the step recorded [\(newEvents.map(\.kind).joined(separator: ", "))]")
        }
        if let pending = expect.pending, Set(pending) != Set(view.pending.map(\.key)) {
            problems.append("expected pending [\(pending.joined(separator: ", "))], but the case is at \(pendingText(view))")
        }
        if let status = expect.status, status != state.status.rawValue {
            problems.append("expected status \(status), but it is \(state.status.rawValue)")
        }
        if let due = expect.due {
            let actual = state.dueAt.map(localTime) ?? "none"
            if due != actual { problems.append("expected due \(due), but it is due \(actual) (\(pendingText(view)))") }
        }
        if let overdue = expect.overdue, overdue != state.overdue {
            problems.append("expected overdue \(overdue), but it is \(state.overdue)")
        }
        if let late = expect.late {
            let wasLate = newEvents.contains { $0.late != nil }
            if late != wasLate { problems.append(late ? "expected the step to be recorded as late, but it was on time" : "expected the step on time, but it was recorded as late") }
        }
        if let lead = expect.lead, lead != state.lead {
            problems.append("expected lead \(lead), but it is \(state.lead ?? "none")")
        }
        if let level = expect.level, level != state.officeLevel {
            problems.append("expected the case at level \(level), but it is at \(state.officeLevel)")
        }
        return problems
    }

    /// "[verify 现场核实 — 拉萨市网格化服务管理条例 第十七条第二款]": the pending steps with their articles.
    private func pendingText(_ view: CaseView) -> String {
        "[" + view.pending.map { step in "\(step.key) \(step.name)" + (step.article.map { " — \($0)" } ?? "") }.joined(separator: "; ") + "]"
    }

    private func localTime(_ date: Date) -> String {
        guard let calendar = try? tenant.currentKernel(at: date).calendar else { return "\(date)" }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        let c = gregorian.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}

extension ScenarioValue {
    var text: String? { if case .text(let value) = self { value } else { nil } }
    var list: [String]? {
        switch self {
        case .list(let values): values
        case .text(let value): [value]
        case .flag: nil
        }
    }
    var flag: Bool? { if case .flag(let value) = self { value } else { nil } }
}
