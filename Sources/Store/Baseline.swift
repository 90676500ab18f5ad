import Foundation
import GRDB
import Kernel

/// Raw SQLite work that benchmarks measure the platform against, in the same run and
/// with the same settings as a tenant database (WAL, `synchronous=FULL`). It lives in
/// Store because Store is the only module that speaks SQL.
public final class BaselineDatabase: Sendable {
    private let pool: DatabasePool

    /// Opens a bare database with one table `t (id, case_id, body)`, creating the table
    /// unless `creating` is false (to measure an open alone).
    public init(path: String, creating: Bool = true) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: config)
        // After GRDB's WAL setup, which chooses NORMAL: the same durability as a tenant.
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        guard creating else { return }
        try pool.write { try $0.execute(sql: "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, case_id TEXT, body TEXT)") }
    }

    /// One single-row insert in its own durable transaction.
    public func insert(caseId: String, body: String) throws {
        try pool.write { try $0.execute(sql: "INSERT INTO t (case_id, body) VALUES (?, ?)", arguments: [caseId, body]) }
    }

    /// One query: how many rows the table holds.
    public func count() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM t") } ?? 0
    }

    public func close() throws {
        try pool.close()
    }
}

/// Data written for benchmarks only.
public enum BenchmarkFixtures {
    /// Writes `count` open cases copied from `template` as projection rows alone, without
    /// their events, a tenth of them overdue: a large case table for list benchmarks,
    /// fast. Never for real tenants — the archive does not hold these cases.
    public static func writeProjectionsOnly(copying template: CaseState, count: Int, in db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO case_record (id, profile_version, item, grid_id, status, position, office_level, lead, due_at, overdue,
                                     reported_at, version, last_hash, state) VALUES (?, ?, ?, ?, 'open', ?, ?, NULL, ?, ?, ?, 1, '', ?)
            """)
        for i in 0..<count {
            var state = template
            state.id = String(format: "bulk-%07d", i)
            state.status = .open
            state.overdue = i % 10 == 0
            state.dueAt = Date(timeIntervalSince1970: 1_750_000_000 + Double(i % 100_000) * 60)
            let json = String(decoding: try CaseStore.encoder.encode(state), as: UTF8.self)
            try statement.execute(arguments: [state.id, state.profileVersion.description, state.item, state.place.gridId, state.position,
                                              state.officeLevel, state.dueAt?.timeIntervalSince1970, state.overdue,
                                              state.reportedAt.timeIntervalSince1970, json])
        }
    }

    /// Writes evaluation facts for the `count` cases `writeProjectionsOnly` wrote: each
    /// reported at a time spread over the year from `start`, in one of `grids`; four in five
    /// ended (nine in ten of those on time), one in twenty returned, one in ten supervised.
    /// For evaluation benchmarks only.
    public static func writeFactsOnly(count: Int, grids: [Int64], departments: [String], start: Date, in db: Database) throws {
        let statement = try db.makeStatement(sql: """
            INSERT INTO case_fact (case_id, seq, kind, at, grid_id, department, worker, on_time, duration, good)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            """)
        let year = 365.0 * 86_400
        for i in 0..<count {
            let id = String(format: "bulk-%07d", i)
            let at = start.timeIntervalSince1970 + Double(i) / Double(max(count, 1)) * year
            let grid = grids[i % grids.count]
            let department = departments[i % departments.count]
            let worker = "W-\(i % 400)"
            try statement.execute(arguments: [id, 0, "reported", at, grid, nil, worker, nil, nil])
            if i % 5 != 0 {
                try statement.execute(arguments: [id, 6, "ended", at + 86_400, grid, department, worker, i % 10 != 1, Double(3_600 + (i % 97) * 600)])
            }
            if i % 20 == 3 { try statement.execute(arguments: [id, 3, "returned", at + 3_600, grid, department, worker, nil, nil]) }
            if i % 10 == 7 { try statement.execute(arguments: [id, 2, "supervised", at + 7_200, grid, nil, worker, nil, nil]) }
        }
    }

    /// Takes the outbox's trigger away, so the benchmark can measure what the outbox costs.
    public static func dropOutboxTrigger(in db: Database) throws {
        try db.execute(sql: "DROP TRIGGER case_event_outbox")
    }
}
