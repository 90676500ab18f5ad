import Foundation

/// One step of a procedure other than a case (a catalogue application, an assignment to
/// a worker), as appended to the procedure's archive. Like a case event it says what
/// happened, who did it and under which article, and carries what it changed.
public struct ProcedureEvent<State: Codable & Sendable & Equatable>: Sendable, Codable, Equatable {
    public var kind: String
    public var at: Date
    /// Staff id.
    public var actor: String
    public var note: String?
    public var article: String?
    /// The procedure's state as the event sets it: on the event that opens it, or one that
    /// restates it (a refresh against the catalogue in force).
    public var opened: State?
    public var status: String?
    public var pending: [String]?
    /// Who entered the step when not the actor in person: a bearer token (`token:<id>`) or
    /// a registered operator of the command line (`local:<login>`).
    public var operatedBy: String?

    public init(kind: String, at: Date, actor: String, note: String? = nil, article: String? = nil,
                opened: State? = nil, status: String? = nil, pending: [String]? = nil) {
        self.kind = kind
        self.at = at
        self.actor = actor
        self.note = note
        self.article = article
        self.opened = opened
        self.status = status
        self.pending = pending
    }

    /// The same event, recorded as entered by `operatedBy`.
    public func operated(by operatedBy: String?) -> Self {
        var event = self
        event.operatedBy = operatedBy
        return event
    }
}

/// The state of a procedure run by the kernel, rebuilt from its events.
public protocol ProcedureState: Sendable, Codable, Equatable {
    var id: String { get }
    /// How many events the procedure has.
    var version: Int { get set }
    /// The state after an event that changes status or pending steps.
    func applying(_ event: ProcedureEvent<Self>) -> Self
}

extension ProcedureState {
    /// The state after each of `events` in turn.
    public static func replay(_ events: [ProcedureEvent<Self>], from start: Self? = nil) -> Self? {
        var state = start
        for event in events {
            guard let current = event.opened ?? state else { return nil }
            state = current.applying(event)
        }
        return state
    }
}

/// A catalogue procedure that is reviewed and decided (an application, an import): its
/// events set the status and the steps still to come, and a review event records the opinion.
public protocol DecidedProcedure: ProcedureState {
    associatedtype Status: RawRepresentable where Status.RawValue == String
    var status: Status { get set }
    var pending: [String] { get set }
    var review: String? { get set }
}

extension DecidedProcedure {
    public func applying(_ event: ProcedureEvent<Self>) -> Self {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) { next.status = status }
        if let pending = event.pending { next.pending = pending }
        if event.kind == ApplicationCommand.reviewKind { next.review = event.note }
        next.version += 1
        return next
    }
}
