import Foundation
import GRDB
import Kernel

/// The outbox (every archived case event, in commit order) and each enabled plugin's place
/// in it: its cursor, failures, next attempt, and the events it gave up on.
public enum PluginStore {
    /// A plugin as the tenant keeps it.
    public struct State: Sendable, Equatable, Encodable {
        public var name: String
        public var enabled: Bool
        /// The outbox sequence number of the last event delivered (or skipped as dead).
        public var cursor: Int64
        public var failures: Int
        public var nextAttempt: Date?
        public var lastError: String?
        public var delivered: Int
        /// The plugin's settings for this tenant, by key.
        public var settings: [String: String]
        /// The staff member whose tier masks the personal data it reads.
        public var delegate: String?
    }

    /// One event waiting in the outbox: its place, its case, and the archived event.
    public struct Entry: Sendable {
        public var seq: Int64
        public var caseId: String
        public var caseSeq: Int
        public var event: CaseEvent
    }

    private static func entry(_ row: Row) throws -> Entry {
        Entry(seq: row[0], caseId: row[1], caseSeq: row[2], event: try CaseStore.decoder.decode(CaseEvent.self, from: Data((row[3] as String).utf8)))
    }

    public struct DeadLetter: Sendable, Equatable, Encodable {
        public var plugin: String
        public var seq: Int64
        public var error: String
        public var attempts: Int
        public var at: String
    }

    public static func states(in db: Database) throws -> [State] {
        try Row.fetchAll(db, sql: "SELECT name, enabled, cursor, failures, next_attempt, last_error, delivered, settings, delegate FROM plugin ORDER BY name").map(state)
    }

    public static func state(_ name: String, in db: Database) throws -> State? {
        try Row.fetchOne(db, sql: "SELECT name, enabled, cursor, failures, next_attempt, last_error, delivered, settings, delegate FROM plugin WHERE name = ?",
                         arguments: [name]).map(state)
    }

    private static func state(_ row: Row) -> State {
        State(name: row[0], enabled: row[1], cursor: row[2], failures: row[3],
              nextAttempt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)), lastError: row[5], delivered: row[6],
              settings: (try? JSONDecoder().decode([String: String].self, from: Data((row[7] as String).utf8))) ?? [:], delegate: row[8])
    }

    /// The last outbox sequence number (0 when empty).
    public static func lastSeq(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(seq) FROM outbox") ?? 0
    }

    /// Enables a plugin from `cursor` on (it receives the events after it), or disables it;
    /// recorded in the plugin log with who did it.
    /// With `settings`, the plugin's settings are replaced; with `delegate`, whom it reads for.
    public static func setEnabled(_ name: String, _ enabled: Bool, cursor: Int64?, settings: [String: String]? = nil, delegate: String?? = nil,
                                  by: String?, note: String?, at time: String, in db: Database) throws {
        if try state(name, in: db) == nil {
            try db.execute(sql: "INSERT INTO plugin (name, enabled, cursor) VALUES (?, ?, ?)", arguments: [name, enabled, cursor ?? 0])
        } else {
            try db.execute(sql: "UPDATE plugin SET enabled = ?, failures = 0, next_attempt = NULL WHERE name = ?", arguments: [enabled, name])
            if let cursor { try db.execute(sql: "UPDATE plugin SET cursor = ? WHERE name = ?", arguments: [cursor, name]) }
        }
        if let settings {
            let text = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
            try db.execute(sql: "UPDATE plugin SET settings = ? WHERE name = ?", arguments: [text, name])
        }
        if let delegate { try db.execute(sql: "UPDATE plugin SET delegate = ? WHERE name = ?", arguments: [delegate, name]) }
        try db.execute(sql: "INSERT INTO plugin_log (name, action, at, by, note) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, enabled ? "enable" : "disable", time, by, note])
    }

    /// The plugin log, oldest first: (name, action, at, by, note).
    public static func log(in db: Database) throws -> [(name: String, action: String, at: String, by: String?, note: String?)] {
        try Row.fetchAll(db, sql: "SELECT name, action, at, by, note FROM plugin_log ORDER BY id").map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
    }

    /// Up to `limit` events after `cursor`, in outbox order.
    public static func entries(after cursor: Int64, limit: Int, in db: Database) throws -> [Entry] {
        try Row.fetchAll(db, sql: """
            SELECT o.seq, o.case_id, o.case_seq, e.body FROM outbox o JOIN case_event e ON e.case_id = o.case_id AND e.seq = o.case_seq
            WHERE o.seq > ? ORDER BY o.seq LIMIT ?
            """, arguments: [cursor, limit]).map(entry)
    }

    /// The events with these outbox numbers.
    public static func entries(_ seqs: [Int64], in db: Database) throws -> [Entry] {
        guard !seqs.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT o.seq, o.case_id, o.case_seq, e.body FROM outbox o JOIN case_event e ON e.case_id = o.case_id AND e.seq = o.case_seq
            WHERE o.seq IN (\(seqs.map { _ in "?" }.joined(separator: ","))) ORDER BY o.seq
            """, arguments: StatementArguments(seqs)).map(entry)
    }

    /// Moves the cursor past what was delivered and clears the failures.
    public static func advance(_ name: String, to cursor: Int64, delivered: Int, in db: Database) throws {
        try db.execute(sql: """
            UPDATE plugin SET cursor = max(cursor, ?), delivered = delivered + ?, failures = 0, next_attempt = NULL, last_error = NULL WHERE name = ?
            """, arguments: [cursor, delivered, name])
    }

    /// Records a failed delivery and when to try again.
    public static func fail(_ name: String, error: String, retryAt: Date, in db: Database) throws {
        try db.execute(sql: "UPDATE plugin SET failures = failures + 1, last_error = ?, next_attempt = ? WHERE name = ?",
                       arguments: [error, retryAt.timeIntervalSince1970, name])
    }

    /// Gives up on one event: kept as a dead letter, the cursor moves past it.
    public static func bury(_ name: String, seq: Int64, error: String, attempts: Int, at time: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO plugin_dead_letter (plugin, outbox_seq, error, attempts, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, seq, error, attempts, time])
        try db.execute(sql: "UPDATE plugin SET cursor = max(cursor, ?), failures = 0, next_attempt = NULL WHERE name = ?", arguments: [seq, name])
    }

    public static func deadLetters(_ name: String?, in db: Database) throws -> [DeadLetter] {
        var sql = "SELECT plugin, outbox_seq, error, attempts, at FROM plugin_dead_letter"
        var arguments: StatementArguments = []
        if let name {
            sql += " WHERE plugin = ?"
            arguments = [name]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY plugin, outbox_seq", arguments: arguments)
            .map { DeadLetter(plugin: $0[0], seq: $0[1], error: $0[2], attempts: $0[3], at: $0[4]) }
    }

    /// Forgets a dead letter once it has been delivered on replay.
    public static func resurrect(_ name: String, seq: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM plugin_dead_letter WHERE plugin = ? AND outbox_seq = ?", arguments: [name, seq])
    }
}
