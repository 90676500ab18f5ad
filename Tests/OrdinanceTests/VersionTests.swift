import Foundation
import Testing
@testable import Ordinance

/// Versions of one tenant's ordinance: which is in force on a date, how versions must
/// be named and chained, and what `diff` reports between two of them.
@Suite("Versions and diff")
struct VersionTests {
    /// A tenant folder in a fresh temporary root, holding the given files.
    private func tenantFolder(_ files: [String: String], tenant: String = "testcity") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-\(UUID())")
        let folder = root.appendingPathComponent(tenant)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    private func amendment(effective: String, amends: String, draft: Bool = false) -> String {
        minimal(replacing: "  effective: 2023-11-01\n",
                with: "  effective: \(effective)\n  amends: \(amends)\n" + (draft ? "  status: draft\n" : ""))
    }

    @Test("the version in force is the latest enacted one effective on the day; drafts never are")
    func versionInForce() throws {
        let folder = try tenantFolder([
            "2023-11-01.yaml": minimalProfile,
            "2025-01-01.yaml": amendment(effective: "2025-01-01", amends: "2023-11-01"),
            "2027-01-01.yaml": amendment(effective: "2027-01-01", amends: "2025-01-01", draft: true),
        ])
        let profiles = TenantProfiles(folder: folder)
        #expect(profiles.diagnostics == [])
        #expect(profiles.inForce(on: Day("2023-10-31")!) == nil)
        #expect(profiles.inForce(on: Day("2023-11-01")!)?.ordinance.effective == Day("2023-11-01"))
        #expect(profiles.inForce(on: Day("2024-12-31")!)?.ordinance.effective == Day("2023-11-01"))
        #expect(profiles.inForce(on: Day("2025-01-01")!)?.ordinance.effective == Day("2025-01-01"))
        #expect(profiles.inForce(on: Day("2030-01-01")!)?.ordinance.effective == Day("2025-01-01"))
        #expect(profiles.version(effective: Day("2027-01-01")!)?.ordinance.status == .draft)
    }

