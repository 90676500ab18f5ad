import GRDB
import Store

extension Deployment {
    /// A tenant at a glance: registry entry, profile versions, and how much it holds.
    public struct TenantSummary: Sendable, Encodable {
        public var entry: TenantInfo
        public var versions: [VersionState]
        public var units: Int
        public var grids: Int
        public var staff: Int
        public var items: Int
    }

    public func summary(of key: String) throws -> TenantSummary {
        let tenant = try open(key)
        defer { try? tenant.close() }
        let counts = try tenant.database.pool.read { db in
            (org: try OrgStore.counts(in: db), staff: try StaffStore.serving(in: db), items: try CatalogueStore.countInForce(in: db))
        }
        return TenantSummary(entry: tenant.info, versions: try tenant.versionStates(),
                             units: counts.org.units, grids: counts.org.grids, staff: counts.staff, items: counts.items)
    }

    /// Migrates the named tenants (all when nil), then records profile versions they have not seen.
    public func migrate(keys: [String]?, using factory: DatabaseMigratorFactory = .standard) throws -> [MigrationResult] {
        let entries = try keys.map { try $0.map(entry) } ?? registry.all()
        return entries.map { entry in
            do {
                let applied = try TenantDatabase.migrate(at: databasePath(of: entry), tenant: entry.key, migrator: factory.make())
                let tenant = try open(entry.key, migrator: factory)
                defer { try? tenant.close() }
                try tenant.database.pool.write { try tenant.recordVersions(in: $0, now: timestamp()) }
                return MigrationResult(tenant: entry.key, applied: applied, error: nil)
            } catch {
                return MigrationResult(tenant: entry.key, applied: [], error: "\(error)")
            }
        }
    }
}
