import Foundation
import Testing
import Ordinance
import Platform
import Store

@Suite("Onboarding cities")
struct OnboardingTests {
    static let cities = ["changji", "city2023", "lhasa", "luzhou", "yongzhou"]

    @Test("all five cities onboard and take their sample org units and staff")
    func fiveCities() throws {
        let deployment = try deployment(with: Self.cities)
        #expect(try deployment.tenants().map(\.key) == Self.cities)
        for key in Self.cities {
            let tenant = try deployment.open(key)
            defer { try? tenant.close() }
            let units = try tenant.org.importUnits(csv: try sample(key, "units.csv"), file: "units.csv", on: day)
            #expect(units.warnings == [], "\(key)")
            _ = try tenant.staff.importStaff(csv: try sample(key, "staff.csv"), file: "staff.csv", on: day)
            let profile = try tenant.profile(on: day)
            #expect(try tenant.org.units(level: profile.grids.level, on: day).count >= 2)
            #expect(try tenant.staff.list(on: day).count >= 5)
        }
        let lhasa = try deployment.summary(of: "lhasa")
        #expect(lhasa.units == 9 && lhasa.grids == 4 && lhasa.staff == 9 && lhasa.items == 8)
        #expect(lhasa.versions == [VersionState(effective: "2023-11-01", status: "in_force", state: .recorded),
                                   VersionState(effective: "2027-01-01", status: "draft", state: .recorded)])
        #expect(lhasa.schedule.inForce == "2023-11-01" && lhasa.schedule.next == nil)  // a draft is not scheduled
        // Which years the working calendar knows, and which regional notices are still to be recorded.
        #expect(lhasa.calendar.national == [2022, 2023, 2024, 2025, 2026])
        #expect(lhasa.calendar.regional == "西藏自治区少数民族习惯节日（藏历新年）")
        #expect(lhasa.calendar.regionalMissing == [2022, 2024])
        #expect(try deployment.summary(of: "changji").calendar.regionalMissing == [2024, 2026])
        #expect(try deployment.summary(of: "luzhou").calendar.regional == nil)
    }

    @Test("a sixth city runs from a new profile folder alone")
    func sixthCity() throws {
        let folder = scratch.appendingPathComponent("sixth-\(UUID())/newtown")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var text = try String(contentsOf: ordinances.appendingPathComponent("yongzhou/2024-03-01.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "tenant: yongzhou", with: "tenant: newtown")
            .replacingOccurrences(of: "永州市", with: "新城市")
        try text.write(to: folder.appendingPathComponent("2024-03-01.yaml"), atomically: true, encoding: .utf8)

        let deployment = try freshDeployment()
        let report = try deployment.onboard(key: "newtown", profileFolder: folder, on: day)
        #expect(report.rootUnit == "新城市")
        let tenant = try deployment.open("newtown")
        defer { try? tenant.close() }
        let county = try tenant.org.addUnit(level: "county", name: "新城区", parent: nil, divisionCode: "999901", on: day)
        #expect(county.levelName == "县（市、区）")
    }

    @Test("a version in force edited after it was recorded is not served until the edit is recorded as a correction, with its reason")
    func corrections() throws {
        let folder = scratch.appendingPathComponent("corrected-\(UUID())/lhasa")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("2023-11-01.yaml")
        let text = try String(contentsOf: ordinances.appendingPathComponent("lhasa/2023-11-01.yaml"), encoding: .utf8)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: "lhasa", profileFolder: folder, on: day)
        try deployment.open("lhasa").close()
        // A slip fixed in the text of the version in force.
        try text.replacingOccurrences(of: "西藏自治区机关夏季作息时间", with: "西藏自治区机关夏季作息时间（据自治区通知）")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(refusal { _ = try deployment.open("lhasa") }.first?.contains("[profile-edited]") == true)
        #expect(try deployment.summary(of: "lhasa").editedVersions == ["2023-11-01"])
        let tenant = try deployment.open("lhasa", allowingEdits: true)
        #expect(refusal { _ = try tenant.correct(version: "2023-11-01", reason: " ") }.first?.contains("[correction-reason]") == true)
        let correction = try tenant.correct(version: "2023-11-01", reason: "作息时间注明出处", operatedBy: "法制科")
        #expect(correction.oldDigest != correction.newDigest)
        #expect(refusal { _ = try tenant.correct(version: "2023-11-01", reason: "再次") }.first?.contains("[nothing-to-correct]") == true)
        try tenant.close()
        try deployment.open("lhasa").close()
        let summary = try deployment.summary(of: "lhasa")
        #expect(summary.editedVersions.isEmpty && summary.corrections.map(\.reason) == ["作息时间注明出处"])
    }

    @Test("a profile with errors is refused, and nothing is left behind")
    func brokenProfile() throws {
        let folder = scratch.appendingPathComponent("broken-\(UUID())/lhasa")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: ordinances.appendingPathComponent("lhasa/2023-11-01.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "time_limit: 24h", with: "time_limit: 0h")
        try text.write(to: folder.appendingPathComponent("2023-11-01.yaml"), atomically: true, encoding: .utf8)

        let deployment = try freshDeployment()
        let messages = refusal { _ = try deployment.onboard(key: "lhasa", profileFolder: folder, on: day) }
        #expect(messages.first == "the profile of 'lhasa' has 2 error(s); fix them (wangge ordinance check) before using the tenant [profile-does-not-check]")
        #expect(messages.count == 3)
        #expect(try deployment.tenants() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: deployment.folder.appendingPathComponent("tenants").path) == [])
    }

    @Test("bad keys, a second onboarding, a profile of another city, a date with no version in force")
    func refusals() throws {
        let deployment = try deployment(with: ["lhasa"])
        #expect(refusal { _ = try deployment.onboard(key: "../etc", profileFolder: ordinances.appendingPathComponent("lhasa")) }
            == ["'../etc' is not a tenant key: 2–32 lower-case letters, digits or '-', starting with a letter [tenant-key]"])
        #expect(refusal { _ = try deployment.onboard(key: "lhasa", profileFolder: ordinances.appendingPathComponent("lhasa")) }
            == ["tenant 'lhasa' is already onboarded; 'wangge tenant remove lhasa' first to onboard it again [tenant-exists]"])
        #expect(refusal { _ = try deployment.onboard(key: "luzhou", profileFolder: ordinances.appendingPathComponent("lhasa"), on: day) }
            == ["--profile: the profile is for tenant 'lhasa', not 'luzhou' [tenant-key]"])
        #expect(refusal { _ = try deployment.onboard(key: "luzhou", profileFolder: ordinances.appendingPathComponent("luzhou"), on: Day("2024-01-01")!) }
            .first?.hasPrefix("no version of the profile in") == true)
        #expect(try deployment.tenants().map(\.key) == ["lhasa"])
    }

    @Test("remove keeps the database file unless asked to delete it")
    func remove() throws {
        let deployment = try deployment(with: ["lhasa", "luzhou"])
        let lhasaFile = deployment.folder.appendingPathComponent("tenants/lhasa.sqlite").path
        try deployment.remove("lhasa", deleteData: false)
        #expect(FileManager.default.fileExists(atPath: lhasaFile))
        #expect(refusal { _ = try deployment.onboard(key: "lhasa", profileFolder: ordinances.appendingPathComponent("lhasa"), on: day) }
            .first?.contains("already exists (a removed tenant's data?)") == true)
        try deployment.remove("luzhou", deleteData: true)
        #expect(!FileManager.default.fileExists(atPath: deployment.folder.appendingPathComponent("tenants/luzhou.sqlite").path))
        #expect(try deployment.tenants() == [])
    }
}
