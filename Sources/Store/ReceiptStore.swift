import Foundation
import GRDB

/// A receipt of a report filed through the public pages.
public struct CaseReceiptRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "case_receipt"

    public var token: String
    public var caseId: String
    public var createdAt: Date

    public init(token: String, caseId: String, createdAt: Date) {
        self.token = token
        self.caseId = caseId
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case token
        case caseId = "case_id"
        case createdAt = "created_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// Receipts by token.
public enum ReceiptStore {
    public static func insert(_ receipt: CaseReceiptRecord, in db: Database) throws {
        try receipt.insert(db)
    }

    /// The case a receipt follows.
    public static func caseId(forToken token: String, in db: Database) throws -> String? {
        try CaseReceiptRecord.fetchOne(db, key: token)?.caseId
    }
}
