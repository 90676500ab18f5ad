import GRDB

/// The tenant's org tree: units, grids and household units. Lookups that every case
/// report makes use cached statements.
public enum OrgStore {
    public static func unit(_ id: Int64, in db: Database) throws -> OrgUnit? {
        try OrgUnit.fetchOne(try db.cachedStatement(sql: "SELECT * FROM org_unit WHERE id = ?"), arguments: [id])
    }

    /// Units with this division code (codes repeat across provinces' data more often than one would hope).
    public static func units(divisionCode: String, in db: Database) throws -> [OrgUnit] {
        try OrgUnit.filter(Column("division_code") == divisionCode).fetchAll(db)
    }

    /// True when `parentId` already has a child called `name`.
    public static func hasChild(named name: String, under parentId: Int64?, in db: Database) throws -> Bool {
        try OrgUnit.filter(Column("parent_id") == parentId && Column("name") == name).fetchCount(db) > 0
    }

    public static func grid(code: String, in db: Database) throws -> GridRecord? {
        try GridRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM grid WHERE code = ?"), arguments: [code])
    }

    public static func grid(unitId: Int64, in db: Database) throws -> GridRecord? {
        try GridRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM grid WHERE unit_id = ?"), arguments: [unitId])
    }

    /// The ids of the grids at or under any of `unitIds`.
    public static func gridIds(under unitIds: [Int64], in db: Database) throws -> [Int64] {
        guard !unitIds.isEmpty else { return [] }
        return try Int64.fetchAll(db, sql: """
            WITH RECURSIVE down(id) AS (SELECT id FROM org_unit WHERE id IN (\(unitIds.map { _ in "?" }.joined(separator: ",")))
                UNION SELECT org_unit.id FROM org_unit JOIN down ON org_unit.parent_id = down.id)
            SELECT unit_id FROM grid WHERE unit_id IN (SELECT id FROM down)
            """, arguments: StatementArguments(unitIds))
    }

    public static func householdUnits(ofGrid gridId: Int64, in db: Database) throws -> [HouseholdUnitRecord] {
        try HouseholdUnitRecord.filter(Column("grid_id") == gridId).order(Column("name")).fetchAll(db)
    }

    /// Households already counted in the grid's household units.
    public static func subGrid(code: String, in db: Database) throws -> SubGridRecord? {
        try SubGridRecord.fetchOne(db, sql: "SELECT * FROM sub_grid WHERE code = ?", arguments: [code])
    }

    public static func subGrid(unitId: Int64, in db: Database) throws -> SubGridRecord? {
        try SubGridRecord.fetchOne(db, sql: "SELECT * FROM sub_grid WHERE unit_id = ?", arguments: [unitId])
    }

    /// The households the sub-grids of a grid hold together.
    public static func householdsInSubGrids(ofGrid gridId: Int64, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(households), 0) FROM sub_grid WHERE grid_id = ?", arguments: [gridId]) ?? 0
    }

    public static func insert(_ subGrid: SubGridRecord, in db: Database) throws {
        try subGrid.insert(db)
    }

    public static func householdsCounted(inGrid gridId: Int64, in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(households), 0) FROM household_unit WHERE grid_id = ?", arguments: [gridId]) ?? 0
    }

    public static func hasHouseholdUnit(named name: String, inGrid gridId: Int64, in db: Database) throws -> Bool {
        try HouseholdUnitRecord.filter(Column("grid_id") == gridId && Column("name") == name).fetchCount(db) > 0
    }

    /// How many units and grids the tree holds.
    public static func counts(in db: Database) throws -> (units: Int, grids: Int) {
        (try OrgUnit.fetchCount(db), try GridRecord.fetchCount(db))
    }

    /// Adds a unit and returns it with its new id.
    public static func insert(_ unit: OrgUnit, in db: Database) throws -> OrgUnit {
        var unit = unit
        try unit.insert(db)
        return unit
    }

    /// Adds the grid facts of a unit at the grid level.
    public static func insert(_ grid: GridRecord, in db: Database) throws {
        try grid.insert(db)
    }

    public static func insert(_ householdUnit: HouseholdUnitRecord, in db: Database) throws -> HouseholdUnitRecord {
        var householdUnit = householdUnit
        try householdUnit.insert(db)
        return householdUnit
    }

    public static func insert(_ department: DepartmentRecord, in db: Database) throws {
        try department.insert(db)
    }
}

extension OrgStore {
    /// Every grid with its unit, by code.
    public static func grids(in db: Database) throws -> [(unit: OrgUnit, grid: GridRecord)] {
        let grids = try GridRecord.order(Column("code")).fetchAll(db)
        return try grids.compactMap { grid in try unit(grid.unitId, in: db).map { ($0, grid) } }
    }
}
