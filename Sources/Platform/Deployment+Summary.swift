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
        let holdings = try tenant.holdings()
        return TenantSummary(entry: tenant.info, versions: try tenant.versionStates(),
                             units: holdings.units, grids: holdings.grids, staff: holdings.staff, items: holdings.items)
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

/// How much a tenant holds: org units, grids, staff serving, catalogue items in force.
public struct Holdings: Sendable, Encodable, Equatable {
    public var units: Int
    public var grids: Int
    public var staff: Int
    public var items: Int

    /// What onboarding has yet to bring in: a tenant without grids, staff or items cannot take cases.
    public var missing: [String] {
        [grids == 0 ? "grids" : nil, staff == 0 ? "staff" : nil, items == 0 ? "items" : nil].compactMap { $0 }
    }
}

extension Tenant {
    public func holdings() throws -> Holdings {
        try database.pool.read { db in
            let org = try OrgStore.counts(in: db)
            return Holdings(units: org.units, grids: org.grids, staff: try StaffStore.serving(in: db), items: try CatalogueStore.countInForce(in: db))
        }
    }
}
