import Foundation
import Ordinance
import Store
import GRDB

/// One deployment: a folder holding the registry of tenants (`registry.sqlite`) and one
/// database per tenant (`tenants/<key>.sqlite`). Opening a tenant opens only its own
/// database file.
public final class Deployment: Sendable {
    public let folder: URL
    let registry: Registry
    /// The plugins this deployment uses: hooks enabled per tenant, and the language and
    /// calendar packs every tenant draws on.
    public let plugins: PluginLibrary
    public let packs: PackSource

    /// The folder used when none is given: `WANGGE_DATA`, else `./wangge-data`.
    public static var defaultFolder: String {
        ProcessInfo.processInfo.environment["WANGGE_DATA"] ?? "wangge-data"
    }

    /// Opens the deployment in `folder`, creating the folder and its registry if needed;
    /// its plugins are those in `plugins` (by default `PluginLibrary.defaultFolder`).
    public init(folder: URL, plugins: URL? = nil) throws {
        self.folder = folder.standardizedFileURL
        self.plugins = PluginLibrary(folder: plugins ?? URL(fileURLWithPath: PluginLibrary.defaultFolder))
        packs = PackSource.shared(self.plugins.folder)
        try FileManager.default.createDirectory(at: self.folder.appendingPathComponent("tenants"),
                                                withIntermediateDirectories: true)
        registry = try Registry(path: self.folder.appendingPathComponent("registry.sqlite").path)
    }

    /// Registered tenants, by key.
    public func tenants() throws -> [TenantInfo] {
        try registry.all().map(TenantInfo.init)
    }

    /// The registry entry of `key`, or a refusal naming the tenants there are.
    func entry(_ key: String) throws -> TenantEntry {
        try TenantKey.validate(key)
        guard let entry = try registry.entry(key) else {
            let known = try registry.all().map(\.key)
            throw PlatformError(.notFound, "unknown-tenant",
                                "no tenant '\(key)' in \(folder.path) (tenants: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        return entry
    }

    /// The database path of a tenant; always inside this deployment's `tenants/` folder.
    func databasePath(of entry: TenantEntry) -> String {
        folder.appendingPathComponent(entry.databaseFile).path
    }

    /// Opens a tenant: its checked profiles and its own database, nothing else.
    public func open(_ key: String) throws -> Tenant {
        try open(key, migrator: .standard)
    }

    /// Opens a tenant, refusing one whose profile version in force was edited after it was
    /// recorded (unless `allowingEdits`, for `tenant show` and recording the correction).
    public func open(_ key: String, allowingEdits: Bool) throws -> Tenant {
        try open(key, migrator: .standard, allowingEdits: allowingEdits)
    }

    func open(_ key: String, migrator: DatabaseMigratorFactory, allowingEdits: Bool = false) throws -> Tenant {
        let tenant = try openUnchecked(key, migrator: migrator)
        // Versions added to the folder since, and drafts adopted, are recorded as they are seen
        // (a damaged database is the integrity check's to report).
        try? tenant.database.pool.write { try tenant.recordVersions(in: $0, now: timestamp()) }
        // An amendment that came into force since the tenant was last open changes its catalogue now.
        _ = try? tenant.amendments.takeEffect()
        if !allowingEdits {
            // A database that cannot be read is the integrity check's to report, not this one's.
            let edited = (try? tenant.editedVersionsInForce()) ?? []
            if let first = edited.first {
                try? tenant.close()
                throw PlatformError(.conflict, "profile-edited",
                                    "the profile version \(first) of \(key), in force, was edited after it was recorded: law in force changes by a new version, or a slip is recorded as a correction (wangge ordinance correct \(key) \(first) --reason …)")
            }
        }
        return tenant
    }

    private func openUnchecked(_ key: String, migrator: DatabaseMigratorFactory) throws -> Tenant {
        let entry = try entry(key)
        let packs = try shelf()
        let profiles = TenantProfiles(folder: URL(fileURLWithPath: entry.profileFolder), packs: packs)
        guard !profiles.diagnostics.hasErrors else { throw PlatformError.profile(key, profiles.diagnostics) }
        do {
            let database = try TenantDatabase.open(at: databasePath(of: entry), tenant: key, migrator: migrator.make())
            return Tenant(entry: entry, profiles: profiles, database: database, packs: packs, plugins: plugins, registry: registry)
        } catch let error as StoreError {
            throw PlatformError.store(error)
        }
    }

    /// Takes a tenant out of the registry. Its database file stays unless `deleteData`.
    public func remove(_ key: String, deleteData: Bool) throws {
        let entry = try entry(key)
        try registry.delete(key)
        if deleteData {
            let path = databasePath(of: entry)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// The outcome of migrating one tenant.
    public struct MigrationResult: Sendable, Encodable {
        public var tenant: String
        public var applied: [String]
        public var error: String?
    }
}

/// Which migrations to run: the binary's own, or (in tests) those plus extra ones.
public struct DatabaseMigratorFactory: Sendable {
    let make: @Sendable () -> DatabaseMigrator

    public init(_ make: @escaping @Sendable () -> DatabaseMigrator) {
        self.make = make
    }

    public static let standard = DatabaseMigratorFactory { TenantSchema.migrator() }
}

/// Tenant keys: lower-case letters, digits and '-', so a key can never name a path outside
/// the deployment.
public enum TenantKey {
    public static func validate(_ key: String) throws {
        let valid = (2...32).contains(key.count) && key.first!.isLetter
            && key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        if !valid {
            throw PlatformError("tenant-key", "'\(key)' is not a tenant key: 2–32 lower-case letters, digits or '-', starting with a letter")
        }
    }
}
