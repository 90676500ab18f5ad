import Crypto
import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// An open tenant: its registry entry, its profile versions and its own database.
public final class Tenant: Sendable {
    let entry: TenantEntry
    public let profiles: TenantProfiles
    public let database: TenantDatabase
    /// The language and calendar packs as they were when the tenant was opened.
    public let packs: PackShelf
    /// The deployment's plugins, of which hooks are enabled per tenant.
    let library: PluginLibrary
    /// The deployment's registry, where a tenant with hooks enabled is marked.
    let registry: Registry
    /// One kernel per profile version, built once: a case is decided by its version's kernel.
    let kernels: [Day: Kernel]
    /// Decoded cases, checked against the database's version before use.
    let caseCache = CaseCache()
    /// Concurrent writes from the HTTP front end, committed in groups.
    let commits: GroupCommit
    /// Names of catalogue item revisions, which never change.
    let itemNames = LRUCache<String, String>(capacity: 10_000)
    /// Grid codes by grid id.
    let gridCodes = LRUCache<Int64, String>(capacity: 10_000)
    /// Catalogue item revisions, which never change, by code and revision.
    let entries = LRUCache<String, CatalogueEntry>(capacity: 10_000)
    /// Callers by token, with the token's expiry and when it was last checked.
    let callers = LRUCache<String, (Caller, Date, Date)>(capacity: 10_000)
    /// Console sessions by the digest of their secret (nil once signed out), with when they were checked.
    let sessions = LRUCache<String, (WebSession?, Date)>(capacity: 10_000)
    /// Scopes by caller and posts, with when they were computed.
    let scopes = LRUCache<String, (Access, Date)>(capacity: 10_000)

    init(entry: TenantEntry, profiles: TenantProfiles, database: TenantDatabase, packs: PackShelf, plugins: PluginLibrary, registry: Registry) {
        self.entry = entry
        self.registry = registry
        library = plugins
        self.profiles = profiles
        self.database = database
        self.packs = packs
        commits = GroupCommit(pool: database.pool)
        var kernels: [Day: Kernel] = [:]
        let national = packs.nationalCalendar().calendar ?? HolidayCalendar()
        for profile in profiles.versions {
            guard let effective = profile.ordinance.effective else { continue }
            kernels[effective] = Kernel(profile: profile, calendar: WorkingCalendar(national: national, profile: packs.resolved(profile.calendar)))
        }
        self.kernels = kernels
    }

    public var key: String { entry.key }

    /// The tenant's registry entry.
    public var info: TenantInfo { TenantInfo(entry) }

    /// The profile in force on `day`, or a refusal saying which versions there are.
    public func profile(on day: Day? = nil) throws -> Profile {
        let day = day ?? today()
        guard let profile = profiles.inForce(on: day) else {
            let dates = profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
            throw PlatformError("no-version-in-force", "no version of the \(key) profile is in force on \(day) (versions: \(dates))")
        }
        return profile
    }

    /// The day `now` falls on in the tenant's time zone (its enacted versions' zone), the day
    /// by which its version in force is chosen: a new version takes effect at the tenant's midnight.
    public func today(at now: Date = Date()) -> Day { VersionSchedule.today(of: profiles, at: now) }

    /// The version in force now and the next one adopted to take effect, if any.
    public func schedule(at now: Date = Date()) throws -> VersionSchedule {
        guard let schedule = VersionSchedule(profiles, at: now) else {
            let dates = profiles.versions.compactMap(\.ordinance.effective).map(\.description).joined(separator: ", ")
            throw PlatformError("no-version-in-force", "no version of the \(key) profile is in force on \(today(at: now)) (versions: \(dates))")
        }
        return schedule
    }

