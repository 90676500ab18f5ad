import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// One catalogue per compiling body (city2023 第十九条第三款: 报同级网格化工作机构核准): a county
/// department applies to its own county's office, the item is in that county's list only, and
/// cases in another county's grids cannot be reported under it.
@Suite("Catalogues per compiling body")
struct CatalogueScopeTests {
    @Test("city2023: a county department's item is decided by its own county office and applies to that county's grids only")
    func countyCatalogue() async throws {
        let tenant = try city("city2023")
        defer { try? tenant.close() }
        let at = time("2025-06-03 10:00")
        // A second county beside 东城区, with a grid and its own office.
        let east = try tenant.org.unit("990102")
        let west = try tenant.org.addUnit(level: "county", name: "西城区", parent: east.parentId.map(String.init), divisionCode: "990103", on: day)
        let street = try tenant.org.addUnit(level: "township", name: "新街街道", parent: String(west.id), divisionCode: "990103001000", on: day)
        let community = try tenant.org.addUnit(level: "community", name: "新街社区", parent: String(street.id), divisionCode: "990103001001", on: day)
        _ = try tenant.org.addGrid(parent: String(community.id), name: "新街社区第一网格", kind: "comprehensive", code: "990103001001001",
                                   households: 210, area: "urban", on: day)
        _ = try tenant.staff.addPerson(id: "W-OFFICE", name: "周宁", birthDate: Day("1985-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.appoint("W-OFFICE", role: "office_staff", unit: String(west.id), department: nil, on: day)
        _ = try tenant.staff.addPerson(id: "W-WORKER", name: "钱多", birthDate: Day("1990-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.recordTraining("W-WORKER", passedOn: Day("2025-05-01")!)
        _ = try tenant.staff.appoint("W-WORKER", role: "grid_worker", unit: "990103001001001", department: nil, on: day)
        // 东城区's ecology department: a department post at its county.
        _ = try tenant.staff.addPerson(id: "E-ECO", name: "许洁", birthDate: Day("1988-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.appoint("E-ECO", role: "handler", unit: "990102", department: "ecology-environment", on: day)

        let proposal = CatalogueProposal(action: .admit, code: "CS-20", names: ["zh": "东城区河道巡查发现问题报告"], category: "other",
                                         department: "ecology-environment", timeLimit: TimeLimit(3, .workdays),
                                         resources: "每个网格每年巡查经费2000元", reason: "东城区河长制需要网格员协助巡查")
        let applied = try tenant.catalogue.apply(proposal, as: "E-ECO", at: at)
        #expect(applied.application.scope == east.id && applied.application.scopeName == "东城区")
        // Another county's office does not decide for 东城区 (同级).
        #expect(refusal { _ = try tenant.catalogue.decide(application: applied.application.id, .approve(note: nil), as: "W-OFFICE", at: at) } == [
            "周宁 (W-OFFICE) is not 网格化工作机构工作人员 at 东城区, who decides on the catalogue of 东城区 [actor-role] — 社会治理网格化服务管理条例 第十九条第三款",
        ])
        let approved = try tenant.catalogue.decide(application: applied.application.id, .approve(note: "核准"), as: "CS-0006", at: at)
        #expect(approved.current?.scope == east.id && approved.current?.scopeName == "东城区")

        // A case in 东城区 may be reported under it; one in 西城区 may not.
        let here = try await tenant.cases.report(item: "CS-20", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: at)
        #expect(here.state.item == "CS-20")
        #expect(await refusal { _ = try await tenant.cases.report(item: "CS-20", grid: "990103001001001", as: "W-WORKER", reporter: citizen, at: at) } == [
            "item CS-20 is in the catalogue of 东城区, not of the body over this grid [item-outside-catalogue] — 社会治理网格化服务管理条例 第十九条第一款",
        ])
        // The tenant-wide items (the profile's seed catalogue) apply everywhere.
        #expect(try await tenant.cases.report(item: "CS-01", grid: "990103001001001", as: "W-WORKER", reporter: citizen, at: at).state.item == "CS-01")
        // A task under it is a duty for 东城区's workers; for 西城区's it is outside their catalogue, which no one may require (第十九条第四款).
        #expect(try tenant.assignments.assign(worker: "CS-0001", matter: "河道巡查", item: "CS-20", as: "E-ECO", at: at).assignment.isOutsideCatalogue == false)
        #expect(refusal { _ = try tenant.assignments.assign(worker: "W-WORKER", matter: "河道巡查", item: "CS-20", as: "E-ECO", at: at) }
            .first?.contains("第十九条第四款") == true)
        // Only 东城区's department may change its item.
        _ = try tenant.staff.addPerson(id: "W-ECO", name: "魏军", birthDate: Day("1987-01-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.appoint("W-ECO", role: "handler", unit: String(west.id), department: "ecology-environment", on: day)
        #expect(refusal { _ = try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: "CS-20", reason: "不再需要"), as: "W-ECO", at: at) }
            .first?.contains("[catalogue-scope]") == true)
    }
}
