/// The path of a case as a graph of steps of kinds the kernel knows.
public struct Workflow: Sendable, Encodable {
    public var start = ""
    public var steps: [Step] = []
    public var supervision: Supervision?
    /// Whether a closed or rejected case may be reopened, and on what ground: no text of the
    /// five provides it, so where a city allows it the profile says so as a local rule.
    public var reopen: ValueSource?
    /// How often, and how long after it ended, a case may be reopened (重新办理以一次为限，
    /// 办结之日起十五日内); nil: no limit.
    public var reopenLimit: ReopenLimit?
    public var article: Article?
    public var position = Position.start
}

/// One step of the workflow.
public struct Step: Sendable, Encodable {
    public var key = ""
    public var kind = Kind.report
    public var name = LocalizedText([])
    public var actor: Actor?
    public var timeLimit: StepTimeLimit?
    /// Where a fixed time limit comes from: an article that sets it, or a local rule.
    public var timeLimitSource: ValueSource?
    /// Steps that may follow this one.
    public var next: [String] = []
    /// report: who may report (a worker, or citizens and units through a worker or the platform).
    public var channels: [Channel] = []
    /// report: the step an emergency goes to straight away (泸州 第十六条).
    public var emergency: String?
    /// report: the triage step a matter not in the catalogue goes to (昌吉 第二十三条: anyone
    /// may raise a request); without it such a report is refused under the catalogue's article.
    public var unlisted: String?
    /// dispatch: a lead unit is required; participating units are allowed.
    public var participants = false
    /// dispatch: how the text is read to allow participating units, where it does not name
    /// them (分流至相关部门, 联动处置); nil where it does (yongzhou 第十条第三款).
    public var participantsReading: String?
    /// What the step's time limit does when it passes, and whether acting late is still allowed.
    public var deadline: Deadline?
    /// The actor may skip the step with a recorded reason ("需要现场核实的": only where a check
    /// is needed). Its time limit does not move the case's own due time.
    public var optional = false
    /// The step is required only when the condition holds; otherwise the case passes it by.
    public var when: Condition?
    /// rate: the ratings the reporter may give (满意, 基本满意, 不满意).
    public var ratings: [String] = []
    /// review: how many reviews a case may have.
    public var max: Int?
    /// verify: after this many failed checks, the case moves to a level's office (督办).
    public var failureEscalation: FailureEscalation?
    /// verify: checked on site; a failed check returns the case to `onFail`.
    public var onSite = false
    public var onFail: String?
    /// feed_back: who is told (`reporter` or `office`); return: the step returned to.
    public var to: String?
    /// The article that creates the step; nil for a step of local procedure.
    public var article: Article?
    /// A step the text does not create (不予受理, 退回 in most texts): local procedure, with
    /// its source, instead of an article.
    public var local: String?
    /// How the cited article is read, where it grounds the step only by reading (a text
    /// that has offices at several levels coordinate, read as escalation level by level).
    public var reading: String?
    public var position = Position.start

    /// What grounds the step, as records cite it: the article (with the reading, if any),
    /// or `local: <source>`.
    public func basis(citing cite: (Article?) -> String?) -> String? {
        if let local { return "local: \(local)" }
        return cite(article).map { text in reading.map { "\(text)（解读：\($0)）" } ?? text }
    }

    /// Step kinds the kernel knows.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case report
        case resolveOnSite = "resolve_on_site"
        case accept
        case reject
        case dispatch
        case escalate
        case handle
        case feedBack = "feed_back"
        case verify
        case close
        case `return`
        /// The office sorts a matter not in the catalogue: files it under an item and goes on
        /// to `next`, or answers that it is outside the grid's work, which ends the case.
        case triage
        /// The office refers the case to a coordination meeting (联席会议, 议事协调机制).
        case refer
        /// The meeting's decision is recorded: which unit leads and which take part. It binds
        /// the dispatch that follows.
        case meeting
        /// The reporter's rating of the result (评价), one of the step's `ratings`.
        case rate
        /// The reporter asks for a review (复核): the case goes back `to` a step, at most `max` times.
        case review

        /// Kinds that end a case.
        public var isTerminal: Bool { self == .close || self == .reject }
        /// Kinds after which a case may end: the terminal ones, and triage (by its answer).
        public var mayEnd: Bool { isTerminal || self == .triage }
    }

    /// Ways a matter can be reported.
    public enum Channel: String, Sendable, Codable, CaseIterable {
        case worker, platform, citizen, unit
    }
}

/// A condition on a case's facts. Each part given must hold; a list holds when the fact is any of it.
public struct Condition: Sendable, Encodable, Equatable {
    public var items: [String] = []
    public var categories: [String] = []
    public var channels: [Step.Channel] = []
    public var emergency: Bool?
    /// Whether the reporter left a name or phone (true), or reported without (false).
    public var reporterKnown: Bool?
    public var position = Position.start

    public init() {}

    public static func == (lhs: Condition, rhs: Condition) -> Bool {
        lhs.items == rhs.items && lhs.categories == rhs.categories && lhs.channels == rhs.channels
            && lhs.emergency == rhs.emergency && lhs.reporterKnown == rhs.reporterKnown
    }

    /// "item CJ-05/CJ-06, emergency" as `ordinance show` prints it.
    public var description: String {
        var parts: [String] = []
        if !items.isEmpty { parts.append("item " + items.joined(separator: "/")) }
        if !categories.isEmpty { parts.append("category " + categories.joined(separator: "/")) }
        if !channels.isEmpty { parts.append("channel " + channels.map(\.rawValue).joined(separator: "/")) }
        if let emergency { parts.append(emergency ? "emergency" : "not an emergency") }
        if let reporterKnown { parts.append(reporterKnown ? "reporter known" : "reporter anonymous") }
        return parts.joined(separator: ", ")
    }
}

