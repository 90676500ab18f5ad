import Crypto
import Foundation
import GRDB
import Kernel

/// Cases in a tenant database. Events are appended in one transaction with the case's
/// projection row; the event log is append-only (triggers refuse updates and deletes)
/// and hash-chained per case, so `verifyArchive` can show it was not altered.
public enum CaseStore {
    /// Bodies are hashed as stored, so key order need not be canonical: no `.sortedKeys`,
    /// which costs time on every transition.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    /// The next case number of `year`: `<prefix>-<year>-<000001>`.
    public static func nextCaseId(prefix: String, year: Int, in db: Database) throws -> String {
        let last = try Int.fetchOne(try db.cachedStatement(sql: "SELECT last FROM case_counter WHERE year = ?"), arguments: [year]) ?? 0
        try db.cachedStatement(sql: "INSERT INTO case_counter (year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = excluded.last")
            .execute(arguments: [year, last + 1])
        let serial = String(last + 1)
        return "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - serial.count)) + serial
    }

    /// Appends `events` and writes the resulting projection, if the case is still at
    /// `expectedVersion` (so two clerks cannot both act on the same step). `previous` is
    /// the state the events were decided on (nil for a new case).
    public static func append(_ events: [CaseEvent], resulting state: CaseState, previous: CaseState?, in db: Database) throws {
        let expectedVersion = previous?.version ?? 0
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT version, last_hash FROM case_record WHERE id = ?"),
                                   arguments: [state.id])
        let current: Int = row?["version"] ?? 0
        if current != expectedVersion {
            throw StoreConflict(id: state.id, expected: expectedVersion, found: current)
        }
        var hash: String = row?["last_hash"] ?? genesis(state.id)
        var chained: [(event: CaseEvent, body: String, previous: String, hash: String)] = []
        for event in events {
            let body = String(decoding: try encoder.encode(event), as: UTF8.self)
            let next = chain(hash, body)
            chained.append((event, body, hash, next))
            hash = next
        }
        // The projection row first: events refer to it.
        try writeProjection(state, lastHash: hash, previous: previous, in: db)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO case_event (case_id, seq, kind, at, actor, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (offset, link) in chained.enumerated() {
            try insert.execute(arguments: [state.id, expectedVersion + offset, link.event.kind, link.event.at.timeIntervalSince1970,
                                            link.event.actor, link.body, link.previous, link.hash])
        }
    }

