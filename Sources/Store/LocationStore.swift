import Foundation
import GRDB

/// A grid's boundary as imported: its geometry (GeoJSON, WGS 84 longitude/latitude) and
/// the bounding box the R*Tree index holds for it.
public struct GridShapeRecord: Sendable, Equatable {
    public var gridId: Int64
    /// The GeoJSON geometry object, as text.
    public var geometry: String
    public var minX: Double
    public var maxX: Double
    public var minY: Double
    public var maxY: Double
    public var importedAt: Date

    public init(gridId: Int64, geometry: String, minX: Double, maxX: Double, minY: Double, maxY: Double, importedAt: Date) {
        self.gridId = gridId
        self.geometry = geometry
        self.minX = minX
        self.maxX = maxX
        self.minY = minY
        self.maxY = maxY
        self.importedAt = importedAt
    }
}

/// One entry of the address register (门牌 → 网格).
public struct AddressRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "address"

    public var id: String
    public var address: String
    /// The address as matched: see `Addresses.normalized`.
    public var normalized: String
    public var gridId: Int64

    public init(id: String, address: String, normalized: String, gridId: Int64) {
        self.id = id
        self.address = address
        self.normalized = normalized
        self.gridId = gridId
    }

    enum CodingKeys: String, CodingKey {
        case id, address, normalized
        case gridId = "grid_id"
    }
}

/// Grid boundaries, their spatial index, and the address register.
public enum LocationStore {
    /// Replaces the boundary of the record's grid, in the table and in the index.
    public static func store(_ shape: GridShapeRecord, in db: Database) throws {
        try db.execute(sql: "DELETE FROM grid_shape WHERE grid_id = ?", arguments: [shape.gridId])
        try db.execute(sql: "INSERT INTO grid_shape (grid_id, geometry, imported_at) VALUES (?, ?, ?)",
                       arguments: [shape.gridId, shape.geometry, shape.importedAt.timeIntervalSince1970])
        try db.execute(sql: "INSERT INTO grid_shape_index (id, min_x, max_x, min_y, max_y) VALUES (?, ?, ?, ?, ?)",
                       arguments: [shape.gridId, shape.minX, shape.maxX, shape.minY, shape.maxY])
    }

    /// Boundaries whose bounding box holds the point: the candidates for an exact test.
    public static func shapes(containingBox x: Double, _ y: Double, in db: Database) throws -> [GridShapeRecord] {
        try rows(sql: """
            SELECT s.grid_id, s.geometry, i.min_x, i.max_x, i.min_y, i.max_y, s.imported_at
            FROM grid_shape_index i JOIN grid_shape s ON s.grid_id = i.id
            WHERE i.min_x <= ? AND i.max_x >= ? AND i.min_y <= ? AND i.max_y >= ?
            """, arguments: [x, x, y, y], in: db)
    }

    /// Boundaries whose bounding box meets the box given: candidates for overlaps.
    public static func shapes(meetingBox minX: Double, _ maxX: Double, _ minY: Double, _ maxY: Double, in db: Database) throws -> [GridShapeRecord] {
        try rows(sql: """
            SELECT s.grid_id, s.geometry, i.min_x, i.max_x, i.min_y, i.max_y, s.imported_at
            FROM grid_shape_index i JOIN grid_shape s ON s.grid_id = i.id
            WHERE i.min_x <= ? AND i.max_x >= ? AND i.min_y <= ? AND i.max_y >= ?
            """, arguments: [maxX, minX, maxY, minY], in: db)
    }

    /// Every boundary, by grid.
    public static func shapes(in db: Database) throws -> [GridShapeRecord] {
        try rows(sql: """
            SELECT s.grid_id, s.geometry, i.min_x, i.max_x, i.min_y, i.max_y, s.imported_at
            FROM grid_shape s JOIN grid_shape_index i ON i.id = s.grid_id ORDER BY s.grid_id
            """, arguments: [], in: db)
    }

    public static func shape(ofGrid gridId: Int64, in db: Database) throws -> GridShapeRecord? {
        try rows(sql: """
            SELECT s.grid_id, s.geometry, i.min_x, i.max_x, i.min_y, i.max_y, s.imported_at
            FROM grid_shape s JOIN grid_shape_index i ON i.id = s.grid_id WHERE s.grid_id = ?
            """, arguments: [gridId], in: db).first
    }

    private static func rows(sql: String, arguments: StatementArguments, in db: Database) throws -> [GridShapeRecord] {
        try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { row in
            GridShapeRecord(gridId: row[0], geometry: row[1], minX: row[2], maxX: row[3], minY: row[4], maxY: row[5],
                            importedAt: Date(timeIntervalSince1970: row[6]))
        }
    }

    // MARK: address register

    /// Replaces the register entry with the record's id.
    public static func store(_ address: AddressRecord, in db: Database) throws {
        try address.save(db)
    }

    public static func address(id: String, in db: Database) throws -> AddressRecord? {
        try AddressRecord.fetchOne(db, key: id)
    }

    public static func addresses(normalized: String, in db: Database) throws -> [AddressRecord] {
        try AddressRecord.filter(Column("normalized") == normalized).fetchAll(db)
    }

    /// Register entries whose address occurs inside the text given (the text is longer:
    /// "城关区冲赛康社区15号院东侧" holds "冲赛康社区15号院"), longest first.
    public static func addresses(within normalized: String, in db: Database) throws -> [AddressRecord] {
        try AddressRecord.fetchAll(db, sql: """
            SELECT * FROM address WHERE length(normalized) >= 2 AND instr(?, normalized) > 0
            ORDER BY length(normalized) DESC, id LIMIT 20
            """, arguments: [normalized])
    }

    /// Register entries that hold the text given ("冲赛康巷15号" is in "城关区冲赛康社区冲赛康巷15号"), at most `limit`.
    public static func addresses(containing normalized: String, limit: Int, in db: Database) throws -> [AddressRecord] {
        try AddressRecord.fetchAll(db, sql: "SELECT * FROM address WHERE instr(normalized, ?) > 0 ORDER BY id LIMIT ?",
                                   arguments: [normalized, limit])
    }

    public static func addressCount(in db: Database) throws -> Int {
        try AddressRecord.fetchCount(db)
    }
}
