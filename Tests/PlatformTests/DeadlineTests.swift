import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Deadlines that act, and no case stuck by one: an action taken late is recorded as late,
/// a deadline that closes its step moves the case on as the profile says.
@Suite("Deadlines")
struct DeadlineTests {
    /// Each city's usual path, every step taken three weeks after the last, the sweep run in between.
    static let paths: [(city: String, item: String, grid: String, steps: [(Command, String)])] = [
        ("city2023", "CS-04", "990102001001001", [(.accept(note: nil), "CS-0004"), (.dispatch(lead: "public-security", participants: [], note: nil), "CS-0004"),
                                                   (.handle(unit: "public-security", result: "已办结"), "CS-0005"), (.feedBack(note: "已反馈"), "CS-0005"),
                                                   (.close(note: nil), "CS-0004")]),
        ("changji", "CJ-05", "652301001001001", [(.accept(note: nil), "CJ-0005"), (.dispatch(lead: "public-security", participants: [], note: nil), "CJ-0005"),
                                                  (.handle(unit: "public-security", result: "已办结"), "CJ-0006"), (.feedBack(note: "已反馈"), "CJ-0006"),
                                                  (.close(note: nil), "CJ-0005")]),
        ("luzhou", "LZ-04", "510502001001001", [(.accept(note: nil), "LZ-0004"), (.dispatch(lead: "emergency-management", participants: [], note: nil), "LZ-0004"),
                                                 (.handle(unit: "emergency-management", result: "已办结"), "LZ-0005"), (.feedBack(note: "已反馈"), "LZ-0005"),
                                                 (.close(note: nil), "LZ-0004")]),
        ("lhasa", "LS-06", "540102002001001", [(.accept(note: nil), "LS-0006"), (.dispatch(lead: "public-security", participants: [], note: nil), "LS-0006"),
                                                (.handle(unit: "public-security", result: "已办结"), "LS-0007"), (.feedBack(note: "已反馈"), "LS-0003"),
                                                (.verify(passed: true, note: nil), "LS-0003"), (.close(note: nil), "LS-0006")]),
        ("yongzhou", "YZ-07", "YZ-431102001001-01", [(.accept(note: nil), "YZ-0011"), (.dispatch(lead: "housing-construction", participants: [], note: nil), "YZ-0011"),
                                                      (.handle(unit: "housing-construction", result: "已办结"), "YZ-0005"), (.feedBack(note: "已反馈"), "YZ-0005"),
                                                      (.close(note: nil), "YZ-0011")]),
    ]

    @Test("in each of the five cities, a case whose every deadline passes is supervised and still reaches close, each late step recorded as late",
          arguments: 0..<5)
    func everyDeadlinePasses(index: Int) async throws {
        let path = Self.paths[index]
        let tenant = try city(path.city)
        defer { try? tenant.close() }
        if path.city == "yongzhou" {
            let earlier = Day("2025-01-01")!
            _ = try tenant.staff.addPerson(id: "YZ-0011", name: "区平台", birthDate: nil, citizenship: nil, phone: nil, on: earlier)
            _ = try tenant.staff.appoint("YZ-0011", role: "platform_staff", unit: "431102001000", department: nil, on: earlier)
        }
        var at = time("2025-03-03 10:00")
        let reporter = path.city == "lhasa" ? "LS-0003" : path.city == "changji" ? "CJ-0002" : path.city == "city2023" ? "CS-0001"
            : path.city == "luzhou" ? "LZ-0001" : "YZ-0001"
        let id = try await tenant.cases.report(item: path.item, grid: path.grid, as: reporter, reporter: citizen, at: at).state.id
        for (command, actor) in path.steps {
            at = at.addingTimeInterval(21 * 86_400)
            _ = try tenant.cases.sweep(at: at.addingTimeInterval(-60))
            _ = try await tenant.cases.act(id, command, as: actor, at: at)
        }
        let view = try tenant.cases.view(id)
        #expect(view.state.status == .closed, "\(path.city)")
        let history = view.history ?? []
        #expect(history.contains { $0.kind == "supervise" }, "\(path.city)")
        #expect(history.filter { $0.late != nil }.count >= 3, "\(path.city)")
    }

