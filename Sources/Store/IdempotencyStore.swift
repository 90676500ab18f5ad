import Foundation
import GRDB

/// A report filed with an idempotency key: a retry of the same request by the same caller
/// is answered with the case filed the first time.
public struct IdempotencyKeyRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "idempotency_key"

    public var key: String
    public var staffId: String
    /// SHA-256 of the request as first filed.
    public var requestDigest: String
    public var caseId: String
    public var createdAt: Date

    public init(key: String, staffId: String, requestDigest: String, caseId: String, createdAt: Date) {
        self.key = key
        self.staffId = staffId
        self.requestDigest = requestDigest
        self.caseId = caseId
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case key
        case staffId = "staff_id"
        case requestDigest = "request_digest"
        case caseId = "case_id"
        case createdAt = "created_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// Idempotency keys of reports, per caller.
public enum IdempotencyStore {
    public static func find(staff staffId: String, key: String, in db: Database) throws -> IdempotencyKeyRecord? {
        try IdempotencyKeyRecord.fetchOne(db, key: ["staff_id": staffId, "key": key])
    }

    public static func insert(_ record: IdempotencyKeyRecord, in db: Database) throws {
        try record.insert(db)
    }
}
