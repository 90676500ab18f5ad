import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// Complaints about grid workers, handled by the body the profile names, within its limit, archived.
@Suite("Complaints about grid workers")
struct ComplaintTests {
    let caller = Reporter(channel: .citizen, name: "李四", phone: "13900000001")

    @Test("Changji: a complaint about a full-time worker is handled by the township or county centre, within its local limit (第十六条第二款)")
    func changjiComplaint() throws {
        let changji = try city("changji")
        defer { try? changji.close() }
        // Taken down from the supervision telephone by the township centre.
        let filed = try changji.complaints.file(about: "CJ-0002", matter: "入户采集信息时态度蛮横", complainant: caller, as: "CJ-0005",
                                                at: time("2025-06-03 11:00"))
        #expect(filed.complaint.status == .open)
        #expect(show(filed.complaint.dueAt) == "2025-06-13 19:30")  // 5 workdays (a local value), over 古尔邦节 06-06 to 06-10
        #expect(try changji.complaints.list(status: .open).map(\.complaint.id) == [filed.complaint.id])
        // The worker complained about, and a department, cannot handle it.
        #expect(refusal { _ = try changji.complaints.handle(filed.complaint.id, upheld: true, result: "属实", as: "CJ-0002") }
            .first?.contains("[actor-role]") == true)
        #expect(refusal { _ = try changji.complaints.handle(filed.complaint.id, upheld: true, result: "属实", as: "CJ-0006") }
            .first?.contains("第十六条第二款") == true)
        // The county centre may handle it as well as the township's.
        let handled = try changji.complaints.handle(filed.complaint.id, upheld: true, result: "经核实属实，已批评教育", as: "CJ-0007",
                                                    at: time("2025-06-05 10:00"))
        #expect(handled.complaint.status == .upheld && handled.complaint.result == "经核实属实，已批评教育")
        let history = try #require(try changji.complaints.complaint(filed.complaint.id).history)
        #expect(history.map { "\($0.kind) \($0.actor)" } == ["file CJ-0005", "handle CJ-0007"])
        #expect(history.allSatisfy { $0.article == "昌吉回族自治州城乡网格化管理服务条例 第十六条第二款" })
        #expect(try changji.cases.verifyArchive().problems.isEmpty)
    }

    @Test("Lhasa: filed online, handled late by the township office and recorded as late (第二十条, a reading)")
    func lateHandling() throws {
        let lhasa = try city("lhasa")
        defer { try? lhasa.close() }
        let filed = try lhasa.complaints.file(about: "LS-0003", matter: "多次联系不上", complainant: caller, as: "platform", at: time("2025-06-03 10:00"))
        #expect(filed.complaint.dueAt != nil)
        #expect(try lhasa.complaints.list(overdue: true, at: time("2025-06-20 10:00")).count == 1)
        let handled = try lhasa.complaints.handle(filed.complaint.id, upheld: false, result: "经核实，当日在外处置突发事件", as: "LS-0006",
                                                  at: time("2025-06-20 10:00"))
        #expect(handled.complaint.status == .dismissed)
        let last = try #require(try lhasa.complaints.complaint(filed.complaint.id).history?.last)
        #expect(last.note?.contains("逾期处理") == true && last.note?.contains("本地时限") == true)
        #expect(last.article?.contains("第二十条（解读：") == true)
        // Complaints are about grid staff, not about department handlers.
        #expect(refusal { _ = try lhasa.complaints.file(about: "LS-0007", matter: "办理拖延", complainant: caller, as: "platform") }
            .first?.contains("[complaint-subject]") == true)
    }

    @Test("Luzhou and Yongzhou set no complaint procedure: a complaint is refused as such, not invented")
    func noProcedure() throws {
        let luzhou = try city("luzhou")
        defer { try? luzhou.close() }
        #expect(refusal { _ = try luzhou.complaints.file(about: "LZ-0001", matter: "态度不好", complainant: caller, as: "platform") }
            == ["this ordinance sets no procedure for complaints about grid workers, and the profile adds none [no-complaint-procedure]"])
    }
}