    /// Luzhou with a local rule of deemed acceptance: the community office that does not accept
    /// within its limit is taken to have accepted, and notified; acting after the deadline is refused.
    func deemedAcceptance() throws -> Tenant {
        try city("luzhou", version: "2024-10-01") { text in
            text.replacingOccurrences(of: """
                      next: [dispatch, escalate, refer_to_meeting, reject]
                      art: 第十六条
                """, with: """
                      next: [dispatch, escalate, refer_to_meeting, reject]
                      deadline:
                        late: closes
                        actions: [supervise, {notify: [office_staff]}, {deem: accept}]
                        local: 本地实施办法：村（社区）网格化工作机构逾期未受理的，视为受理
                      art: 第十六条
                """)
        }
    }

    @Test("a deadline that closes its step: acting after it is refused; the sweep deems the step taken, notifies, and the case goes on")
    func deemed() async throws {
        let luzhou = try deemedAcceptance()
        defer { try? luzhou.close() }
        let reported = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, at: time("2025-06-03 10:00"))
        let id = reported.state.id
        #expect(await refusal { _ = try await luzhou.cases.act(id, .accept(note: nil), as: "LZ-0004", at: time("2025-06-10 10:00")) }
            .first?.contains("[deadline-passed]") == true)
        let swept = try luzhou.cases.sweep(at: time("2025-06-10 10:00"))
        #expect(swept.first?.pending.map(\.key) == ["dispatch", "escalate", "refer_to_meeting", "reject"])
        let event = try #require(try luzhou.cases.view(id).history?.last)
        #expect(event.kind == "deem" && event.actor == "system")
        #expect(event.article == "local: 本地实施办法：村（社区）网格化工作机构逾期未受理的，视为受理")
        #expect(event.note?.contains("视为已完成「村社区受理」") == true && event.note?.contains("通知：") == true)
        // Idempotent: the sweep run again at the same time changes nothing.
        #expect(try luzhou.cases.sweep(at: time("2025-06-10 10:00")).isEmpty)
        let dispatched = try await luzhou.cases.act(id, .dispatch(lead: "emergency-management", participants: [], note: nil), as: "LZ-0004",
                                                    at: time("2025-06-10 11:00"))
        #expect(dispatched.pending.map(\.key) == ["handle"])
    }

    @Test("a conditional step (需要反馈的) is required only when its condition holds; otherwise the case passes it by")
    func conditionalStep() async throws {
        let luzhou = try city("luzhou", version: "2024-10-01") { text in
            text.replacingOccurrences(of: """
                      to: office
                      time_limit: 1 workday
                """, with: """
                      to: office
                      when: {emergency: false}
                      time_limit: 1 workday
                """)
        }
        defer { try? luzhou.close() }
        let usual = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, at: time("2025-06-03 10:00"))
        _ = try await luzhou.cases.act(usual.state.id, .accept(note: nil), as: "LZ-0004", at: time("2025-06-03 10:30"))
        _ = try await luzhou.cases.act(usual.state.id, .dispatch(lead: "emergency-management", participants: [], note: nil), as: "LZ-0004", at: time("2025-06-03 11:00"))
        let handled = try await luzhou.cases.act(usual.state.id, .handle(unit: "emergency-management", result: "已处置"), as: "LZ-0005", at: time("2025-06-03 15:00"))
        #expect(handled.pending.map(\.key) == ["feedback", "return_to_office"])
        // An emergency goes straight to the department (第十六条) and, by this rule, needs no feedback to the office.
        let urgent = try await luzhou.cases.report(item: "LZ-04", grid: "510502001001001", as: "LZ-0001", reporter: citizen, emergency: true,
                                                   at: time("2025-06-03 10:05"))
        let done = try await luzhou.cases.act(urgent.state.id, .handle(unit: "emergency-management", result: "已处置"), as: "LZ-0005", at: time("2025-06-03 11:00"))
        #expect(done.pending.map(\.key) == ["close", "return_to_office"])
    }
}
