import Foundation
import Testing
@testable import Ordinance

/// The five cities' profiles, each checked against what its ordinance says.
@Suite("The five cities")
struct CityProfileTests {
    static let tenants = ["changji", "city2023", "lhasa", "luzhou", "yongzhou"]

    private func profile(_ tenant: String, on day: String = "2026-01-01") throws -> Profile {
        let profiles = try #require(ProfileLibrary.tenant(tenant, in: ordinancesFolder))
        return try #require(profiles.inForce(on: Day(day)!))
    }

    @Test("all profiles in ordinances/ check with no errors and no warnings")
    func allCheck() {
        let report = ProfileLibrary.check(paths: [ordinancesFolder.path])
        #expect(report.tenants == Self.tenants)
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.files == 10)  // five versions in force and five draft amendments
    }

    @Test("Lhasa publishes in Chinese and Tibetan, and every public name has both (第二十条)")
    func lhasaLanguages() throws {
        let lhasa = try profile("lhasa")
        #expect(lhasa.publication.languages == ["zh", "bo"])
        #expect(lhasa.ordinance.city["bo"] == "ལྷ་ས་གྲོང་ཁྱེར།")
        #expect(lhasa.catalogue.items.allSatisfy { $0.name["bo"] != nil })
        #expect(lhasa.noticeBoard?.fields.allSatisfy { $0.label["bo"] != nil } == true)
    }

    @Test("Lhasa: resolve on the spot or report; verify on site within 24 hours (第十七条)")
    func lhasaVerification() throws {
        let lhasa = try profile("lhasa")
        #expect(lhasa.step("report")?.next == ["resolve_on_site", "accept"])
        let verify = try #require(lhasa.step("verify"))
        #expect(verify.onSite)
        #expect(verify.timeLimit == .fixed(TimeLimit(24, .hours)))
        #expect(verify.actor?.roles == ["full_time_worker", "part_time_worker"])
        #expect(lhasa.cite(verify.article) == "拉萨市网格化服务管理条例 第十七条第二款")
        #expect(lhasa.catalogue.exit?.kind == .notification)
        #expect(lhasa.grids.householdUnits?.article?.text == "第十一条第三款")
        #expect(lhasa.role("grid_chief")?.perGrid?.max == 1)
    }

    @Test("Changji: urban grids 200–300 households, rural about 300 (第六条); disqualifications (第十一条)")
    func changjiGrids() throws {
        let changji = try profile("changji")
        let rules = try #require(changji.grids.kinds.first { $0.key == "comprehensive" }?.sizeRules)
        #expect(rules.map(\.area) == ["urban", "rural"])
        #expect(rules[0].range == 200...300)
        #expect(rules[1].range == 240...360)
        #expect(rules.allSatisfy { $0.severity == .warning })
        let worker = try #require(changji.role("full_time_worker"))
        #expect(worker.eligibility?.minAge == 18)
        #expect(worker.disqualifications?.items.count == 5)
        #expect(Set(changji.catalogue.forbidden.map(\.key)) == ["licensing", "penalty", "compulsion"])
        #expect(changji.step("feedback")?.to == "reporter")
        #expect(Set(changji.step("report")?.channels ?? []) == [.worker, .citizen, .unit, .platform])
    }

    @Test("Luzhou: reports go to the village office first; emergencies straight to the department (第十六条)")
    func luzhouRouting() throws {
        let luzhou = try profile("luzhou")
        let report = try #require(luzhou.step("report"))
        #expect(report.next == ["accept"])
        #expect(report.emergency == "handle")
        #expect(luzhou.step("accept")?.actor == Actor(roles: ["office_staff"], level: "community"))
        #expect(luzhou.step("handle")?.actor?.roles == ["handler"])
        #expect(luzhou.catalogue.admission?.expertReview?.role == "office_staff")
        #expect(luzhou.catalogue.admission?.decidedBy?.body == .government)
        #expect(Set(luzhou.ordinance.gaps.compactMap(\.article?.text)).isSuperset(of: ["第八条", "第九条", "第十四条", "第十七条"]))
        #expect(luzhou.grids.kinds.map(\.key) == ["comprehensive", "exclusive"])
        // 微网格 are divided inside grids (第八条), at a level of their own below the grid's.
        #expect(luzhou.grids.subGrids?.level == "micro" && luzhou.levels.last?.key == "micro")
    }

    @Test("Yongzhou: a lead unit and participating units (第十条); workers may refuse items outside the list (第九条)")
    func yongzhouUnits() throws {
        let yongzhou = try profile("yongzhou")
        let dispatch = try #require(yongzhou.step("dispatch"))
        #expect(dispatch.participants)
        #expect(yongzhou.cite(dispatch.article) == "永州市网格化服务管理规定 第十条第三款")
        #expect(yongzhou.catalogue.outsideItems?.rule == .workerMayRefuse)
        // 第十条第三款 names a lead unit and participating units: the text's own, not a reading.
        #expect(yongzhou.step("dispatch")?.participants == true && yongzhou.step("dispatch")?.participantsReading == nil)
        #expect(yongzhou.cite(yongzhou.catalogue.outsideItems?.article) == "永州市网格化服务管理规定 第九条第一款")
    }

    @Test("city2023: the township dispatches; escalation goes up one level at a time (第二十条)")
    func city2023Escalation() throws {
        let city = try profile("city2023")
        #expect(city.step("accept")?.actor == Actor(roles: ["office_staff"], level: "township"))
        #expect(city.step("escalate")?.next.contains("escalate") == true)
        #expect(city.step("escalate")?.actor?.level == Actor.currentLevel)
        #expect(city.access?.article?.text == "第二十五条第二款")
        #expect(city.role("grid_worker")?.training?.beforeService == true)
    }

    @Test("participating units are a reading where the text only says 分流至相关部门 or 转至有关部门, and say so", arguments: ["changji", "city2023", "lhasa", "luzhou"])
    func participantsAreAReading(key: String) throws {
        let profile = try #require(TenantProfiles(folder: ordinancesFolder.appendingPathComponent(key), displayFolder: key).inForce(on: Day("2025-06-03")!))
        let dispatch = try #require(profile.workflow.steps.first { $0.kind == .dispatch })
        #expect(dispatch.participants && dispatch.participantsReading?.contains("读作") == true)
    }
}
