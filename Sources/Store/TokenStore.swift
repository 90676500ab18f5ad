import Foundation
import GRDB

/// A bearer token as the tenant keeps it: the SHA-256 digest of its secret, never the secret.
public struct APITokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "api_token"

    public var id: String
    public var digest: String
    public var staffId: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var note: String?

    public init(id: String, digest: String, staffId: String, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil, note: String?) {
        self.id = id
        self.digest = digest
        self.staffId = staffId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case id, digest, note
        case staffId = "staff_id"
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    /// Times are stored as seconds since 1970, as the schema declares (REAL).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// The tenant's bearer tokens.
public enum TokenStore {
    public static func insert(_ token: APITokenRecord, in db: Database) throws {
        try token.insert(db)
    }

    /// Marks a token revoked (once: a second revocation keeps the first time) and returns it.
    public static func revoke(_ id: String, at now: Date, in db: Database) throws -> APITokenRecord? {
        guard var token = try APITokenRecord.fetchOne(db, key: id) else { return nil }
        if token.revokedAt == nil {
            token.revokedAt = now
            try token.update(db)
        }
        return token
    }

    /// The token whose secret has this digest; asked on every authenticated request.
    public static func token(digest: String, in db: Database) throws -> APITokenRecord? {
        try APITokenRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM api_token WHERE digest = ?"), arguments: [digest])
    }

    /// Tokens in the order they were issued; of one staff member when `staffId` is given.
    public static func tokens(staff staffId: String?, in db: Database) throws -> [APITokenRecord] {
        var request = APITokenRecord.order(Column("issued_at"))
        if let staffId { request = request.filter(Column("staff_id") == staffId) }
        return try request.fetchAll(db)
    }
}
