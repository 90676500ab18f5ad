import Foundation
import GRDB
import Kernel

/// The live catalogue of a tenant: append-only item revisions, each with who asked, who
/// decided, and why. The items in force are the latest revision of each code that is
/// still in the catalogue.
public enum CatalogueStore {
    /// One revision as recorded.
    public struct Revision: Sendable, Codable, Equatable {
        /// `seed`, `admit`, `amend`, `withdraw`, or `import`.
        public var action: String
        public var entry: CatalogueEntry
        public var effectiveAt: Date
        public var requestedBy: String
        public var decidedBy: String?
        public var reason: String
        public var applicationId: String?

        public init(action: String, entry: CatalogueEntry, effectiveAt: Date, requestedBy: String, decidedBy: String?,
                    reason: String, applicationId: String?) {
            self.action = action
            self.entry = entry
            self.effectiveAt = effectiveAt
            self.requestedBy = requestedBy
            self.decidedBy = decidedBy
            self.reason = reason
            self.applicationId = applicationId
        }
    }

    /// Records a revision; its number must follow the item's last one.
    public static func append(_ revision: Revision, in db: Database) throws {
        let entry = revision.entry
        let last = try Int.fetchOne(db, sql: "SELECT max(revision) FROM catalogue_revision WHERE code = ?", arguments: [entry.code]) ?? 0
        guard entry.revision == last + 1 else {
            throw StoreConflict(id: entry.code, expected: entry.revision - 1, found: last)
        }
        try db.execute(sql: """
            INSERT INTO catalogue_revision (code, revision, action, entry, category, department, in_catalogue, effective_at,
                                            requested_by, decided_by, reason, application_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entry.code, entry.revision, revision.action, try json(entry), entry.category, entry.department,
                             entry.inCatalogue, revision.effectiveAt.timeIntervalSince1970, revision.requestedBy,
                             revision.decidedBy, revision.reason, revision.applicationId])
    }

    /// The latest revision of `code`, whether or not it is still in the catalogue.
    public static func latest(_ code: String, in db: Database) throws -> CatalogueEntry? {
        try String.fetchOne(db, sql: "SELECT entry FROM catalogue_item WHERE code = ?", arguments: [code]).map(decode)
    }

    /// The number of the latest revision of `code`.
    public static func latestRevision(_ code: String, in db: Database) throws -> Int? {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT max(revision) FROM catalogue_revision WHERE code = ?"), arguments: [code])
    }

    /// Revision `revision` of `code`.
    public static func revision(_ code: String, _ revision: Int, in db: Database) throws -> CatalogueEntry? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT entry FROM catalogue_revision WHERE code = ? AND revision = ?"),
                            arguments: [code, revision]).map(decode)
    }

    /// The items in force, by code.
    public static func current(in db: Database) throws -> [CatalogueEntry] {
        try String.fetchAll(db, sql: "SELECT entry FROM catalogue_item WHERE in_catalogue = 1 ORDER BY code").map(decode)
    }

    /// The items that were in force just before `instant`: the last revision of each code
    /// that took effect earlier, where it was still in the catalogue.
    public static func inForce(before instant: Date, in db: Database) throws -> [CatalogueEntry] {
        try String.fetchAll(db, sql: """
            SELECT r.entry FROM catalogue_revision r
            WHERE r.revision = (SELECT max(revision) FROM catalogue_revision WHERE code = r.code AND effective_at < ?)
            ORDER BY r.code
            """, arguments: [instant.timeIntervalSince1970]).map(decode).filter(\.inCatalogue)
    }

    /// How many items are in force.
    /// When the catalogue last changed (its newest revision took effect), if ever.
    public static func lastChange(in db: Database) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT max(effective_at) FROM catalogue_revision").map(Date.init(timeIntervalSince1970:))
    }

    public static func countInForce(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM catalogue_item WHERE in_catalogue = 1") ?? 0
    }

    /// The revisions an application or import made, by code.
    public static func revisions(madeBy applicationId: String, in db: Database) throws -> [Revision] {
        try revisions(sql: "SELECT * FROM catalogue_revision WHERE application_id = ? ORDER BY code, revision", [applicationId], in: db)
    }

    /// Every revision, oldest first; of one item (by revision) when `code` is given.
    public static func history(_ code: String? = nil, in db: Database) throws -> [Revision] {
        try revisions(sql: """
            SELECT * FROM catalogue_revision \(code == nil ? "ORDER BY effective_at, code, revision" : "WHERE code = ? ORDER BY revision")
            """, code.map { [$0] } ?? [], in: db)
    }

    private static func revisions(sql: String, _ arguments: StatementArguments, in db: Database) throws -> [Revision] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Revision(action: row["action"], entry: try decode(row["entry"]), effectiveAt: Date(timeIntervalSince1970: row["effective_at"]),
                     requestedBy: row["requested_by"], decidedBy: row["decided_by"], reason: row["reason"],
                     applicationId: row["application_id"])
        }
    }

    private static func json(_ entry: CatalogueEntry) throws -> String {
        String(decoding: try CaseStore.encoder.encode(entry), as: UTF8.self)
    }

    private static func decode(_ json: String) throws -> CatalogueEntry {
        try CaseStore.decoder.decode(CatalogueEntry.self, from: Data(json.utf8))
    }
}
