import Foundation
import Ordinance

/// One change of a case, as appended to its archive (电子档案). Events say what happened,
/// who did it, under which article, and what it changed, so the case can be rebuilt
/// from them alone.
public struct CaseEvent: Sendable, Codable, Equatable {
    /// What happened: a command (`report`, `accept`, `dispatch` …) or `supervise`.
    public var kind: String
    /// The workflow step performed, if any.
    public var step: String?
    public var at: Date
    /// Staff id, or `platform` / `system`.
    public var actor: String
    public var note: String?
    /// The article that applied, quoted with the ordinance's title.
    public var article: String?
    public var effects: Effects
    /// How many seconds after the case's due time the step was taken, when late: a late
    /// action is recorded as late, not refused, unless the step's deadline closes it.
    public var late: Int?

    /// What the event changes; fields left nil stay as they were.
    public struct Effects: Sendable, Codable, Equatable {
        public var opened: CaseState?
        public var status: CaseState.Status?
        /// Triage: the catalogue item (and its revision and time limit) the matter is filed under.
        public var item: String?
        public var itemCategory: String?
        public var rating: String?
        public var reviews: Int?
        public var reopens: Int?
        public var failures: Int?
        public var supervisionStage: Int?
        public var stageDueAt: Date?
        public var itemRevision: Int??
        public var itemTimeLimit: TimeLimit??
        public var position: String?
        public var pending: [String]?
        public var officeLevel: String?
        public var lead: String??
        public var participants: [String]?
        public var results: [String: String]?
        public var dueAt: Date??
        public var overdue: Bool?
        /// Set by a meeting's decision; cleared when the case is returned or reopened.
        public var meetingDecision: MeetingDecision??

        public init() {}
    }
}

/// Why the kernel refused a command: the rule and the article. Nothing is written.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What sort of refusal: the front ends answer by kind (HTTP status), never by rule name.
    public enum Kind: Sendable, Equatable {
        /// The request breaks a rule of the ordinance or of the data.
        case invalid
        /// The actor's posts do not allow the step.
        case forbidden
        /// The case or procedure is not in a state that allows it (now).
        case conflict
        /// The case, application or assignment named does not exist.
        case notFound
    }

    public var kind: Kind
    public var rule: String
    public var message: String
    public var article: String?

    public init(_ rule: String, _ message: String, article: String? = nil) {
        self.init(.invalid, rule, message, article: article)
    }

    public init(_ kind: Kind, _ rule: String, _ message: String, article: String? = nil) {
        self.kind = kind
        self.rule = rule
        self.message = message
        self.article = article
    }

    public var description: String {
        "\(message) [\(rule)]" + (article.map { " — \($0)" } ?? "")
    }
}

extension CaseState {
    /// The state after `event`.
    public func applying(_ event: CaseEvent) -> CaseState {
        var next = event.effects.opened ?? self
        let e = event.effects
        if let status = e.status {
            next.status = status
            if status != .open { next.endedAt = event.at }
        }
        if let item = e.item { next.item = item }
        if let category = e.itemCategory { next.itemCategory = category }
        if let rating = e.rating { next.rating = rating }
        if let reviews = e.reviews { next.reviews = reviews }
        if let reopens = e.reopens { next.reopens = reopens }
        if let failures = e.failures { next.failures = failures }
        if let revision = e.itemRevision { next.itemRevision = revision }
        if let limit = e.itemTimeLimit { next.itemTimeLimit = limit }
        if let position = e.position { next.position = position }
        if let pending = e.pending {
            next.pending = pending
            next.pendingSince = event.at
        }
        if let level = e.officeLevel { next.officeLevel = level }
        if let lead = e.lead { next.lead = lead }
        if let participants = e.participants { next.participants = participants }
        if let results = e.results { next.results = results }
        if let due = e.dueAt { next.dueAt = due }
        if let overdue = e.overdue {
            next.overdue = overdue
            // A case back on time leaves the supervision chain.
            if !overdue { (next.supervisionStage, next.stageDueAt) = (nil, nil) }
        }
        if let stage = e.supervisionStage { next.supervisionStage = stage }
        if let due = e.stageDueAt { next.stageDueAt = due }
        if let decision = e.meetingDecision { next.meetingDecision = decision }
        next.version += 1
        return next
    }

    /// A case rebuilt from its events.
    public static func replay(_ events: [CaseEvent]) -> CaseState? {
        var state: CaseState?
        for event in events {
            guard let current = state ?? event.effects.opened else { return nil }
            state = current.applying(event)
        }
        return state
    }
}
