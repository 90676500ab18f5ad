import Foundation
import GRDB
import Testing
import Kernel
import Ordinance
import Platform
import Store

/// Commands the law does not allow are refused with the reason and article, and nothing is written.
@Suite("Case refusals")
struct CaseRefusalTests {
    /// Runs `body`, expecting a refusal, and checks the case did not change at all.
    private func refusedWithoutChange(_ tenant: Tenant, _ id: String, _ body: () async throws -> Void) async throws -> [String] {
        let before = try tenant.cases.view(id)
        let messages = await refusal(body)
        let after = try tenant.cases.view(id)
        #expect(after.state == before.state)
        #expect(after.history == before.history)
        return messages
    }

    @Test("illegal transitions, actors without the role, a dispatch with no lead")
    func lhasaRefusals() async throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let id = try await lhasa.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: time("2025-06-03 10:00")).state.id
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .close(note: nil), as: "LS-0006", at: time("2025-06-03 10:10")) }
            == ["case lhasa-2025-000001 is past 'report'; it cannot be close now (next: resolve_on_site (当场解决), accept (受理)) [illegal-transition] — 拉萨市网格化服务管理条例 第十七条第一款"])
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0003", at: time("2025-06-03 10:10")) }
            == ["扎西 (LS-0003) is not 网格化工作机构工作人员 at 八廓街道, who may 受理 here [actor-role] — 拉萨市网格化服务管理条例 第二十五条第二款"])
        _ = try await lhasa.cases.act(id, .accept(note: nil), as: "LS-0006", at: time("2025-06-03 10:20"))
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .dispatch(lead: "", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 10:30")) }
            == ["a dispatch names one lead unit (牵头单位) [dispatch-lead] — 拉萨市网格化服务管理条例 第十七条第一款"])
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .dispatch(lead: "fire", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 10:30")) }
            == ["no department 'fire' in the profile [unknown-department] — 拉萨市网格化服务管理条例 第十七条第一款"])
        _ = try await lhasa.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: time("2025-06-03 10:40"))
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .handle(unit: "civil-affairs", result: "x"), as: "LS-0007", at: time("2025-06-03 11:00")) }
            == ["civil-affairs was not dispatched this case (units: public-security) [handle-unit] — 拉萨市网格化服务管理条例 第十七条第二款"])
        #expect(try await refusedWithoutChange(lhasa, id) { _ = try await lhasa.cases.act(id, .handle(unit: "public-security", result: "x"), as: "LS-0003", at: time("2025-06-03 11:00")) }
            == ["扎西 (LS-0003) is not 承办部门工作人员 at public-security, who may 办理 here [actor-role] — 拉萨市网格化服务管理条例 第十七条第二款"])
        #expect(await refusal { _ = try await lhasa.cases.act(id, .accept(note: nil), as: "nobody", at: time("2025-06-03 11:00")) }
            == ["--as: no staff with id 'nobody' [unknown-staff]"])
        #expect(await refusal { _ = try await lhasa.cases.act("lhasa-2025-999999", .accept(note: nil), as: "LS-0006") }
            == ["no case 'lhasa-2025-999999' [unknown-case]"])
    }

    @Test("unknown items and forbidden categories where the profile has no triage (Luzhou 第十五条); reports from someone not serving in the grid")
    func reportRefusals() async throws {
        let luzhou = try city("luzhou")
        defer { try? luzhou.close() }
        #expect(await refusal { _ = try await luzhou.cases.report(item: "LZ-99", grid: "510502001001001", as: "LZ-0001", reporter: citizen, category: "penalty", at: time("2025-06-03 12:00")) }
            == ["行政处罚 may never be assigned to grid workers [forbidden-category] — 泸州市基层社会治理网格化服务管理条例 第十五条"])
        #expect(await refusal { _ = try await luzhou.cases.report(item: "LZ-99", grid: "510502001001001", as: "LZ-0001", reporter: citizen, at: time("2025-06-03 12:00")) }
            == ["item LZ-99 is not in the catalogue (事项清单) [item-outside-catalogue] — 泸州市基层社会治理网格化服务管理条例 第十五条"])
        #expect(try luzhou.cases.list().isEmpty)

        let changji = try city("changji")
        defer { try? changji.close() }
        #expect(await refusal { _ = try await changji.cases.report(item: "CJ-02", grid: "652301001001002", as: "CJ-0002", reporter: citizen, at: time("2025-06-03 12:00")) }
            == ["古丽娜尔 (CJ-0002) is not 网格长 or 专职网格员 or 兼职网格员 at 延安南路社区第二网格, who may 提出需求或者报告 here [actor-role] — 昌吉回族自治州城乡网格化管理服务条例 第二十三条第一款"])
        #expect(await refusal { _ = try await changji.cases.report(item: "CJ-02", grid: "652301001001", as: "CJ-0002", reporter: citizen, at: time("2025-06-03 12:00")) }
            == ["--grid: '延安南路社区' is not a grid; matters are reported in a grid [not-a-grid]"])
        #expect(try changji.cases.list().isEmpty)
    }
}
