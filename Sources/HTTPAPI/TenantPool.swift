import Foundation
import Logging
import Ordinance
import Platform
import Store
import Synchronization

/// The tenants one server serves, opened on first use. The registry is the truth: it is
/// read again at most once a second, so a tenant removed from it stops being served, and
/// one onboarded again under the same key (a new database file) is opened anew, within a
/// second and without a restart. So is a tenant whose folder of profile versions changed (an
/// amendment added or adopted), or whose language and calendar packs changed (a year's notice
/// added): it is opened again with the versions and packs now there, and the day
/// decides which is in force, so an adopted version takes effect at the tenant's midnight.
/// An unknown key is answered from memory without opening
/// any database. A tenant that fails to open fails alone and is tried again later; one
/// whose file fails SQLite's integrity check is served read-only and reported as damaged.
final class TenantPool: Sendable {
    let deployment: Deployment
    let settings: Settings
    private let logger: Logger

    /// How tenants are served.
    struct Settings: Sendable {
        /// Threads of each open tenant's lane.
        var threadsPerTenant = ProcessInfo.processInfo.activeProcessorCount
        /// Requests of one tenant admitted at once; more are refused with 503.
        var requestsPerTenant = 256
        /// Heavy requests of one tenant admitted at once.
        var heavyRequestsPerTenant = 16
        /// The niceness of heavy lanes' threads.
        var heavyNice: Int32 = 10
        /// How often the registry is read again.
        var rereadEvery: Duration = .seconds(1)
    }

    /// A tenant being served: its handle, its lanes, and what its integrity check found.
    final class Served: Sendable {
        let tenant: Tenant
        let lane: TenantLane
        /// The lane of its heavy work (verification, imports, exports, long lists): one
        /// thread that yields the processor to everything else, so a tenant's heavy load
        /// slows its own heavy requests first.
        let heavyLane: TenantLane
        /// Why writes are refused (the integrity check's findings), or nil for a sound file.
        let damage: String?
        /// The database file's identity when it was opened (inode), to notice a new file.
        let fileNumber: UInt64?
        /// The profile versions' files when it was opened (names, sizes, times), to notice an amendment.
        let versionsStamp: String

        init(tenant: Tenant, lane: TenantLane, heavyLane: TenantLane, damage: String?, fileNumber: UInt64?, versionsStamp: String) {
            self.tenant = tenant
            self.lane = lane
            self.heavyLane = heavyLane
            self.damage = damage
            self.fileNumber = fileNumber
            self.versionsStamp = versionsStamp
        }

        /// The lane for a route's work.
        func lane(for route: Route) -> TenantLane { route.heavy ? heavyLane : lane }

        /// Stops both lanes' threads once their queued jobs have run.
        func shutdown() {
            lane.shutdown()
            heavyLane.shutdown()
        }
    }

    private struct State {
        var entries: [String: TenantInfo] = [:]
        var hosts: [String: String] = [:]
        var open: [String: Served] = [:]
        var readAt = ContinuousClock.now
        var rereading = false
    }
    private let state: Mutex<State>
    /// Version schedules of tenants not open, by key, with the stamp of the folder they were read from.
    private let schedules = Mutex<[String: (stamp: String, minute: Int, schedule: VersionSchedule?)]>([:])

    init(deployment: Deployment, settings: Settings = Settings(), logger: Logger) throws {
        self.deployment = deployment
        self.settings = settings
        self.logger = logger
        state = Mutex(State())
        try reread()
    }

    /// The tenant serving `key`, opened if need be; nil when the registry has no such tenant.
    func served(_ key: String) throws -> Served? {
        followRegistry()
        let (known, open) = state.withLock { ($0.entries[key], $0.open[key]) }
        guard let entry = known else { return nil }
        if let open { return open }
        // Opening reads the profile and checks the file: done outside the lock, so one slow
        // tenant does not hold up the others; if two requests race, the first one kept wins.
        let stamp = Self.versionsStamp(URL(fileURLWithPath: entry.profileFolder))
        let tenant = try deployment.open(key)
        let damage = check(tenant)
        let lane = TenantLane(tenant: key, threads: settings.threadsPerTenant, capacity: settings.requestsPerTenant)
        let heavyLane = TenantLane(tenant: key, threads: 1, capacity: settings.heavyRequestsPerTenant, nice: settings.heavyNice)
        let opened = Served(tenant: tenant, lane: lane, heavyLane: heavyLane, damage: damage, fileNumber: Self.fileNumber(tenant.database.path),
                            versionsStamp: stamp)
        return state.withLock { state -> Served? in
            if let existing = state.open[key] {
                opened.shutdown()
                return existing
            }
            // The registry changed while this one opened: serve what it says now.
            guard state.entries[key] == entry else {
                opened.shutdown()
                return nil
            }
            state.open[key] = opened
            return opened
        }
    }