    @Test("a file named other than its effective date, or in another tenant's folder")
    func misplacedVersion() throws {
        let folder = try tenantFolder(["2023-12-01.yaml": minimalProfile], tenant: "othercity")
        let messages = TenantProfiles(folder: folder, displayFolder: "ordinances/othercity").diagnostics.map(\.description)
        #expect(messages == [
            "ordinances/othercity/2023-12-01.yaml:4:3: error: the file is named 2023-12-01 but ordinance.effective is 2023-11-01 [version-file]",
            "ordinances/othercity/2023-12-01.yaml:4:3: error: ordinance.tenant is 'testcity' but the file is in the folder of 'othercity' [version-file]",
        ])
    }

    @Test("a version file not named by a date")
    func badFileName() throws {
        let folder = try tenantFolder(["current.yaml": minimalProfile])
        let messages = TenantProfiles(folder: folder, displayFolder: "ordinances/testcity").diagnostics.map(\.description)
        #expect(messages == [
            "ordinances/testcity/current.yaml:1:1: error: a version file is named by its effective date, e.g. 2023-11-01.yaml, not 'current.yaml' [version-file]",
        ])
    }

    @Test("an amendment must name a version that exists, and come after it")
    func brokenChain() throws {
        let folder = try tenantFolder([
            "2023-11-01.yaml": minimalProfile,
            "2025-01-01.yaml": amendment(effective: "2025-01-01", amends: "2024-01-01"),
        ])
        #expect(TenantProfiles(folder: folder, displayFolder: "t").diagnostics.map(\.message) == [
            "ordinance.amends names 2024-01-01, but no version takes effect on that date",
        ])
        let backwards = load(amendment(effective: "2023-11-01", amends: "2025-01-01"))
        #expect(backwards.diagnostics.map(\.description) == [
            "test.yaml:4:3: error: ordinance.amends (2025-01-01) must be an earlier version than this one (effective 2023-11-01) [dates-out-of-order]",
        ])
    }

    @Test("diff lists changes by meaning: item added, time limit changed, role removed")
    func diffByMeaning() throws {
        let old = try #require(load(minimalProfile).profile)
        var text = minimal(replacing: "time_limit: 4 workhours", with: "time_limit: 2 workhours")
        text = text.replacingOccurrences(of: "  art: 第七条\nworkflow:", with: """
                - {code: T-02, name: {zh: 噪声, bo: སྒྲ་གདོང་།}, category: safety, department: police, time_limit: 3 days, art: 第七条}
              art: 第七条
            workflow:
            """)
        let new = try #require(load(text).profile)
        #expect(ProfileDiff.changes(from: old, to: new).map(\.description) == [
            "+ item T-02 added: 噪声 (3 days, police) (测试条例 第七条)",
            "~ time_limit of step accept changed: 4 workhours → 2 workhours (测试条例 第八条)",
        ])
        #expect(ProfileDiff.changes(from: new, to: old).map(\.description) == [
            "- item T-02 removed: 噪声 (3 days, police) (测试条例 第七条)",
            "~ time_limit of step accept changed: 2 workhours → 4 workhours (测试条例 第八条)",
        ])
        #expect(ProfileDiff.changes(from: old, to: old) == [])
    }

    @Test("the draft amendment of city2023 shows what it would change")
    func cityDraftDiff() throws {
        let city = try #require(ProfileLibrary.tenant("city2023", in: ordinancesFolder))
        let changes = ProfileDiff.changes(from: try #require(city.version(effective: Day("2023-01-01")!)),
                                          to: try #require(city.version(effective: Day("2027-01-01")!)))
        #expect(changes.contains { $0.kind == .removed && $0.subject == "role" && $0.key == "team_member" })
        #expect(changes.contains { $0.kind == .added && $0.subject == "item" && $0.key == "CS-09" })
        #expect(changes.contains {
            $0.kind == .changed && $0.key == "dispatch" && $0.field == "time_limit" && $0.from == "1 workday" && $0.to == "4 workhours"
        })
        #expect(city.inForce(on: Day("2028-01-01")!)?.ordinance.effective == Day("2023-01-01"))
    }

    /// A version of `tenant`'s profile, edited as an amendment might edit it.
    private func edited(_ tenant: String, _ effective: String, _ edit: (String) -> String) throws -> (old: Profile, new: Profile) {
        let folder = ordinancesFolder.appendingPathComponent(tenant)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted().first)
        let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        let old = try #require(ProfileLoader.load(data: Data(text.utf8), file: "\(tenant)/\(file)").profile)
        let new = try #require(ProfileLoader.load(data: Data(edit(text).utf8), file: "\(tenant)/\(effective).yaml").profile)
        return (old, new)
    }

    @Test("an article inserted before 第十七条 renumbers those after it: one moved line, the citations that follow folded")
    func renumbered() throws {
        let (old, new) = try edited("lhasa", "2027-03-01") { text in
            Renumbering.replacingCitations(in: text) { $0 >= 17 ? $0 + 1 : nil }
                .replacingOccurrences(of: "articles: 29", with: "articles: 30")
        }
        #expect(ProfileDiff.changes(from: old, to: new).map(\.description) == [
            "→ 第十七条–第二十九条 are now 第十八条–第三十条 (renumbered; 45 citations follow them)",
            "~ articles of ordinance changed: 29 → 30 (拉萨市网格化服务管理条例 第三十条)",
        ])
        // A real change among the renumbering still shows, citing the new article.
        let (_, changed) = try edited("lhasa", "2027-03-01") { text in
            Renumbering.replacingCitations(in: text) { $0 >= 17 ? $0 + 1 : nil }
                .replacingOccurrences(of: "articles: 29", with: "articles: 30")
                .replacingOccurrences(of: "time_limit: 24h", with: "time_limit: 12h")
        }
        #expect(ProfileDiff.changes(from: old, to: changed).map(\.description).contains(
            "~ time_limit of step verify changed: 24h → 12h (拉萨市网格化服务管理条例 第十八条第二款)"))
    }

    @Test("every section is compared: supervision with its own article, data access and tier names, evaluation")
    func everySection() throws {
        let (old, new) = try edited("city2023", "2027-01-01") { text in
            text.replacingOccurrences(of: "{key: team, name: 网格工作团队,", with: "{key: team, name: 网格服务团队,")
                .replacingOccurrences(of: "{key: grid, name: 网格, roles: [grid_worker], personal_data: [reporter_name, reporter_phone]}",
                                      with: "{key: grid, name: 网格, roles: [grid_worker], personal_data: [reporter_name]}")
                .replacingOccurrences(of: "{key: on_time, kind: on_time_rate, name: 按期办结率, for: [grid, worker, office, department, city], art: 第二十条}",
                                      with: "{key: on_time, kind: on_time_rate, name: 按期办结率, for: [office, city], art: 第二十条}")
        }
        let lines = ProfileDiff.changes(from: old, to: new).map(\.description)
        #expect(lines.contains("~ name of access tier team changed: zh: 网格工作团队 → zh: 网格服务团队 (社会治理网格化服务管理条例 第二十五条第二款)"))
        #expect(lines.contains("~ personal_data of access tier grid changed: reporter_name, reporter_phone → reporter_name (社会治理网格化服务管理条例 第二十五条第二款)"))
        #expect(lines.contains("~ for of indicator on_time changed: grid, worker, office, department, city → office, city (社会治理网格化服务管理条例 第二十条)"))
        let supervised = try edited("lhasa", "2027-03-01") { $0.replacingOccurrences(of: "    escalate: false\n    art: 第十七条第二款", with: "    escalate: true\n    art: 第十七条第二款") }
        #expect(ProfileDiff.changes(from: supervised.old, to: supervised.new).map(\.description) == [
            "~ escalate of supervision changed: false → true (拉萨市网格化服务管理条例 第十七条第二款)",
        ])
    }
}
