import Foundation
import GRDB
import Kernel

/// Procedures the kernel runs besides cases (catalogue applications, assignments): a
/// projection row each and an append-only, hash-chained archive of their events, kept
/// like the case archive.
public enum ProcedureStore {
    /// The next number for `prefix` in `year`: `<prefix>-<year>-<0001>`.
    public static func nextId(prefix: String, year: Int, in db: Database) throws -> String {
        let last = try Int.fetchOne(db, sql: "SELECT last FROM procedure_counter WHERE prefix = ? AND year = ?", arguments: [prefix, year]) ?? 0
        try db.execute(sql: """
            INSERT INTO procedure_counter (prefix, year, last) VALUES (?, ?, ?)
            ON CONFLICT(prefix, year) DO UPDATE SET last = excluded.last
            """, arguments: [prefix, year, last + 1])
        let serial = String(last + 1)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 4 - serial.count)) + serial
    }

    /// Appends `events` of a procedure of `kind` and writes its projection, if the
    /// procedure is still at `previous`'s version.
    public static func append<State: ProcedureState>(_ events: [ProcedureEvent<State>], kind: String, status: String, subject: String,
                                                     resulting state: State, previous: State?, at openedAt: Date,
                                                     in db: Database) throws {
        let expected = previous?.version ?? 0
        let row = try Row.fetchOne(db, sql: "SELECT version, last_hash FROM procedure_record WHERE id = ?", arguments: [state.id])
        let found: Int = row?["version"] ?? 0
        guard found == expected else { throw StoreConflict(id: state.id, expected: expected, found: found) }
        var hash: String = row?["last_hash"] ?? genesis(state.id)
        var links: [(kind: String, at: Date, actor: String, body: String, previous: String, hash: String)] = []
        for event in events {
            let body = String(decoding: try CaseStore.encoder.encode(event), as: UTF8.self)
            let next = CaseStore.chain(hash, body)
            links.append((event.kind, event.at, event.actor, body, hash, next))
            hash = next
        }
        try db.execute(sql: """
            INSERT INTO procedure_record (id, kind, status, subject, opened_at, version, last_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, version = excluded.version, last_hash = excluded.last_hash,
                                          state = excluded.state
            """, arguments: [state.id, kind, status, subject, openedAt.timeIntervalSince1970, state.version, hash,
                             String(decoding: try CaseStore.encoder.encode(state), as: UTF8.self)])
        for (offset, link) in links.enumerated() {
            try db.execute(sql: """
                INSERT INTO procedure_event (record_id, seq, kind, at, actor, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [state.id, expected + offset, link.kind, link.at.timeIntervalSince1970, link.actor, link.body,
                                 link.previous, link.hash])
        }
    }

    public static func load<State: ProcedureState>(_ id: String, kind: String, as type: State.Type, in db: Database) throws -> State? {
        try String.fetchOne(db, sql: "SELECT state FROM procedure_record WHERE id = ? AND kind = ?", arguments: [id, kind])
            .map { try CaseStore.decoder.decode(State.self, from: Data($0.utf8)) }
    }

    /// Procedures of `kind`, newest first, optionally of one status or subject.
    public static func list<State: ProcedureState>(kind: String, status: String? = nil, subject: String? = nil, as type: State.Type,
                                                   limit: Int = 100, in db: Database) throws -> [State] {
        var sql = "SELECT state FROM procedure_record WHERE kind = ?"
        var arguments: StatementArguments = [kind]
        if let status {
            sql += " AND status = ?"
            _ = arguments.append(contentsOf: [status])
        }
        if let subject {
            sql += " AND subject = ?"
            _ = arguments.append(contentsOf: [subject])
        }
        _ = arguments.append(contentsOf: [limit])
        return try String.fetchAll(db, sql: sql + " ORDER BY opened_at DESC, id DESC LIMIT ?", arguments: arguments)
            .map { try CaseStore.decoder.decode(State.self, from: Data($0.utf8)) }
    }

    public static func events<State: ProcedureState>(_ id: String, as type: State.Type, in db: Database) throws -> [ProcedureEvent<State>] {
        try String.fetchAll(db, sql: "SELECT body FROM procedure_event WHERE record_id = ? ORDER BY seq", arguments: [id])
            .map { try CaseStore.decoder.decode(ProcedureEvent<State>.self, from: Data($0.utf8)) }
    }

    /// Recomputes every procedure's hash chain; a problem for each whose archive was altered.
    public static func verifyArchive(in db: Database) throws -> [CaseStore.ArchiveProblem] {
        var broken: [CaseStore.ArchiveProblem] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, version, last_hash FROM procedure_record ORDER BY id") {
            let id: String = row["id"]
            var previous = genesis(id)
            let events = try Row.fetchAll(db, sql: "SELECT seq, body, prev_hash, hash FROM procedure_event WHERE record_id = ? ORDER BY seq",
                                          arguments: [id])
            var intact = events.count == row["version"] as Int
            for (index, event) in events.enumerated() where intact {
                intact = event["seq"] == index && event["prev_hash"] == previous && event["hash"] == CaseStore.chain(previous, event["body"])
                previous = event["hash"]
            }
            if !intact || previous != row["last_hash"] {
                broken.append(.init(caseId: id, seq: nil, problem: "the procedure's archive was altered or cut short"))
            }
        }
        return broken
    }

    private static func genesis(_ id: String) -> String { CaseStore.chain("", "procedure:\(id)") }
}
