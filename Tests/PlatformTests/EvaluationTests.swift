import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Evaluation (考核评价) computed by hand on a small scripted Lhasa history across the 2025
/// May Day holiday (05-01 to 05-05 off; Sunday 04-27 a 调休 working day) and compared. Lhasa's
/// office hours are 09:30–13:00 and 15:30–18:00: six working hours a day.
@Suite("Evaluation figures against a history computed by hand")
struct EvaluationTests {
    /// Seven cases, each a kind of history:
    /// - A: resolved on the spot Fri 04-25 (1 working hour), reopened 05-08.
    /// - B: reported on Saturday, accepted on the 调休 Sunday, handled and returned by the
    ///   department as not its matter, dispatched again, closed Wed 04-30 10:00 — 0 + 6 + 6 + 6 + 0.5 = 18.5 working hours.
    /// - C: reported by a citizen through the platform in the second grid, accepted late
    ///   (due 16:30, taken 17:00), closed Wed 04-30 11:00 — 5.5 + 6 + 1.5 = 13 hours, not on time.
    /// - D: rejected (不予受理) an hour after its report: it ends, but is no closure.
    /// - F: escalated (逐级协调) on 05-06. G: never accepted; the sweep at 17:00 supervises it.
    static func history() async throws -> Tenant {
        let lhasa = try city("lhasa")
        // A worker for the second grid, who feeds back there.
        _ = try lhasa.staff.importStaff(csv: """
            id,name,birth_date,citizenship,phone,disqualifications,training_passed,role,unit,department,started_on
            LS-0010,达娃,1996-01-01,CN,13908901010,,,full_time_worker,540102002001002,,2023-11-01
            """, file: "staff.csv", on: day)
        let worker = "LS-0003", office = "LS-0006", department = "LS-0007"
        let grid1 = "540102002001001", grid2 = "540102002001002"
        func report(_ grid: String, _ at: String, as actor: String = worker) async throws -> String {
            try await lhasa.cases.report(item: "LS-06", grid: grid, as: actor, reporter: actor == "platform" ? Reporter(channel: .platform) : citizen,
                                         at: time(at)).state.id
        }
        func act(_ id: String, _ command: Command, _ actor: String, _ at: String) async throws {
            _ = try await lhasa.cases.act(id, command, as: actor, at: time(at))
        }
        func finish(_ id: String, handled: String, close: String, by worker: String = worker) async throws {
            try await act(id, .handle(unit: "public-security", result: "已处理"), department, handled)
            try await act(id, .feedBack(note: "已告知"), worker, handled.replacingOccurrences(of: "10:00", with: "16:00"))
            try await act(id, .skip(step: "verify", reason: "无需现场核实"), worker, handled.replacingOccurrences(of: "10:00", with: "17:00"))
            try await act(id, .close(note: nil), office, close)
        }
        let a = try await report(grid1, "2025-04-25 10:00")
        try await act(a, .resolveOnSite(note: "当场解决"), worker, "2025-04-25 10:30")
        try await act(a, .close(note: nil), office, "2025-04-25 11:00")

        let b = try await report(grid1, "2025-04-26 10:00")
        try await act(b, .accept(note: nil), office, "2025-04-27 10:00")
        try await act(b, .dispatch(lead: "public-security", participants: [], note: nil), office, "2025-04-27 10:30")
        try await act(b, .handle(unit: "public-security", result: "需其他部门办理"), department, "2025-04-28 09:40")
        try await act(b, .returnCase(reason: "不属本部门"), department, "2025-04-28 10:00")
        try await act(b, .dispatch(lead: "public-security", participants: [], note: nil), office, "2025-04-28 11:00")
        try await finish(b, handled: "2025-04-29 10:00", close: "2025-04-30 10:00")

        let c = try await report(grid2, "2025-04-28 10:00", as: "platform")
        try await act(c, .accept(note: nil), office, "2025-04-28 17:00")
        try await act(c, .dispatch(lead: "public-security", participants: [], note: nil), office, "2025-04-29 09:40")
        try await finish(c, handled: "2025-04-29 10:00", close: "2025-04-30 11:00", by: "LS-0010")

        let d = try await report(grid1, "2025-04-29 10:00")
        try await act(d, .accept(note: nil), office, "2025-04-29 10:30")
        try await act(d, .reject(reason: "不属于网格事项"), office, "2025-04-29 11:00")

        let f = try await report(grid1, "2025-05-06 10:00")
        try await act(f, .accept(note: nil), office, "2025-05-06 11:00")
        try await act(f, .escalate(note: "本级不能协调"), office, "2025-05-06 11:30")
        _ = try await report(grid1, "2025-05-06 10:00")
        _ = try lhasa.cases.sweep(at: time("2025-05-06 17:00"))
        try await act(a, .reopen(reason: "问题复发"), office, "2025-05-08 10:00")
        return lhasa
    }

    static let window = (from: Day("2025-04-25")!, to: Day("2025-05-10")!)

    /// The values of some indicators, in order (nil where there is nothing to divide).
    static func pick(_ values: [String: Double?], _ keys: String...) -> [Double?] { keys.map { values[$0] ?? nil } }

