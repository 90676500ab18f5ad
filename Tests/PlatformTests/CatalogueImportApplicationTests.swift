import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Imports are applications: the grid office that compiles the catalogue prepares them,
/// whoever decides applications sees old → new and decides, and an approved change can be
/// reverted by a new one. Nothing decided later is silently undone.
@Suite("Catalogue imports as applications")
struct CatalogueImportApplicationTests {
    let at = time("2025-06-03 10:00")

    /// Lhasa's export with LS-02's time limit (its sixth column) set to `limit`.
    func edited(_ tenant: Tenant, limit: String) throws -> String {
        try tenant.catalogue.export(as: .csv).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("LS-02,") else { return String(line) }
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[5] = limit
            return cells.joined(separator: ",")
        }.joined(separator: "\n")
    }

    @Test("yongzhou: the county grid office prepares, the county government approves, the office reverts it, all in the item's history (第九条第一款)")
    func prepareApproveRevert() throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        let original = try tenant.catalogue.export(as: .csv)
        let edited = original.split(separator: "\n").enumerated().map { index, line in
            index == 1 ? line.replacingOccurrences(of: "workdays", with: "days") : String(line)
        }.joined(separator: "\n") + "\n"
        let code = String(original.split(separator: "\n")[1].prefix { $0 != "," })

        // The township's platform staff do not compile Yongzhou's catalogue; the county's do.
        #expect(refusal { _ = try tenant.catalogue.importItems(edited, file: "c.csv", as: .csv, by: "YZ-0004", reason: "调整", dryRun: true, at: at) }
            .first?.contains("[actor-role]") == true)
        let prepared = try #require(try tenant.catalogue.importItems(edited, file: "c.csv", as: .csv, by: "YZ-0007", reason: "调整时限", at: at).application)
        let view = try tenant.catalogue.importApplication(prepared.id)
        #expect(view.application.changes.map(\.code) == [code] && view.stale.isEmpty)
        #expect(view.application.changes[0].fields.count == 1 && view.application.changes[0].fields[0].field == "time_limit")
        // The office cannot decide what it prepared.
        #expect(refusal { _ = try tenant.catalogue.decideImport(prepared.id, .approve(note: nil), as: "YZ-0007", at: at) }.first?.contains("[actor-role]") == true)
        _ = try tenant.catalogue.decideImport(prepared.id, .approve(note: "同意"), as: "YZ-0006", at: at)
        #expect(try tenant.catalogue.export(as: .csv) == edited)

        let revert = try tenant.catalogue.revert(prepared.id, by: "YZ-0007", reason: "恢复原时限", at: at.addingTimeInterval(60))
        #expect(revert.application.reverts == prepared.id && revert.application.status == .pending)
        #expect(revert.application.changes[0].fields.map { "\($0.old) → \($0.new)" } == view.application.changes[0].fields.map { "\($0.new) → \($0.old)" })
        _ = try tenant.catalogue.decideImport(revert.application.id, .approve(note: nil), as: "YZ-0006", at: at.addingTimeInterval(120))
        #expect(try tenant.catalogue.export(as: .csv) == original)
        #expect(try tenant.catalogue.item(code).history.map { "r\($0.entry.revision) \($0.action) \($0.requestedBy)/\($0.decidedBy ?? "-") \($0.applicationId ?? "-")" } == [
            "r1 seed profile/- -",
            "r2 amend YZ-0007/YZ-0006 \(prepared.id)",
            "r3 amend YZ-0007/YZ-0006 \(revert.application.id)",
        ])
        #expect(try tenant.catalogue.importApplication(revert.application.id).history?.map(\.kind) == ["submit", "approve"])
    }

    @Test("an import prepared before an application was approved cannot be approved until it is refreshed, and then keeps the application's change")
    func staleImport() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let prepared = try #require(try tenant.catalogue.importItems(try edited(tenant, limit: "3 workdays"), file: "c.csv", as: .csv, by: "LS-0009",
                                                                     reason: "年度调整", at: at).application)
        // Meanwhile the public security department's application renames LS-02 and is approved.
        let renamed = try tenant.catalogue.apply(.init(action: .amend, code: "LS-02", names: ["zh": "人口房屋基础数据采集更新和核查"], reason: "更名"), as: "LS-0007", at: at)
        _ = try tenant.catalogue.decide(application: renamed.application.id, .approve(note: nil), as: "LS-0008", at: at)

        #expect(try tenant.catalogue.importApplication(prepared.id).stale == ["LS-02"])
        #expect(refusal { _ = try tenant.catalogue.decideImport(prepared.id, .approve(note: nil), as: "LS-0008", at: at) } == [
            "import \(prepared.id) was prepared against items that have changed since: LS-02 (r1 then, r2 now); refresh it, so that whoever decides sees what it changes now [stale-application] — 拉萨市网格化服务管理条例 第二十二条第一款",
        ])
        let refreshed = try tenant.catalogue.decideImport(prepared.id, .refresh, as: "LS-0009", at: at)
        #expect(refreshed.stale.isEmpty && refreshed.application.changes.map { "\($0.code) r\($0.base)" } == ["LS-02 r2"])
        // The file's name for LS-02 is the old one: the refresh shows the decider that it would be put back.
        #expect(refreshed.application.changes[0].fields.map(\.field) == ["name.zh", "time_limit"])
        _ = try tenant.catalogue.decideImport(prepared.id, .approve(note: nil), as: "LS-0008", at: at)
        #expect(try tenant.catalogue.item("LS-02").entry.revision == 3)
    }

    @Test("an application filed before an import and approved after it must be refreshed first: the import's change is not silently undone")
    func staleApplication() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let application = try tenant.catalogue.apply(.init(action: .amend, code: "LS-02", names: ["zh": "人口房屋基础数据采集更新和核查"], reason: "更名"), as: "LS-0007", at: at)
        #expect(application.changes.map(\.description) == ["name.zh: 人口房屋基础数据采集更新 → 人口房屋基础数据采集更新和核查"])
        let prepared = try #require(try tenant.catalogue.importItems(try edited(tenant, limit: "3 workdays"), file: "c.csv", as: .csv, by: "LS-0009",
                                                                     reason: "年度调整", at: at).application)
        _ = try tenant.catalogue.decideImport(prepared.id, .approve(note: nil), as: "LS-0008", at: at)

        #expect(try tenant.catalogue.application(application.application.id).stale)
        #expect(refusal { _ = try tenant.catalogue.decide(application: application.application.id, .approve(note: nil), as: "LS-0008", at: at) }
            .first?.contains("[stale-application]") == true)
        _ = try tenant.catalogue.decide(application: application.application.id, .refresh, as: "LS-0007", at: at)
        _ = try tenant.catalogue.decide(application: application.application.id, .approve(note: nil), as: "LS-0008", at: at)
        let item = try tenant.catalogue.item("LS-02").entry
        #expect(item.names["zh"] == "人口房屋基础数据采集更新和核查" && item.timeLimit.description == "3 workdays")
    }

    @Test("lhasa: an import that only withdraws items is an exit by notification, in effect once the office records it (第二十二条第三款)")
    func withdrawalByNotification() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let csv = try tenant.catalogue.export(as: .csv).split(separator: "\n").filter { !$0.hasPrefix("LS-08,") }.joined(separator: "\n")
        let report = try tenant.catalogue.importItems(csv, file: "c.csv", as: .csv, by: "LS-0009", reason: "不再列入", at: at)
        #expect(report.application?.status == .notified && report.application?.pending == [])
        #expect(try !tenant.catalogue.items().contains { $0.code == "LS-08" })
    }

    @Test("a pending import is withdrawn by the office or refused by the decider, and changes nothing")
    func withdrawnOrRefused() throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        let before = try tenant.catalogue.history()
        let first = try #require(try tenant.catalogue.importItems(try edited(tenant, limit: "3 workdays"), file: "c.csv", as: .csv, by: "LS-0009", reason: "调整", at: at).application)
        _ = try tenant.catalogue.decideImport(first.id, .withdraw(reason: "文件有误"), as: "LS-0009", at: at)
        let second = try #require(try tenant.catalogue.importItems(try edited(tenant, limit: "4 workdays"), file: "c.csv", as: .csv, by: "LS-0009", reason: "调整", at: at).application)
        _ = try tenant.catalogue.decideImport(second.id, .refuse(reason: "时限过短"), as: "LS-0008", at: at)
        #expect(try tenant.catalogue.history() == before)
        #expect(try tenant.catalogue.imports().map(\.status) == [.refused, .withdrawn])
        #expect(refusal { _ = try tenant.catalogue.revert(second.id, by: "LS-0009", reason: "x", at: at) }.first?.contains("[unknown-application]") == true)
    }
}