    private static func writeProjection(_ state: CaseState, lastHash: String, previous: CaseState?, in db: Database) throws {
        let json = String(decoding: try encoder.encode(state), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO case_record (id, profile_version, item, grid_id, status, position, office_level, lead, due_at, overdue,
                                     reported_at, version, last_hash, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, position = excluded.position,
                office_level = excluded.office_level, lead = excluded.lead, due_at = excluded.due_at,
                overdue = excluded.overdue, version = excluded.version, last_hash = excluded.last_hash, state = excluded.state
            """).execute(arguments: [
                state.id, state.profileVersion.description, state.item, state.place.gridId, state.status.rawValue,
                state.position, state.officeLevel, state.lead, state.dueAt?.timeIntervalSince1970, state.overdue,
                state.reportedAt.timeIntervalSince1970, state.version, lastHash, json])
        let units = [state.lead].compactMap { $0 } + state.participants
        if units != [previous?.lead].compactMap({ $0 }) + (previous?.participants ?? []) {
            try db.cachedStatement(sql: "DELETE FROM case_department WHERE case_id = ?").execute(arguments: [state.id])
            for department in units {
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO case_department (case_id, department) VALUES (?, ?)")
                    .execute(arguments: [state.id, department])
            }
        }
    }

    /// The case's version (its number of events), or nil when there is no such case.
    public static func version(of id: String, in db: Database) throws -> Int? {
        try Int.fetchOne(try db.cachedStatement(sql: "SELECT version FROM case_record WHERE id = ?"), arguments: [id])
    }

    public static func load(_ id: String, in db: Database) throws -> CaseState? {
        guard let json = try String.fetchOne(try db.cachedStatement(sql: "SELECT state FROM case_record WHERE id = ?"),
                                             arguments: [id]) else { return nil }
        return try decoder.decode(CaseState.self, from: Data(json.utf8))
    }

    /// The case's events in order.
    public static func events(_ id: String, in db: Database) throws -> [CaseEvent] {
        try String.fetchAll(db, sql: "SELECT body FROM case_event WHERE case_id = ? ORDER BY seq", arguments: [id])
            .map { try decoder.decode(CaseEvent.self, from: Data($0.utf8)) }
    }

    /// Events of every case archived in [from, to] (by their time), in time order from
    /// `offset`: what followers of many cases (Open311's updates) read.
    public static func events(from: Date, to: Date, limit: Int, offset: Int, in db: Database) throws -> [(caseId: String, seq: Int, event: CaseEvent)] {
        let sql = "SELECT case_id, seq, body FROM case_event WHERE at >= ? AND at <= ? ORDER BY at, case_id, seq LIMIT ? OFFSET ?"
        return try Row.fetchAll(db, sql: sql, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970, limit, offset]).map { row in
            let body: String = row[2]
            return (row[0], row[1], try decoder.decode(CaseEvent.self, from: Data(body.utf8)))
        }
    }

    /// Every case's id, in the order reported.
    public static func allIds(in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM case_record ORDER BY reported_at, id")
    }

    /// The profile version a case is pinned to.
    public static func profileVersion(of id: String, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT profile_version FROM case_record WHERE id = ?"), arguments: [id])
    }

    /// Filters for listing cases.
    public struct Filter: Sendable {
        public var status: CaseState.Status?
        /// Any of these statuses (Open311's `closed` is several).
        public var statuses: [CaseState.Status]?
        public var gridIds: [Int64]?
        public var department: String?
        public var overdueOnly = false
        /// Only cases in these grids or dispatched to these departments (a caller's scope).
        public var scope: (gridIds: [Int64], departments: [String])?
        public var ids: [String]?
        public var items: [String]?
        public var reportedFrom: Date?
        public var reportedBefore: Date?
        /// Newest reports first, instead of by due time.
        public var newestFirst = false
        public var limit = 50
        public var offset = 0

        public init() {}
    }

    /// Cases by due time (overdue and soonest due first), newest reports last.
    public static func list(_ filter: Filter, in db: Database) throws -> [CaseState] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let status = filter.status {
            clauses.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let statuses = filter.statuses {
            clauses.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(statuses.map(\.rawValue)))
        }
        if filter.overdueOnly { clauses.append("status = 'open' AND overdue = 1") }
        if let grids = filter.gridIds {
            clauses.append("grid_id IN (\(grids.map { _ in "?" }.joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(grids))
        }
        if let department = filter.department {
            clauses.append("id IN (SELECT case_id FROM case_department WHERE department = ?)")
            _ = arguments.append(contentsOf: [department])
        }
        for (column, values) in [("id", filter.ids), ("item", filter.items)] {
            guard let values else { continue }
            clauses.append("\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            _ = arguments.append(contentsOf: StatementArguments(values))
        }
        if let from = filter.reportedFrom {
            clauses.append("reported_at >= ?")
            _ = arguments.append(contentsOf: [from.timeIntervalSince1970])
        }
        if let before = filter.reportedBefore {
            clauses.append("reported_at < ?")
            _ = arguments.append(contentsOf: [before.timeIntervalSince1970])
        }
        if let scope = filter.scope {
            var either = ["0"]
            if !scope.gridIds.isEmpty {
                either.append("grid_id IN (\(scope.gridIds.map { _ in "?" }.joined(separator: ",")))")
                _ = arguments.append(contentsOf: StatementArguments(scope.gridIds))
            }
            if !scope.departments.isEmpty {
                either.append("id IN (SELECT case_id FROM case_department WHERE department IN (\(scope.departments.map { _ in "?" }.joined(separator: ","))))")
                _ = arguments.append(contentsOf: StatementArguments(scope.departments))
            }
            clauses.append("(" + either.joined(separator: " OR ") + ")")
        }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        _ = arguments.append(contentsOf: [filter.limit, filter.offset])
        // Overdue cases always have a due time, so the (status, overdue, due_at) index gives them in order.
        let order = filter.newestFirst ? "reported_at DESC, id DESC" : filter.overdueOnly ? "due_at, id" : "due_at IS NULL, due_at, id"
        return try String.fetchAll(db, sql: """
            SELECT state FROM case_record \(whereClause) ORDER BY \(order) LIMIT ? OFFSET ?
            """, arguments: arguments).map { try decoder.decode(CaseState.self, from: Data($0.utf8)) }
    }

    /// Open cases past their due time that are not yet marked overdue.
    public static func newlyOverdue(at now: Date, in db: Database) throws -> [CaseState] {
        try String.fetchAll(db, sql: "SELECT state FROM case_record WHERE status = 'open' AND overdue = 0 AND due_at < ?",
                            arguments: [now.timeIntervalSince1970])
            .map { try decoder.decode(CaseState.self, from: Data($0.utf8)) }
    }

    /// Open cases marked overdue: the supervision chain's later stages look at them.
    public static func overdueOpen(in db: Database) throws -> [CaseState] {
        try String.fetchAll(db, sql: "SELECT state FROM case_record WHERE status = 'open' AND overdue = 1")
            .map { try decoder.decode(CaseState.self, from: Data($0.utf8)) }
    }

    /// The ids of the open cases reported under `item`, oldest first.
    public static func openIds(item: String, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM case_record WHERE item = ? AND status = 'open' ORDER BY reported_at, id", arguments: [item])
    }

    /// Open cases pinned to profile versions other than `version`: each one's id, version,
    /// position and due time, oldest first, at most `limit`; and how many there are in all.
    public static func openNotOn(version: String, limit: Int, in db: Database) throws
        -> (cases: [(id: String, version: String, position: String, dueAt: Date?)], total: Int) {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, profile_version, position, due_at FROM case_record
            WHERE status = 'open' AND profile_version != ? ORDER BY reported_at, id LIMIT ?
            """, arguments: [version, limit])
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM case_record WHERE status = 'open' AND profile_version != ?",
                                     arguments: [version]) ?? 0
        return (rows.map { ($0[0], $0[1], $0[2], ($0[3] as Double?).map(Date.init(timeIntervalSince1970:))) }, total)
    }

