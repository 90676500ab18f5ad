import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge ordinance diff <tenant> <from> <to>`: what an amendment changes, by meaning.
struct OrdinanceDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List what changed between two versions of a tenant's profile.",
        discussion: """
            Versions are named by their effective dates, e.g. wangge ordinance diff city2023 2023-01-01 2027-01-01. \
            Corrections recorded for either version in the deployment (wangge ordinance correct) follow, each with \
            what it changed; the same date twice shows only a version's corrections.
            """
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

    @Option(name: .long, help: "The deployment whose recorded corrections of these versions are shown too (default: $WANGGE_DATA or ./wangge-data, when it has the tenant).")
    var data: String = Deployment.defaultFolder


    func run() throws {
        let profiles = try options.tenant(tenant)
        let dates = profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
        guard let old = profiles.version(effective: from) else {
            throw CommandFailure("\(tenant) has no loadable version effective \(from) (versions: \(dates)); run 'wangge ordinance check \(options.root)/\(tenant)'")
        }
        guard let new = profiles.version(effective: to) else {
            throw CommandFailure("\(tenant) has no loadable version effective \(to) (versions: \(dates)); run 'wangge ordinance check \(options.root)/\(tenant)'")
        }
        let changes = from == to ? [] : ProfileDiff.changes(from: old, to: new)
        let corrections = try recordedCorrections().filter { [from.description, to.description].contains($0.correction.effective) }
        switch format {
        case .json:
            // One list: the amendment's changes, then each correction's, marked with the correction.
            let corrected = corrections.flatMap { item in
                (item.changes ?? []).map { change in
                    var change = change
                    change.correction = Change.CorrectionNote(version: item.correction.effective, reason: item.correction.reason,
                                                              recordedAt: item.correction.recordedAt, by: item.correction.operatedBy)
                    return change
                }
            }
            try printJSON(changes + corrected)
        case .text:
            if from != to {
                print("\(tenant): \(from) → \(to) (\(new.ordinance.status.rawValue)), \(changes.count) changes")
                for change in changes { print(change) }
            }
            for item in corrections {
                let c = item.correction
                print("correction of \(c.effective) recorded \(c.recordedAt)\(c.operatedBy.map { " by \($0)" } ?? ""): \(c.reason)")
                guard let changes = item.changes else {
                    print("  (the text before it was not kept; digests \(c.oldDigest.prefix(12)) → \(c.newDigest.prefix(12)))")
                    continue
                }
                for change in changes { print("  \(change)") }
            }
        }
    }

    /// Corrections the deployment recorded for this tenant; none when there is no such deployment or tenant.
    private func recordedCorrections() throws -> [Tenant.CorrectionChanges] {
        let folder = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("registry.sqlite").path) else { return [] }
        let deployment = try Deployment(folder: folder)
        guard try deployment.tenants().contains(where: { $0.key == tenant }) else { return [] }
        let opened = try deployment.open(tenant, allowingEdits: true)
        defer { try? opened.close() }
        return try opened.correctionChanges()
    }
}
