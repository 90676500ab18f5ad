import Foundation
import GRDB
import Kernel
import Ordinance
import Platform
import Store

/// Evaluation at scale: a year of `rows` cases on Lhasa (projection rows and their facts
/// written in bulk, a tenth of the cases overdue), the figures by grid, by office and for
/// one month, next to a plain COUNT(*) over the same facts table in the same run.
func statsBench(root: URL, rows: Int) async throws {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-statsbench-\(UUID())")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let deployment = try Deployment(folder: scratch.appendingPathComponent("deployment"))
    _ = try deployment.onboard(key: "lhasa", profileFolder: root.appendingPathComponent("lhasa"))
    let lhasa = try deployment.open("lhasa")
    defer { try? lhasa.close() }
    _ = try lhasa.org.importUnits(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/units.csv"), encoding: .utf8), file: "units.csv")
    _ = try lhasa.staff.importStaff(csv: try String(contentsOf: root.appendingPathComponent("lhasa/sample/staff.csv"), encoding: .utf8), file: "staff.csv")
    let template = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: Reporter(channel: .worker)).state
    var shanghai = Calendar(identifier: .gregorian)
    shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let year = shanghai.date(from: DateComponents(year: 2025, month: 1, day: 1))!
    let grids = try await lhasa.database.pool.read { db in try OrgStore.grids(in: db).map(\.grid.unitId) }
    let start = DispatchTime.now().uptimeNanoseconds
    try await lhasa.database.pool.write { db in
        try BenchmarkFixtures.writeProjectionsOnly(copying: template, count: rows, in: db)
        try BenchmarkFixtures.writeFactsOnly(count: rows, grids: grids, departments: ["public-security", "civil-affairs"], start: year, in: db)
    }
    let written = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let facts = try await lhasa.database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM case_fact") ?? 0 }
    let rollUpStart = DispatchTime.now().uptimeNanoseconds
    try lhasa.evaluation.rollUp()
    let rolledUp = Double(DispatchTime.now().uptimeNanoseconds - rollUpStart) / 1e9
    let first = Day(year: 2025, month: 1, day: 1), last = Day(year: 2025, month: 12, day: 31)
    let countAll = try medianMilliseconds(7) { _ = try lhasa.database.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM case_fact") } }
    let byGrid = try medianMilliseconds(7) { _ = try lhasa.evaluation.figures(by: .grid, from: first, to: last, access: nil) }
    let byOffice = try medianMilliseconds(7) { _ = try lhasa.evaluation.figures(by: .office, from: first, to: last, access: nil) }
    let byDepartment = try medianMilliseconds(7) { _ = try lhasa.evaluation.figures(by: .department, from: first, to: last, access: nil) }
    let month = try medianMilliseconds(7) {
        _ = try lhasa.evaluation.figures(by: .grid, from: Day(year: 2025, month: 6, day: 1), to: Day(year: 2025, month: 6, day: 30), access: nil)
    }
    print(String(format: "evaluation over a year of %d cases (%d facts, %d overdue open; written in %.1f s), every indicator of Lhasa's profile:",
                 rows, facts, rows / 10, written))
    print(String(format: "  rollup by day and month built once, from nothing: %.1f s (then a day at a time, after midnight)", rolledUp))
    print(String(format: "  plain COUNT(*) over case_fact: %.0f ms (median of 7)", countAll))
    print(String(format: "  by grid for the year: %.0f ms = %.1f× COUNT(*)", byGrid, byGrid / countAll))
    print(String(format: "  by office: %.0f ms; by department: %.0f ms; by grid for one month: %.0f ms", byOffice, byDepartment, month))
}
