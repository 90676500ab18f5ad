import Foundation
import GRDB

/// One fact evaluation counts, derived from an archived event by the platform: what
/// happened (`reported`, `ended`, `late`, `returned`, `escalated`, `supervised`,
/// `reopened`, `reviewed`, `rated`), when, and whom it counts for at that time.
public struct CaseFact: Sendable, Equatable {
    public var kind: String
    public var seq: Int
    public var at: Date
    public var gridId: Int64
    public var department: String?
    /// The staff member who reported the case, where a worker did.
    public var worker: String?
    /// For an end: closed by the due time (nil for ends that are not closures).
    public var onTime: Bool?
    /// For an end: working seconds from the report.
    public var duration: Double?
    /// For a rating: the workflow's best rating.
    public var good: Bool?

    public init(kind: String, seq: Int, at: Date, gridId: Int64, department: String?, worker: String?, onTime: Bool? = nil,
                duration: Double? = nil, good: Bool? = nil) {
        self.kind = kind
        self.seq = seq
        self.at = at
        self.gridId = gridId
        self.department = department
        self.worker = worker
        self.onTime = onTime
        self.duration = duration
        self.good = good
    }
}

/// Facts summed over a group (a grid, a department, a worker) and a kind.
public struct FactTotal: Sendable, Equatable {
    public var group: String?
    public var kind: String
    public var count: Int
    /// How many facts have `on_time` set, and how many of those are on time.
    public var timed: Int
    public var onTime: Int
    public var durationSum: Double
    public var good: Int
}

/// The facts of evaluation.
public enum CaseFactStore {
    public static func insert(_ facts: [CaseFact], caseId: String, in db: Database) throws {
        guard !facts.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO case_fact (case_id, seq, kind, at, grid_id, department, worker, on_time, duration, good)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for fact in facts {
            try statement.execute(arguments: [caseId, fact.seq, fact.kind, fact.at.timeIntervalSince1970, fact.gridId, fact.department, fact.worker,
                                              fact.onTime, fact.duration, fact.good])
        }
        try FactRollupStore.markDirty(Set(facts.map { $0.at.timeIntervalSince1970 }), in: db)
    }

    /// Who reported the case, as its `reported` fact says.
    public static func worker(of caseId: String, in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT worker FROM case_fact WHERE case_id = ? AND +kind = 'reported'"), arguments: [caseId])
    }

