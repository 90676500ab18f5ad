import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The catalogue is the boundary of a worker's duties: outside it a worker may refuse,
/// and no unit can override the refusal (yongzhou 第九条, changji 第十五条).
@Suite("Assignments to grid workers")
struct AssignmentTests {
    let at = time("2025-06-03 10:00")

    @Test("yongzhou: a worker refuses a task outside the catalogue; the refusal is recorded, reported, and final")
    func refusalIsFinal() throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        let given = try tenant.assignments.assign(worker: "YZ-0001", matter: "协助拆除违章建筑", as: "YZ-0004", at: at)
        #expect(given.assignment.isOutsideCatalogue && given.assignment.status == .assigned)
        let refused = try tenant.assignments.decide(assignment: given.assignment.id, .refuse(reason: "不在事项清单内"), as: "YZ-0001", at: at)
        #expect(refused.assignment.status == .refused)
        #expect(refused.assignment.refusalArticle == "永州市网格化服务管理规定 第九条第一款")
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .insist(note: "必须完成"), as: "YZ-0004", at: at) } == [
            "JB-2025-0001 is outside the catalogue and the worker refused it; no unit may require it (不得要求网格员办理) [refusal-final] — 永州市网格化服务管理规定 第九条第一款",
        ])
        #expect(refusal { _ = try tenant.assignments.assign(worker: "YZ-0001", matter: "协助拆除违章建筑", as: "YZ-0005", at: at) } == [
            "唐小燕 refused this matter in JB-2025-0001; it is outside the catalogue and no unit may require it [refusal-final] — 永州市网格化服务管理规定 第九条第一款",
        ])
        // The report of refusals the grid office reviews.
        #expect(try tenant.assignments.list(status: .refused).map(\.id) == ["JB-2025-0001"])
        #expect(try tenant.assignments.assignment("JB-2025-0001").history?.map(\.kind) == ["assign", "refuse"])
    }

    @Test("a task inside the catalogue is the worker's duty, and only the worker answers it")
    func insideTheCatalogue() throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        let given = try tenant.assignments.assign(worker: "YZ-0001", matter: "采集新入住人口信息", item: "YZ-02", as: "YZ-0004", at: at)
        #expect(given.assignment.itemRevision == 1)
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .refuse(reason: "太忙"), as: "YZ-0001", at: at) } == [
            "YZ-02 is in the catalogue (事项清单); handling it is the worker's duty [item-in-catalogue] — 永州市网格化服务管理规定 第九条第一款",
        ])
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .accept(note: nil), as: "YZ-0003", at: at) } == [
            "only the worker the task was given to (YZ-0001) may accept or refuse it [actor-role]",
        ])
        #expect(try tenant.assignments.decide(assignment: given.assignment.id, .accept(note: nil), as: "YZ-0001", at: at).assignment.status == .accepted)
    }

    @Test("changji: penalties are never assigned to workers, whoever asks (第十五条)")
    func forbiddenAssignment() throws {
        let tenant = try city("changji")
        defer { try? tenant.close() }
        #expect(refusal { _ = try tenant.assignments.assign(worker: "CJ-0002", matter: "对占道经营者罚款", category: "penalty", as: "CJ-0006", at: at) } == [
            "行政处罚 may never be assigned to grid workers [forbidden-category] — 昌吉回族自治州城乡网格化管理服务条例 第十五条",
        ])
        #expect(try tenant.assignments.list().isEmpty)
        #expect(refusal { _ = try tenant.assignments.assign(worker: "CJ-0006", matter: "排查", as: "CJ-0005", at: at) } == [
            "周军 (CJ-0006) holds no grid post; assignments go to grid staff [not-a-worker]",
        ])
    }

    @Test("luzhou: the ordinance gives workers no right to refuse, so the platform does not invent one")
    func noRefusalRight() throws {
        let tenant = try city("luzhou")
        defer { try? tenant.close() }
        let given = try tenant.assignments.assign(worker: "LZ-0001", matter: "协助社区活动布置", as: "LZ-0004", at: at)
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .refuse(reason: "清单外"), as: "LZ-0001", at: at) } == [
            "this ordinance gives workers no right to refuse matters outside the catalogue; raise it with the grid office [no-refusal-right] — 泸州市基层社会治理网格化服务管理条例 第十五条",
        ])
    }
}
