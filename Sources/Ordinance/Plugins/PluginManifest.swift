import Foundation

/// A plugin's manifest, `plugins/<name>/plugin.yaml`: what it is and what it may see.
/// Read and checked like a profile, with file:line:column.
///
/// ```yaml
/// format: wangge/plugin/1
/// name: event-log
/// kind: hook
/// description: 把每个案件事件写入 events.jsonl
/// command: [python3, deliver.py]
/// events: [report, close]          # default: every kind
/// fields: [case_id, kind, step, at, actor, article]
/// ```
///
/// A language pack (`kind: language`) names its `language`, the language's own name and
/// `direction`, and keeps its words in `words.yaml`; a calendar pack (`kind: calendar`)
/// names its `scope` (national, or regional with its `region` and `basis`) and keeps one
/// file per year under `years/`.
public struct PluginManifest: Sendable, Encodable {
    public static let format = "wangge/plugin/1"

    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// Receives the tenant's case events through the outbox, in order, at least once.
        case hook
        /// Words of published documents and web pages in one language.
        case language
        /// Holidays and adjusted working days, national or of one region, year by year.
        case calendar
    }

    /// Which way a language is written.
    public enum Direction: String, Sendable, Encodable, CaseIterable {
        case ltr, rtl
    }

    /// Whose holidays a calendar pack holds.
    public enum Scope: String, Sendable, Encodable, CaseIterable {
        /// The State Council's yearly notices, for every tenant.
        case national
        /// A region's own festivals, for the tenants whose profile names the pack.
        case regional
    }

    /// The event fields a hook may ask for.
    public static let fieldNames = ["case_id", "case_seq", "kind", "step", "at", "actor", "article", "late", "note", "status", "item", "result"]
    /// The reporter's personal data a hook may ask for: given only as the tier of the staff
    /// member it is enabled for (its delegate) shows it, each read written to the access log first.
    public static let personalFields = ["reporter_name", "reporter_phone"]

    /// How a hook receives its batches.
    public enum Delivery: String, Sendable, Encodable, CaseIterable {
        /// Its command is started for each batch: JSON lines on standard input, acks on standard output.
        case command
        /// Its command is started once and kept running: batches down its standard input,
        /// acks read from its standard output; restarted with backoff when it dies.
        case process
        /// Each batch is POSTed to the tenant's `url` setting, signed with its `secret`.
        case webhook
    }

    /// A value the tenant sets when enabling the plugin (a webhook's address, a gateway command).
    public struct Setting: Sendable, Encodable, Equatable {
        public var key: String
        public var description: String
        public var required: Bool
        /// Never shown back once set (a signing secret, a password).
        public var secret: Bool
    }

    public var name = ""
    public var kind = Kind.hook
    public var description = ""
    /// The program run for each batch of events: JSON lines on its standard input, one
    /// acknowledgement (the event's `seq`) per line on its standard output. Relative paths
    /// are taken from the plugin's folder.
    public var command: [String] = []
    /// The event kinds it receives (nil: all).
    public var events: [String]?
    public var fields: [String] = []
    public var delivery = Delivery.command
    public var settings: [Setting] = []
    /// The tenant's reference data written into the hook's data folder (`snapshots/`) each day
    /// and on demand, for exports: the catalogue in force, the org units and grids.
    public var snapshots: [Snapshot] = []

    /// Reference data a hook may have written for it.
    public enum Snapshot: String, Sendable, Encodable, CaseIterable {
        case catalogue, org
    }

    /// The personal data it asks for.
    public var personalFields: [String] { fields.filter(Self.personalFields.contains) }
    /// A language pack's language tag (`ug`), its name in that language, its direction, and
    /// why its words still need a translator's review (nil once reviewed).
    public var language: String?
    public var languageName: String?
    public var direction = Direction.ltr
    public var review: String?
    /// A calendar pack's scope, and for a regional one its region and what gives it its holidays.
    public var scope: Scope?
    public var region: String?
    public var basis: String?
    public var folder = ""
    public var position = Position.start
}

/// The outcome of reading one manifest.
public struct LoadedManifest: Sendable {
    public let manifest: PluginManifest?
    public let diagnostics: [Diagnostic]
}

public enum PluginManifestLoader {
    /// Every plugin folder's manifest under `folder`, by folder name, in name order.
    public static func loadAll(in folder: URL) -> [(folder: String, loaded: LoadedManifest)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.compactMap { name in
            let manifest = folder.appendingPathComponent(name).appendingPathComponent("plugin.yaml")
            guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
            return (name, load(contentsOf: manifest, file: "\(folder.lastPathComponent)/\(name)/plugin.yaml"))
        }
    }

    public static func load(contentsOf url: URL, file: String) -> LoadedManifest {
        let context = ReadContext(file: file)
        context.documentName = "the manifest"
        var manifest: PluginManifest? = context.readDocument(try? Data(contentsOf: url), empty: "the manifest is empty; it starts with 'format: \(PluginManifest.format)'", read)
        let folderName = url.deletingLastPathComponent().lastPathComponent
        if let name = manifest?.name, !name.isEmpty, name != folderName {
            context.report(.invalidValue, "name: the plugin is named '\(name)' but its folder is '\(folderName)'", at: manifest?.position ?? .start)
        }
        manifest?.folder = url.deletingLastPathComponent().path
        let diagnostics = context.diagnostics.sortedByPosition()
        return LoadedManifest(manifest: diagnostics.hasErrors ? nil : manifest, diagnostics: diagnostics)
    }

