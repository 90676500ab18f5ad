import ArgumentParser
import Ordinance

/// `wangge ordinance diff <tenant> <from> <to>`: what an amendment changes, by meaning.
struct OrdinanceDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List what changed between two versions of a tenant's profile.",
        discussion: "Versions are named by their effective dates, e.g. wangge ordinance diff city2023 2023-01-01 2027-01-01."
    )

    @Argument(help: "The tenant key, e.g. city2023.")
    var tenant: String

    @Argument(help: "Effective date of the earlier version (YYYY-MM-DD).")
    var from: Day

    @Argument(help: "Effective date of the later version (YYYY-MM-DD).")
    var to: Day

    @OptionGroup var options: ProfileRootOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let profiles = try options.tenant(tenant)
        let dates = profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
        guard let old = profiles.version(effective: from) else {
            throw CommandFailure("\(tenant) has no loadable version effective \(from) (versions: \(dates)); run 'wangge ordinance check \(options.root)/\(tenant)'")
        }
        guard let new = profiles.version(effective: to) else {
            throw CommandFailure("\(tenant) has no loadable version effective \(to) (versions: \(dates)); run 'wangge ordinance check \(options.root)/\(tenant)'")
        }
        let changes = ProfileDiff.changes(from: old, to: new)
        switch format {
        case .json:
            try printJSON(changes)
        case .text:
            print("\(tenant): \(from) → \(to) (\(new.ordinance.status.rawValue)), \(changes.count) changes")
            for change in changes { print(change) }
        }
    }
}