    /// Cases by status (every status present, zero when none), and open cases marked overdue.
    public static func counts(in db: Database) throws -> (byStatus: [String: Int], overdue: Int) {
        var byStatus = Dictionary(uniqueKeysWithValues: CaseState.Status.allCases.map { ($0.rawValue, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM case_record GROUP BY status") {
            byStatus[row["status"]] = row["n"]
        }
        let overdue = try Int.fetchOne(db, sql: "SELECT count(*) FROM case_record WHERE status = 'open' AND overdue = 1") ?? 0
        return (byStatus, overdue)
    }

    public struct ArchiveProblem: Sendable, Encodable, Equatable, CustomStringConvertible {
        public var caseId: String
        public var seq: Int?
        public var problem: String
        public var description: String { "\(caseId)\(seq.map { " event \($0)" } ?? ""): \(problem)" }
    }

    /// Recomputes every case's hash chain and checks it against the projection: an
    /// altered event breaks its hash, a deleted one leaves a gap or a short chain.
    ///
    /// One page at a time: the cases after `after` (by id), at most `limit` of them, so a
    /// tenant with millions of events is verified in many short reads rather than one read
    /// that pins a snapshot for minutes. `next` is the id to continue after, nil at the end.
    public static func verifyArchive(after: String? = nil, limit: Int = 500, in db: Database) throws
        -> (cases: Int, events: Int, problems: [ArchiveProblem], next: String?) {
        var problems: [ArchiveProblem] = []
        var eventCount = 0
        let cases = try Row.fetchAll(db, sql: "SELECT id, version FROM case_record WHERE id > ? ORDER BY id LIMIT ?",
                                     arguments: [after ?? "", limit])
        for row in cases {
            let id: String = row["id"]
            let version: Int = row["version"]
            let events = try Row.fetchAll(db, sql: "SELECT seq, body, prev_hash, hash FROM case_event WHERE case_id = ? ORDER BY seq",
                                          arguments: [id])
            eventCount += events.count
            var previous = genesis(id)
            for (index, event) in events.enumerated() {
                let seq: Int = event["seq"]
                if seq != index {
                    problems.append(ArchiveProblem(caseId: id, seq: index, problem: "event \(index) is missing"))
                    break
                }
                let body: String = event["body"]
                if event["prev_hash"] != previous || event["hash"] != chain(previous, body) {
                    problems.append(ArchiveProblem(caseId: id, seq: seq, problem: "the event was altered (its hash does not match)"))
                    break
                }
                previous = event["hash"]
            }
            let recordedLast = try String.fetchOne(db, sql: "SELECT last_hash FROM case_record WHERE id = ?", arguments: [id])
            if events.count == version, recordedLast != previous, problems.last?.caseId != id {
                problems.append(ArchiveProblem(caseId: id, seq: nil, problem: "the archive does not end where the case's record says it does"))
            }
            if events.count != version {
                problems.append(ArchiveProblem(caseId: id, seq: nil, problem: "the case has \(version) events on record but \(events.count) in the archive"))
            }
        }
        let last: String? = cases.last?["id"]
        return (cases.count, eventCount, problems, cases.count < limit ? nil : last)
    }

    private static func genesis(_ id: String) -> String { chain("", "case:\(id)") }

    static func chain(_ previous: String, _ body: String) -> String {
        SHA256.hash(data: Data((previous + "\n" + body).utf8)).hexString
    }
}

/// Another change reached the case (or application, or catalogue item) first; reload and try again.
public struct StoreConflict: Error, Sendable, CustomStringConvertible {
    public var id: String
    public var expected: Int
    public var found: Int
    public var description: String {
        "\(id) changed meanwhile (version \(found), expected \(expected)); show it again and retry"
    }
}
