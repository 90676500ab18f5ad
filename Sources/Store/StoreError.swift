import GRDB

/// Why a tenant database could not be opened or changed.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case missingFile(path: String)
    case alreadyExists(path: String)
    case notADatabase(path: String, reason: String)
    case wrongTenant(path: String, expected: String, found: String)
    case schemaBehind(path: String, pending: [String])
    case schemaAhead(path: String, unknown: [String])

    public var description: String {
        switch self {
        case .missingFile(let path):
            "the database file \(path) does not exist"
        case .alreadyExists(let path):
            "the database file \(path) already exists; remove it or choose another tenant key"
        case .notADatabase(let path, let reason):
            "\(path) is not a usable Wangge tenant database: \(reason)"
        case .wrongTenant(let path, let expected, let found):
            "\(path) holds tenant '\(found)', not '\(expected)'"
        case .schemaBehind(let path, let pending):
            "\(path) needs migrations \(pending.joined(separator: ", ")); run 'wangge tenant migrate --all'"
        case .schemaAhead(let path, let unknown):
            "\(path) was written by a newer Wangge (migrations \(unknown.joined(separator: ", ")) are unknown to this binary); upgrade Wangge"
        }
    }
}

/// What kind of trouble a failed database operation ran into, for callers that answer
/// differently when the file is busy (try again shortly) or damaged (an operator must act)
/// than when a request was wrong.
public enum DatabaseTrouble: Sendable, Equatable {
    /// Another writer held the file past the busy timeout.
    case busy
    /// The file refused a write: it was fenced off after failing its integrity check.
    case writesRefused
    /// SQLite found the file corrupt, or not a database at all.
    case damaged

    /// The trouble behind `error`, or nil when it is not a database failure of these kinds.
    public init?(_ error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_READONLY: self = .writesRefused
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .damaged
        default: return nil
        }
    }
}
