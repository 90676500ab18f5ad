import Foundation
import GRDB

/// Evaluation's rollup of `case_fact` (migration v13): the facts of each completed day and
/// month summed by grid, by worker within a grid, and by department, with the working
/// minutes of the ends as a histogram, so that a year's figures read a few thousand rows.
public enum FactRollupStore {
    /// What the facts are summed by. Grid and worker rows keep the grid, so a caller who sees
    /// only some grids still reads rows; department rows do not (grid 0).
    public enum Dimension: String, Sendable, CaseIterable {
        case grid, worker, department

        var keyColumn: String {
            switch self {
            case .grid: "''"
            case .worker: "coalesce(worker, '')"
            case .department: "coalesce(department, '')"
            }
        }

        var gridColumn: String { self == .department ? "0" : "grid_id" }
    }

    public enum Period: String, Sendable {
        case day = "d", month = "m"
    }

    /// How far the rollup reaches: every fact before `horizon` (a midnight in `zone`) is
    /// summed, except those recorded as dirty since.
    public struct State: Sendable, Equatable {
        public var horizon: Date
        public var zone: String

        public init(horizon: Date, zone: String) {
            self.horizon = horizon
            self.zone = zone
        }
    }

    public static func state(in db: Database) throws -> State? {
        try Row.fetchOne(db, sql: "SELECT horizon, zone FROM fact_rollup_state WHERE id = 1").map {
            State(horizon: Date(timeIntervalSince1970: $0[0]), zone: $0[1])
        }
    }

