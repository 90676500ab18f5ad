import GRDB

/// The profile versions a tenant database has seen, with the digest of each file.
public enum ProfileVersionStore {
    public static func all(in db: Database) throws -> [ProfileVersionRecord] {
        try ProfileVersionRecord.fetchAll(db)
    }

    /// Records a version not seen before. A draft's record follows its file (its contents,
    /// and its adoption when the draft becomes enacted law); an enacted version's record is
    /// never replaced (a change to it is a correction). Returns whether anything was written.
    @discardableResult
    public static func record(_ version: ProfileVersionRecord, in db: Database) throws -> Bool {
        guard let recorded = try ProfileVersionRecord.fetchOne(db, key: version.effective) else {
            try version.insert(db)
            return true
        }
        guard recorded.status == "draft", recorded.digest != version.digest || recorded.status != version.status else { return false }
        try version.update(db)
        return true
    }

    /// Enacted versions in force by `day` (YYYY-MM-DD) whose changes are not applied yet, oldest first.
    public static func unapplied(through day: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT effective FROM profile_version WHERE status != 'draft' AND applied_at IS NULL AND effective <= ? ORDER BY effective
            """, arguments: [day])
    }

    /// Marks a version's changes applied (or, for versions a tenant was onboarded under, already there).
    public static func markApplied(_ effective: String, at time: String, in db: Database) throws {
        try db.execute(sql: "UPDATE profile_version SET applied_at = ? WHERE effective = ? AND applied_at IS NULL", arguments: [time, effective])
    }

    /// Records a correction of a version in force: the file's new digest becomes the version's,
    /// and the correction is kept with its reason.
    public static func correct(_ correction: ProfileCorrectionRecord, in db: Database) throws {
        var correction = correction
        correction.oldContent = try String.fetchOne(db, sql: "SELECT content FROM profile_version WHERE effective = ?", arguments: [correction.effective])
        try db.execute(sql: "UPDATE profile_version SET digest = ?, content = ? WHERE effective = ?",
                       arguments: [correction.newDigest, correction.newContent, correction.effective])
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
    /// The version's text before and after the correction, where the texts were kept.
    public var oldContent: String?
    public var newContent: String?

    enum CodingKeys: String, CodingKey {
        case effective, reason
        case oldDigest = "old_digest", newDigest = "new_digest", operatedBy = "operated_by", recordedAt = "recorded_at"
        case oldContent = "old_content", newContent = "new_content"
    }

    public init(effective: String, oldDigest: String, newDigest: String, reason: String, operatedBy: String?, recordedAt: String,
                newContent: String? = nil) {
        self.effective = effective
        self.oldDigest = oldDigest
        self.newDigest = newDigest
        self.reason = reason
        self.operatedBy = operatedBy
        self.recordedAt = recordedAt
        self.newContent = newContent
    }
}
