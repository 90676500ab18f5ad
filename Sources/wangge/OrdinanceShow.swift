import ArgumentParser
import Ordinance

/// `wangge ordinance show <tenant>`: a readable summary of the version in force.
struct OrdinanceShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Summarize a tenant's profile: the version in force on a date, in one of its languages."
    )

    @Argument(help: "The tenant key, e.g. lhasa.")
    var tenant: String

    @Option(help: "Show the version in force on this date (YYYY-MM-DD); default today.")
    var on: Day?

    @Option(help: "Show a specific version by its effective date, drafts included.")
    var version: Day?

    @Option(help: "Language of the profile's text, e.g. zh or bo; default the profile's first publication language.")
    var lang: String?

    @OptionGroup var options: ProfileRootOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if on != nil, version != nil { throw ValidationError("give --on or --version, not both") }
    }

    func run() throws {
        let profiles = try options.tenant(tenant)
        let day = on ?? .today()
        let chosen = version.map { profiles.version(effective: $0) } ?? profiles.inForce(on: day)
        guard let profile = chosen else {
            for diagnostic in profiles.diagnostics where diagnostic.severity == .error { print(diagnostic) }
            let dates = profiles.versions.map { "\($0.ordinance.effective?.description ?? "?") (\($0.ordinance.status.rawValue))" }
            let what = version.map { "version effective \($0)" } ?? "version in force on \(day)"
            throw CommandFailure("\(tenant) has no loadable \(what); loadable versions: \(dates.isEmpty ? "none" : dates.joined(separator: ", "))")
        }
        let language = lang ?? profile.publication.primaryLanguage
        guard profile.publication.languages.contains(language) else {
            throw CommandFailure("\(tenant) publishes in \(profile.publication.languages.joined(separator: ", ")), not '\(language)'")
        }
        switch format {
        case .json: try printJSON(profile)
        case .text: print(ProfileSummary(profile: profile, language: language, versions: profiles.versions).text)
        }
    }
}
