import ArgumentParser
import Foundation
import Ordinance
import Platform

/// `wangge -t <tenant> plugin …`: a tenant's plugins — which are enabled (recorded with who),
/// delivering the outbox to hooks now, and the events a hook gave up on.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "List, enable and disable a tenant's plugins; deliver events; inspect and replay dead letters.",
        subcommands: [List.self, Enable.self, Disable.self, Deliver.self, Snapshot.self, DeadLetters.self, Replay.self, Check.self]
    )

    struct Options: ParsableArguments {
        @OptionGroup var scope: TenantScope
        func with<T>(_ body: (PluginService) throws -> T) throws -> T {
            try scope.with { try body($0.plugins()) }
        }

        func withAsync<T: Sendable>(_ body: @escaping @Sendable (PluginService) async throws -> T) throws -> T {
            let scope = self.scope
            return try blocking {
                let tenant = try scope.deployment.deployment().open(scope.tenant)
                defer { try? tenant.close() }
                return try await body(tenant.plugins())
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The plugins in the folder, and how each stands for the tenant.")
        @OptionGroup var options: Options

        func run() throws {
            let plugins = try options.with { try $0.list() }
            try emit(plugins, format: options.scope.format) { list in
                list.map { p in
                    "\(p.name) (\(p.kind)) \(p.kind == "hook" ? (p.enabled ? "enabled" : "not enabled") : "used by every profile that names it") — \(p.description)"
                        + (p.enabled ? "\n  \(p.delivered) delivered, \(p.pending) waiting" : "")
                        + (p.settings.isEmpty ? "" : "\n  settings: " + p.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
                        + (p.delegate.map { "\n  reads personal data as \($0)" } ?? "")
                        + (p.failures > 0 ? ", \(p.failures) failed attempt(s): \(p.lastError ?? "")" : "")
                        + (p.deadLetters > 0 ? ", \(p.deadLetters) dead letter(s)" : "")
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every plugin in the folder: manifests, language packs' words, calendar packs' years (no tenant needed).",
            discussion: "Prints each problem as file:line:column, then what each pack provides. Exits 0 only if none is an error.")
        @Option(help: "The plugins folder (default: $WANGGE_PLUGINS, else ./plugins, else the checkout's).") var plugins: String = PluginLibrary.defaultFolder
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let folder = URL(fileURLWithPath: plugins)
            let library = PluginLibrary(folder: folder)
            let shelf = PackShelf.load(folder: folder)
            let diagnostics = shelf.diagnostics.sortedByPosition()
            let manifests = library.load()
            let summary = manifests.map { name, loaded -> PluginSummary in
                let manifest = loaded.manifest
                var provides = ""
                switch manifest?.kind {
                case .language?:
                    let tag = manifest?.language ?? "?"
                    provides = shelf.languages[tag]?.manifest.name == name ? "language \(tag) (\(manifest?.direction.rawValue ?? "ltr"))" + (manifest?.review.map { ", needs review: \($0)" } ?? "") : "language \(tag): not usable"
                case .calendar?:
                    let years = shelf.calendars[name]?.years.map { $0.provisional == nil ? "\($0.year)" : "\($0.year) (provisional)" } ?? []
                    provides = "\(manifest?.scope?.rawValue ?? "?") calendar" + (manifest?.region.map { " of \($0)" } ?? "") + (years.isEmpty ? ": not usable" : ": \(years.joined(separator: ", "))")
                case .hook?:
                    provides = manifest?.delivery == .webhook ? "hook (webhook)" : "hook (\(manifest?.delivery.rawValue ?? "command")): " + (manifest?.command.joined(separator: " ") ?? "")
                case nil:
                    provides = "not usable"
                }
                return PluginSummary(name: name, kind: manifest?.kind.rawValue, provides: provides)
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            switch format {
            case .json:
                try printJSON(CheckOutput(plugins: summary, errors: errors, diagnostics: diagnostics))
            case .text:
                for diagnostic in diagnostics { print(diagnostic) }
                for plugin in summary { print("\(plugin.name): \(plugin.provides)") }
                print("checked \(summary.count) plugins in \(folder.path): \(errors) errors, \(diagnostics.count - errors) warnings")
            }
            if errors > 0 { throw ExitCode.failure }
        }

        struct PluginSummary: Encodable {
            var name: String
            var kind: String?
            var provides: String
        }

        struct CheckOutput: Encodable {
            var plugins: [PluginSummary]
            var errors: Int
            var diagnostics: [Diagnostic]
        }
    }

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export on demand: write a hook's snapshots (catalogue in force, org units) now and run it with the events waiting (export-exchange).")
        @OptionGroup var options: Options
        @Argument(help: "The plugin's name.") var name: String

        func run() throws {
            let name = self.name
            let delivery = try options.withAsync { try await $0.snapshot(name) }
            if let error = delivery.error { throw ValidationError("\(name): \(error)") }
            print("\(name): snapshots written, \(delivery.delivered) events delivered")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a plugin for the tenant: it receives the events archived from now on.")
        @OptionGroup var options: Options
        @Argument(help: "The plugin's name (its folder).") var name: String
        @Option(help: "Who enables it (recorded in the plugin log).") var by: String?
        @Flag(help: "Deliver every event the outbox holds, from the first.") var fromStart = false
        @Option(name: .customLong("set"), help: "A setting of the plugin for this tenant, KEY=VALUE (repeat for each); given, they replace the old ones.")
        var settings: [String] = []
        @Option(name: .customLong("for"), help: "The staff member whose tier masks the personal data the plugin asks for; its reads are logged under this name.")
        var delegate: String?

        func validate() throws {
            for setting in settings where !setting.contains("=") { throw ValidationError("--set takes KEY=VALUE, not '\(setting)'") }
        }

        func run() throws {
            let values = settings.isEmpty ? nil : Dictionary(settings.map { setting -> (String, String) in
                let parts = setting.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }, uniquingKeysWith: { _, last in last })
            try options.with { try $0.enable(name, by: by ?? delegate, fromStart: fromStart, settings: values, delegate: delegate) }
            print("\(name) enabled for \(options.scope.tenant)")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a plugin for the tenant; re-enabling goes on from where it stopped.")
        @OptionGroup var options: Options
        @Argument(help: "The plugin's name.") var name: String
        @Option(help: "Who disables it (recorded in the plugin log).") var by: String?

        func run() throws {
            try options.with { try $0.disable(name, by: by) }
            print("\(name) disabled for \(options.scope.tenant)")
        }
    }

    struct Deliver: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver waiting events to the enabled hooks now, until none is left or a hook fails (a server does this every second).")
        @OptionGroup var options: Options

        func run() throws {
            let totals = try options.withAsync { service -> [String: Int] in
                var totals: [String: Int] = [:]
                while true {
                    let pass = await service.deliver()
                    for delivery in pass {
                        totals[delivery.plugin, default: 0] += delivery.delivered
                        if let error = delivery.error { print("\(delivery.plugin): \(error)") }
                        for seq in delivery.deadLettered { print("\(delivery.plugin): event \(seq) set aside as a dead letter") }
                    }
                    if pass.allSatisfy({ $0.delivered == 0 || $0.error != nil }) { return totals }
                }
            }
            for (plugin, count) in totals.sorted(by: { $0.key < $1.key }) { print("\(plugin): \(count) event(s) delivered") }
        }
    }

    struct DeadLetters: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "The events hooks gave up on, with why.")
        @OptionGroup var options: Options
        @Argument(help: "Only this plugin's.") var name: String?

        func run() throws {
            let letters = try options.with { try $0.deadLetters(name) }
            try emit(letters, format: options.scope.format) { list in
                list.map { "\($0.plugin) event \($0.seq): \($0.error) (\($0.attempts) attempts, \($0.at))" }
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver a plugin's dead letters again; those it acknowledges are cleared.")
        @OptionGroup var options: Options
        @Argument(help: "The plugin's name.") var name: String
        @Option(help: "Only this event (its outbox number).") var seq: [Int64] = []

        func run() throws {
            let name = self.name, seq = self.seq
            let count = try options.withAsync { try await $0.replay(name, seqs: seq.isEmpty ? nil : seq) }
            print("\(name): \(count) dead letter(s) delivered")
        }
    }
}
