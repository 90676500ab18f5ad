import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// The catalogue is the boundary of a worker's duties. Where the text lets the worker
/// decline what is outside it (yongzhou 第九条), the refusal is final; where it bans anyone
/// from requiring it (changji 第十五条, lhasa 第二十二条第二款, city2023 第十九条第四款), such a
/// task is never recorded, save under the text's own exception.
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
        // Rewording the spacing, punctuation or width of the matter does not dodge the refusal.
        for reworded in ["协助 拆除违章建筑。", "协助拆除　违章建筑！", " 协助拆除违章建筑\n"] {
            #expect(refusal { _ = try tenant.assignments.assign(worker: "YZ-0001", matter: reworded, as: "YZ-0005", at: at) }.first?.contains("[refusal-final]") == true)
        }
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
        // No article grants the right, so the refusal cites none (not 第十五条, which is about the catalogue).
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .refuse(reason: "清单外"), as: "LZ-0001", at: at) } == [
            "this ordinance gives workers no right to refuse matters outside the catalogue; raise it with the grid office [no-refusal-right]",
        ])
    }

    @Test("changji and lhasa ban requiring off-catalogue work: the task is refused before it reaches the worker, with no exception to plead",
          arguments: [("changji", "CJ-0002", "CJ-0006", "昌吉回族自治州城乡网格化管理服务条例 第十五条第一项"),
                      ("lhasa", "LS-0003", "LS-0006", "拉萨市网格化服务管理条例 第二十二条第二款")])
    func bannedOutright(key: String, worker: String, unit: String, article: String) throws {
        let tenant = try city(key)
        defer { try? tenant.close() }
        #expect(refusal { _ = try tenant.assignments.assign(worker: worker, matter: "协助催缴物业费", as: unit, at: at) } == [
            "「协助催缴物业费」 is not in the catalogue (事项清单), and no unit or person may require it of a grid worker [outside-catalogue] — \(article)",
        ])
        #expect(refusal { _ = try tenant.assignments.assign(worker: worker, matter: "协助催缴物业费", legalBasis: "《物业管理条例》第四十一条", as: unit, at: at) } == [
            "「协助催缴物业费」 is not in the catalogue (事项清单), and no unit or person may require it of a grid worker; this ordinance admits no exception [outside-catalogue] — \(article)",
        ])
        #expect(try tenant.assignments.list().isEmpty)
    }

    @Test("city2023: off-catalogue work may be required only where another law requires it (第十九条第四款 法律、法规另有规定的除外), and then it is not the worker's to refuse")
    func bannedWithException() throws {
        let tenant = try city("city2023")
        defer { try? tenant.close() }
        #expect(refusal { _ = try tenant.assignments.assign(worker: "CS-0001", matter: "协助人口普查入户登记", as: "CS-0004", at: at) } == [
            "「协助人口普查入户登记」 is not in the catalogue (事项清单), and no unit or person may require it of a grid worker unless another law or regulation requires it (法律、法规另有规定的除外); cite that provision with the task [outside-catalogue] — 社会治理网格化服务管理条例 第十九条第四款",
        ])
        let given = try tenant.assignments.assign(worker: "CS-0001", matter: "协助人口普查入户登记", legalBasis: "《全国人口普查条例》第十八条", as: "CS-0004", at: at)
        #expect(given.assignment.legalBasis == "《全国人口普查条例》第十八条")
        #expect(refusal { _ = try tenant.assignments.decide(assignment: given.assignment.id, .refuse(reason: "清单外"), as: "CS-0001", at: at) } == [
            "the task was given under 《全国人口普查条例》第十八条, which the ordinance's exception admits; raise it with the grid office [no-refusal-right]",
        ])
    }
}
