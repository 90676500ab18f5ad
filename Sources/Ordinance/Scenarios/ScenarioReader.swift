import Foundation

/// The outcome of reading one scenario file: the scenario when it has no errors, and the
/// problems found, each with file:line:column.
public struct LoadedScenario: Sendable {
    public let scenario: Scenario?
    public let diagnostics: [Diagnostic]
}

/// Reads scenario files with the same rules and messages as profiles.
public enum ScenarioLoader {
    /// The actions a step may take: `report`, the supervision `sweep`, and the API's case actions.
    public static let actions = ["report", "sweep", "resolve_on_site", "accept", "reject", "dispatch", "escalate", "handle", "feed_back",
                                 "verify", "close", "return", "reopen", "triage", "refer", "record_meeting", "skip", "rate", "review"]
    /// Fields an action may carry, as the API names them.
    static let fields = ["item", "grid", "channel", "emergency", "category", "note", "reason", "lead", "participants", "unit", "result",
                         "passed", "step", "rating"]

    public static func load(contentsOf url: URL, file: String) -> LoadedScenario {
        guard let data = try? Data(contentsOf: url) else {
            return LoadedScenario(scenario: nil, diagnostics: [Diagnostic(file: file, position: .start, rule: .fileUnreadable,
                                                                          message: "cannot read the scenario file")])
        }
        return load(data: data, file: file)
    }

    public static func load(data: Data, file: String) -> LoadedScenario {
        let context = ReadContext(file: file)
        context.documentName = "the scenario"
        var scenario = context.readDocument(data, empty: "the file holds no scenario; it starts with 'scenario: <what it shows>'", read)
        scenario?.file = file
        let diagnostics = context.diagnostics.sortedByPosition()
        return LoadedScenario(scenario: diagnostics.hasErrors ? nil : scenario, diagnostics: diagnostics)
    }

    private static func read(_ value: Value) -> Scenario? {
        guard let o = value.object(["scenario", "art", "version", "given", "steps"]) else { return nil }
        var scenario = Scenario()
        scenario.position = o.position
        scenario.name = o.need("scenario") { $0.text() } ?? ""
        scenario.article = o.read("art") { $0.article() }
        scenario.version = o.read("version") { $0.day() }
        if let given = o.read("given", { $0.object(["units", "staff"]) }) {
            scenario.units = given.read("units", csv)
            scenario.staff = given.read("staff", csv)
        }
        scenario.steps = o.need("steps") { $0.list(readStep) } ?? []
        for (previous, step) in zip(scenario.steps, scenario.steps.dropFirst()) where (step.day, step.minutes) < (previous.day, previous.minutes) {
            o.context.report(.datesOutOfOrder, "steps: \(step.time) comes before the step above it (\(previous.time)); steps happen in order",
                             at: step.position)
        }
        if o.optional("steps") != nil, scenario.steps.isEmpty {
            o.context.report(.invalidValue, "steps: a scenario has at least one step", at: o.position(of: "steps"))
        }
        return scenario
    }

    /// A CSV file named relative to the tenant's folder (one line), or the CSV text itself.
    private static func csv(_ value: Value) -> Scenario.CSVSource? {
        guard let text = value.text() else { return nil }
        return text.contains("\n") ? .text(text) : .file(text)
    }

    private static func readStep(_ value: Value) -> ScenarioStep? {
        guard let o = value.object(["at", "as", "case", "expect"] + actions) else { return nil }
        var step = ScenarioStep()
        step.position = o.position
        if let at = o.required("at"), let text = at.string() {
            let parts = text.split(separator: " ")
            let clock = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : []
            if parts.count == 2, let day = Day(String(parts[0])), clock.count == 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) {
                step.day = day
                step.minutes = clock[0] * 60 + clock[1]
            } else {
                at.fail(.invalidValue, "'\(text)' is not a time: write YYYY-MM-DD HH:MM, in the city's time zone")
            }
        }
        step.actor = o.read("as") { $0.text() }
        step.caseLabel = o.read("case") { $0.text() }
        let named = actions.filter { o.has($0) }
        if named.count != 1 {
            value.fail(.missingKey, named.isEmpty ? "say what happens: one of \(actions.joined(separator: ", "))"
                                                  : "one action per step, found \(named.joined(separator: " and "))")
        }
        if let action = named.first {
            step.action = action
            if let fields = o.optional(action) {
                step.fields = readFields(fields)
            }
            if action != "sweep", !o.has("as") {
                value.fail(.missingKey, "say who acts (as: <staff id>, or platform)")
            }
        }
        if let expect = o.read("expect", readExpectation) { step.expect = expect }
        return step
    }

    private static func readFields(_ value: Value) -> [String: ScenarioValue] {
        guard let o = value.object(fields) else { return [:] }
        var result: [String: ScenarioValue] = [:]
        for name in fields {
            guard let field = o.optional(name) else { continue }
            switch field.node {
            case .sequence: result[name] = field.list { $0.text() }.map(ScenarioValue.list)
            case .scalar(let scalar) where scalar.style == .plain && (scalar.string == "true" || scalar.string == "false"):
                result[name] = .flag(scalar.string == "true")
            default: result[name] = field.string().map(ScenarioValue.text)
            }
        }
        return result
    }

    private static func readExpectation(_ value: Value) -> ScenarioExpectation? {
        guard let o = value.object(["events", "pending", "status", "due", "overdue", "late", "lead", "level", "refused"]) else { return nil }
        var expect = ScenarioExpectation()
        expect.events = o.read("events") { $0.list { $0.text() } }
        expect.pending = o.read("pending") { $0.list { $0.text() } }
        expect.status = o.read("status") { $0.text() }
        if o.has("due") { expect.due = o.optional("due")?.text() ?? "none" }
        expect.overdue = o.read("overdue") { $0.bool() }
        expect.late = o.read("late") { $0.bool() }
        expect.lead = o.read("lead") { $0.text() }
        expect.level = o.read("level") { $0.text() }
        expect.refused = o.read("refused") { refused -> ScenarioExpectation.Refusal? in
            guard let r = refused.object(["rule", "art"]) else { return nil }
            return ScenarioExpectation.Refusal(rule: r.read("rule") { $0.text() }, article: r.read("art") { $0.article() })
        }
        if o.optional("refused") != nil, [expect.events, expect.pending].contains(where: { $0 != nil }) {
            value.fail(.invalidValue, "a refused step appends no events and leaves the case as it was; expect either refused or what follows")
        }
        return expect
    }
}