    /// How each profile version stands against what the database recorded.
    public func versionStates() throws -> [VersionState] {
        let recorded = try database.pool.read { try ProfileVersionStore.all(in: $0) }
        let byDate = Dictionary(recorded.map { ($0.effective, $0) }, uniquingKeysWith: { a, _ in a })
        return profiles.versions.map { profile in
            let effective = profile.ordinance.effective?.description ?? ""
            let digest = Self.digest(ofFile: profile.file)
            let state: VersionState.State = switch byDate[effective] {
            case nil: .new
            case let r? where r.digest == digest: .recorded
            default: .editedSinceRecorded
            }
            return VersionState(effective: effective, status: profile.ordinance.status.rawValue, state: state)
        }
    }

    /// Enacted versions (in force, past, or adopted for a later date) whose file changed after
    /// it was recorded: enacted law is amended by a new version, or a slip in it is recorded
    /// as a correction, never edited silently.
    public func editedVersionsInForce() throws -> [String] {
        let recorded = try database.pool.read { try ProfileVersionStore.all(in: $0) }
        let byDate = Dictionary(recorded.map { ($0.effective, $0) }, uniquingKeysWith: { a, _ in a })
        return profiles.versions.compactMap { profile -> String? in
            guard profile.ordinance.isEnacted, let effective = profile.ordinance.effective,
                  let record = byDate[effective.description], record.digest != Self.digest(ofFile: profile.file) else { return nil }
            return effective.description
        }
    }

    /// Records the edit of a version in force as a correction, with its reason: the version's
    /// digest becomes the file's, and the correction is kept and listed by `tenant show`.
    public func correct(version effective: String, reason: String, operatedBy: String? = nil, at now: Date = Date()) throws -> ProfileCorrectionRecord {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PlatformError("correction-reason", "a correction says why the text was changed", place: "--reason")
        }
        guard let profile = profiles.versions.first(where: { $0.ordinance.effective?.description == effective }) else {
            throw PlatformError(.notFound, "unknown-version", "\(key) has no profile version \(effective)", place: "VERSION")
        }
        let digest = Self.digest(ofFile: profile.file)
        return try database.pool.write { db in
            guard let record = try ProfileVersionStore.all(in: db).first(where: { $0.effective == effective }) else {
                throw PlatformError(.conflict, "version-not-recorded", "version \(effective) is not recorded yet: run wangge tenant migrate")
            }
            guard record.digest != digest else {
                throw PlatformError(.conflict, "nothing-to-correct", "version \(effective) is as recorded; there is nothing to correct")
            }
            let correction = ProfileCorrectionRecord(effective: effective, oldDigest: record.digest, newDigest: digest, reason: reason,
                                                     operatedBy: operatedBy, recordedAt: ISO8601DateFormatter().string(from: now),
                                                     newContent: try? String(contentsOfFile: profile.file, encoding: .utf8))
            try ProfileVersionStore.correct(correction, in: db)
            return correction
        }
    }

    /// Corrections recorded, oldest first.
    public func corrections() throws -> [ProfileCorrectionRecord] {
        try database.pool.read { try ProfileVersionStore.corrections(in: $0) }
    }

    /// A correction and what it changed in the version's text, by meaning (nil where the
    /// text before it was not kept, for corrections recorded before texts were).
    public struct CorrectionChanges: Sendable, Encodable {
        public var correction: ProfileCorrectionRecord
        public var changes: [Change]?
    }

    /// The corrections of version `effective` (all versions when nil), each with its changes.
    public func correctionChanges(of effective: String? = nil) throws -> [CorrectionChanges] {
        try corrections().filter { effective == nil || $0.effective == effective }.map { correction in
            func profile(_ text: String?, _ name: String) -> Profile? {
                text.flatMap { ProfileLoader.load(data: Data($0.utf8), file: name).profile }
            }
            let before = profile(correction.oldContent, "\(correction.effective).yaml (as recorded)")
            let after = profile(correction.newContent, "\(correction.effective).yaml (corrected)")
            return CorrectionChanges(correction: correction, changes: before.flatMap { old in after.map { ProfileDiff.changes(from: old, to: $0) } })
        }
    }

    /// Records profile versions not yet seen, drafts' new contents, and a draft's adoption.
    func recordVersions(in db: Database, now: String) throws {
        for profile in profiles.versions {
            guard let effective = profile.ordinance.effective?.description else { continue }
            let record = ProfileVersionRecord(effective: effective, status: profile.ordinance.status.rawValue,
                                              file: profile.file, digest: Self.digest(ofFile: profile.file), recordedAt: now,
                                              content: try? String(contentsOfFile: profile.file, encoding: .utf8))
            try ProfileVersionStore.record(record, in: db)
        }
    }

    static func digest(ofFile path: String) -> String {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        return SHA256.hash(data: data).hexString
    }

    public func close() throws {
        try database.close()
    }
}

