import GRDB

/// An org unit: a city, county, township, community or grid, along the profile's levels.
public struct OrgUnit: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "org_unit"

    public var id: Int64?
    public var parentId: Int64?
    public var level: String
    public var name: String
    public var divisionCode: String?
    public var createdAt: String

    public init(id: Int64? = nil, parentId: Int64?, level: String, name: String, divisionCode: String?, createdAt: String) {
        self.id = id
        self.parentId = parentId
        self.level = level
        self.name = name
        self.divisionCode = divisionCode
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    enum CodingKeys: String, CodingKey {
        case id, level, name
        case parentId = "parent_id"
        case divisionCode = "division_code"
        case createdAt = "created_at"
    }

    /// The unit and its ancestors, nearest first.
    public static func lineage(of id: Int64, in db: Database) throws -> [OrgUnit] {
        try OrgUnit.fetchAll(try db.cachedStatement(sql: """
            WITH RECURSIVE up(id, depth) AS (
                SELECT id, 0 FROM org_unit WHERE id = ?
                UNION ALL SELECT org_unit.parent_id, up.depth + 1 FROM org_unit JOIN up ON org_unit.id = up.id
                WHERE org_unit.parent_id IS NOT NULL)
            SELECT org_unit.* FROM up JOIN org_unit ON org_unit.id = up.id ORDER BY up.depth
            """), arguments: [id])
    }

    public static func children(of id: Int64, in db: Database) throws -> [OrgUnit] {
        try OrgUnit.filter(Column("parent_id") == id).order(Column("name")).fetchAll(db)
    }

    public static func root(in db: Database) throws -> OrgUnit? {
        try OrgUnit.filter(Column("parent_id") == nil).fetchOne(db)
    }
}

/// The grid facts of an org unit at the grid level.
public struct GridRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "grid"

    public var unitId: Int64
    public var kind: String
    public var code: String
    public var households: Int
    public var area: String

    public init(unitId: Int64, kind: String, code: String, households: Int, area: String) {
        self.unitId = unitId
        self.kind = kind
        self.code = code
        self.households = households
        self.area = area
    }

    enum CodingKeys: String, CodingKey {
        case kind, code, households, area
        case unitId = "unit_id"
    }
}

/// A sub-grid (微网格): an org unit at the level below the grid's, inside one grid, with its
/// own code and households.
public struct SubGridRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sub_grid"

    public var unitId: Int64
    public var gridId: Int64
    public var code: String
    public var households: Int

    public init(unitId: Int64, gridId: Int64, code: String, households: Int) {
        (self.unitId, self.gridId, self.code, self.households) = (unitId, gridId, code, households)
    }

    enum CodingKeys: String, CodingKey {
        case code, households
        case unitId = "unit_id"
        case gridId = "grid_id"
    }
}

/// 联户单位: a group of households inside a grid.
public struct HouseholdUnitRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "household_unit"

    public var id: Int64?
    public var gridId: Int64
    public var name: String
    public var households: Int

    public init(id: Int64? = nil, gridId: Int64, name: String, households: Int) {
        self.id = id
        self.gridId = gridId
        self.name = name
        self.households = households
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    enum CodingKeys: String, CodingKey {
        case id, name, households
        case gridId = "grid_id"
    }
}

/// A department (网格化联动部门), seeded from the profile.
public struct DepartmentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "department"

    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A profile version the tenant has seen, with the digest of its file.
public struct ProfileVersionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "profile_version"

    public var effective: String
    public var status: String
    public var file: String
    public var digest: String
    public var recordedAt: String
    /// The file's text as recorded (nil for versions recorded before texts were kept).
    public var content: String?

    public init(effective: String, status: String, file: String, digest: String, recordedAt: String, content: String? = nil) {
        self.effective = effective
        self.status = status
        self.file = file
        self.digest = digest
        self.recordedAt = recordedAt
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case effective, status, file, digest, content
        case recordedAt = "recorded_at"
    }
}