    /// The integrity check of a newly opened tenant; a damaged file is fenced against writes.
    private func check(_ tenant: Tenant) -> String? {
        do {
            let problems = try tenant.database.integrityProblems()
            guard !problems.isEmpty else { return nil }
            let reason = problems.prefix(3).joined(separator: "; ")
            try? tenant.database.refuseWrites()
            logger.error("tenant \(tenant.key) failed its integrity check; writes are refused: \(reason)")
            return reason
        } catch {
            try? tenant.database.refuseWrites()
            logger.error("tenant \(tenant.key) could not be checked; writes are refused: \(error)")
            return "the integrity check could not run: \(error)"
        }
    }

    /// The tenant serving `key` if it is open now; nothing is opened. A tenant open is
    /// always one the registry has (a reread drops the others).
    func openServed(_ key: String) -> Served? {
        followRegistry()
        return state.withLock { $0.open[key] }
    }

    /// The tenant a host name is mapped to in the registry.
    func tenantKey(forHost host: String) -> String? {
        followRegistry()
        let name = host.split(separator: ":").first.map { String($0).lowercased() } ?? ""
        return state.withLock { $0.hosts[name] }
    }

    /// Whether the registry has `key`.
    func isRegistered(_ key: String) -> Bool {
        followRegistry()
        return state.withLock { $0.entries[key] != nil }
    }

    /// Registered tenant keys.
    var keys: [String] {
        followRegistry()
        return state.withLock { $0.entries.keys.sorted() }
    }

    /// The version in force and the next one of every registered tenant: from the tenant
    /// when it is open, else from its folder of versions, read again only when the folder changes.
    func schedules(at now: Date = Date()) -> [String: VersionSchedule] {
        let (entries, open) = state.withLock { ($0.entries, $0.open) }
        var result: [String: VersionSchedule] = [:]
        for (key, entry) in entries {
            if let served = open[key] {
                result[key] = try? served.tenant.schedule(at: now)
                continue
            }
            // Read again when the folder changes, and each minute (the tenant's day decides what is in force).
            let folder = URL(fileURLWithPath: entry.profileFolder)
            let stamp = Self.versionsStamp(folder)
            let minute = Int(now.timeIntervalSince1970 / 60)
            if let cached = schedules.withLock({ $0[key] }), cached.stamp == stamp, cached.minute == minute {
                result[key] = cached.schedule
                continue
            }
            let schedule = VersionSchedule(TenantProfiles(folder: folder), at: now)
            schedules.withLock { $0[key] = (stamp, minute, schedule) }
            result[key] = schedule
        }
        return result
    }

    /// Tenants served now, by key.
    var openTenants: [String: Served] { state.withLock { $0.open } }

    func closeAll() {
        let served = state.withLock { state -> [Served] in
            defer { state.open = [:] }
            return Array(state.open.values)
        }
        for each in served {
            each.shutdown()
            try? each.tenant.close()
        }
    }

    /// Reads the registry again if it was read more than `rereadEvery` ago; one caller
    /// reads while the others go on with what was read before.
    private func followRegistry() {
        let due = state.withLock { state -> Bool in
            guard !state.rereading, ContinuousClock.now - state.readAt >= settings.rereadEvery else { return false }
            state.rereading = true
            return true
        }
        guard due else { return }
        do {
            try reread()
        } catch {
            state.withLock { $0.rereading = false }
            logger.error("the registry could not be read; serving what it said before: \(error)")
        }
    }

    /// Reads the registry; tenants it no longer has, or has anew (another entry, another
    /// database file), stop being served, and their handles close once their last request ends.
    private func reread() throws {
        let entries = try deployment.tenants()
        let packs = deployment.packs.current().stamp
        let dropped = state.withLock { state -> [Served] in
            state.readAt = .now
            state.rereading = false
            state.entries = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            state.hosts = [:]
            for entry in entries {
                for host in entry.hosts { state.hosts[host.trimmingCharacters(in: .whitespaces)] = entry.key }
            }
            var dropped: [Served] = []
            for (key, served) in state.open {
                let entry = state.entries[key]
                if entry != served.tenant.info || Self.fileNumber(served.tenant.database.path) != served.fileNumber
                    || Self.versionsStamp(served.tenant.profiles.folder) != served.versionsStamp || served.tenant.packs.stamp != packs {
                    dropped.append(served)
                    state.open[key] = nil
                }
            }
            return dropped
        }
        for served in dropped {
            logger.warning("tenant \(served.tenant.key) was removed, onboarded again, or its profile versions or packs changed; it is opened anew on its next request")
            // Requests under way keep their handle; the pool closes when the last one lets go.
            served.shutdown()
        }
    }

    /// The version files of a profile folder as the file system sees them: name, size and
    /// modification time of each, so an edit, an added amendment or an adoption shows.
    static func versionsStamp(_ folder: URL) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        return names.map { name in
            var status = stat()
            guard stat(folder.appendingPathComponent(name).path, &status) == 0 else { return name }
            return "\(name):\(status.st_size):\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        }.joined(separator: "|")
    }

    /// The inode of a file, or nil when it does not exist.
    private static func fileNumber(_ path: String) -> UInt64? {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
    }
}