extension Tenant {
    /// The live catalogue: items, applications, imports, the published edition.
    public var catalogue: CatalogueService { CatalogueService(tenant: self) }
    /// Org units, grids and household units.
    public var org: OrgService { OrgService(tenant: self) }
    /// People and their appointments.
    public var staff: StaffService { StaffService(tenant: self) }
    /// Tasks given to grid workers.
    public var assignments: AssignmentService { AssignmentService(tenant: self) }
    /// Tokens, callers' scopes and tiers, the access log.
    public var access: AccessService { AccessService(tenant: self) }
}

/// Which version is in force, and which takes effect next.
public struct VersionSchedule: Sendable, Encodable, Equatable {
    /// The effective date of the version in force.
    public var inForce: String
    public var next: ScheduledVersion?

    /// The schedule of a tenant's versions as its folder has them, without opening its
    /// database; nil when no version is in force today.
    public init?(_ profiles: TenantProfiles, at now: Date = Date()) {
        let today = Self.today(of: profiles, at: now)
        guard let current = profiles.inForce(on: today) else { return nil }
        inForce = current.ordinance.effective?.description ?? ""
        next = profiles.scheduled(after: today).map { profile in
            ScheduledVersion(effective: profile.ordinance.effective?.description ?? "",
                             decision: profile.ordinance.decision.map { decision in
                                 "\(decision.title)（\(decision.body)，\(decision.date?.description ?? "")"
                                     + (decision.approved.map { "；\($0.body)批准，\($0.date?.description ?? "")" } ?? "") + "）"
                             },
                             daysLeft: (profile.ordinance.effective?.ordinal ?? today.ordinal) - today.ordinal)
        }
    }

    /// The day `now` falls on in the time zone of the tenant's enacted versions.
    static func today(of profiles: TenantProfiles, at now: Date) -> Day {
        let zone = profiles.versions.last(where: \.ordinance.isEnacted).flatMap { TimeZone(identifier: $0.calendar.timezone) }
        return Day.today(in: zone ?? TimeZone(identifier: "Asia/Shanghai")!, now: now)
    }
}

/// An adopted version waiting for its date.
public struct ScheduledVersion: Sendable, Encodable, Equatable {
    public var effective: String
    /// The decision that adopted it.
    public var decision: String?
    /// Days from today (in the tenant's time zone) to its first day.
    public var daysLeft: Int
}

/// A profile version as the tenant database knows it.
public struct VersionState: Sendable, Encodable, Equatable {
    public enum State: String, Sendable, Encodable {
        /// Recorded with the same contents.
        case recorded
        /// Not yet recorded (run `wangge tenant migrate`).
        case new
        /// Its file changed after it was recorded: a version in force should be amended, not edited.
        case editedSinceRecorded = "edited_since_recorded"
    }

    public var effective: String
    public var status: String
    public var state: State

    public init(effective: String, status: String, state: State) {
        self.effective = effective
        self.status = status
        self.state = state
    }
}

/// Timestamps as stored: ISO 8601 in UTC.
func timestamp(_ date: Date = Date()) -> String {
    ISO8601DateFormatter().string(from: date)
}
