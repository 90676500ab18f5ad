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
    /// The unit the grids are divided under, and its ancestors by level (its own level included).
    public var parentId: Int64
    public var units: [String: Int64]
    public var names: [Int64: String]
    public var grids: [ProposedGrid]
    public var status: Status
    /// The steps still to come: `approve`, `file`.
    public var pending: [String]
    public var dividedAt: Date
    public var version: Int

    public init(id: String, profileVersion: Day, parentId: Int64, units: [String: Int64], names: [Int64: String],
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
    var subject: String { "the grids under \(names[parentId] ?? "unit \(parentId)")" }

    public func applying(_ event: ProcedureEvent<GridDivision>) -> GridDivision {
        var next = self
        if let status = event.status.flatMap(Status.init(rawValue:)) { next.status = status }
        if let pending = event.pending { next.pending = pending }
        next.version += 1
        return next
    }

    private enum CodingKeys: String, CodingKey {
        case id, profileVersion, parentId, units, names, grids, status, pending, dividedAt, version
    }

    /// `names` is written as an object keyed by unit id, as a case's place is.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(profileVersion, forKey: .profileVersion)
        try c.encode(parentId, forKey: .parentId)
        try c.encode(units, forKey: .units)
        try c.encode(Dictionary(uniqueKeysWithValues: names.map { (String($0.key), $0.value) }), forKey: .names)
        try c.encode(grids, forKey: .grids)
        try c.encode(status, forKey: .status)
        try c.encode(pending, forKey: .pending)
        try c.encode(dividedAt, forKey: .dividedAt)
        try c.encode(version, forKey: .version)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        profileVersion = try c.decode(Day.self, forKey: .profileVersion)
        parentId = try c.decode(Int64.self, forKey: .parentId)
        units = try c.decode([String: Int64].self, forKey: .units)
        var names: [Int64: String] = [:]
        for (key, name) in try c.decode([String: String].self, forKey: .names) {
            guard let id = Int64(key) else {
                throw DecodingError.dataCorruptedError(forKey: .names, in: c, debugDescription: "'\(key)' is not a unit id")
            }
            names[id] = name
        }
        self.names = names
        grids = try c.decode([ProposedGrid].self, forKey: .grids)
        status = try c.decode(Status.self, forKey: .status)
        pending = try c.decode([String].self, forKey: .pending)
        dividedAt = try c.decode(Date.self, forKey: .dividedAt)
        version = try c.decode(Int.self, forKey: .version)
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
