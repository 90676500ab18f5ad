import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// What a console offers each caller: the steps the kernel would let them take now.
@Suite("Possible steps of a case, per caller")
struct PossibleStepsTests {
    func access(_ tenant: Tenant, _ staffId: String) throws -> Access {
        let token = try tenant.access.issueToken(staff: staffId)
        return try tenant.access.scope(for: try tenant.access.authenticate(bearer: token.token))
    }

    @Test("Lhasa: the grid worker may resolve on the spot, the office may accept (第十七条); a department nothing yet")
    func lhasaAfterReport() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let view = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen)
        #expect(try lhasa.cases.possibleSteps(view, for: access(lhasa, "LS-0003")).map(\.key) == ["resolve_on_site"])
        #expect(try lhasa.cases.possibleSteps(view, for: access(lhasa, "LS-0006")).map(\.key) == ["accept"])
        #expect(try lhasa.cases.possibleSteps(view, for: access(lhasa, "LS-0007")).isEmpty)
    }

    @Test("Lhasa: once dispatched, the lead department may handle, once; a closed case may be reopened by the office")
    func lhasaDepartmentAndReopen() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen).state.id
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006")
        let dispatched = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006")
        let handle = try lhasa.cases.possibleSteps(dispatched, for: access(lhasa, "LS-0007"))
        #expect(handle.map(\.key) == ["handle"])
        #expect(handle.first?.article?.contains("第") == true)
        #expect(try lhasa.cases.possibleSteps(dispatched, for: access(lhasa, "LS-0003")).isEmpty)
        let solved = try await lhasa.cases.report(item: "LS-04", grid: "540102002001001", as: "LS-0003", reporter: citizen)
        _ = try await lhasa.cases.act(solved.state.id, .resolveOnSite(note: "当场调解"), as: "LS-0003")
        let closed = try await lhasa.cases.act(solved.state.id, .close(note: nil), as: "LS-0006")
        #expect(try lhasa.cases.possibleSteps(closed, for: access(lhasa, "LS-0006")).map(\.kind) == ["accept"])
        #expect(try lhasa.cases.possibleSteps(closed, for: access(lhasa, "LS-0003")).isEmpty)
    }
}
