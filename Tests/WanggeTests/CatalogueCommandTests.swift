import ArgumentParser
import Foundation
import Testing
import Platform
@testable import wangge

/// A tenant admin's round trip from the command line: export, edit, dry run, import, decide, revert.
@Suite("Catalogue from the command line")
struct CatalogueCommandTests {
    static let ordinances = CommandLineTests.ordinances

    /// Runs `wangge ARGS` as the binary would, after moving the scope behind the subcommand.
    private func wangge(_ arguments: [String]) throws {
        var command = try Wangge.parseAsRoot(Wangge.scopeLast(arguments))
        try command.run()
    }

    @Test("export, edit, dry run as the county grid office, import for decision, approve as the county government, revert")
    func roundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-cli-catalogue-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let scope = ["-t", "yongzhou", "--data", data]
        try onboardYongzhou(data)
        // Decisions at the command line are recorded with who typed them: --as alone is not taken on trust.
        #expect(throws: (any Error).self) { try wangge(scope + ["catalogue", "withdraw", "YZ-07", "--as", "YZ-0005", "--reason", "试"]) }
        try wangge(["operator", "add", "--name", "测试操作员", "--data", data])

        let file = folder.appendingPathComponent("catalogue.csv").path
        try wangge(scope + ["catalogue", "export", "--as", "csv", "-o", file])
        let exported = try String(contentsOfFile: file, encoding: .utf8)
        #expect(exported.hasPrefix("code,name.zh,category,department,time_limit,resources,article\nYZ-01,法律法规宣传,publicity,justice,10 workdays,,"))
        let edited = exported.replacingOccurrences(of: "YZ-07,小区物业服务纠纷协调,owners,housing-construction,10 workdays",
                                                   with: "YZ-07,小区物业服务纠纷协调,owners,housing-construction,5 workdays")
        #expect(edited != exported)
        try edited.write(toFile: file, atomically: true, encoding: .utf8)

        // The handler of a department may not compile the catalogue; nothing changes.
        #expect(throws: (any Error).self) { try wangge(scope + ["catalogue", "import", file, "--as", "YZ-0005", "--reason", "调整"]) }
        try wangge(scope + ["catalogue", "import", file, "--as", "YZ-0007", "--reason", "调整", "--dry-run"])
        let unchanged = folder.appendingPathComponent("after-dry-run.csv").path
        try wangge(scope + ["catalogue", "export", "-o", unchanged])
        #expect(try String(contentsOfFile: unchanged, encoding: .utf8) == exported)

        try wangge(scope + ["catalogue", "import", file, "--as", "YZ-0007", "--reason", "调整"])
        let prepared = try latestImport(data)
        // Submitted, not yet in force; the office cannot approve it.
        try wangge(scope + ["catalogue", "export", "-o", unchanged])
        #expect(try String(contentsOfFile: unchanged, encoding: .utf8) == exported)
        #expect(throws: (any Error).self) { try wangge(scope + ["catalogue", "approve", prepared, "--as", "YZ-0007"]) }
        try wangge(scope + ["catalogue", "approve", prepared, "--as", "YZ-0006"])
        let after = folder.appendingPathComponent("after-import.csv").path
        try wangge(scope + ["catalogue", "export", "-o", after])
        #expect(try String(contentsOfFile: after, encoding: .utf8) == edited)

        try wangge(scope + ["catalogue", "revert", prepared, "--as", "YZ-0007", "--reason", "恢复"])
        // A bearer token names its own staff member; --as may not name another.
        let tenant = try Deployment(folder: URL(fileURLWithPath: data)).open("yongzhou")
        let token = try tenant.access.issueToken(staff: "YZ-0006").token
        let history = try tenant.catalogue.importApplication(prepared).history ?? []
        try tenant.close()
        #expect(history.map { $0.operatedBy ?? "-" } == ["local:\(ProcessInfo.processInfo.userName)", "local:\(ProcessInfo.processInfo.userName)"])
        #expect(throws: (any Error).self) { try wangge(scope + ["catalogue", "approve", try latestImport(data), "--token", token, "--as", "YZ-0007"]) }
        try wangge(scope + ["catalogue", "approve", try latestImport(data), "--token", token])
        try wangge(scope + ["catalogue", "export", "-o", after])
        #expect(try String(contentsOfFile: after, encoding: .utf8) == exported)
        try wangge(scope + ["catalogue", "show", "YZ-07", "--side-by-side"])
        try wangge(scope + ["catalogue", "diff", "2024-01-01", "2099-12-31"])
        #expect(throws: ValidationError.self) { try wangge(scope + ["catalogue", "diff", "2024-01-01", "明天"]) }
    }

    @Test("case show takes --as, masks by that staff member's tier and writes the access log, as over HTTP")
    func caseShowIsLogged() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-cli-show-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let scope = ["-t", "yongzhou", "--data", data]
        try onboardYongzhou(data)
        try wangge(scope + ["case", "report", "--as", "YZ-0001", "--item", "YZ-07", "--grid", "YZ-431102001001-01", "--channel", "citizen",
                            "--reporter-name", "张三", "--reporter-phone", "13900000000"])
        let tenant = try Deployment(folder: URL(fileURLWithPath: data)).open("yongzhou")
        defer { try? tenant.close() }
        let id = try #require(try tenant.cases.list().first).state.id
        #expect(throws: (any Error).self) { _ = try Wangge.parseAsRoot(Wangge.scopeLast(scope + ["case", "show", id])) }
        var show = try #require(try Wangge.parseAsRoot(Wangge.scopeLast(scope + ["case", "show", id, "--as", "YZ-0004"])) as? AsyncParsableCommand)
        try await show.run()
        #expect(try tenant.access.accessLog(subject: id).map(\.staffId) == ["YZ-0004"])
    }

    /// Yongzhou onboarded into `data` from the command line, with its sample units and staff.
    private func onboardYongzhou(_ data: String) throws {
        try wangge(["tenant", "onboard", "yongzhou", "--profile", "\(Self.ordinances)/yongzhou", "--data", data])
        try wangge(["org", "import", "\(Self.ordinances)/yongzhou/sample/units.csv", "-t", "yongzhou", "--data", data])
        try wangge(["staff", "import", "\(Self.ordinances)/yongzhou/sample/staff.csv", "-t", "yongzhou", "--data", data])
    }

    /// The id of Yongzhou's newest import.
    private func latestImport(_ data: String) throws -> String {
        let tenant = try Deployment(folder: URL(fileURLWithPath: data)).open("yongzhou")
        defer { try? tenant.close() }
        return try #require(try tenant.catalogue.imports().first).id
    }

    @Test("a name without a language, or a time limit that is not one, is refused with the option named")
    func badArguments() throws {
        let terms = try CatalogueCommand.Terms.parse(["--name", "zh=政策法规宣传", "--name", "bo=ཁྲིམས", "--time-limit", "2 workdays"])
        #expect(try terms.names() == ["zh": "政策法规宣传", "bo": "ཁྲིམས"])
        #expect(try terms.limit()?.description == "2 workdays")
        #expect(throws: ValidationError.self) { try CatalogueCommand.Terms.parse(["--name", "无语言"]).names() }
        #expect(throws: ValidationError.self) { try CatalogueCommand.Terms.parse(["--time-limit", "soon"]).limit() }
        #expect(throws: (any Error).self) { _ = try CatalogueCommand.Export.parse(["--as", "xml", "-t", "lhasa"]) }
    }
}
