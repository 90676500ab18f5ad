import Foundation
import GRDB

/// Published editions of a tenant's catalogue (向社会公布): each numbered after the last,
/// its body (the edition as published, JSON) chained to the one before by SHA-256, and never
/// changed or removed (the table's triggers refuse it).
public enum EditionStore {
    /// One edition as stored.
    public struct Record: Sendable, Equatable {
        public var number: Int
        public var publishedOn: String
        public var publishedAt: Date
        public var publishedBy: String
        public var body: String

        public init(number: Int, publishedOn: String, publishedAt: Date, publishedBy: String, body: String) {
            (self.number, self.publishedOn, self.publishedAt, self.publishedBy, self.body) = (number, publishedOn, publishedAt, publishedBy, body)
        }
    }

    /// The number the next edition takes.
    public static func nextNumber(in db: Database) throws -> Int {
        (try Int.fetchOne(db, sql: "SELECT max(number) FROM catalogue_edition") ?? 0) + 1
    }

    /// Appends an edition; its number must follow the last one.
    public static func append(_ record: Record, in db: Database) throws {
        let last = try Row.fetchOne(db, sql: "SELECT number, hash FROM catalogue_edition ORDER BY number DESC LIMIT 1")
        let lastNumber: Int = last?["number"] ?? 0
        guard record.number == lastNumber + 1 else {
            throw StoreConflict(id: "edition \(record.number)", expected: record.number - 1, found: lastNumber)
        }
        let previous: String = last?["hash"] ?? CaseStore.chain("", "catalogue-edition")
        try db.execute(sql: """
            INSERT INTO catalogue_edition (number, published_on, published_at, published_by, body, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.number, record.publishedOn, record.publishedAt.timeIntervalSince1970, record.publishedBy,
                             record.body, previous, CaseStore.chain(previous, record.body)])
    }

    /// Edition `number`, or the latest when nil.
    public static func load(_ number: Int? = nil, in db: Database) throws -> Record? {
        let row = try number.map { try Row.fetchOne(db, sql: "SELECT * FROM catalogue_edition WHERE number = ?", arguments: [$0]) }
            ?? Row.fetchOne(db, sql: "SELECT * FROM catalogue_edition ORDER BY number DESC LIMIT 1")
        return row.map(record)
    }

    /// Every edition, newest first.
    public static func list(in db: Database) throws -> [Record] {
        try Row.fetchAll(db, sql: "SELECT * FROM catalogue_edition ORDER BY number DESC").map(record)
    }

    /// The editions whose body no longer matches its hash or whose chain is broken.
    public static func verify(in db: Database) throws -> [CaseStore.ArchiveProblem] {
        var previous = CaseStore.chain("", "catalogue-edition")
        var problems: [CaseStore.ArchiveProblem] = []
        for row in try Row.fetchAll(db, sql: "SELECT number, body, prev_hash, hash FROM catalogue_edition ORDER BY number") {
            let number: Int = row["number"]
            let (body, recordedPrevious, hash): (String, String, String) = (row["body"], row["prev_hash"], row["hash"])
            if recordedPrevious != previous {
                problems.append(.init(caseId: "catalogue edition \(number)", seq: nil, problem: "chain broken: does not follow the edition before"))
            } else if CaseStore.chain(previous, body) != hash {
                problems.append(.init(caseId: "catalogue edition \(number)", seq: nil, problem: "altered: its text no longer matches its hash"))
            }
            previous = hash
        }
        return problems
    }

    private static func record(_ row: Row) -> Record {
        Record(number: row["number"], publishedOn: row["published_on"], publishedAt: Date(timeIntervalSince1970: row["published_at"]),
               publishedBy: row["published_by"], body: row["body"])
    }
}
