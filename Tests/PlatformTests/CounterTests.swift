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
