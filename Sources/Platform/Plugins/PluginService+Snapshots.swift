import Foundation
import Kernel
import Ordinance
import Store

/// Reference data for hooks that export (`snapshots: [catalogue, org]` in the manifest): the
/// catalogue in force and the org units and grids, written as JSON into the hook's data folder
/// (`snapshots/catalogue.json`, `snapshots/org.json`, and `snapshots/taken.json` saying when)
/// on the first delivery of each of the tenant's days, and whenever asked.
extension PluginService {
    /// When the snapshots were taken, as the hook reads it.
    struct SnapshotStamp: Codable {
        var day: String
        var at: String
        var files: [String]
    }

    /// Writes the hook's snapshots if it asks for any and today's are not there yet (or
    /// `force`); true when written.
    func refreshSnapshots(_ manifest: PluginManifest, force: Bool = false, at now: Date) throws -> Bool {
        guard !manifest.snapshots.isEmpty else { return false }
        let folder = dataFolder(manifest.name).appendingPathComponent("snapshots")
        let stampFile = folder.appendingPathComponent("taken.json")
        let today = tenant.today(at: now).description
        if !force, let data = try? Data(contentsOf: stampFile), (try? JSONDecoder().decode(SnapshotStamp.self, from: data))?.day == today {
            return false
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var files: [String] = []
        for snapshot in manifest.snapshots {
            let data: Data
            switch snapshot {
            case .catalogue: data = try encoder.encode(try tenant.catalogue.items())
            case .org: data = try encoder.encode(try tenant.org.units(on: tenant.today(at: now)))
            }
            // Each file written whole, then renamed: a hook never reads half of one.
            try data.write(to: folder.appendingPathComponent("\(snapshot.rawValue).json"), options: .atomic)
            files.append("\(snapshot.rawValue).json")
        }
        let stamp = SnapshotStamp(day: today, at: ISO8601DateFormatter().string(from: now), files: files)
        try encoder.encode(stamp).write(to: stampFile, options: .atomic)
        return true
    }

    /// An export on demand: the hook's snapshots written now, and the hook run with the events
    /// waiting for it (or none), as a delivery pass would.
    public func snapshot(_ name: String, at now: Date = Date()) async throws -> Delivery {
        let manifest = try library.manifest(name)
        guard !manifest.snapshots.isEmpty else {
            throw PlatformError(.conflict, "no-snapshots", "plugin '\(name)' asks for no snapshots (its manifest has no 'snapshots')", place: "NAME")
        }
        guard let state = try await tenant.database.pool.read({ try PluginStore.state(name, in: $0) }), state.enabled else {
            throw PlatformError(.conflict, "plugin-not-enabled", "plugin '\(name)' is not enabled for \(tenant.key)")
        }
        _ = try refreshSnapshots(manifest, force: true, at: now)
        return try await deliver(manifest, from: state, at: now, batch: 100, runEmpty: true)
    }
}
