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
}