/// A withdrawal shows the work still open under the item, and its approval must say what
/// becomes of it.
@Suite("Catalogue withdrawal impact")
struct WithdrawalImpactTests {
    let at = time("2025-06-03 10:00")

    @Test("yongzhou: withdrawing YZ-07 lists its open case and task; approval without a note is refused, with one it passes; case list --item finds them")
    func impactOfWithdrawal() async throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        let open = try await tenant.cases.report(item: "YZ-07", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: at).state.id
        _ = try await tenant.cases.report(item: "YZ-02", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: at)
        let task = try tenant.assignments.assign(worker: "YZ-0001", matter: "物业纠纷回访", item: "YZ-07", as: "YZ-0004", at: at).assignment.id
        #expect(try tenant.cases.list(item: "YZ-07").map(\.state.id) == [open])

        let application = try tenant.catalogue.apply(.init(action: .withdraw, code: "YZ-07", reason: "职能调整"), as: "YZ-0005", at: at)
        #expect(application.impact.map { "\($0.code) \($0.openCases) \($0.openAssignments)" } == ["YZ-07 [\"\(open)\"] [\"\(task)\"]"])
        #expect(refusal { _ = try tenant.catalogue.decide(application: application.application.id, .approve(note: nil), as: "YZ-0006", at: at) } == [
            "note: the withdrawal leaves work under the item: YZ-07: 1 open case(s) (\(open)), 1 open task(s) (\(task)); say in the note what becomes of it (finished under the item as reported, or moved) — a local rule [withdrawal-impact]",
        ])
        let approved = try tenant.catalogue.decide(application: application.application.id, .approve(note: "已受理事项按原清单办结"), as: "YZ-0006", at: at)
        #expect(approved.application.status == .approved)
        #expect(try tenant.catalogue.application(approved.application.id).history?.last?.note == "已受理事项按原清单办结")

        // The same holds for an import that drops the item: its dry run lists what is open.
        let csv = try tenant.catalogue.export(as: .csv)
        #expect(try tenant.catalogue.importItems(csv, file: "c.csv", as: .csv, by: "YZ-0007", reason: "核对", dryRun: true, at: at).impact.isEmpty)
        let dropped = csv.split(separator: "\n").filter { !$0.hasPrefix("YZ-02,") }.joined(separator: "\n")
        let report = try tenant.catalogue.importItems(dropped, file: "c.csv", as: .csv, by: "YZ-0007", reason: "调整", at: at)
        #expect(report.impact.map(\.code) == ["YZ-02"] && report.impact[0].openCases.count == 1)
        let id = try #require(report.application).id
        #expect(refusal { _ = try tenant.catalogue.decideImport(id, .approve(note: " "), as: "YZ-0006", at: at) }.first?.contains("[withdrawal-impact]") == true)
        _ = try tenant.catalogue.decideImport(id, .approve(note: "在办案件按原事项办结"), as: "YZ-0006", at: at)
    }
}
