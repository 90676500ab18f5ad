import Foundation
import GRDB

/// A report whose place matched no grid: kept with its Open311 token until an office
/// places it in a grid (which files the case) or answers it.
public struct UnlocatedReportRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "unlocated_report"

    public enum Status: String, Codable, Sendable, CaseIterable {
        case waiting, placed, answered
    }

    public var token: String
    public var receivedAt: Date
    public var serviceCode: String
    public var description: String?
    /// The reporter (JSON of the kernel's `Reporter`): personal data, shown to staff only.
    public var reporter: String
    /// Where the reporter said the matter is (JSON of the kernel's `CaseOrigin`).
    public var origin: String
    public var status: Status
    public var caseId: String?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionNote: String?

    public init(token: String, receivedAt: Date, serviceCode: String, description: String?, reporter: String, origin: String,
                status: Status = .waiting, caseId: String? = nil, decidedBy: String? = nil, decidedAt: Date? = nil, decisionNote: String? = nil) {
        self.token = token
        self.receivedAt = receivedAt
        self.serviceCode = serviceCode
        self.description = description
        self.reporter = reporter
        self.origin = origin
        self.status = status
        self.caseId = caseId
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }

    enum CodingKeys: String, CodingKey {
        case token, description, reporter, origin, status
        case receivedAt = "received_at"
        case serviceCode = "service_code"
        case caseId = "case_id"
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
        case decisionNote = "decision_note"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// Reports waiting for a place.
public enum UnlocatedReportStore {
    public static func insert(_ report: UnlocatedReportRecord, in db: Database) throws {
        try report.insert(db)
    }

    public static func update(_ report: UnlocatedReportRecord, in db: Database) throws {
        try report.update(db)
    }

    public static func report(token: String, in db: Database) throws -> UnlocatedReportRecord? {
        try UnlocatedReportRecord.fetchOne(db, key: token)
    }

    /// Reports in the order they came, of one status if given.
    public static func reports(status: UnlocatedReportRecord.Status?, limit: Int, in db: Database) throws -> [UnlocatedReportRecord] {
        var request = UnlocatedReportRecord.order(Column("received_at"), Column("token"))
        if let status { request = request.filter(Column("status") == status.rawValue) }
        return try request.limit(limit).fetchAll(db)
    }
}
