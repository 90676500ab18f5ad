import Foundation
import Testing
import Kernel
import Platform

/// Case reads that the server answers from memory (decoded and named once per version)
/// still look at the file every time, so a change written by another process — the CLI on
/// the same tenant — is shown at once, never a stale version.
@Suite("Case reads")
struct CaseReadTests {
    @Test("the server shows a version the CLI wrote after the server had cached the case")
    func changeByAnotherProcess() async throws {
        let deployment = try deployment(with: ["lhasa"])
        let server = try deployment.open("lhasa")
        defer { try? server.close() }
        _ = try server.org.importUnits(csv: try sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try server.staff.importStaff(csv: try sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        let id = try await server.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        let before = try server.cases.view(id, history: false)
        #expect(before.state.version == 1)

        // A second opening of the tenant has its own connections and caches, as the CLI does.
        let cli = try deployment.open("lhasa")
        defer { try? cli.close() }
        _ = try await cli.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:30"))

        let shown = try server.cases.view(id, history: false)
        #expect(shown.state.version == 2)
        #expect(shown.pending.map(\.key) != before.pending.map(\.key))
        #expect(try server.cases.view(id).history?.count == 2)
    }

    @Test("a closed tenant answers no reads, from memory or not")
    func closedTenant() async throws {
        let tenant = try city("lhasa")
        let id = try await tenant.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        _ = try tenant.cases.view(id, history: false)
        try tenant.close()
        #expect(throws: (any Error).self) { try tenant.cases.view(id, history: false) }
    }
}
