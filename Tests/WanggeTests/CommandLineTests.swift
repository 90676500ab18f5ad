import ArgumentParser
import Foundation
import Testing
@testable import wangge
import Kernel

/// The command line: how arguments are read, and what exit status a check gives.
@Suite("Command line")
struct CommandLineTests {
    static let ordinances = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ordinances").path

    @Test("the tenant may come before the subcommand, as in 'wangge -t lhasa org list'")
    func tenantFirst() throws {
        #expect(Wangge.scopeLast(["-t", "lhasa", "org", "list"]) == ["org", "list", "-t", "lhasa"])
        #expect(Wangge.scopeLast(["--data", "d", "--tenant=lhasa", "case", "show", "x"]) == ["case", "show", "x", "--data", "d", "--tenant=lhasa"])
        #expect(Wangge.scopeLast(["ordinance", "check", "-t"]) == ["ordinance", "check", "-t"])
        let command = try Wangge.parseAsRoot(Wangge.scopeLast(["-t", "lhasa", "--data", "/tmp/x", "org", "list", "--level", "grid"]))
        let list = try #require(command as? OrgCommand.List)
        #expect(list.scope.tenant == "lhasa")
        #expect(list.scope.deployment.data == "/tmp/x")
        #expect(list.level == "grid")
    }

    @Test("ordinance check exits 0 for the shipped profiles and 1 for a broken one")
    func checkExitStatus() throws {
        let good = try OrdinanceCheck.parse([Self.ordinances, "--format", "json"])
        try good.run()

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-cli-\(UUID()).yaml")
        try Data("format: wangge/ordinance-profile/1\nordinance: {}\n".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        let bad = try OrdinanceCheck.parse([broken.path, "--format", "json"])
        #expect(throws: ExitCode.failure) { try bad.run() }
    }

    @Test("arguments that are not dates or choices are refused before anything runs")
    func badArguments() {
        #expect(throws: (any Error).self) { _ = try OrdinanceShow.parse(["lhasa", "--on", "2023-13-01"]) }
        #expect(throws: (any Error).self) { _ = try CaseCommand.Act.Verify.parse(["x", "--as", "y", "-t", "z"]) }
        #expect(throws: (any Error).self) { _ = try TenantCommand.Migrate.parse([]) }
    }
}

/// The command line's JSON reads like the HTTP API's: ISO 8601 times, a case's place as an object.
@Suite("Command-line JSON")
struct CommandLineJSONTests {
    @Test("a case as --format json writes it: times with their offset, grid names keyed by unit id")
    func caseJSON() throws {
        struct Shown: Encodable {
            var reportedAt: Date
            var place: CasePlace
        }
        let place = CasePlace(gridId: 12, units: ["grid": 12, "township": 3], names: [12: "第一网格", 3: "八廓街道"])
        let shown = Shown(reportedAt: Date(timeIntervalSince1970: 1_748_916_000), place: place)
        let object = try #require(try JSONSerialization.jsonObject(with: jsonEncoder().encode(shown)) as? [String: Any])
        #expect(object["reported_at"] as? String == "2025-06-03T02:00:00Z")
        let names = (object["place"] as? [String: Any])?["names"] as? [String: String]
        #expect(names == ["12": "第一网格", "3": "八廓街道"])
        // Cases archived with the older list form still read.
        let old = #"{"gridId":12,"units":{"grid":12},"names":[12,"第一网格",3,"八廓街道"]}"#
        #expect(try JSONDecoder().decode(CasePlace.self, from: Data(old.utf8)).names == [12: "第一网格", 3: "八廓街道"])
    }
}
