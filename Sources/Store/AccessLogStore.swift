import Foundation
import GRDB

/// One access to a reporter's personal data, as logged (append-only: triggers refuse
/// updates and deletes).
public struct AccessLogRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "access_log"

    public var seq: Int64?
    public var at: Date
    public var staffId: String
    public var tokenId: String?
    public var action: String
    public var subject: String
    /// The personal data shown, comma-separated.
    public var fields: String

    public init(at: Date, staffId: String, tokenId: String?, action: String, subject: String, fields: String) {
        self.at = at
        self.staffId = staffId
        self.tokenId = tokenId
        self.action = action
        self.subject = subject
        self.fields = fields
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        seq = inserted.rowID
    }

    enum CodingKeys: String, CodingKey {
        case seq, at, action, subject, fields
        case staffId = "staff_id"
        case tokenId = "token_id"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// The tenant's access log (数据使用留痕).
public enum AccessLogStore {
    public static func append(_ entry: AccessLogRecord, in db: Database) throws {
        var entry = entry
        try entry.insert(db)
    }

    /// The newest `limit` entries, newest first; of one subject when given.
    public static func entries(subject: String?, limit: Int, in db: Database) throws -> [AccessLogRecord] {
        var request = AccessLogRecord.order(Column("seq").desc).limit(limit)
        if let subject { request = request.filter(Column("subject") == subject) }
        return try request.fetchAll(db)
    }
}
