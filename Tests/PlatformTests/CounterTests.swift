import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Conditions and counters on transitions: reopening at most once within a period of the
/// case's end; after two failed checks, the county office supervises.
@Suite("Counters on transitions")
struct CounterTests {
    func limited() throws -> Tenant {
        try city("lhasa", version: "2023-11-01") { text in
            text.replacingOccurrences(of: "  reopen: {local: ", with: "  reopen: {max: 1, within: 15 days, local: ")
                .replacingOccurrences(of: "      on_fail: handle\n", with: "      on_fail: handle\n      escalate_after: {failures: 2, level: county}\n")
        }
    }

    func closedCase(_ lhasa: Tenant) async throws -> String {
        let id = try await lhasa.cases.report(item: "LS-04", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .resolveOnSite(note: "当场调解"), as: "LS-0003", at: time("2025-06-03 10:30"))
        _ = try await lhasa.cases.act(id, .close(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        return id
    }

    @Test("a case may be reopened once, and only within 15 days of its end")
    func reopenLimits() async throws {
        let lhasa = try limited()
        defer { try? lhasa.close() }
        let id = try await closedCase(lhasa)
        let reopened = try await lhasa.cases.act(id, .reopen(reason: "反映人称问题复发"), as: "LS-0006", at: time("2025-06-10 10:00"))
        #expect(reopened.state.reopens == 1)
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-10 10:30"))
        _ = try await lhasa.cases.act(id, .reject(reason: "已另案处理"), as: "LS-0006", at: time("2025-06-10 11:00"))
        #expect(await refusal { _ = try await lhasa.cases.act(id, .reopen(reason: "再次复发"), as: "LS-0006", at: time("2025-06-11 10:00")) }
            .first?.contains("at most 1 here [reopen-limit]") == true)
        // Nor is reopening offered any more.
        let kernel = Kernel(profile: try lhasa.profile(), calendar: WorkingCalendar(national: HolidayCalendar(), profile: try lhasa.profile().calendar))
        let closed = try lhasa.cases.view(id, history: false).state
        let actor = Participant(staffId: "LS-0006", name: "平措", posts: [Post(role: "office_staff", unitId: closed.place.units["township"], level: "township")])
        #expect(kernel.possibleSteps(on: closed, by: actor, at: time("2025-06-11 10:00")).isEmpty)
        let other = try await closedCase(lhasa)
        #expect(await refusal { _ = try await lhasa.cases.act(other, .reopen(reason: "复发"), as: "LS-0006", at: time("2025-06-20 10:00")) }
            .first?.contains("only within 15 days") == true)
    }

    @Test("after two failed on-site checks the case goes to the county office")
    func failedChecks() async throws {
        let lhasa = try limited()
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 11:00"))
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 11:30"))
        for round in 1...2 {
            _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "整改"), as: "LS-0007", at: time("2025-06-0\(3 + round) 10:00"))
            _ = try await lhasa.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: time("2025-06-0\(3 + round) 11:00"))
            let failed = try await lhasa.cases.act(id, .verify(passed: false, note: "隐患仍在"), as: "LS-0003", at: time("2025-06-0\(3 + round) 12:00"))
            #expect(failed.state.failures == round)
            #expect(failed.state.officeLevel == (round == 1 ? "township" : "county"))
        }
        #expect(try lhasa.cases.view(id).history?.last?.note?.contains("第2次核查未通过，移交县（区）督办") == true)
    }
}

/// A supervision chain: the county office supervises first; if the case is still overdue when
/// its time runs out, the county government summons the department.
@Suite("Supervision chains")
struct SupervisionChainTests {
    @Test("stage 1 when a case falls overdue, stage 2 when stage 1's time has run and it still is; acting takes it out of the chain")
    func chain() async throws {
        let tenant = try city("city2023", version: "2023-01-01") { text in
            text.replacingOccurrences(of: """
                    escalate: false
                    art: 第二十条第三款
                """, with: """
                    escalate: false
                    stages:
                      - {level: county, body: grid_office, action: 督办, time_limit: 3 workdays, art: 第二十条第三款}
                      - {level: county, body: government, action: 约谈承办部门负责人, art: 第二十条第三款}
                    art: 第二十条第三款
                """)
        }
        defer { try? tenant.close() }
        let id = try await tenant.cases.report(item: "CS-04", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        let first = try #require(try tenant.cases.sweep(at: time("2025-06-04 10:00")).first)
        #expect(first.state.supervisionStage == 1)
        #expect(try tenant.cases.view(id).history?.last?.note?.contains("第1级：") == true)
        #expect(try tenant.cases.sweep(at: time("2025-06-05 10:00")).isEmpty)  // stage 1 still has time
        let second = try #require(try tenant.cases.sweep(at: time("2025-06-10 10:00")).first)
        #expect(second.state.supervisionStage == 2)
        #expect(try tenant.cases.view(id).history?.last?.note?.contains("约谈承办部门负责人") == true)
        #expect(try tenant.cases.sweep(at: time("2025-06-20 10:00")).isEmpty)  // the last stage
        let accepted = try await tenant.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("2025-06-20 11:00"))
        #expect(accepted.state.supervisionStage == nil && !accepted.state.overdue)
    }
}
