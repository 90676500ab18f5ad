import Foundation
import GRDB

/// A token of the deployment's provincial host (not of any tenant): the digest of its secret.
public struct HostTokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "host_token"

    public var id: String
    public var digest: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var note: String?

    public init(id: String, digest: String, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil, note: String?) {
        (self.id, self.digest, self.issuedAt, self.expiresAt, self.revokedAt, self.note) = (id, digest, issuedAt, expiresAt, revokedAt, note)
    }

    enum CodingKeys: String, CodingKey {
        case id, digest, note
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// A host console session, kept as a tenant keeps its own (`WebSessionRecord`).
public struct HostSessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "host_session"

    public var digest: String
    public var tokenId: String
    public var csrf: String
    public var createdAt: Date
    public var expiresAt: Date
    public var endedAt: Date?

    public init(digest: String, tokenId: String, csrf: String, createdAt: Date, expiresAt: Date) {
        (self.digest, self.tokenId, self.csrf, self.createdAt, self.expiresAt) = (digest, tokenId, csrf, createdAt, expiresAt)
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

/// The provincial host's tokens and sessions, in the registry.
extension Registry {
    public func insertHostToken(_ token: HostTokenRecord) throws {
        try write { try token.insert($0) }
    }

    public func hostToken(digest: String) throws -> HostTokenRecord? {
        try read { try HostTokenRecord.filter(Column("digest") == digest).fetchOne($0) }
    }

    public func hostTokens() throws -> [HostTokenRecord] {
        try read { try HostTokenRecord.order(Column("issued_at")).fetchAll($0) }
    }

    /// Marks a host token revoked (the first time counts) and returns it.
    public func revokeHostToken(_ id: String, at now: Date) throws -> HostTokenRecord? {
        try write { db in
            guard var token = try HostTokenRecord.fetchOne(db, key: id) else { return nil }
            if token.revokedAt == nil {
                token.revokedAt = now
                try token.update(db)
            }
            return token
        }
    }

    public func insertHostSession(_ session: HostSessionRecord) throws {
        try write { db in
            try session.insert(db)
            try db.execute(sql: "DELETE FROM host_session WHERE expires_at < ?", arguments: [session.createdAt.timeIntervalSince1970 - 86_400])
        }
    }

    /// The session whose secret has this digest, with its token.
    public func hostSession(digest: String) throws -> (HostSessionRecord, HostTokenRecord)? {
        try read { db in
            guard let session = try HostSessionRecord.fetchOne(db, key: digest),
                  let token = try HostTokenRecord.fetchOne(db, key: session.tokenId) else { return nil }
            return (session, token)
        }
    }

    public func endHostSession(digest: String, at now: Date) throws {
        try write { try $0.execute(sql: "UPDATE host_session SET ended_at = ? WHERE digest = ? AND ended_at IS NULL",
                                   arguments: [now.timeIntervalSince1970, digest]) }
    }
}
