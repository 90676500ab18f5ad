import Foundation
import Ordinance

/// A task a unit gives a grid worker (交办事项). Inside the catalogue it is the worker's
/// duty. Outside it, where the ordinance bans requiring it (changji 第十五条, lhasa
/// 第二十二条第二款, city2023 第十九条第四款) it cannot be given at all, save under the
/// text's exception; where it lets the worker decline (yongzhou 第九条) the worker may
/// refuse, and no unit can override the refusal.
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
    /// The other law a task outside the catalogue was given under, where the ordinance's
    /// exception admits one (法律、法规另有规定的除外).
    public var legalBasis: String?
    public var status: Status
    /// The worker's reason, and the article that lets the worker refuse.
    public var refusal: String?
    public var refusalArticle: String?
    public var assignedAt: Date
    public var version: Int

    /// True when the task is outside the catalogue.
    public var isOutsideCatalogue: Bool { itemRevision == nil }

    /// A matter as compared with earlier ones: compatibility forms folded (full-width
    /// letters, digits), spaces, punctuation and symbols dropped, case ignored — so a
    /// refused task is not given again by rewording its spacing or punctuation.
    public static func normalized(_ matter: String) -> String {
        let folded = matter.precomposedStringWithCompatibilityMapping.lowercased()
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter { scalar in
            !CharacterSet.whitespacesAndNewlines.contains(scalar) && !CharacterSet.punctuationCharacters.contains(scalar)
                && !CharacterSet.symbols.contains(scalar) && !CharacterSet.controlCharacters.contains(scalar)
                && scalar.properties.generalCategory != .format
        }))
    }

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
    /// The other law the unit cites for a task outside the catalogue.
    public var legalBasis: String?

    public init(id: String, worker: Participant, matter: String, item: String? = nil, entry: CatalogueEntry? = nil,
                category: String? = nil, refusedBefore: Assignment? = nil, legalBasis: String? = nil) {
        self.refusedBefore = refusedBefore
        self.legalBasis = legalBasis
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