    /// Whether a step of the case's current run (since its report or last reopening) was late.
    public static func lateInCurrentRun(of caseId: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM case_fact WHERE case_id = ? AND +kind = 'late'
                           AND seq > coalesce((SELECT max(seq) FROM case_fact WHERE case_id = ? AND +kind = 'reopened'), -1))
            """), arguments: [caseId, caseId]) ?? false
    }

    public static func isEmpty(in db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM case_fact LIMIT 1)") == 0
    }

    /// Deletes every fact and the rollup summing them.
    public static func deleteAll(in db: Database) throws {
        try db.execute(sql: "DELETE FROM case_fact")
        try FactRollupStore.reset(in: db)
    }

    /// The column facts are grouped by.
    public enum Grouping: String, Sendable {
        case grid = "grid_id", department, worker
    }

    /// The kinds of fact there are; naming them lets SQLite read each kind's time range
    /// from the index instead of the whole index.
    public static let kinds = ["reported", "ended", "late", "returned", "escalated", "supervised", "reopened", "reviewed", "rated"]

    /// Facts in [from, to), summed by group and kind; only grids in `grids` when given.
    public static func totals(by grouping: Grouping, from: Date, to: Date, grids: [Int64]?, in db: Database) throws -> [FactTotal] {
        var sql = """
            SELECT \(grouping.rawValue), kind, count(*), count(on_time), coalesce(sum(on_time), 0), coalesce(sum(duration), 0), coalesce(sum(good), 0)
            FROM case_fact WHERE kind IN (\(kinds.map { "'\($0)'" }.joined(separator: ","))) AND at >= ? AND at < ?
            """
        var arguments: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        only(grids, column: "grid_id", sql: &sql, arguments: &arguments)
        sql += " GROUP BY 1, 2"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let group: DatabaseValue = row[0]
            return FactTotal(group: text(group), kind: row[1], count: row[2],
                             timed: row[3], onTime: row[4], durationSum: row[5], good: row[6])
        }
    }

    /// Working times of the ends in [from, to), by group, counted per whole minute: enough
    /// to find any percentile to the minute without reading every time.
    public static func durationMinutes(by grouping: Grouping, from: Date, to: Date, grids: [Int64]?, in db: Database) throws -> [(group: String?, minute: Int, count: Int)] {
        var sql = """
            SELECT \(grouping.rawValue), CAST(duration / 60 AS INTEGER), count(*) FROM case_fact
            WHERE kind = 'ended' AND at >= ? AND at < ? AND duration IS NOT NULL
            """
        var arguments: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        only(grids, column: "grid_id", sql: &sql, arguments: &arguments)
        sql += " GROUP BY 1, 2"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let group: DatabaseValue = row[0]
            return (text(group), row[1], row[2])
        }
    }

    /// Open cases past their due time now, by group, from the index of overdue open cases
    /// alone. (`+kind`: the case's own facts are found by its id, never by scanning every
    /// fact of a kind.)
    public static func overdueOpen(by grouping: Grouping, grids: [Int64]?, in db: Database) throws -> [(group: String?, count: Int)] {
        let column: String
        switch grouping {
        case .grid: column = "r.grid_id"
        case .department: column = "r.lead"
        case .worker: column = "(SELECT f.worker FROM case_fact f WHERE f.case_id = r.id AND +f.kind = 'reported')"
        }
        var sql = """
            SELECT \(column), count(*) FROM case_record r INDEXED BY case_overdue_open
            WHERE r.status = 'open' AND r.overdue = 1
            """
        var arguments: StatementArguments = []
        only(grids, column: "r.grid_id", sql: &sql, arguments: &arguments)
        sql += " GROUP BY 1"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let group: DatabaseValue = row[0]
            return (text(group), row[1])
        }
    }

    /// Narrows a query to the grids given (all when nil).
    private static func only(_ grids: [Int64]?, column: String, sql: inout String, arguments: inout StatementArguments) {
        guard let grids else { return }
        sql += " AND \(column) IN (\(grids.map { _ in "?" }.joined(separator: ",")))"
        _ = arguments.append(contentsOf: StatementArguments(grids))
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null, .blob: nil
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        }
    }

    /// When facts of these kinds happened in [from, to), in the grids given.
    public static func times(kinds: [String], from: Date, to: Date, grids: [Int64]?, departments: [String]? = nil, in db: Database) throws -> [Date] {
        var sql = "SELECT at FROM case_fact WHERE kind IN (\(kinds.map { _ in "?" }.joined(separator: ","))) AND at >= ? AND at < ?"
        var arguments = StatementArguments(kinds)
        _ = arguments.append(contentsOf: [from.timeIntervalSince1970, to.timeIntervalSince1970])
        only(grids, column: "grid_id", sql: &sql, arguments: &arguments)
        if let departments {
            sql += " AND department IN (\(departments.map { _ in "?" }.joined(separator: ",")))"
            _ = arguments.append(contentsOf: StatementArguments(departments))
        }
        return try Double.fetchAll(db, sql: sql, arguments: arguments).map(Date.init(timeIntervalSince1970:))
    }

    /// The cases behind a figure: of one kind in [from, to), in the grids given, at most `limit`.
    public static func caseIds(kind: String, from: Date, to: Date, grids: [Int64]?, department: String?, worker: String?, limit: Int,
                               in db: Database) throws -> [String] {
        var sql = "SELECT DISTINCT case_id FROM case_fact WHERE kind = ? AND at >= ? AND at < ?"
        var arguments: StatementArguments = [kind, from.timeIntervalSince1970, to.timeIntervalSince1970]
        only(grids, column: "grid_id", sql: &sql, arguments: &arguments)
        if let department {
            sql += " AND department = ?"
            _ = arguments.append(contentsOf: [department])
        }
        if let worker {
            sql += " AND worker = ?"
            _ = arguments.append(contentsOf: [worker])
        }
        sql += " ORDER BY case_id LIMIT ?"
        _ = arguments.append(contentsOf: [limit])
        return try String.fetchAll(db, sql: sql, arguments: arguments)
    }
}
