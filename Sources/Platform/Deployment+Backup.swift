import Foundation
import Ordinance
import Store

extension Deployment {
    /// What a backup or a restore wrote, and what the copy was checked for.
    public struct BackupReport: Sendable, Encodable {
        public var tenant: String
        public var file: String
        public var bytes: Int
        /// Cases and archived events in the copy; its hash chains were verified.
        public var cases: Int
        public var events: Int
        public var takenAt: Date
    }

    /// Copies a tenant's database into `folder` as `<key>-<UTC time>.sqlite`, with SQLite's
    /// online backup: one consistent snapshot even while the server writes, holding every
    /// write acknowledged before it began. The copy is then opened on its own and its
    /// integrity and archive are verified; a copy that fails is deleted and refused.
    public func backup(_ key: String, to folder: URL, at now: Date = Date()) throws -> BackupReport {
        let tenant = try open(key)
        defer { try? tenant.close() }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!,
                                                formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        let file = folder.appendingPathComponent("\(key)-\(stamp.replacingOccurrences(of: ":", with: "")).sqlite")
        do {
            try tenant.database.backup(to: file.path)
        } catch StoreError.alreadyExists(let path) {
            throw PlatformError("backup-exists", "\(path) already exists; choose another folder or wait a second", place: "--to")
        }
        do {
            return try verifiedCopy(of: tenant.entry, at: file, profiles: tenant.profiles, takenAt: now)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Puts a backup in place of a tenant's database. The copy is checked first (it must
    /// hold this tenant, at this binary's schema, sound and with an intact archive), then
    /// moved over the database file in one rename; a running server notices the new file
    /// within a second. A tenant not in the registry (a deployment rebuilt after a loss) is
    /// registered with `profileFolder`.
    public func restore(_ key: String, from backup: URL, profileFolder: URL? = nil, hosts: [String] = []) throws -> BackupReport {
        try TenantKey.validate(key)
        guard FileManager.default.fileExists(atPath: backup.path) else {
            throw PlatformError("backup-missing", "\(backup.path) does not exist", place: "--from")
        }
        let registered = try registry.entry(key)
        let folderURL = (profileFolder ?? registered.map { URL(fileURLWithPath: $0.profileFolder) })?.standardizedFileURL
        guard let folderURL else {
            throw PlatformError(.notFound, "unknown-tenant", "'\(key)' is not in this deployment's registry: give --profile to register it from the backup",
                                place: "--profile")
        }
        let profiles = TenantProfiles(folder: folderURL, packs: try shelf())
        guard !profiles.diagnostics.hasErrors else { throw PlatformError.profile(key, profiles.diagnostics) }
        let entry = registered ?? TenantEntry(key: key, displayName: profiles.versions.last?.ordinance.city.description ?? key,
                                              profileFolder: folderURL.path, databaseFile: "tenants/\(key).sqlite", hosts: hosts,
                                              onboardedAt: timestamp())
        let target = databasePath(of: entry)
        let staged = URL(fileURLWithPath: target + ".restoring")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staged.path + suffix) }
        try FileManager.default.copyItem(at: backup, to: staged)
        let report: BackupReport
        do {
            report = try verifiedCopy(of: entry, at: staged, profiles: profiles, takenAt: Date())
        } catch {
            try? FileManager.default.removeItem(at: staged)
            throw error
        }
        // One rename replaces the file; the old file's journal goes with it.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        guard rename(staged.path, target) == 0 else {
            throw PlatformError("restore-failed", "could not move the checked copy to \(target): \(String(cString: strerror(errno)))")
        }
        if registered == nil { try registry.insert(entry) }
        return BackupReport(tenant: key, file: target, bytes: report.bytes, cases: report.cases, events: report.events, takenAt: report.takenAt)
    }

    /// Opens a copy as the tenant's database and checks it: schema, integrity, archive.
    private func verifiedCopy(of entry: TenantEntry, at file: URL, profiles: TenantProfiles, takenAt: Date) throws -> BackupReport {
        let database: TenantDatabase
        do {
            database = try TenantDatabase.open(at: file.path, tenant: entry.key)
        } catch let error as StoreError {
            throw PlatformError("backup-unusable", "\(file.path) cannot serve as \(entry.key)'s database: \(error)")
        }
        let copy = Tenant(entry: entry, profiles: profiles, database: database, packs: try shelf(), plugins: plugins, registry: registry)
        defer { try? copy.close() }
        let problems = try database.integrityProblems()
        guard problems.isEmpty else {
            throw PlatformError("backup-damaged", "\(file.path) fails SQLite's integrity check: \(problems.prefix(3).joined(separator: "; "))")
        }
        let archive = try copy.cases.verifyArchive()
        guard archive.problems.isEmpty else {
            throw PlatformError("backup-archive", "\(file.path) holds an altered archive: \(archive.problems.prefix(3).map { "\($0)" }.joined(separator: "; "))")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        return BackupReport(tenant: entry.key, file: file.path, bytes: bytes, cases: archive.cases, events: archive.events, takenAt: takenAt)
    }
}
