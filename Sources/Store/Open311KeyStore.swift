import Foundation
import GRDB

/// An Open311 client's API key as the tenant keeps it: the SHA-256 digest of the secret,
/// the client it names and the channel its reports come through.
public struct Open311KeyRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "open311_key"

    public var id: String
    public var digest: String
    public var client: String
    public var channel: String
    public var issuedAt: Date
    public var issuedBy: String?
    public var revokedAt: Date?
    public var note: String?

    public init(id: String, digest: String, client: String, channel: String, issuedAt: Date, issuedBy: String?, revokedAt: Date? = nil,
                note: String?) {
        self.id = id
        self.digest = digest
        self.client = client
        self.channel = channel
        self.issuedAt = issuedAt
        self.issuedBy = issuedBy
        self.revokedAt = revokedAt
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case id, digest, client, channel, note
        case issuedAt = "issued_at"
        case issuedBy = "issued_by"
        case revokedAt = "revoked_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// The tenant's Open311 client keys.
public enum Open311KeyStore {
    public static func insert(_ key: Open311KeyRecord, in db: Database) throws {
        try key.insert(db)
    }

    /// Marks a key revoked (a second revocation keeps the first time) and returns it.
    public static func revoke(_ id: String, at now: Date, in db: Database) throws -> Open311KeyRecord? {
        guard var key = try Open311KeyRecord.fetchOne(db, key: id) else { return nil }
        if key.revokedAt == nil {
            key.revokedAt = now
            try key.update(db)
        }
        return key
    }

    /// The key whose secret has this digest.
    public static func key(digest: String, in db: Database) throws -> Open311KeyRecord? {
        try Open311KeyRecord.fetchOne(try db.cachedStatement(sql: "SELECT * FROM open311_key WHERE digest = ?"), arguments: [digest])
    }

    /// Keys in the order they were issued.
    public static func keys(in db: Database) throws -> [Open311KeyRecord] {
        try Open311KeyRecord.order(Column("issued_at"), Column("id")).fetchAll(db)
    }
}
