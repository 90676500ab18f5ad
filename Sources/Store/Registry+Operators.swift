import Foundation
import GRDB

/// A person registered to run the command line on the deployment's machine, by login name.
public struct OperatorRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "local_operator"

    public var user: String
    public var name: String
    public var registeredAt: Date
    public var removedAt: Date?

    public init(user: String, name: String, registeredAt: Date, removedAt: Date? = nil) {
        (self.user, self.name, self.registeredAt, self.removedAt) = (user, name, registeredAt, removedAt)
    }

    enum CodingKeys: String, CodingKey {
        case user, name
        case registeredAt = "registered_at"
        case removedAt = "removed_at"
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

/// The deployment's local operators, in the registry.
extension Registry {
    /// Registers `record`, or registers a removed operator again under the new name.
    public func saveOperator(_ record: OperatorRecord) throws {
        try write { try record.save($0) }
    }

    /// Every operator ever registered, by login name.
    public func operators() throws -> [OperatorRecord] {
        try read { try OperatorRecord.order(Column("user")).fetchAll($0) }
    }

    /// The operator `user`, if registered and not removed.
    public func activeOperator(_ user: String) throws -> OperatorRecord? {
        try read { try OperatorRecord.filter(key: user).filter(Column("removed_at") == nil).fetchOne($0) }
    }

    /// Marks `user` removed; nil when there was no such active operator.
    public func removeOperator(_ user: String, at now: Date) throws -> OperatorRecord? {
        try write { db in
            guard var record = try OperatorRecord.filter(key: user).filter(Column("removed_at") == nil).fetchOne(db) else { return nil }
            record.removedAt = now
            try record.update(db)
            return record
        }
    }
}