/// What happens when a step's time limit passes (期限届满): the actions the supervision sweep
/// carries out, and whether the step may still be taken late (recorded as late, with how
/// late) or the deadline closes it — then one of the actions must lead the case on.
public struct Deadline: Sendable, Encodable {
    public enum Late: String, Sendable, Encodable, CaseIterable {
        /// Acting after the deadline is allowed and recorded as late (the default).
        case record
        /// The deadline closes the step: acting after it is refused.
        case closes
    }

    /// One thing the sweep does when the deadline passes.
    public enum Action: Sendable, Encodable, Equatable {
        /// Mark the case overdue and record a supervision (督办).
        case supervise
        /// Move the case to the grid office of a named level.
        case escalate(level: String)
        /// Advance the case as if the pending step of this kind had been taken (视为: e.g. a
        /// department that does not object in time is deemed to have accepted).
        case deem(step: String)
        /// Record that these roles are to be told (delivered by hooks where a city has them).
        case notify(roles: [String])

        public var description: String {
            switch self {
            case .supervise: "supervise"
            case .escalate(let level): "escalate to \(level)"
            case .deem(let step): "deem \(step) taken"
            case .notify(let roles): "notify \(roles.joined(separator: ", "))"
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public var late = Late.record
    public var actions: [Action] = []
    /// The article that says what the deadline does, or the local rule that adds it.
    public var source: ValueSource?
    public var position = Position.start

    public init() {}

    /// The step the case moves on to by the deadline, if an action moves it.
    public var deemedStep: String? {
        actions.lazy.compactMap { if case .deem(let step) = $0 { step } else { nil } }.first
    }
}

/// Who acts at a step: one of the roles, held at a level (or at a department). A text may
/// let several roles act (Changji 第二十六条: 网格长、专职网格员 report).
public struct Actor: Sendable, Encodable, Equatable {
    public var roles: [String] = []
    public var level: String?
    public var position = Position.start

    public init(roles: [String] = [], level: String? = nil) {
        self.roles = roles
        self.level = level
    }

    /// The level the case currently sits at: where it was reported, or where it was escalated to.
    public static let currentLevel = "current"

    /// `role` or `role1/role2`, with `@level` when one is named.
    public var description: String {
        roles.joined(separator: "/") + (level.map { "@\($0)" } ?? "")
    }

    public static func == (lhs: Actor, rhs: Actor) -> Bool {
        lhs.roles == rhs.roles && lhs.level == rhs.level
    }
}

/// A step's time limit: a fixed duration, or the time limit of the case's item.
public enum StepTimeLimit: Sendable, Encodable, Equatable, CustomStringConvertible {
    case fixed(TimeLimit)
    case item

    public var description: String {
        switch self {
        case .fixed(let limit): limit.description
        case .item: "item"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Supervision of overdue cases (督办).
public struct Supervision: Sendable, Encodable {
    public var actor: Actor?
    /// Whether an overdue case is also escalated to the next level up.
    public var escalate = false
    /// A chain of supervision: stage 1 when a case falls overdue; each next stage when the
    /// one before has run its time limit and the case is still overdue.
    public var stages: [SupervisionStage] = []
    public var article: Article?
    public var position = Position.start
}

/// One stage of a supervision chain: which level's body acts, what it does (督办, 约谈),
/// within what time, under which article.
public struct SupervisionStage: Sendable, Encodable {
    public var level = ""
    public var body = Procedure.Body.gridOffice
    public var action = ""
    public var timeLimit: TimeLimit?
    public var article: Article?
    public var position = Position.start

    public init() {}
}

/// Where a value of the profile comes from: the ordinance (an article that sets it), or a
/// local rule the text leaves room for, with its own source (implementing measures, the
/// office's setting). A local value is never shown as law.
public enum ValueSource: Sendable, Equatable, Encodable {
    case law(Article)
    case local(String)

    /// True for a value the ordinance does not set.
    public var isLocal: Bool { if case .local = self { true } else { false } }

    /// "第十七条第二款", or "local: <source>".
    public var label: String {
        switch self {
        case .law(let article): article.text
        case .local(let source): "local: \(source)"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}

/// A period an office declares and ends (an emergency response, flood season, a major
/// event): while it lasts, its time limits override the steps and items it names.
public struct Period: Sendable, Encodable {
    public var key = ""
    public var name = LocalizedText([])
    /// The body that declares and ends it.
    public var declaredBy: Procedure?
    public var overrides: [PeriodOverride] = []
    /// The article that provides the period, or the local rule that adds it.
    public var source: ValueSource?
    public var position = Position.start

    public init() {}
}

/// One time limit a declared period sets: for the steps named, or for cases of the items named.
public struct PeriodOverride: Sendable, Encodable {
    public var steps: [String] = []
    public var items: [String] = []
    public var timeLimit = TimeLimit(1, .hours)
    public var position = Position.start

    public init() {}
}

/// Limits on reopening a case: at most `max` times, within `within` of its end.
public struct ReopenLimit: Sendable, Encodable, Equatable {
    public var max: Int?
    public var within: TimeLimit?

    public init(max: Int? = nil, within: TimeLimit? = nil) {
        self.max = max
        self.within = within
    }
}

/// After `failures` failed checks, the case goes to the office of `level` ("after two failed
/// verifications, the county office supervises").
public struct FailureEscalation: Sendable, Encodable, Equatable {
    public var failures: Int
    public var level: String

    public init(failures: Int, level: String) {
        self.failures = failures
        self.level = level
    }
}
