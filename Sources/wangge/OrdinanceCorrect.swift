import ArgumentParser
import Foundation
import Platform

/// `wangge ordinance correct TENANT VERSION --reason …`: records the edit of a profile version
/// already in force (a typo fixed) as a correction, so the tenant is served again. Changes of
/// substance are amendments: a new version file with its own effective date.
struct OrdinanceCorrect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Record the edit of a profile version in force as a correction, with its reason.",
        discussion: "A version in force that was edited after it was recorded is refused until its edit is recorded as a correction; tenant show lists corrections.")
    @OptionGroup var deployment: DeploymentOptions
    @Argument(help: "The tenant key.") var tenant: String
    @Argument(help: "The version's effective date, e.g. 2023-11-01.") var version: String
    @Option(help: "Why the text was changed (e.g. 第十七条 misquoted as 第七条).") var reason: String
    @Option(help: "Who records it (name or login).") var by: String?
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        let opened = try deployment.deployment().open(tenant, allowingEdits: true)
        defer { try? opened.close() }
        let correction = try opened.correct(version: version, reason: reason, operatedBy: by)
        try emit(correction, format: format) { ["corrected \(tenant) \($0.effective): \($0.reason) (\($0.oldDigest.prefix(12)) → \($0.newDigest.prefix(12)))"] }
    }
}
