import ArgumentParser
import Foundation
import Testing
@testable import wangge

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
        var good = try OrdinanceCheck.parse([Self.ordinances, "--format", "json"])
        try good.run()

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-cli-\(UUID()).yaml")
        try Data("format: wangge/ordinance-profile/1\nordinance: {}\n".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        var bad = try OrdinanceCheck.parse([broken.path, "--format", "json"])
        #expect(throws: ExitCode.failure) { try bad.run() }
    }

    @Test("arguments that are not dates or choices are refused before anything runs")
    func badArguments() {
        #expect(throws: (any Error).self) { _ = try OrdinanceShow.parse(["lhasa", "--on", "2023-13-01"]) }
        #expect(throws: (any Error).self) { _ = try CaseCommand.Act.Verify.parse(["x", "--as", "y", "-t", "z"]) }
        #expect(throws: (any Error).self) { _ = try TenantCommand.Migrate.parse([]) }
    }
}
