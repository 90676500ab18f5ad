import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Declared periods: while flood season is declared, its time limits apply; ended, the usual ones again.
@Suite("Declared periods")
struct PeriodTests {
    func floodCity() throws -> Tenant {
        try city("lhasa", version: "2023-11-01") { text in
            text.replacingOccurrences(of: "\ndepartments:", with: """

                periods:
                  - key: flood_season
                    name: {zh: 汛期, bo: ཆུ་ལོག་དུས་ཚོད།}
                    declared_by: {level: county, body: grid_office, art: 第十七条第一款}
                    overrides:
                      - {steps: [accept], time_limit: 1 workhours}
                      - {items: [LS-06], time_limit: 24h}
                    local: 本地防汛应急预案：汛期内受理和安全隐患处置时限缩短

                departments:
                """)
        }
    }

    @Test("the county office declares flood season; reports then get its shorter limits, until it ends; others may not declare it")
    func floodSeason() async throws {
        let lhasa = try floodCity()
        defer { try? lhasa.close() }
        let before = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00"))
        #expect(show(before.state.dueAt) == "2025-06-03 16:30")  // accept within 4 workhours
        #expect(refusal { _ = try lhasa.periods.declare("flood_season", as: "LS-0006", at: time("2025-06-03 11:00")) }
            .first?.contains("[actor-role]") == true)
        #expect(refusal { _ = try lhasa.periods.declare("typhoon", as: "LS-0009") }.first?.contains("[unknown-period]") == true)
        let declared = try lhasa.periods.declare("flood_season", note: "城关区防汛指挥部启动应急响应", as: "LS-0009", at: time("2025-06-03 11:00"))
        #expect(refusal { _ = try lhasa.periods.declare("flood_season", as: "LS-0009", at: time("2025-06-03 11:05")) }
            .first?.contains("[period-in-force]") == true)
        let during = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 11:30"))
        #expect(show(during.state.dueAt) == "2025-06-03 12:30")  // accept within 1 workhour
        _ = try await lhasa.cases.act(during.state.id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 12:00"))
        let dispatched = try await lhasa.cases.act(during.state.id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006",
                                                   at: time("2025-06-03 12:10"))
        #expect(show(dispatched.state.dueAt) == "2025-06-04 12:10")  // LS-06 within 24 hours instead of 2 workdays
        _ = try lhasa.periods.end(declared.id, as: "LS-0009", at: time("2025-06-10 09:00"))
        let after = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-10 10:00"))
        #expect(show(after.state.dueAt) == "2025-06-10 16:30")
        #expect(try lhasa.periods.list().map(\.status) == [.ended])
    }
}
