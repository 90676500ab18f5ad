import Foundation
import GRDB

/// A staff console session as the tenant keeps it: the SHA-256 digest of its secret, the
/// token it was exchanged for, and the CSRF token its forms carry.
public struct WebSessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "web_session"

    public var digest: String
    public var tokenId: String
    public var csrf: String
    public var createdAt: Date
    public var expiresAt: Date
    public var endedAt: Date?

    public init(digest: String, tokenId: String, csrf: String, createdAt: Date, expiresAt: Date, endedAt: Date? = nil) {
        self.digest = digest
        self.tokenId = tokenId
        self.csrf = csrf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }

    enum CodingKeys: String, CodingKey {
        case digest, csrf
        case tokenId = "token_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case endedAt = "ended_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// The tenant's console sessions.
public enum SessionStore {
    public static func insert(_ session: WebSessionRecord, in db: Database) throws {
        try session.insert(db)
        // Sessions long expired are of no use to anyone: drop them as new ones start.
        try db.execute(sql: "DELETE FROM web_session WHERE expires_at < ?", arguments: [session.createdAt.timeIntervalSince1970 - 86_400])
    }

    /// The session whose secret has this digest, with the token it stands on.
    public static func session(digest: String, in db: Database) throws -> (WebSessionRecord, APITokenRecord)? {
        guard let session = try WebSessionRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM web_session WHERE digest = ?"),
                                                          arguments: [digest]),
              let token = try APITokenRecord.fetchOne(db, key: session.tokenId) else { return nil }
        return (session, token)
    }

    /// Ends a session (signing out); ending it again keeps the first time.
    public static func end(digest: String, at now: Date, in db: Database) throws {
        try db.execute(sql: "UPDATE web_session SET ended_at = ? WHERE digest = ? AND ended_at IS NULL",
                       arguments: [now.timeIntervalSince1970, digest])
    }
}
