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
}
