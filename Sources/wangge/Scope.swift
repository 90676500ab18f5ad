import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `--data DIR`: the deployment folder (default `WANGGE_DATA`, else `./wangge-data`).
struct DeploymentOptions: ParsableArguments {
    @Option(name: .long, help: "The deployment folder (default: $WANGGE_DATA or ./wangge-data).")
    var data: String = Deployment.defaultFolder

    @Option(name: .long, help: "The plugins folder: hooks, language and calendar packs (default: $WANGGE_PLUGINS, else ./plugins, else the checkout's).")
    var plugins: String = PluginLibrary.defaultFolder

    func deployment() throws -> Deployment {
        try Deployment(folder: URL(fileURLWithPath: data), plugins: URL(fileURLWithPath: plugins))
    }
}

/// `-t/--tenant KEY` with the deployment: the scope of every org, grid and staff command.
struct TenantScope: ParsableArguments {
    @Option(name: [.short, .long], help: "The tenant (city) key, e.g. lhasa.")
    var tenant: String

    @OptionGroup var deployment: DeploymentOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    /// A case as the staff member `staff` may see it, as over HTTP: refused outside their
    /// scope, masked by their tier, and any personal data shown committed to the access
    /// log first.
    func lookAt(_ caseId: String, as staff: String) async throws -> CaseView {
        let tenant = try deployment.deployment().open(self.tenant)
        defer { try? tenant.close() }
        let access = try tenant.access.scope(for: try tenant.access.caller(staff: staff))
        return try await tenant.cases.view(caseId, for: access)
    }

    /// Opens the tenant, runs `body`, and closes it again.
    func with<T>(_ body: (Tenant) throws -> T) throws -> T {
        let tenant = try deployment.deployment().open(self.tenant)
        defer { try? tenant.close() }
        return try body(tenant)
    }
}

/// Prints a result as JSON, or as text lines.
func emit<T: Encodable>(_ value: T, format: OutputFormat, text: (T) -> [String]) throws {
    switch format {
    case .json: try printJSON(value)
    case .text: text(value).forEach { print($0) }
    }
}

/// Warnings go to standard error, so JSON output stays clean.
func warn(_ problems: [Problem]) {
    for problem in problems {
        FileHandle.standardError.write(Data("\(problem)\n".utf8))
    }
}

/// Reads a file named on the command line, or refuses.
func readText(_ path: String) throws -> String {
    try DecodedText(try readData(path), file: path).text
}

/// The bytes of a file, or a failure naming it.
func readData(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
    return data
}

/// A time as the CLI prints it.
func clock(_ date: Date?) -> String {
    guard let date else { return "—" }
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
}
