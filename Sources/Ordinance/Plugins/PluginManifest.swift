import Foundation
import Yams

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
public struct PluginManifest: Sendable, Encodable {
    public static let format = "wangge/plugin/1"

    public enum Kind: String, Sendable, Encodable, CaseIterable {
        /// Receives the tenant's case events through the outbox, in order, at least once.
        case hook
    }

    /// The event fields a hook may ask for. Personal data of reporters is never among them.
    public static let fieldNames = ["case_id", "case_seq", "kind", "step", "at", "actor", "article", "late", "note", "status", "item"]

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
    public var folder = ""
    public var position = Position.start
}

/// The outcome of reading one manifest.
public struct LoadedManifest: Sendable {
    public let manifest: PluginManifest?
    public let diagnostics: [Diagnostic]
}

public enum PluginManifestLoader {
    public static func load(contentsOf url: URL, file: String) -> LoadedManifest {
        let context = ReadContext(file: file)
        context.documentName = "the manifest"
        var manifest: PluginManifest?
        if let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8), data.count <= ProfileReader.maximumSize {
            do {
                let parser = try Parser(yaml: text)
                if let root = try parser.singleRoot() {
                    manifest = withExtendedLifetime(parser) { read(Value(node: root, path: "", context: context)) }
                } else {
                    context.report(.emptyDocument, "the manifest is empty; it starts with 'format: \(PluginManifest.format)'", at: .start)
                }
            } catch let error as YamlError {
                ProfileReader(context: context).reportSyntax(error)
            } catch {
                context.report(.yamlSyntax, "\(error)", at: .start)
            }
        } else {
            context.report(.fileUnreadable, "cannot read the manifest as UTF-8 text of at most 1 MiB", at: .start)
        }
        let folderName = url.deletingLastPathComponent().lastPathComponent
        if let name = manifest?.name, !name.isEmpty, name != folderName {
            context.report(.invalidValue, "name: the plugin is named '\(name)' but its folder is '\(folderName)'", at: manifest?.position ?? .start)
        }
        manifest?.folder = url.deletingLastPathComponent().path
        let diagnostics = context.diagnostics.sortedByPosition()
        return LoadedManifest(manifest: diagnostics.hasErrors ? nil : manifest, diagnostics: diagnostics)
    }

    private static func read(_ value: Value) -> PluginManifest? {
        guard let o = value.object(["format", "name", "kind", "description", "command", "events", "fields"]) else { return nil }
        var manifest = PluginManifest()
        manifest.position = o.position
        if let format = o.required("format"), let text = format.string(), text != PluginManifest.format {
            format.fail(.invalidValue, "unsupported format '\(text)'; this version of Wangge reads '\(PluginManifest.format)'")
        }
        manifest.name = o.need("name") { $0.key() } ?? ""
        manifest.kind = o.need("kind") { $0.choice(PluginManifest.Kind.self) } ?? .hook
        manifest.description = o.need("description") { $0.text() } ?? ""
        manifest.command = o.need("command") { $0.list { $0.text() } } ?? []
        if o.optional("command") != nil, manifest.command.isEmpty {
            o.context.report(.invalidValue, "command: name the program to run, e.g. [python3, deliver.py]", at: o.position(of: "command"))
        }
        manifest.events = o.read("events") { $0.list { $0.key() } }
        manifest.fields = o.need("fields") { value in
            value.list { field -> String? in
                guard let name = field.string() else { return nil }
                guard PluginManifest.fieldNames.contains(name) else {
                    field.fail(.invalidValue, "'\(name)' is not an event field a plugin may receive (fields: \(PluginManifest.fieldNames.joined(separator: ", ")); reporters' personal data is never sent)")
                    return nil
                }
                return name
            }
        } ?? []
        return manifest
    }
}
