import Foundation
import Ordinance

/// A division of grids (网格划分) run as the profile declares it: divided by one body,
/// approved by another where the text asks, filed with a third (备案). The grids it
/// proposes take effect on approval, or on division where no approval is required; each
/// step is archived with its actor, date and article.
public struct GridDivision: ProcedureState {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Divided, waiting for approval.
        case proposed
        /// Approved (or needing none): the grids exist; filing may still be pending.
        case inEffect = "in_effect"
        /// Filed with the body the profile names: complete.
        case filed
        /// The approving body refused it: no grid was created.
        case refused
    }

    public var id: String
    public var profileVersion: Day
    /// The unit the grids are divided under, and its ancestors by level (its own level
    /// included), with their names keyed by unit id (as text, so they encode as an object).
    public var parentId: Int64
    public var units: [String: Int64]
    public var names: [String: String]
    public var grids: [ProposedGrid]
    public var status: Status
    /// The steps still to come: `approve`, `file`.
    public var pending: [String]
    public var dividedAt: Date
    public var version: Int

    public init(id: String, profileVersion: Day, parentId: Int64, units: [String: Int64], names: [String: String],
                grids: [ProposedGrid], status: Status, pending: [String], dividedAt: Date, version: Int = 0) {
        self.id = id
        self.profileVersion = profileVersion
        self.parentId = parentId
        self.units = units
        self.names = names
        self.grids = grids
        self.status = status
        self.pending = pending
        self.dividedAt = dividedAt
        self.version = version
    }

    /// What the division is about, in refusals: "the grids under 天心社区".
    var subject: String { "the grids under \(parentName)" }

    /// The name of the unit the grids are divided under.
    public var parentName: String { names[String(parentId)] ?? "unit \(parentId)" }

    public func applying(_ event: ProcedureEvent<GridDivision>) -> GridDivision {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) { next.status = status }
        if let pending = event.pending { next.pending = pending }
        next.version += 1
        return next
    }
}

/// One grid a division proposes.
public struct ProposedGrid: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    public var kind: String
    public var households: Int
    public var area: String

    public init(code: String, name: String, kind: String, households: Int, area: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.households = households
        self.area = area
    }
}

/// What someone asks of a grid division.
public enum DivisionCommand: Sendable, Equatable {
    case divide(GridDivision, note: String?)
    case approve(note: String?)
    case refuse(reason: String)
    case file(note: String?)

    public var name: String {
        switch self {
        case .divide: "divide"
        case .approve: "approve"
        case .refuse: "refuse"
        case .file: "file"
        }
    }
}