    @Test("the city's figures: reports, ends, on-time closures, working hours, returns, escalations, supervisions, reopenings, overdue")
    func cityFigures() async throws {
        let lhasa = try await Self.history()
        defer { try? lhasa.close() }
        let table = try lhasa.evaluation.figures(by: .city, from: Self.window.from, to: Self.window.to, access: nil)
        let values = try #require(table.rows.first?.values)
        #expect(values["reported"] == 6)
        #expect(values["ended"] == 4)                                  // A, B, C, D
        #expect(values["on_time"] == 100.0 * 2 / 3)                    // closures A and B on time, C late
        let average: Double = (1 + 18.5 + 13 + 1) / 4
        #expect(values["handling_avg"] == average)                     // working hours
        #expect(values["handling_p90"] == 18.5)                        // nearest rank: the 4th of 4
        #expect(Self.pick(values, "returned", "escalated", "supervised", "reopened") == [1, 1, 1, 1])
        #expect(values["overdue"] == 1)                                // G, marked by the sweep
        #expect(table.columns.first { $0.key == "on_time" }?.source == "拉萨市网格化服务管理条例 第十七条")
        #expect(table.columns.first { $0.key == "reported" }?.source?.hasPrefix("local: ") == true)
    }

    @Test("a window counts what happened in it; the grid, worker and department are those at the time")
    func scopes() async throws {
        let lhasa = try await Self.history()
        defer { try? lhasa.close() }
        let april = try lhasa.evaluation.figures(by: .city, from: Day("2025-04-01")!, to: Day("2025-04-30")!, access: nil).rows[0].values
        #expect(Self.pick(april, "reported", "ended", "reopened", "supervised") == [4, 4, 0, 0])
        let grids = try lhasa.evaluation.figures(by: .grid, from: Self.window.from, to: Self.window.to, access: nil).rows
        let first = try #require(grids.first { $0.key == "540102002001001" }?.values)
        let second = try #require(grids.first { $0.key == "540102002001002" }?.values)
        #expect(Self.pick(first, "reported", "ended", "on_time") == [5, 3, 100])
        #expect(Self.pick(second, "reported", "ended", "on_time") == [1, 1, 0])
        let workers = try lhasa.evaluation.figures(by: .worker, from: Self.window.from, to: Self.window.to, access: nil).rows
        #expect(workers.map(\.key) == ["LS-0003"])
        #expect(workers.first?.values["reported"] == 5)  // C came through the platform
        let departments = try lhasa.evaluation.figures(by: .department, from: Self.window.from, to: Self.window.to, access: nil).rows
        let police = try #require(departments.first { $0.key == "public-security" }?.values)
        #expect(Self.pick(police, "ended", "returned", "handling_avg") == [2, 1, (18.5 + 13) / 2])
        let offices = try lhasa.evaluation.figures(by: .office, from: Self.window.from, to: Self.window.to, access: nil).rows
        let community = offices.first { $0.name == "冲赛康社区" }?.values["reported"] ?? nil
        let other = offices.first { $0.name == "鲁固社区" }?.values["reported"] ?? nil
        #expect(community == 6 && other == 0)
        // The cases behind a figure.
        #expect(try lhasa.evaluation.cases(indicator: "returned", by: .department, row: "public-security", from: Self.window.from,
                                           to: Self.window.to, access: nil) == ["lhasa-2025-000002"])
        #expect(try lhasa.evaluation.cases(indicator: "overdue", by: .city, row: "lhasa", from: Self.window.from, to: Self.window.to,
                                           access: nil) == ["lhasa-2025-000006"])
    }

    @Test("callers see their own: a worker their figures and grids, a department its own, an office the units under it")
    func access() async throws {
        let lhasa = try await Self.history()
        defer { try? lhasa.close() }
        func scope(_ staff: String) throws -> Access { try lhasa.access.scope(for: try lhasa.access.caller(staff: staff)) }
        let mine = try lhasa.evaluation.figures(by: .worker, from: Self.window.from, to: Self.window.to, access: try scope("LS-0004")).rows
        #expect(mine.isEmpty)  // LS-0004 reported nothing
        #expect(refusal { _ = try lhasa.evaluation.figures(by: .office, from: Self.window.from, to: Self.window.to, access: try scope("LS-0003")) }
            .first?.contains("[forbidden]") == true)
        let police = try lhasa.evaluation.figures(by: .department, from: Self.window.from, to: Self.window.to, access: try scope("LS-0007")).rows
        #expect(police.map(\.key) == ["public-security"])
        let grids = try lhasa.evaluation.figures(by: .grid, from: Self.window.from, to: Self.window.to, access: try scope("LS-0003")).rows
        #expect(grids.map(\.key) == ["540102002001001"])
    }

    @Test("the facts kept with the events are the ones the archive gives again")
    func rebuild() async throws {
        let lhasa = try await Self.history()
        defer { try? lhasa.close() }
        let before = try lhasa.evaluation.figures(by: .grid, from: Self.window.from, to: Self.window.to, access: nil)
        #expect(try lhasa.evaluation.rebuildFacts() == 6)
        let after = try lhasa.evaluation.figures(by: .grid, from: Self.window.from, to: Self.window.to, access: nil)
        #expect(before.rows.map(\.values) == after.rows.map(\.values))
    }
}
