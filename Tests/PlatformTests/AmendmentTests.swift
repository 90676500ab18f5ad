import Foundation
import Testing
import Kernel
import Ordinance
import Platform

/// An amendment followed into a running city: city2023's draft (2027-01-01) is adopted, waits
/// for its date, and takes effect — new cases under it, open cases under theirs, and the
/// catalogue items it enacts in the live catalogue.
@Suite("Amendments in a running city")
struct AmendmentTests {
    static let decision = Decision(title: "某市人民代表大会常务委员会关于修改《某市社会治理网格化服务管理条例》的决定",
                                   body: "某市第十六届人民代表大会常务委员会第二十次会议", date: Day("2026-11-20"))

    /// city2023 onboarded from a copy of its folder, with its sample units and staff.
    func running() throws -> (deployment: Deployment, folder: URL, tenant: Tenant) {
        let folder = scratch.appendingPathComponent("amendment-\(UUID())/city2023")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ordinances.appendingPathComponent("city2023"), to: folder)
        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: "city2023", profileFolder: folder, on: day)
        let tenant = try deployment.open("city2023")
        _ = try tenant.org.importUnits(csv: try sample("city2023", "units.csv"), file: "units.csv", on: day)
        _ = try tenant.staff.importStaff(csv: try sample("city2023", "staff.csv"), file: "staff.csv", on: day)
        return (deployment, folder, tenant)
    }

    func adopt(in folder: URL) throws {
        let file = folder.appendingPathComponent("2027-01-01.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Adoption.adopt(text, file: "city2023/2027-01-01.yaml", decision: Self.decision).write(to: file, atomically: true, encoding: .utf8)
    }

    @Test("adopted with its decision, the version waits for its date; then new cases use it, open cases keep theirs, and its items reach the live catalogue citing it")
    func takesEffect() async throws {
        let (deployment, folder, before) = try running()
        let open = try await before.cases.report(item: "CS-07", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2026-12-30 10:00"))
        #expect(open.state.profileVersion == Day("2023-01-01"))
        #expect(try before.schedule(at: time("2026-12-01 10:00")).next == nil)  // a draft is never scheduled
        try before.close()

        try adopt(in: folder)
        let tenant = try deployment.open("city2023")  // the adoption is recorded as it is seen
        defer { try? tenant.close() }
        #expect(try tenant.versionStates().last == VersionState(effective: "2027-01-01", status: "adopted", state: .recorded))
        let schedule = try tenant.schedule(at: time("2026-12-01 10:00"))
        #expect(schedule.inForce == "2023-01-01" && schedule.next?.effective == "2027-01-01" && schedule.next?.daysLeft == 31)
        #expect(schedule.next?.decision?.hasPrefix(Self.decision.title) == true)

        // Nothing changes before the tenant's midnight; at it, once.
        #expect(try tenant.amendments.takeEffect(at: time("2026-12-31 23:59")) == [])
        #expect(try !tenant.catalogue.isListed("CS-09"))
        #expect(try tenant.amendments.takeEffect(at: time("2027-01-01 00:01")) == ["2027-01-01"])
        #expect(try tenant.amendments.takeEffect(at: time("2027-01-01 00:02")) == [])
        let admitted = try #require(try tenant.catalogue.history("CS-09").last)
        #expect(admitted.action == "admit" && admitted.requestedBy == "ordinance 2027-01-01" && admitted.decidedBy == Self.decision.body)
        #expect(admitted.reason == "\(Self.decision.title)，社会治理网格化服务管理条例 第十八条第四项")
        #expect(show(admitted.effectiveAt) == "2027-01-01 00:00")
        #expect(try tenant.catalogue.item("CS-07").entry.timeLimit == TimeLimit(2, .workdays))

        // New cases: the new version, its item, its on-site check. The open case keeps the old rules.
        let new = try await tenant.cases.report(item: "CS-09", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2027-03-02 09:00"))
        #expect(new.state.profileVersion == Day("2027-01-01"))
        for (id, at) in [(open.state.id, "2027-01-04"), (new.state.id, "2027-03-02")] {
            _ = try await tenant.cases.act(id, .accept(note: nil), as: "CS-0004", at: time("\(at) 10:00"))
            _ = try await tenant.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "CS-0004", at: time("\(at) 10:30"))
            _ = try await tenant.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "CS-0005", at: time("\(at) 11:00"))
        }
        #expect(try await tenant.cases.act(open.state.id, .feedBack(note: "已反馈"), as: "CS-0005", at: time("2027-01-04 11:30")).pending.map(\.key) == ["close"])
        #expect(try await tenant.cases.act(new.state.id, .feedBack(note: "已反馈"), as: "CS-0005", at: time("2027-03-02 11:30")).pending.map(\.key) == ["verify"])
    }

    @Test("impact before effect: open cases that stay on the old version, the catalogue change it will make, the appointment its rules would bar")
    func impact() async throws {
        let (_, _, tenant) = try running()
        defer { try? tenant.close() }
        let open = try await tenant.cases.report(item: "CS-04", grid: "990102001001001", as: "CS-0001", reporter: citizen, at: time("2026-12-30 10:00"))
        let impact = try tenant.amendments.impact(of: Day("2027-01-01")!)
        #expect(impact.status == "draft" && impact.inForce == "2023-01-01")
        #expect(impact.openCases.total == 1 && impact.openCases.cases.first?.id == open.state.id && impact.openCases.lastDue == open.state.dueAt)
        #expect(impact.catalogue.map { "\($0.action) \($0.code)" } == ["amend CS-07", "admit CS-09"])
        #expect(impact.catalogue.first?.fields.map(\.description) == ["time_limit: 3 workdays → 2 workdays"])
        #expect(impact.catalogue.allSatisfy { $0.enacted })
        // 网格工作团队成员 is gone from the amended text (第十六条第一款): 孙丽's appointment would be barred.
        #expect(impact.appointments.map(\.staff) == ["CS-0003"])
        #expect(impact.appointments.first?.problems.first?.rule == "unknown-role")
        #expect(impact.grids.isEmpty)
        #expect(refusal { _ = try tenant.amendments.impact(of: Day("2030-01-01")!) }.first?.contains("[unknown-version]") == true)
    }

    @Test("a slip in a version in force is recorded as a correction with its reason, never a silent edit, and what it changed is shown by meaning")
    func correction() throws {
        let (deployment, folder, tenant) = try running()
        try tenant.close()
        let file = folder.appendingPathComponent("2023-01-01.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "      name: 受理\n", with: "      name: 受理登记\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(refusal { _ = try deployment.open("city2023") }.first?.contains("[profile-edited]") == true)

        let edited = try deployment.open("city2023", allowingEdits: true)
        defer { try? edited.close() }
        _ = try edited.correct(version: "2023-01-01", reason: "受理步骤名称与条文用语不一致", operatedBy: "法制科")
        let corrections = try edited.correctionChanges(of: "2023-01-01")
        #expect(corrections.map(\.correction.reason) == ["受理步骤名称与条文用语不一致"])
        #expect(corrections.first?.changes?.map(\.description) == ["~ name of step accept changed: zh: 受理 → zh: 受理登记 (社会治理网格化服务管理条例 第二十条第一款)"])
        try deployment.open("city2023").close()  // served again
    }

    @Test("every city's draft amendment: its impact lists what it changes, and once adopted and in force the live catalogue has its items", arguments: ScenarioTests.tenants)
    func everyCity(_ key: String) throws {
        let folder = scratch.appendingPathComponent("amendment-\(UUID())/\(key)")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ordinances.appendingPathComponent(key), to: folder)
        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: key, profileFolder: folder, on: day)
        let draft = try #require(TenantProfiles(folder: folder).version(effective: Day("2027-01-01")!))
        let impact = try deployment.open(key).amendments.impact(of: Day("2027-01-01")!)
        #expect(!impact.catalogue.isEmpty, "\(key)'s draft changes an item")

        let file = folder.appendingPathComponent("2027-01-01.yaml")
        try Adoption.adopt(try String(contentsOf: file, encoding: .utf8), file: "\(key)/2027-01-01.yaml", decision: Self.decision)
            .write(to: file, atomically: true, encoding: .utf8)
        let tenant = try deployment.open(key)
        defer { try? tenant.close() }
        #expect(try tenant.amendments.takeEffect(at: time("2027-01-01 09:00")) == ["2027-01-01"])
        for change in impact.catalogue {
            let item = try #require(draft.catalogue.items.first { $0.code == change.code })
            let live = try tenant.catalogue.item(change.code).entry
            #expect(live.inCatalogue && live.timeLimit == item.timeLimit && live.names["zh"] == item.name["zh"], "\(key) \(change.code)")
        }
    }

    @Test("an autonomous prefecture's amendment records its approval (批准); an approval dated before the adoption is refused")
    func approval() throws {
        let file = ordinances.appendingPathComponent("changji/2027-01-01.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let approved = Decision(title: "昌吉回族自治州人民代表大会常务委员会关于修改《昌吉回族自治州城乡网格化管理服务条例》的决定",
                                body: "昌吉回族自治州人大常委会", date: Day("2026-09-25"),
                                approved: Enactment(body: "新疆维吾尔自治区人民代表大会常务委员会", date: Day("2026-11-20")))
        let adopted = try Adoption.adopt(text, file: "changji/2027-01-01.yaml", decision: approved)
        let profile = try #require(ProfileLoader.load(data: Data(adopted.utf8), file: "changji/2027-01-01.yaml").profile)
        #expect(profile.ordinance.decision?.approved?.body == "新疆维吾尔自治区人民代表大会常务委员会")
        var early = approved
        early.approved?.date = Day("2026-09-01")
        #expect(throws: Adoption.Failure.self) { _ = try Adoption.adopt(text, file: "changji/2027-01-01.yaml", decision: early) }
    }
}