    /// The keys each kind of plugin may have besides the common ones.
    private static let kindKeys: [PluginManifest.Kind: [String]] = [
        .hook: ["command", "events", "fields", "delivery", "settings", "snapshots"],
        .language: ["language", "language_name", "direction", "review"],
        .calendar: ["scope", "region", "basis"],
    ]

    private static func read(_ value: Value) -> PluginManifest? {
        let common = ["format", "name", "kind", "description"]
        // The keys allowed depend on the kind, looked at first; another kind's key is unknown here.
        let kindName = value.node.mapping?["kind"]?.scalar?.string
        let allowed = PluginManifest.Kind(rawValue: kindName ?? "").flatMap { kindKeys[$0] } ?? kindKeys.values.flatMap { $0 }
        guard let o = value.object(common + allowed) else { return nil }
        var manifest = PluginManifest()
        manifest.position = o.position
        if let format = o.required("format"), let text = format.string(), text != PluginManifest.format {
            format.fail(.invalidValue, "unsupported format '\(text)'; this version of Wangge reads '\(PluginManifest.format)'")
        }
        manifest.name = o.need("name") { $0.key() } ?? ""
        manifest.description = o.need("description") { $0.text() } ?? ""
        guard let kind = o.need("kind", { $0.choice(PluginManifest.Kind.self) }) else { return manifest }
        manifest.kind = kind
        switch kind {
        case .hook: readHook(o, into: &manifest)
        case .language: readLanguage(o, into: &manifest)
        case .calendar: readCalendar(o, into: &manifest)
        }
        return manifest
    }

    private static func readHook(_ o: Object, into manifest: inout PluginManifest) {
        manifest.delivery = o.read("delivery") { $0.choice(PluginManifest.Delivery.self) } ?? .command
        if manifest.delivery == .webhook {
            if o.has("command") { o.context.report(.invalidValue, "command: a webhook runs no command; it posts to its 'url' setting", at: o.position(of: "command")) }
        } else {
            manifest.command = o.need("command") { $0.list { $0.text() } } ?? []
            if o.optional("command") != nil, manifest.command.isEmpty {
                o.context.report(.invalidValue, "command: name the program to run, e.g. [python3, deliver.py]", at: o.position(of: "command"))
            }
        }
        manifest.settings = o.read("settings") { $0.list(readSetting) } ?? []
        manifest.snapshots = o.read("snapshots") { $0.list { $0.choice(PluginManifest.Snapshot.self) } } ?? []
        o.context.requireUnique(manifest.settings.map { ($0.key, o.position(of: "settings")) }, what: "setting", key: \.0, position: \.1)
        if manifest.delivery == .webhook {
            for needed in ["url", "secret"] where !manifest.settings.contains(where: { $0.key == needed && $0.required }) {
                o.context.report(.missingKey, "settings: a webhook declares the required setting '\(needed)'", at: o.position)
            }
        }
        manifest.events = o.read("events") { $0.list { $0.key() } }
        manifest.fields = o.need("fields") { value in
            value.list { field -> String? in
                guard let name = field.string() else { return nil }
                guard PluginManifest.fieldNames.contains(name) || PluginManifest.personalFields.contains(name) else {
                    field.fail(.invalidValue, "'\(name)' is not an event field a plugin may receive (fields: \((PluginManifest.fieldNames + PluginManifest.personalFields).joined(separator: ", ")); the reporter's ID number is never sent)")
                    return nil
                }
                return name
            }
        } ?? []
    }

    private static func readSetting(_ value: Value) -> PluginManifest.Setting? {
        guard let o = value.object(["key", "description", "required", "secret"]), let key = o.need("key", { $0.key() }),
              let description = o.need("description", { $0.text() }) else { return nil }
        return PluginManifest.Setting(key: key, description: description, required: o.read("required") { $0.bool() } ?? false,
                                      secret: o.read("secret") { $0.bool() } ?? false)
    }

    private static func readLanguage(_ o: Object, into manifest: inout PluginManifest) {
        manifest.language = o.need("language") { value -> String? in
            guard let tag = value.string() else { return nil }
            guard Value.isLanguageTag(tag) else {
                value.fail(.invalidValue, "'\(tag)' is not a language tag such as zh, bo or ug")
                return nil
            }
            return tag
        }
        manifest.languageName = o.need("language_name") { $0.text() }
        manifest.direction = o.need("direction") { $0.choice(PluginManifest.Direction.self) } ?? .ltr
        manifest.review = o.read("review") { $0.text() }
    }

    private static func readCalendar(_ o: Object, into manifest: inout PluginManifest) {
        manifest.scope = o.need("scope") { $0.choice(PluginManifest.Scope.self) }
        manifest.region = o.read("region") { $0.text() }
        manifest.basis = o.read("basis") { $0.text() }
        if manifest.scope == .regional {
            if manifest.region == nil { o.context.report(.missingKey, "the manifest: a regional calendar names its 'region'", at: o.position) }
            if manifest.basis == nil { o.context.report(.missingKey, "the manifest: a regional calendar names its 'basis' (what gives the region its holidays)", at: o.position) }
        } else if manifest.scope == .national, o.has("region") {
            o.context.report(.invalidValue, "region: a national calendar has no region", at: o.position(of: "region"))
        }
    }
}
