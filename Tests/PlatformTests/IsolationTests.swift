import Foundation
import GRDB
import Testing
import Ordinance
import Platform
import Store

/// Tenants are walls: nothing done for one tenant reads or writes another's database.
@Suite("Tenant isolation")
struct IsolationTests {
    @Test("work on one tenant never opens another: its file may be corrupt, or gone")
    func neighbourUntouched() throws {
        let deployment = try deployment(with: ["lhasa", "luzhou", "changji"])
        let luzhouFile = deployment.folder.appendingPathComponent("tenants/luzhou.sqlite").path
        let changjiFile = deployment.folder.appendingPathComponent("tenants/changji.sqlite").path
        try Data("this is not a database".utf8).write(to: URL(fileURLWithPath: luzhouFile))
        try FileManager.default.removeItem(atPath: changjiFile)
        let before = try fingerprint(luzhouFile)

        let lhasa = try deployment.open("lhasa")
        _ = try lhasa.org.importUnits(csv: try sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try lhasa.staff.importStaff(csv: try sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        #expect(try lhasa.staff.list(on: day).count == 9)
        try lhasa.close()
        _ = try deployment.summary(of: "lhasa")

        let after = try fingerprint(luzhouFile)
        #expect(after.0 == before.0 && after.1 == before.1)
        #expect(!FileManager.default.fileExists(atPath: changjiFile))
        #expect(refusal { _ = try deployment.open("luzhou") }.first?.contains("is not a usable Wangge tenant database") == true)
        #expect(refusal { _ = try deployment.open("changji") }.first?.contains("does not exist") == true)
    }

    @Test("a database file of one tenant is refused when registered for another")
    func swappedFiles() throws {
        let deployment = try deployment(with: ["lhasa", "luzhou"])
        let tenants = deployment.folder.appendingPathComponent("tenants")
        try FileManager.default.removeItem(at: tenants.appendingPathComponent("luzhou.sqlite"))
        try FileManager.default.copyItem(at: tenants.appendingPathComponent("lhasa.sqlite"),
                                         to: tenants.appendingPathComponent("luzhou.sqlite"))
        #expect(refusal { _ = try deployment.open("luzhou") }.first?.hasSuffix("holds tenant 'lhasa', not 'luzhou' [tenant-database]") == true)
    }

    @Test("staff and units of one tenant are invisible from another")
    func separateData() throws {
        let deployment = try deployment(with: ["lhasa", "yongzhou"])
        let lhasa = try deployment.open("lhasa")
        _ = try lhasa.org.importUnits(csv: try sample("lhasa", "units.csv"), file: "units.csv", on: day)
        _ = try lhasa.staff.importStaff(csv: try sample("lhasa", "staff.csv"), file: "staff.csv", on: day)
        try lhasa.close()
        let yongzhou = try deployment.open("yongzhou")
        defer { try? yongzhou.close() }
        #expect(try yongzhou.staff.list(on: day).isEmpty)
        #expect(refusal { _ = try yongzhou.staff.person("LS-0001", on: day) } == ["id: no staff with id 'LS-0001' [unknown-staff]"])
        #expect(refusal { _ = try yongzhou.org.unit("540102002001001", on: day) }
            == ["unit: no org unit with id, grid code or division code '540102002001001' [unknown-unit]"])
    }

    @Test("unknown and malformed tenant keys are refused before any file is opened")
    func badKeys() throws {
        let deployment = try deployment(with: ["lhasa"])
        #expect(refusal { _ = try deployment.open("nosuch") } == ["no tenant 'nosuch' in \(deployment.folder.path) (tenants: lhasa) [unknown-tenant]"])
        #expect(refusal { _ = try deployment.open("../lhasa") }.first?.hasSuffix("[tenant-key]") == true)
        #expect(refusal { _ = try deployment.open("Lhasa") }.first?.hasSuffix("[tenant-key]") == true)
    }

    @Test("a tenant whose profile no longer checks is refused with the profile's errors")
    func profileNoLongerChecks() throws {
        let root = scratch.appendingPathComponent("edit-\(UUID())")
        let folder = root.appendingPathComponent("lhasa")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("2023-11-01.yaml")
        try FileManager.default.copyItem(at: ordinances.appendingPathComponent("lhasa/2023-11-01.yaml"), to: file)
        let deployment = try freshDeployment()
        _ = try deployment.onboard(key: "lhasa", profileFolder: folder, on: day)

        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "role: handler}", with: "role: handlr}")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let messages = refusal { _ = try deployment.open("lhasa") }
        #expect(messages.first == "the profile of 'lhasa' has 2 error(s); fix them (wangge ordinance check) before using the tenant [profile-does-not-check]")
        #expect(messages.dropFirst().allSatisfy { $0.contains("no role 'handlr' is defined") })
    }
}

@Suite("Durability")
struct DurabilityTests {
    @Test("tenant databases commit with synchronous=FULL, though GRDB's WAL setup chooses NORMAL")
    func synchronousFull() throws {
        let deployment = try deployment(with: ["lhasa"])
        let tenant = try deployment.open("lhasa")
        defer { try? tenant.close() }
        #expect(try tenant.database.synchronousSetting() == 2)
    }
}
