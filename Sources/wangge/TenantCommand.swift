import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge tenant …`: what a provincial host uses to run a deployment of several cities.
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Onboard, list, show, migrate and remove tenants (cities) of a deployment.",
        subcommands: [Onboard.self, List.self, Show.self, Migrate.self, Remove.self, Backup.self, Restore.self, HostTokenCommand.self]
    )

    struct Onboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a city's profile, create its database, seed it, and register it — all or nothing.")

        @Argument(help: "The tenant key, e.g. lhasa.") var key: String
        @Option(help: "The tenant's profile folder, e.g. ordinances/lhasa.") var profile: String
        @Option(help: "A host name that routes HTTP requests to this tenant (repeatable).") var host: [String] = []
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let started = Date()
            let report = try deployment.deployment().onboard(key: key, profileFolder: URL(fileURLWithPath: profile), hosts: host)
            try emit(report, format: format) { r in
                ["onboarded \(r.tenant) (\(r.rootUnit)) in \(String(format: "%.0f", Date().timeIntervalSince(started) * 1000)) ms: \(r.databaseFile)",
                 "  profile versions \(r.profileVersions.joined(separator: ", ")); in force \(r.inForce)",
                 "  seeded \(r.departments) departments, \(r.items) catalogue items"]
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenants of the deployment.")
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            try emit(try deployment.deployment().tenants(), format: format) { entries in
                entries.isEmpty ? ["no tenants"] : entries.map {
                    "\($0.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.displayName)  \($0.databaseFile)\($0.hosts.isEmpty ? "" : "  hosts: \($0.hosts.joined(separator: ","))")"
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a tenant: registry entry, profile versions, size.")
        @Argument(help: "The tenant key.") var key: String
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let opened = try deployment.deployment()
            let summary = try opened.summary(of: key)
            try emit(summary, format: format) { s in
                ["\(s.entry.key): \(s.entry.displayName)",
                 "  profile:  \(s.entry.profileFolder)",
                 "  database: \(s.entry.databaseFile)",
                 "  hosts:    \(s.entry.hosts.isEmpty ? "—" : s.entry.hosts.joined(separator: ","))",
                 "  onboarded \(s.entry.onboardedAt)",
                 "  versions: " + s.versions.map { "\($0.effective) (\($0.status), \($0.state.rawValue))" }.joined(separator: ", "),
                 "  in force: \(s.schedule.inForce)" + (s.schedule.next.map { next in
                     "; next: \(next.effective), in \(next.daysLeft) day\(next.daysLeft == 1 ? "" : "s")" + (next.decision.map { ", adopted by \($0)" } ?? "")
                 } ?? "; no version adopted to follow it"),
                 "  \(s.units) org units, \(s.grids) grids, \(s.staff) staff in service, \(s.items) catalogue items",
                 "  calendar: national holidays for " + years(s.calendar.national)
                    + (opened.nationalCalendarHorizon().map { " (known through \($0.lastDay), \(max($0.daysLeft, 0)) days from today)" } ?? "")
                    + (s.calendar.provisional.isEmpty ? "" : "; provisional (weekends only, declared): " + years(s.calendar.provisional))]
                + s.editedVersions.map { "  EDITED since recorded, not served: version \($0) — record a correction (wangge ordinance correct \(s.entry.key) \($0) --reason …) or restore the file" }
                + s.corrections.map { "  correction of \($0.effective) on \($0.recordedAt): \($0.reason)" + ($0.operatedBy.map { " (by \($0))" } ?? "") }
                + (s.calendar.regional.map { name in
                    ["  regional: \(name) for " + years(s.calendar.regionalYears)
                        + (s.calendar.regionalMissing.isEmpty ? "" : " — no notice recorded for " + years(s.calendar.regionalMissing) + ": deadlines there count national holidays only")]
                } ?? [])
            }
        }

        private func years(_ list: [Int]) -> String { list.isEmpty ? "none" : list.map(String.init).joined(separator: ", ") }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upgrade tenant databases to this binary's schema; a tenant that fails is left untouched.")
        @Flag(help: "Every tenant of the deployment.") var all = false
        @Argument(help: "Tenant keys (or --all).") var keys: [String] = []
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func validate() throws {
            if all == !keys.isEmpty { throw ValidationError("name tenants, or give --all") }
        }

        func run() throws {
            let results = try deployment.deployment().migrate(keys: all ? nil : keys)
            try emit(results, format: format) { results in
                results.map { r in
                    if let error = r.error { return "\(r.tenant): FAILED, left as it was: \(error)" }
                    return "\(r.tenant): " + (r.applied.isEmpty ? "up to date" : "applied \(r.applied.joined(separator: ", "))")
                }
            }
            if results.contains(where: { $0.error != nil }) { throw ExitCode.failure }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a tenant out of the registry; its database file is kept unless --delete-data.")
        @Argument(help: "The tenant key.") var key: String
        @Flag(help: "Also delete the tenant's database file.") var deleteData = false
        @OptionGroup var deployment: DeploymentOptions

        func run() throws {
            try deployment.deployment().remove(key, deleteData: deleteData)
            print(deleteData ? "removed \(key) and deleted its database" : "removed \(key); its database file is kept")
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a tenant's database with SQLite's online backup (consistent while the server writes), then verify the copy.")
        @Argument(help: "The tenant key.") var key: String
        @Option(help: "The folder to write <key>-<UTC time>.sqlite into.") var to: String
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let report = try deployment.deployment().backup(key, to: URL(fileURLWithPath: to))
            try emit(report, format: format) { r in
                ["backed up \(r.tenant) to \(r.file) (\(r.bytes) bytes)",
                 "  verified: integrity ok, \(r.cases) cases with \(r.events) archived events, every hash chain intact"]
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a verified backup in place of a tenant's database; a running server serves it within a second.",
            discussion: "Writes made after the backup was taken are replaced. A tenant missing from the registry is registered again with --profile.")
        @Argument(help: "The tenant key.") var key: String
        @Option(help: "The backup file (from 'tenant backup').") var from: String
        @Option(help: "The tenant's profile folder, when the tenant is not in the registry.") var profile: String?
        @Option(help: "A host name for a tenant registered again (repeatable).") var host: [String] = []
        @OptionGroup var deployment: DeploymentOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let report = try deployment.deployment().restore(key, from: URL(fileURLWithPath: from),
                                                             profileFolder: profile.map { URL(fileURLWithPath: $0) }, hosts: host)
            try emit(report, format: format) { r in
                ["restored \(r.tenant) into \(r.file): \(r.cases) cases with \(r.events) archived events, verified"]
            }
        }
    }
}
