import Foundation
import GRDB
import Testing
import Kernel
import Ordinance
import Platform

/// Admission and exit (准入和退出) of each city, run by the kernel from the city's profile.
@Suite("Catalogue admission and exit of the five cities")
struct CatalogueProcedureTests {
    let at = time("2025-06-03 10:00")

    @Test("city2023: a department applies with the resources it commits; the county office approves (第十九条)")
    func city2023() async throws {
        let tenant = try city("city2023")
        defer { try? tenant.close() }
        var proposal = CatalogueProposal(action: .admit, code: "CS-09", names: ["zh": "河湖巡查发现问题报告"], category: "other",
                                         department: "ecology-environment", timeLimit: TimeLimit(3, .workdays), reason: "河长制需要网格员协助巡查")
        #expect(refusal { _ = try tenant.catalogue.apply(proposal, as: "CS-0007", at: at) } == [
            "the department must state the forces, resources and funds it commits to the grid (力量、资源、经费) [resources] — 社会治理网格化服务管理条例 第十九条第二款",
        ])
        proposal.resources = "每个网格每年巡查经费2000元"
        #expect(refusal { _ = try tenant.catalogue.apply(proposal, as: "CS-0005", at: at) } == [
            "郑洁 (CS-0005) does not work for 生态环境, which alone may apply for CS-09 [actor-role] — 社会治理网格化服务管理条例 第十九条第三款",
        ])
        let applied = try tenant.catalogue.apply(proposal, as: "CS-0007", at: at)
        #expect(applied.application.id == "SQ-2025-0001")
        #expect(applied.application.status == .pending && applied.application.pending == ["decide"])
        #expect(try tenant.catalogue.items().map(\.code).contains("CS-09") == false)
        // The township office does not compile the catalogue; the county office does.
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "CS-0004", at: at) } == [
            "吴刚 (CS-0004) is not 网格化工作机构工作人员 at 市 or 县（区）, who may decide on catalogue applications [actor-role] — 社会治理网格化服务管理条例 第十九条第三款",
        ])
        let approved = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: "核准"), as: "CS-0006", at: at)
        #expect(approved.application.status == .approved)
        #expect(approved.current?.revision == 1 && approved.current?.resources == "每个网格每年巡查经费2000元")
        #expect(try tenant.catalogue.items().map(\.code).contains("CS-09"))

        // Exit goes through the same approval.
        _ = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "CS-07", reason: "由河长制专职队伍承担"), as: "CS-0007", at: at)
        let out = try tenant.catalogue.decide(application: "SQ-2025-0002", .approve(note: nil), as: "CS-0006", at: at)
        #expect(out.current?.inCatalogue == false && out.current?.revision == 2)
        #expect(try tenant.catalogue.item("CS-07").history.map(\.action) == ["seed", "withdraw"])
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0002", .refuse(reason: "晚了"), as: "CS-0006", at: at) } == [
            "application SQ-2025-0002 is approved; nothing more can be done with it [application-decided] — 社会治理网格化服务管理条例 第十九条第三款",
        ])
    }

    @Test("changji: penalties may never enter; the county centre decides, and may refuse (第九条、第十五条)")
    func changji() async throws {
        let tenant = try city("changji")
        defer { try? tenant.close() }
        let before = try tenant.catalogue.history()
        var proposal = CatalogueProposal(action: .admit, code: "CJ-09", names: ["zh": "占道经营罚款"], category: "penalty",
                                         department: "public-security", timeLimit: TimeLimit(1, .workdays), reason: "请网格员协助")
        #expect(refusal { _ = try tenant.catalogue.apply(proposal, as: "CJ-0006", at: at) } == [
            "行政处罚 (penalty) may never enter the catalogue of grid work [forbidden-category] — 昌吉回族自治州城乡网格化管理服务条例 第十五条",
        ])
        #expect(try tenant.catalogue.applications().isEmpty && tenant.catalogue.history() == before)
        proposal = CatalogueProposal(action: .admit, code: "CJ-09", names: ["zh": "寄递物流安全隐患排查"], category: "stability",
                                     department: "public-security", timeLimit: TimeLimit(3, .workdays), reason: "寄递安全")
        _ = try tenant.catalogue.apply(proposal, as: "CJ-0006", at: at)
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "CJ-0005", at: at) }.first?
            .hasPrefix("张丽 (CJ-0005) is not 网格化服务中心工作人员 at 县（市）") == true)
        let refused = try tenant.catalogue.decide(application: "SQ-2025-0001", .refuse(reason: "与现有事项CJ-03重复"), as: "CJ-0007", at: at)
        #expect(refused.application.status == .refused && refused.current == nil)
        #expect(try tenant.catalogue.items().count == 8)
        #expect(try tenant.catalogue.application("SQ-2025-0001").history?.map(\.kind) == ["apply", "refuse"])

        // 第十五条: a name that reads like a penalty, filed under another category, is flagged; approving it
        // needs the centre's attestation that it is none of the forbidden kinds, and a note saying why.
        proposal = CatalogueProposal(action: .admit, code: "CJ-10", names: ["zh": "对违规商户实施行政处罚和查封"], category: "stability",
                                     department: "public-security", timeLimit: TimeLimit(3, .workdays), reason: "协助执法")
        let disguised = try tenant.catalogue.apply(proposal, as: "CJ-0006", at: at)
        #expect(disguised.flags == ["处罚", "查封"])
        #expect(refusal { _ = try tenant.catalogue.decide(application: disguised.application.id, .approve(note: nil), as: "CJ-0007", at: at) }.first?
            .contains("needs the deciding body's attestation that none is 行政许可、行政处罚、行政强制措施 (--attest) [forbidden-attestation] — 昌吉回族自治州城乡网格化管理服务条例 第十五条") == true)
        #expect(refusal { _ = try tenant.catalogue.decide(application: disguised.application.id, .approve(note: nil, attested: true), as: "CJ-0007", at: at) }.first?
            .contains("CJ-10 (处罚、查封) look like 行政许可、行政处罚、行政强制措施; the note must say why each is none of them") == true)
        _ = try tenant.catalogue.decide(application: disguised.application.id, .refuse(reason: "属于行政处罚、行政强制，不得纳入（第十五条）"), as: "CJ-0007", at: at)

        // Exit: the department applies, the county centre approves.
        let exit = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "CJ-03", reason: "流动人口信息改由公安部门直接采集"), as: "CJ-0006", at: at)
        let out = try tenant.catalogue.decide(application: exit.application.id, .approve(note: "同意退出"), as: "CJ-0007", at: at)
        #expect(out.current?.inCatalogue == false)
        #expect(try tenant.catalogue.items().map(\.code).contains("CJ-03") == false)
    }

    @Test("luzhou: the county office records the experts' review, then the county government approves (第十五条)")
    func luzhou() async throws {
        let tenant = try city("luzhou")
        defer { try? tenant.close() }
        let proposal = CatalogueProposal(action: .admit, code: "LZ-08", names: ["zh": "电动自行车违规充电隐患排查"], category: "safety-hazards",
                                         department: "emergency-management", timeLimit: TimeLimit(2, .workdays), reason: "消防安全")
        _ = try tenant.catalogue.apply(proposal, as: "LZ-0005", at: at)
        #expect(try tenant.catalogue.application("SQ-2025-0001").application.pending == ["review", "decide"])
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "LZ-0007", at: at) } == [
            "application SQ-2025-0001 must be reviewed (调研论证、评估审核) before it is decided [review-first] — 泸州市基层社会治理网格化服务管理条例 第十五条",
        ])
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .review(opinion: "可行"), as: "LZ-0004", at: at) }.first?
            .contains("is not 网格化工作机构工作人员 at 县区") == true)
        _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .review(opinion: "专家论证：风险高发，网格员可发现"), as: "LZ-0006", at: at)
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "LZ-0006", at: at) }.first?
            .contains("is not 县区人民政府工作人员 at 县区") == true)
        let approved = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: "同意纳入", attested: true), as: "LZ-0007", at: at)
        #expect(try tenant.catalogue.application("SQ-2025-0001").history?.last?.note == "同意纳入；经审核确认不属于行政许可、行政处罚、行政强制")
        #expect(approved.application.review == "专家论证：风险高发，网格员可发现")
        #expect(approved.current?.code == "LZ-08")

        // Exit follows the same procedure; the department may take its application back.
        _ = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "LZ-04", reason: "并入LZ-08"), as: "LZ-0005", at: at)
        let withdrawn = try tenant.catalogue.decide(application: "SQ-2025-0002", .withdraw(reason: "暂缓"), as: "LZ-0005", at: at)
        #expect(withdrawn.application.status == .withdrawn)
        #expect(try tenant.catalogue.items().map(\.code).contains("LZ-04"))
        _ = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "LZ-04", reason: "并入LZ-08"), as: "LZ-0005", at: at)
        _ = try tenant.catalogue.decide(application: "SQ-2025-0003", .review(opinion: "评估：可并入"), as: "LZ-0006", at: at)
        let out = try tenant.catalogue.decide(application: "SQ-2025-0003", .approve(note: nil, attested: true), as: "LZ-0007", at: at)
        #expect(out.current?.inCatalogue == false && out.current?.revision == 2)
    }

    @Test("lhasa: names in Chinese and Tibetan; the 主管部门 approves; exit by notice alone (第二十条、第二十二条)")
    func lhasa() async throws {
        let tenant = try city("lhasa")
        defer { try? tenant.close() }
        var proposal = CatalogueProposal(action: .admit, code: "LS-09", names: ["zh": "寺庙周边安全隐患排查"], category: "public-safety",
                                         department: "public-security", timeLimit: TimeLimit(2, .workdays), reason: "节庆期间安全")
        #expect(refusal { _ = try tenant.catalogue.apply(proposal, as: "LS-0007", at: at) } == [
            "item LS-09 needs a name in bo: the catalogue is published in zh and bo [missing-translation] — 拉萨市网格化服务管理条例 第二十条",
        ])
        proposal.names["bo"] = "དགོན་པའི་ཁོར་ཡུག་གི་བདེ་འཇགས་ཉེན་ཁ་ཞིབ་བཤེར།"
        _ = try tenant.catalogue.apply(proposal, as: "LS-0007", at: at)
        #expect(refusal { _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "LS-0006", at: at) }.first?
            .contains("is not 网格化服务管理工作主管部门工作人员") == true)
        _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "LS-0008", at: at)

        let before = try await tenant.cases.report(item: "LS-02", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: at)
        let notice = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "LS-02", reason: "由公安部门直接采集"), as: "LS-0007", at: at)
        #expect(notice.application.status == .notified && notice.application.pending == [])
        #expect(notice.current?.inCatalogue == false)
        #expect(try tenant.catalogue.application(notice.application.id).history?.first?.article == "拉萨市网格化服务管理条例 第二十二条第三款")
        #expect(await refusal { _ = try await tenant.cases.report(item: "LS-02", grid: "540102002001001", as: "LS-0003", reporter: citizen, at: at) } == [
            "item LS-02 is not in the catalogue (事项清单) [item-outside-catalogue] — 拉萨市网格化服务管理条例 第二十二条第一款",
        ])
        // A case reported before the exit keeps its item revision.
        #expect(try tenant.cases.view(before.state.id).state.itemRevision == 1)
    }

    @Test("yongzhou: an amended time limit governs new cases; open ones keep the revision they were reported under (第九条)")
    func yongzhou() async throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        let old = try await tenant.cases.report(item: "YZ-07", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: at)
        _ = try tenant.catalogue.apply(CatalogueProposal(action: .amend, code: "YZ-07", timeLimit: TimeLimit(5, .workdays), reason: "物业纠纷须及时协调"),
                             as: "YZ-0005", at: at)
        #expect(refusal { _ = try tenant.catalogue.apply(CatalogueProposal(action: .amend, code: "YZ-07", timeLimit: TimeLimit(10, .workdays), reason: "不变"),
                                               as: "YZ-0005", at: at) } == [
            "the application changes nothing in item YZ-07 [no-change] — 永州市网格化服务管理规定 第九条第一款",
        ])
        let approved = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "YZ-0006", at: at)
        #expect(approved.current?.revision == 2 && approved.current?.timeLimit == TimeLimit(5, .workdays))
        let new = try await tenant.cases.report(item: "YZ-07", grid: "YZ-431102001001-01", as: "YZ-0001", reporter: citizen, at: at)
        for id in [old.state.id, new.state.id] {
            _ = try await tenant.cases.act(id, .accept(note: nil), as: "YZ-0004", at: time("2025-06-03 11:00"))
            _ = try await tenant.cases.act(id, .dispatch(lead: "housing-construction", participants: [], note: nil), as: "YZ-0004", at: time("2025-06-03 11:30"))
        }
        #expect(show(try tenant.cases.view(old.state.id).state.dueAt) == "2025-06-17 17:30")  // 10 workdays, revision 1
        #expect(show(try tenant.cases.view(new.state.id).state.dueAt) == "2025-06-10 17:30")  // 5 workdays, revision 2
        #expect(try tenant.cases.view(new.state.id).state.itemRevision == 2)
    }

    @Test("revisions are never changed, and an altered application is caught by its hash chain")
    func archive() async throws {
        let tenant = try city("yongzhou")
        defer { try? tenant.close() }
        _ = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "YZ-07", reason: "由物业服务企业承担"), as: "YZ-0005", at: at)
        _ = try tenant.catalogue.decide(application: "SQ-2025-0001", .approve(note: nil), as: "YZ-0006", at: at)
        #expect(throws: DatabaseError.self) {
            try tenant.database.pool.write { try $0.execute(sql: "UPDATE catalogue_revision SET reason = 'x'") }
        }
        #expect(try tenant.cases.verifyArchive().problems.isEmpty)
        try await tenant.database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER procedure_event_no_update")
            try db.execute(sql: "UPDATE procedure_event SET actor = 'YZ-0004', body = replace(body, 'YZ-0006', 'YZ-0004') WHERE seq = 1")
        }
        #expect(try tenant.cases.verifyArchive().problems.map(\.description) == ["SQ-2025-0001: the procedure's archive was altered or cut short"])
    }
}
