import Foundation
import Ordinance

/// A task a unit gives a grid worker (交办事项). Inside the catalogue it is the worker's
/// duty; outside it the worker may refuse where the ordinance says so (yongzhou 第九条,
/// changji 第十五条), and no unit can override the refusal.
public struct Assignment: ProcedureState {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case assigned, accepted, refused
    }

    public var id: String
    public var profileVersion: Day
    /// The worker's staff id.
    public var worker: String
    /// Who gave the task, and for which unit (a department code or an org unit's name).
    public var assignedBy: String
    public var unit: String
    public var matter: String
    /// The catalogue item the task falls under, if any, and its revision.
    public var item: String?
    public var itemRevision: Int?
    public var status: Status
    /// The worker's reason, and the article that lets the worker refuse.
    public var refusal: String?
    public var refusalArticle: String?
    public var assignedAt: Date
    public var version: Int

    /// True when the task is outside the catalogue.
    public var isOutsideCatalogue: Bool { itemRevision == nil }

    public func applying(_ event: ProcedureEvent<Assignment>) -> Assignment {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) { next.status = status }
        if next.status == .refused, status != .refused {
            next.refusal = event.note
            next.refusalArticle = event.article
        }
        next.version += 1
        return next
    }
}

/// What a unit asks of a worker.
public struct NewAssignment: Sendable, Equatable {
    public var id: String
    public var worker: Participant
    public var matter: String
    /// The live revision of the item named, if the task names one that is in the catalogue.
    public var entry: CatalogueEntry?
    public var item: String?
    /// The category the unit means, when no catalogue item covers the task.
    public var category: String?
    /// An earlier assignment of the same matter that this worker refused.
    public var refusedBefore: Assignment?

    public init(id: String, worker: Participant, matter: String, item: String? = nil, entry: CatalogueEntry? = nil,
                category: String? = nil, refusedBefore: Assignment? = nil) {
        self.refusedBefore = refusedBefore
        self.id = id
        self.worker = worker
        self.matter = matter
        self.item = item
        self.entry = entry
        self.category = category
    }
}

/// What is done with an assignment.
public enum AssignmentCommand: Sendable, Equatable {
    case assign(NewAssignment)
    case accept(note: String?)
    /// The worker declines a task outside the catalogue.
    case refuse(reason: String)
    /// A unit presses a refused task on the worker.
    case insist(note: String)

    public var name: String {
        switch self {
        case .assign: "assign"
        case .accept: "accept"
        case .refuse: "refuse"
        case .insist: "insist"
        }
    }
}
