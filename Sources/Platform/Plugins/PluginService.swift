import Foundation
import Kernel
import Ordinance
import Store

/// A tenant's plugins: which hooks are enabled (recorded in the plugin log, with who), their
/// settings for this tenant, and the staff member each reads personal data for. Delivery of
/// the outbox is in `PluginService+Delivery`; how a batch reaches a hook, in `HookTransport`.
public struct PluginService: Sendable {
    let tenant: Tenant
    public let library: PluginLibrary

    /// Attempts on one event before it becomes a dead letter.
    public static let attempts = 5
    /// How long one batch may take.
    public static let timeout: Duration = .seconds(30)

    /// A plugin as a tenant admin sees it.
    public struct PluginView: Sendable, Encodable {
        public var name: String
        public var kind: String
        public var description: String
        public var enabled: Bool
        /// Events in the outbox it has not had yet.
        public var pending: Int64
        public var delivered: Int
        public var failures: Int
        public var lastError: String?
        public var nextAttempt: Date?
        public var deadLetters: Int
        /// Its settings for this tenant; a secret shows only that it is set.
        public var settings: [String: String]
        /// The staff member whose tier masks the personal data it reads.
        public var delegate: String?
        /// True while its last attempt failed and it waits to try again.
        public var failing: Bool { failures > 0 }
    }

