import GRDB
import Kernel
import Ordinance
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
        public var calendar: CalendarCoverage
        /// Versions in force edited since recorded (the tenant is not served until corrected), and corrections made.
        public var editedVersions: [String]
        public var corrections: [ProfileCorrectionRecord]
        /// The version in force today and the next adopted one.
        public var schedule: VersionSchedule
    }

    public func summary(of key: String) throws -> TenantSummary {
        let tenant = try open(key, allowingEdits: true)
        defer { try? tenant.close() }
        let holdings = try tenant.holdings()
        return TenantSummary(entry: tenant.info, versions: try tenant.versionStates(),
                             units: holdings.units, grids: holdings.grids, staff: holdings.staff, items: holdings.items,
                              calendar: CalendarCoverage(try tenant.kernel(for: try tenant.profile().ordinance.effective ?? Day(year: 1970, month: 1, day: 1)).calendar,
                                                         regional: tenant.packs.resolved(try tenant.profile().calendar).regional),
                              editedVersions: try tenant.editedVersionsInForce(), corrections: try tenant.corrections(),
                              schedule: try tenant.schedule())
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
                // Evaluation's facts did not exist before v12: derive them from the archive once.
                if applied.contains("v12-case-facts") { _ = try tenant.evaluation.rebuildFacts() }
                return MigrationResult(tenant: entry.key, applied: applied, error: nil)
            } catch {
                return MigrationResult(tenant: entry.key, applied: [], error: "\(error)")
            }
        }
    }
}

/// Which years the tenant's working calendar knows: the national holidays (and years declared
/// provisional), and the region's holidays where the profile has them, with the years the
/// national calendar covers but the regional notices recorded do not.
public struct CalendarCoverage: Sendable, Encodable, Equatable {
    public var national: [Int]
    public var provisional: [Int]
    public var regional: String?
    public var regionalYears: [Int]
    public var regionalMissing: [Int]

    init(_ calendar: WorkingCalendar, regional: RegionalCalendar?) {
        national = calendar.coveredYears.sorted()
        provisional = calendar.provisionalYears.keys.sorted()
        self.regional = regional?.name
        regionalYears = (calendar.regionalYears ?? []).sorted()
        regionalMissing = calendar.regionalYears.map { calendar.coveredYears.subtracting($0).sorted() } ?? []
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
