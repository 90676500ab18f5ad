/// A scenario legal staff write beside a profile (`ordinances/<tenant>/scenarios/*.yaml`):
/// given an org and staff, when these commands happen at these times, expect these
/// events, refusals with these articles, these due times. `wangge ordinance test` and
/// `swift test` run every scenario against the profile version it names.
public struct Scenario: Sendable {
    public var file = ""
    /// What the scenario shows, in the legal officer's words.
    public var name = ""
    /// The article the scenario is about (cited when it fails).
    public var article: Article?
    /// The profile version to run (by effective date), a draft included; by default the
    /// version in force on the first step's day.
    public var version: Day?
    /// Org units and staff, as the CSV files `wangge org import` and `staff import` read:
    /// a path relative to the tenant's folder, or the CSV text itself.
    public var units: CSVSource?
    public var staff: CSVSource?
    public var steps: [ScenarioStep] = []
    public var position = Position.start

    public enum CSVSource: Sendable, Equatable {
        case file(String)
        case text(String)
    }
}

/// One thing that happens in a scenario, and what must follow.
public struct ScenarioStep: Sendable {
    /// When, in the tenant's time zone: `2025-04-25 10:00`.
    public var day = Day(year: 1970, month: 1, day: 1)
    public var minutes = 0
    /// Who acts (a staff id, or `platform`); the sweep needs nobody.
    public var actor: String?
    /// The case acted on, by the label given when it was reported; by default the last one reported.
    public var caseLabel: String?
    /// `report`, `sweep`, or an action as the API names it (`accept`, `dispatch`, `verify` …).
    public var action = ""
    /// The action's fields as the API takes them (`item`, `grid`, `lead`, `note`, `passed` …).
    public var fields: [String: ScenarioValue] = [:]
    public var expect = ScenarioExpectation()
    public var position = Position.start

    /// "2025-04-25 10:00".
    public var time: String {
        "\(day) \(String(format: "%02d:%02d", minutes / 60, minutes % 60))"
    }
}

/// A field's value: text, a list of text, or true/false.
public enum ScenarioValue: Sendable, Equatable {
    case text(String)
    case list([String])
    case flag(Bool)
}

/// What must hold after a step. Anything not given is not checked.
public struct ScenarioExpectation: Sendable {
    /// The kinds of the events the step appends, in order (`[accept]`, `[supervise]`).
    public var events: [String]?
    /// The steps pending afterwards, in any order.
    public var pending: [String]?
    public var status: String?
    /// The case's due time afterwards (`2025-04-26 16:30`), or `none`.
    public var due: String?
    public var overdue: Bool?
    /// Whether the step was recorded as taken after its time limit.
    public var late: Bool?
    /// The lead department afterwards.
    public var lead: String?
    /// The level of the office handling the case afterwards.
    public var level: String?
    /// The step must be refused: by this rule, citing this article (either may be left out).
    public var refused: Refusal?

    public struct Refusal: Sendable {
        public var rule: String?
        public var article: Article?
    }

    public init() {}
}
