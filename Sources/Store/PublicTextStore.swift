import GRDB

/// One published text of a unit or a person in one language (`''` for a value that is the
/// same in every language, such as a phone number).
public struct PublicTextRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "public_text"

    /// `unit:<id>` or `person:<id>`.
    public var subject: String
    public var field: String
    public var language: String
    public var text: String

    public init(subject: String, field: String, language: String, text: String) {
        self.subject = subject
        self.field = field
        self.language = language
        self.text = text
    }
}

/// The texts the public pages show beyond what the org and staff records hold.
public enum PublicTextStore {
    /// The subject key of a unit.
    public static func unit(_ id: Int64) -> String { "unit:\(id)" }
    /// The subject key of a person.
    public static func person(_ id: String) -> String { "person:\(id)" }

    /// Sets a text, replacing the one in the same language.
    public static func set(_ text: PublicTextRecord, in db: Database) throws {
        try text.save(db)
    }

    /// Removes a text; false when there was none.
    public static func remove(subject: String, field: String, language: String, in db: Database) throws -> Bool {
        try PublicTextRecord.deleteOne(db, key: ["subject": subject, "field": field, "language": language])
    }

    /// The texts of the subjects given, in one query.
    public static func texts(of subjects: [String], in db: Database) throws -> [PublicTextRecord] {
        guard !subjects.isEmpty else { return [] }
        return try PublicTextRecord.filter(subjects.contains(Column("subject"))).fetchAll(db)
    }
}