    public static func save(_ state: State, in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO fact_rollup_state (id, horizon, zone) VALUES (1, ?, ?)",
                       arguments: [state.horizon.timeIntervalSince1970, state.zone])
    }

    /// Forgets the whole rollup; the next refresh builds it again from the facts.
    public static func reset(in db: Database) throws {
        try db.execute(sql: "DELETE FROM fact_rollup; DELETE FROM fact_rollup_state; DELETE FROM fact_rollup_dirty")
    }

    /// Records facts written at `times` that fall before the horizon (a case written with an
    /// earlier clock, an import), so their days are read from the facts until rolled up again.
    static func markDirty(_ times: Set<Double>, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO fact_rollup_dirty (at) SELECT ?1 WHERE ?1 < (SELECT horizon FROM fact_rollup_state WHERE id = 1)
            """)
        for time in times { try statement.execute(arguments: [time]) }
    }

    /// When facts were written for days already rolled up.
    public static func dirty(in db: Database) throws -> [Date] {
        try Double.fetchAll(db, sql: "SELECT at FROM fact_rollup_dirty").map(Date.init(timeIntervalSince1970:))
    }

    /// Forgets the dirty marks of facts now rolled up.
    public static func clearDirty(_ times: [Date], in db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM fact_rollup_dirty WHERE at = ?")
        for time in times { try statement.execute(arguments: [time.timeIntervalSince1970]) }
    }

    /// When the earliest fact happened, if there is one (each kind's minimum is an index seek).
    public static func firstFact(in db: Database) throws -> Date? {
        let firsts = try CaseFactStore.kinds.compactMap { kind in
            try Double.fetchOne(db, sql: "SELECT min(at) FROM case_fact WHERE kind = ?", arguments: [kind])
        }
        return firsts.min().map(Date.init(timeIntervalSince1970:))
    }

    /// Sums the facts of [from, to) as the day starting at `from`, replacing its rows.
    public static func rollUpDay(from: Date, to: Date, in db: Database) throws {
        let window: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        let kinds = CaseFactStore.kinds.map { "'\($0)'" }.joined(separator: ",")
        for dimension in Dimension.allCases {
            try db.execute(sql: "DELETE FROM fact_rollup WHERE dimension = ? AND period = 'd' AND start = ?",
                           arguments: [dimension.rawValue, from.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO fact_rollup (dimension, period, start, key, grid_id, kind, count, timed, on_time, duration_sum, good)
                SELECT ?, 'd', ?, \(dimension.keyColumn), \(dimension.gridColumn), kind, count(*), count(on_time),
                       coalesce(sum(on_time), 0), coalesce(sum(duration), 0), coalesce(sum(good), 0)
                FROM case_fact WHERE kind IN (\(kinds)) AND at >= ? AND at < ?
                GROUP BY 4, 5, 6
                """, arguments: [dimension.rawValue, from.timeIntervalSince1970] + window)
            var histograms: [Cell: [Int: Int]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT \(dimension.keyColumn), \(dimension.gridColumn), CAST(duration / 60 AS INTEGER), count(*) FROM case_fact
                WHERE kind = 'ended' AND at >= ? AND at < ? AND duration IS NOT NULL GROUP BY 1, 2, 3
                """, arguments: window)
            while let row = try rows.next() {
                histograms[Cell(key: row[0], grid: row[1]), default: [:]][row[2]] = row[3]
            }
            try saveMinutes(histograms, dimension: dimension, period: .day, start: from, in: db)
        }
    }

    /// Sums the day rows of [from, to) as the month starting at `from`, replacing its rows.
    public static func rollUpMonth(from: Date, to: Date, in db: Database) throws {
        for dimension in Dimension.allCases {
            let arguments: StatementArguments = [dimension.rawValue, from.timeIntervalSince1970, to.timeIntervalSince1970]
            try db.execute(sql: "DELETE FROM fact_rollup WHERE dimension = ? AND period = 'm' AND start = ?",
                           arguments: [dimension.rawValue, from.timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO fact_rollup (dimension, period, start, key, grid_id, kind, count, timed, on_time, duration_sum, good)
                SELECT dimension, 'm', ?2, key, grid_id, kind, sum(count), sum(timed), sum(on_time), sum(duration_sum), sum(good)
                FROM fact_rollup WHERE dimension = ?1 AND period = 'd' AND start >= ?2 AND start < ?3
                GROUP BY key, grid_id, kind
                """, arguments: arguments)
            var histograms: [Cell: [Int: Int]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT key, grid_id, minutes FROM fact_rollup
                WHERE dimension = ?1 AND period = 'd' AND start >= ?2 AND start < ?3 AND kind = 'ended' AND minutes IS NOT NULL
                """, arguments: arguments)
            while let row = try rows.next() {
                MinuteHistogram.add(row[2], to: &histograms[Cell(key: row[0], grid: row[1]), default: [:]])
            }
            try saveMinutes(histograms, dimension: dimension, period: .month, start: from, in: db)
        }
    }

    private struct Cell: Hashable {
        var key: String
        var grid: Int64
    }

    private static func saveMinutes(_ histograms: [Cell: [Int: Int]], dimension: Dimension, period: Period, start: Date, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE fact_rollup SET minutes = ? WHERE dimension = ? AND period = ? AND start = ? AND key = ? AND grid_id = ? AND kind = 'ended'
            """)
        for (cell, histogram) in histograms {
            try statement.execute(arguments: [MinuteHistogram.encode(histogram), dimension.rawValue, period.rawValue,
                                              start.timeIntervalSince1970, cell.key, cell.grid])
        }
    }

    /// The rows of the periods starting at `starts`, summed by group and kind: the grid's id,
    /// the worker, or the department (nil for facts without one); only grids in `grids` when given.
    public static func totals(_ dimension: Dimension, period: Period, starts: [Date], grids: [Int64]?, in db: Database) throws -> [FactTotal] {
        guard !starts.isEmpty else { return [] }
        var (sql, arguments) = selection(dimension, period: period, starts: starts, grids: grids)
        sql = "SELECT \(groupColumn(dimension)), kind, sum(count), sum(timed), sum(on_time), sum(duration_sum), sum(good) " + sql + " GROUP BY 1, 2"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            FactTotal(group: group(row[0], dimension), kind: row[1], count: row[2], timed: row[3], onTime: row[4], durationSum: row[5], good: row[6])
        }
    }

    /// The working minutes of the ends in those periods, by group.
    public static func minutes(_ dimension: Dimension, period: Period, starts: [Date], grids: [Int64]?, in db: Database) throws -> [String?: [Int: Int]] {
        guard !starts.isEmpty else { return [:] }
        var (sql, arguments) = selection(dimension, period: period, starts: starts, grids: grids)
        sql = "SELECT \(groupColumn(dimension)), minutes " + sql + " AND kind = 'ended' AND minutes IS NOT NULL"
        var histograms: [String?: [Int: Int]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            MinuteHistogram.add(row[1], to: &histograms[group(row[0], dimension), default: [:]])
        }
        return histograms
    }

    private static func groupColumn(_ dimension: Dimension) -> String {
        dimension == .grid ? "CAST(grid_id AS TEXT)" : "key"
    }

    private static func group(_ value: String, _ dimension: Dimension) -> String? {
        dimension == .department && value.isEmpty ? nil : value
    }

    private static func selection(_ dimension: Dimension, period: Period, starts: [Date], grids: [Int64]?) -> (String, StatementArguments) {
        var sql = "FROM fact_rollup WHERE dimension = ? AND period = ? AND start IN (\(starts.map { _ in "?" }.joined(separator: ",")))"
        var arguments: StatementArguments = [dimension.rawValue, period.rawValue]
        _ = arguments.append(contentsOf: StatementArguments(starts.map(\.timeIntervalSince1970)))
        if let grids {
            sql += " AND grid_id IN (\(grids.map { _ in "?" }.joined(separator: ",")))"
            _ = arguments.append(contentsOf: StatementArguments(grids))
        }
        return (sql, arguments)
    }
}

/// Counts of working minutes, stored as pairs of little-endian 32-bit integers (minute,
/// count). Hand-written: eight bytes a pair is all it takes, and no library on the list
/// packs integer pairs.
enum MinuteHistogram {
    static func encode(_ histogram: [Int: Int]) -> Data {
        var data = Data(capacity: histogram.count * 8)
        for (minute, count) in histogram.sorted(by: { $0.key < $1.key }) {
            withUnsafeBytes(of: Int32(clamping: minute).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: Int32(clamping: count).littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Adds the pairs of `data` to `histogram`; a truncated tail is ignored.
    static func add(_ data: Data, to histogram: inout [Int: Int]) {
        let bytes = [UInt8](data)
        var offset = 0
        while offset + 8 <= bytes.count {
            histogram[Int(int32(bytes, offset)), default: 0] += Int(int32(bytes, offset + 4))
            offset += 8
        }
    }

    private static func int32(_ bytes: [UInt8], _ offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
    }
}
