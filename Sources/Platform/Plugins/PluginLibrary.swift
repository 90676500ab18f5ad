import Foundation
import Ordinance

/// The deployment's plugins: one folder per plugin under `plugins/`, each with its
/// `plugin.yaml`. A plugin does nothing until it is enabled for a tenant.
public struct PluginLibrary: Sendable {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    /// `$WANGGE_PLUGINS`, else `plugins` in the working folder.
    public static var defaultFolder: String { ProcessInfo.processInfo.environment["WANGGE_PLUGINS"] ?? "plugins" }

    /// Every plugin's manifest as read, with its problems, by folder name.
    public func load() -> [(folder: String, loaded: LoadedManifest)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.compactMap { name in
            let manifest = folder.appendingPathComponent(name).appendingPathComponent("plugin.yaml")
            guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
            return (name, PluginManifestLoader.load(contentsOf: manifest, file: "\(folder.lastPathComponent)/\(name)/plugin.yaml"))
        }
    }

    /// The manifest of `name`, or a refusal naming the plugins there are and any problems.
    public func manifest(_ name: String) throws -> PluginManifest {
        let all = load()
        guard let found = all.first(where: { $0.folder == name }) else {
            throw PlatformError(.notFound, "unknown-plugin", "no plugin '\(name)' in \(folder.path) (plugins: \(all.map(\.folder).joined(separator: ", ")))", place: "NAME")
        }
        guard let manifest = found.loaded.manifest else {
            throw PlatformError(found.loaded.diagnostics.filter { $0.severity == .error }.map {
                Problem($0.rule.rawValue, $0.message, place: "\($0.file):\($0.position)")
            })
        }
        return manifest
    }
}