    public func list() throws -> [PluginView] {
        let manifests = library.load()
        return try tenant.database.pool.read { db in
            let states = Dictionary(try PluginStore.states(in: db).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let last = try PluginStore.lastSeq(in: db)
            let dead = Dictionary(grouping: try PluginStore.deadLetters(nil, in: db), by: \.plugin)
            return manifests.map { folder, loaded in
                let state = states[folder]
                let secrets = Set((loaded.manifest?.settings ?? []).filter(\.secret).map(\.key))
                let settings = (state?.settings ?? [:]).reduce(into: [String: String]()) { shown, setting in
                    shown[setting.key] = secrets.contains(setting.key) ? "(set)" : setting.value
                }
                return PluginView(name: folder, kind: loaded.manifest?.kind.rawValue ?? "?", description: loaded.manifest?.description ?? loaded.diagnostics.first?.description ?? "",
                                  enabled: state?.enabled ?? false, pending: state.map { last - $0.cursor } ?? 0, delivered: state?.delivered ?? 0,
                                  failures: state?.failures ?? 0, lastError: state?.lastError, nextAttempt: state?.nextAttempt,
                                  deadLetters: dead[folder]?.count ?? 0, settings: settings, delegate: state?.delegate)
            }
        }
    }

    /// Enables hook `name` for this tenant: it receives the events archived from now on, or
    /// every event the outbox holds with `fromStart`. Re-enabling goes on from where it
    /// stopped. `settings` are the tenant's values for the manifest's settings (all required
    /// ones, no others; given again, they replace the old ones). A hook asking for personal
    /// data is enabled for a `delegate`, a staff member whose tier must show each field it
    /// asks for; it is masked by that tier, and every value it is sent is logged under that name.
    public func enable(_ name: String, by: String?, fromStart: Bool = false, settings: [String: String]? = nil, delegate: String? = nil,
                       at now: Date = Date()) throws {
        let manifest = try library.manifest(name)
        guard manifest.kind == .hook else {
            throw PlatformError(.conflict, "not-a-hook",
                                "'\(name)' is a \(manifest.kind.rawValue) pack: it serves every tenant whose profile names it, and there is nothing to enable", place: "NAME")
        }
        let known = try tenant.database.pool.read { try PluginStore.state(name, in: $0) }
        let given = settings ?? known?.settings ?? [:]
        try check(settings: given, of: manifest)
        let reader = delegate ?? known?.delegate
        try check(delegate: reader, of: manifest, at: now)
        let note = [fromStart ? "from the first event" : nil,
                    settings.map { "settings: \($0.keys.sorted().joined(separator: ", "))" },
                    delegate.map { "reads personal data as \($0)" }].compactMap { $0 }.joined(separator: "; ")
        // Marked first: a server then delivers this tenant's outbox even when no request opens it.
        try tenant.registry.markHooks(tenant.key, true)
        try tenant.database.pool.write { db in
            let cursor: Int64? = fromStart ? 0 : known != nil ? nil : try PluginStore.lastSeq(in: db)
            try PluginStore.setEnabled(name, true, cursor: cursor, settings: settings, delegate: delegate.map { .some($0) },
                                       by: by, note: note.isEmpty ? nil : note, at: timestamp(now), in: db)
        }
    }

    /// Every required setting given, none unknown, none blank.
    private func check(settings: [String: String], of manifest: PluginManifest) throws {
        var problems: [Problem] = []
        for setting in manifest.settings where setting.required && (settings[setting.key] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(Problem("plugin-setting", "\(manifest.name) needs the setting '\(setting.key)': \(setting.description)", place: setting.key))
        }
        for key in settings.keys.sorted() where !manifest.settings.contains(where: { $0.key == key }) {
            let known = manifest.settings.map(\.key)
            problems.append(Problem("plugin-setting", "\(manifest.name) has no setting '\(key)' (settings: \(known.isEmpty ? "none" : known.joined(separator: ", ")))", place: key))
        }
        if !problems.isEmpty { throw PlatformError(problems) }
    }

    /// A hook asking for personal data reads it as a staff member whose tier shows each field.
    private func check(delegate: String?, of manifest: PluginManifest, at now: Date) throws {
        let asked = manifest.personalFields
        guard !asked.isEmpty else { return }
        let article = tenant.profiles.inForce(on: tenant.today(at: now)).flatMap { $0.cite($0.access?.article) }
        guard let delegate else {
            throw PlatformError(.invalid, "plugin-delegate",
                                "\(manifest.name) asks for \(asked.joined(separator: ", ")): enable it for a staff member whose tier shows them (--for STAFF / \"for\"), who answers for its reads in the access log",
                                article: article, place: "for")
        }
        let access = try tenant.access.scope(for: try tenant.access.caller(staff: delegate, at: now), at: now)
        let hidden = asked.filter { field in !access.personalData.contains { $0.rawValue == field } }
        if !hidden.isEmpty {
            throw PlatformError(.forbidden, "plugin-delegate",
                                "\(delegate)'s tier (\(access.tier)) does not show \(hidden.joined(separator: ", ")), which \(manifest.name) asks for",
                                article: article, place: "for")
        }
    }

    public func disable(_ name: String, by: String?, at now: Date = Date()) throws {
        try tenant.database.pool.write { db in
            guard try PluginStore.state(name, in: db)?.enabled == true else {
                throw PlatformError(.conflict, "plugin-not-enabled", "plugin '\(name)' is not enabled for \(tenant.key)")
            }
            try PluginStore.setEnabled(name, false, cursor: nil, by: by, note: nil, at: timestamp(now), in: db)
        }
        HookProcesses.shared.stop(tenant: tenant.key, plugin: name)
        if try tenant.database.pool.read({ try PluginStore.states(in: $0) }).allSatisfy({ !$0.enabled }) {
            try tenant.registry.markHooks(tenant.key, false)
        }
    }

    /// One change in the plugin log.
    public struct LogEntry: Sendable, Encodable, Equatable {
        public var plugin: String
        public var action: String
        public var at: String
        public var by: String?
        public var note: String?
    }

    /// Every enabling and disabling, oldest first.
    public func log() throws -> [LogEntry] {
        try tenant.database.pool.read { try PluginStore.log(in: $0) }.map { LogEntry(plugin: $0.name, action: $0.action, at: $0.at, by: $0.by, note: $0.note) }
    }

    public func deadLetters(_ name: String? = nil) throws -> [PluginStore.DeadLetter] {
        try tenant.database.pool.read { try PluginStore.deadLetters(name, in: $0) }
    }

    /// Where a plugin may keep its files for this tenant: `<deployment>/plugin-data/<tenant>/<plugin>`.
    public func dataFolder(_ name: String) -> URL {
        URL(fileURLWithPath: tenant.database.path).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("plugin-data").appendingPathComponent(tenant.key).appendingPathComponent(name)
    }
}

extension Tenant {
    /// The tenant's plugins, from the deployment's plugin library.
    public func plugins() -> PluginService { PluginService(tenant: self, library: library) }

    /// The tenant's plugins from another library (a test's, a scratch folder's).
    public func plugins(_ library: PluginLibrary) -> PluginService { PluginService(tenant: self, library: library) }
}
