import ArgumentParser
import Foundation
import Ordinance

/// `wangge ordinance …`: what legal staff use to check, read and compare profiles.
struct OrdinanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ordinance",
        abstract: "Check, show, compare and test ordinance profiles.",
        subcommands: [OrdinanceCheck.self, OrdinanceShow.self, OrdinanceDiff.self, OrdinanceTest.self, OrdinanceImpact.self, OrdinanceAdopt.self, OrdinanceRules.self, OrdinanceCorrect.self]
    )
}

/// Options shared by the commands that read one tenant's profiles.
struct ProfileRootOptions: ParsableArguments {
    @Option(name: .long, help: "The folder of ordinance profiles (one subfolder per tenant).")
    var root: String = ProcessInfo.processInfo.environment["WANGGE_ORDINANCES"] ?? "ordinances"

    /// Loads a tenant's versions, or fails with the problems that stop them loading.
    func tenant(_ key: String) throws -> TenantProfiles {
        guard let tenant = ProfileLibrary.tenant(key, in: URL(fileURLWithPath: root)) else {
            let known = ProfileLibrary.tenantFolders(in: URL(fileURLWithPath: root)).map(\.lastPathComponent)
            throw CommandFailure("no tenant '\(key)' under \(root)/ (tenants: \(known.joined(separator: ", ")))")
        }
        return tenant
    }
}

/// A command that could not do its work (unknown tenant, no such version): printed as
/// `Error: …` with exit status 1, without the usage text meant for mistyped arguments.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// `--format text|json`, on every command that prints results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Reads a `YYYY-MM-DD` argument.
extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// Writes a value as pretty, stable JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    print(String(decoding: try jsonEncoder().encode(value), as: UTF8.self))
}

/// The command line's JSON: pretty, keys sorted, times as the HTTP API writes them (ISO 8601
/// with the offset, UTC `Z`), so scripts can read both front ends alike.
func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    // The HTTP API's convention: snake_case field names; dictionary keys are data, kept.
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}
