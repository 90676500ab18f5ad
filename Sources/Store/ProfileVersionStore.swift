import GRDB

/// The profile versions a tenant database has seen, with the digest of each file.
public enum ProfileVersionStore {
    public static func all(in db: Database) throws -> [ProfileVersionRecord] {
        try ProfileVersionRecord.fetchAll(db)
    }

    /// Records a version not seen before; a draft's record is replaced whenever its file changes.
    public static func record(_ version: ProfileVersionRecord, isDraft: Bool, in db: Database) throws {
        if try isDraft || ProfileVersionRecord.fetchOne(db, key: version.effective) == nil {
            try version.save(db)
        }
    }

    /// Records a correction of a version in force: the file's new digest becomes the version's,
    /// and the correction is kept with its reason.
    public static func correct(_ correction: ProfileCorrectionRecord, in db: Database) throws {
        try db.execute(sql: "UPDATE profile_version SET digest = ? WHERE effective = ?", arguments: [correction.newDigest, correction.effective])
        try correction.insert(db)
    }

    public static func corrections(in db: Database) throws -> [ProfileCorrectionRecord] {
        try ProfileCorrectionRecord.order(Column("id")).fetchAll(db)
    }
}

/// A correction of a profile version in force, as recorded.
public struct ProfileCorrectionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "profile_correction"

    public var effective: String
    public var oldDigest: String
    public var newDigest: String
    public var reason: String
    public var operatedBy: String?
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case effective, reason
        case oldDigest = "old_digest", newDigest = "new_digest", operatedBy = "operated_by", recordedAt = "recorded_at"
    }

    public init(effective: String, oldDigest: String, newDigest: String, reason: String, operatedBy: String?, recordedAt: String) {
        self.effective = effective
        self.oldDigest = oldDigest
        self.newDigest = newDigest
        self.reason = reason
        self.operatedBy = operatedBy
        self.recordedAt = recordedAt
    }
}
