import Foundation
import GRDB
import Kernel
import Ordinance
import Store

extension Deployment {
    /// What onboarding did.
    public struct OnboardingReport: Sendable, Encodable {
        public var tenant: String
        public var databaseFile: String
        public var profileVersions: [String]
        public var inForce: String
        public var departments: Int
        public var items: Int
        public var rootUnit: String
    }

    /// Onboards a city: checks its profile, creates its database, seeds the root org unit,
    /// departments and item catalogue from the version in force, and registers it. All or
    /// nothing: on any failure no file is left behind and the registry is unchanged.
    public func onboard(key: String, profileFolder: URL, hosts: [String] = [], on day: Day = .today()) throws -> OnboardingReport {
        try TenantKey.validate(key)
        let packs = try shelf()
        if try registry.entry(key) != nil {
            throw PlatformError("tenant-exists", "tenant '\(key)' is already onboarded; 'wangge tenant remove \(key)' first to onboard it again")
        }
        for host in hosts {
            if let other = try registry.entry(forHost: host) {
                throw PlatformError("host-taken", "host name '\(host)' already routes to tenant '\(other.key)'", place: "--host")
            }
        }
        let folderURL = profileFolder.standardizedFileURL
        guard ProfileLibrary.isDirectory(folderURL) else {
            throw PlatformError("profile-folder", "\(profileFolder.path) is not a folder of profile versions", place: "--profile")
        }
        let profiles = TenantProfiles(folder: folderURL, packs: packs)
        guard !profiles.diagnostics.hasErrors else { throw PlatformError.profile(key, profiles.diagnostics) }
        guard let profile = profiles.inForce(on: day) else {
            throw PlatformError("no-version-in-force", "no version of the profile in \(profileFolder.path) is in force on \(day)")
        }
        if profile.ordinance.tenant != key {
            throw PlatformError("tenant-key", "the profile is for tenant '\(profile.ordinance.tenant)', not '\(key)'", place: "--profile")
        }

        let relative = "tenants/\(key).sqlite"
        let path = folder.appendingPathComponent(relative).path
        let partial = path + ".onboarding"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        if FileManager.default.fileExists(atPath: path) {
            throw PlatformError("database-exists", "\(path) already exists (a removed tenant's data?); move it away or delete it to onboard '\(key)' anew")
        }
        do {
            let database = try TenantDatabase.create(at: partial, tenant: key)
            let entry = TenantEntry(key: key, displayName: profile.ordinance.city.description, profileFolder: folderURL.path,
                                    databaseFile: relative, hosts: hosts, onboardedAt: timestamp())
            let tenant = Tenant(entry: entry, profiles: profiles, database: database, packs: packs, plugins: plugins, registry: registry)
            let report = try database.pool.write { db in
                try seed(tenant, profile: profile, in: db)
            }
            try database.close()
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            do {
                try registry.insert(entry)
            } catch {
                try? FileManager.default.removeItem(atPath: path)
                throw error
            }
            return report
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            if let error = error as? StoreError { throw PlatformError.store(error) }
            throw error
        }
    }

    private func seed(_ tenant: Tenant, profile: Profile, in db: Database) throws -> OnboardingReport {
        let now = timestamp()
        try tenant.recordVersions(in: db, now: now)
        let top = profile.levels[0]
        let root = OrgUnit(parentId: nil, level: top.key, name: profile.ordinance.city.description,
                           divisionCode: profile.ordinance.divisionCode.isEmpty ? nil : profile.ordinance.divisionCode,
                           createdAt: now)
        _ = try OrgStore.insert(root, in: db)
        let language = profile.publication.primaryLanguage
        for department in profile.departments {
            try OrgStore.insert(DepartmentRecord(code: department.code, name: department.name.text(in: language)), in: db)
        }
        let version = profile.ordinance.effective?.description ?? ""
        // The catalogue is seeded from the version in force: it and the versions before it need nothing applied.
        for earlier in tenant.profiles.versions where earlier.ordinance.isEnacted && (earlier.ordinance.effective.map { $0.description <= version } ?? false) {
            try ProfileVersionStore.markApplied(earlier.ordinance.effective?.description ?? "", at: now, in: db)
        }
        for item in profile.catalogue.items {
            try CatalogueStore.append(.init(action: "seed", entry: CatalogueEntry(seed: item, profile: profile), effectiveAt: Date(),
                                            requestedBy: "profile", decidedBy: nil,
                                            reason: "seeded from profile version \(version)", applicationId: nil), in: db)
        }
        return OnboardingReport(tenant: tenant.key, databaseFile: tenant.entry.databaseFile,
                                profileVersions: tenant.profiles.versions.compactMap { $0.ordinance.effective?.description },
                                inForce: version, departments: profile.departments.count,
                                items: profile.catalogue.items.count, rootUnit: root.name)
    }
}
