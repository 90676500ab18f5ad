import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge ordinance test <tenant>`: runs the scenarios legal staff wrote beside the
/// profile (`ordinances/<tenant>/scenarios/*.yaml`) and says where one diverged.
struct OrdinanceTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a tenant's scenarios: given an org and staff, these commands at these times must give these events, refusals and due times.",
        discussion: """
            Each scenario runs in a scratch deployment of its own, with the profile version it names \
            (a draft included). The format is in docs/ordinance-profile.md#scenarios. Exit status 1 \
            when a scenario fails; each failure names the step, what was expected, what happened, \
            and the article of the workflow step concerned.
            """
    )

    @Argument(help: "The tenant key, e.g. lhasa.")
    var tenant: String

    @Argument(help: "Scenario files to run (default: every file in the tenant's scenarios folder).")
    var files: [String] = []

    @OptionGroup var options: ProfileRootOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let profiles = try options.tenant(tenant)
        let runner = ScenarioRunner(folder: profiles.folder)
        let chosen = files.isEmpty ? runner.files : files.map { URL(fileURLWithPath: $0) }
        if chosen.isEmpty { throw CommandFailure("\(options.root)/\(tenant)/scenarios has no scenario files (*.yaml)") }
        var outcomes: [ScenarioRunner.Outcome] = []
        for file in chosen {
            let shown = file.path.hasPrefix(profiles.folder.path + "/") ? "\(options.root)/\(tenant)/" + file.path.dropFirst(profiles.folder.path.count + 1) : file.path
            outcomes.append(await runner.run(file: file, shownAs: shown))
        }
        switch format {
        case .json: try printJSON(outcomes)
        case .text:
            for outcome in outcomes {
                let about = [outcome.article, outcome.version.map { "version \($0)" }].compactMap { $0 }.joined(separator: ", ")
                print("\(outcome.passed ? "✔" : "✘") \(outcome.file)  \(outcome.name)" + (about.isEmpty ? "" : " (\(about))"))
                for failure in outcome.failures { print("    \(failure)") }
            }
            let failed = outcomes.filter { !$0.passed }.count
            print("\(tenant): \(outcomes.count - failed) of \(outcomes.count) scenarios pass")
        }
        if outcomes.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
