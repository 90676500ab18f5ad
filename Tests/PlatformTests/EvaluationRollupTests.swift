import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The figures of days that have ended are read from the rollup (whole months and days),
/// today's from the facts; a case written late for a day already rolled up counts at once.
@Suite("Evaluation's rollup")
struct EvaluationRollupTests {
    static let april = (from: Day("2025-04-01")!, to: Day("2025-04-30")!)

    @Test("whole months, days and today read together give the facts' figures; a case written late for a rolled-up day counts at once")
    func lateFacts() async throws {
        let lhasa = try await EvaluationTests.history()
        defer { try? lhasa.close() }
        /// Reports by grid, leaving out grids without any.
        func reported(_ from: Day, _ to: Day) throws -> [String: Double] {
            let rows = try lhasa.evaluation.figures(by: .grid, from: from, to: to, access: nil).rows
            return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row.values["reported"] ?? nil).flatMap { $0 > 0 ? (row.key, $0) : nil } })
        }
        let grid1 = "540102002001001", grid2 = "540102002001002"
        #expect(try reported(Self.april.from, Self.april.to) == [grid1: 3, grid2: 1])
        // Written today with an earlier clock: 04-30 is already in the rollup.
        _ = try await lhasa.cases.report(item: "LS-06", grid: grid2, as: "LS-0010", reporter: citizen, at: time("2025-04-30 12:00"))
        #expect(try reported(Self.april.from, Self.april.to) == [grid1: 3, grid2: 2])
        #expect(try reported(Day("2025-04-30")!, Day("2025-04-30")!) == [grid2: 1])
        // Today is read from the facts; the window runs from a month's middle to next year.
        _ = try await lhasa.cases.report(item: "LS-06", grid: grid1, as: "LS-0003", reporter: citizen)
        let today = Day.today()
        #expect(try reported(Day("2025-04-15")!, Day(year: today.year + 1, month: 12, day: 31)) == [grid1: 6, grid2: 2])
        // Derived again from the archive, rolled up again: the same figures.
        _ = try lhasa.evaluation.rebuildFacts()
        #expect(try reported(Day("2025-04-15")!, Day(year: today.year + 1, month: 12, day: 31)) == [grid1: 6, grid2: 2])
        #expect(try reported(Self.april.from, Self.april.to) == [grid1: 3, grid2: 2])
    }
}
