import Foundation
import Ordinance

/// The deployment's plugins: one folder per plugin under `plugins/`, each with its
/// `plugin.yaml`. A plugin does nothing until it is enabled for a tenant.
public struct PluginLibrary: Sendable {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    /// `$WANGGE_PLUGINS`, else `plugins` in the working folder, else the `plugins` folder of
    /// the checkout this program was built in (found above the executable), so the packs
    /// shipped with a build serve it wherever it is run from.
    public static var defaultFolder: String {
        if let set = ProcessInfo.processInfo.environment["WANGGE_PLUGINS"] { return set }
        if FileManager.default.fileExists(atPath: "plugins") { return "plugins" }
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let candidate = folder.appendingPathComponent("plugins")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("calendar-cn").path) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        return "plugins"
    }

    /// Every plugin's manifest as read, with its problems, by folder name.
    public func load() -> [(folder: String, loaded: LoadedManifest)] {
        PluginManifestLoader.loadAll(in: folder)
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
