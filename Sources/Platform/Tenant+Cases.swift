import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A case as the front ends show it: its state, names for its codes, and its timeline.
public struct CaseView: Sendable, Encodable {
    public var state: CaseState
    public var itemName: String
    public var gridName: String
    public var gridCode: String
    public var pending: [StepView]
    public var history: [CaseEvent]?
}

public struct StepView: Sendable, Encodable {
    public var key: String
    public var kind: String
    public var name: String
    public var article: String?
}

extension Tenant {
    /// The national calendar shipped with the platform, or why it could not be read: a
    /// broken calendar must make tenants unavailable with that reason, never count
    /// deadlines on weekdays alone without saying so.
    static let nationalCalendarResult: Result<HolidayCalendar, PlatformError> = {
        guard let url = Bundle.module.url(forResource: "cn", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
            return .failure(PlatformError("national-calendar", "the national holiday calendar (cn.yaml) is missing from this build"))
        }
        let (calendar, diagnostics) = HolidayCalendar.load(data: data, file: url.path)
        guard let calendar, !diagnostics.contains(where: { $0.severity == .error }) else {
            let found = diagnostics.prefix(3).map(\.description).joined(separator: "; ")
            return .failure(PlatformError("national-calendar", "the national holiday calendar cannot be read: \(found)"))
        }
        return .success(calendar)
    }()

    /// The national calendar; only reached once `nationalCalendarResult` was checked (Deployment.open).
    static var nationalCalendar: HolidayCalendar { (try? nationalCalendarResult.get()) ?? HolidayCalendar() }

    /// The kernel for the profile version a case is pinned to.
    func kernel(for version: Day) throws -> Kernel {
        guard let kernel = kernels[version] else {
            throw PlatformError("profile-version", "the profile version \(version) this case was reported under is no longer in \(entry.profileFolder)")
        }
        return kernel
    }

    /// The posts a staff member holds on `day`, with the level of each post's org unit.
    func participant(_ staffId: String, on day: Day, in db: Database, place: String = "--as") throws -> Participant {
        if staffId == Participant.platform.staffId { return .platform }
        guard let person = try StaffStore.person(staffId, in: db) else {
            throw PlatformError(.notFound, "unknown-staff", "no staff with id '\(staffId)'", place: place)
        }
        let posts = try StaffStore.posts(of: staffId, in: db).compactMap { post -> Post? in
            let appointment = post.appointment
            guard appointment.startedOn <= day.description, appointment.endedOn.map({ $0 >= day.description }) ?? true else { return nil }
            return Post(role: appointment.role, unitId: appointment.unitId, level: post.unitLevel, unitName: post.unitName,
                        department: appointment.department)
        }
        return Participant(staffId: staffId, name: person.name, posts: posts)
    }

    /// A grid and its ancestors, by level.
    private func place(ofGrid reference: String, profile: Profile, in db: Database) throws -> CasePlace {
        let unit = try OrgRules(profile: profile, db: db).resolve(reference, place: "--grid")
        guard try OrgStore.grid(unitId: unit.id!, in: db) != nil else {
            throw PlatformError("not-a-grid", "'\(unit.name)' is not a grid; matters are reported in a grid", place: "--grid")
        }
        let lineage = try OrgUnit.lineage(of: unit.id!, in: db)
        return CasePlace(gridId: unit.id!, units: Dictionary(lineage.map { ($0.level, $0.id!) }, uniquingKeysWith: { a, _ in a }),
                         names: Dictionary(lineage.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Files a new case under the profile version in force today, as `staffId` (or `platform`).
    /// With an idempotency key, a retry of the same report by the same caller returns the
    /// case filed the first time instead of filing it twice; the key reused for a different
    /// report is refused.
    public func report(item: String, grid: String, as staffId: String, reporter: Reporter, category: String? = nil,
                       emergency: Bool = false, note: String? = nil, idempotencyKey: String? = nil, at now: Date = Date()) throws -> CaseView {
        let work = try reportWork(item: item, grid: grid, as: staffId, reporter: reporter, category: category, emergency: emergency,
                                  note: note, idempotencyKey: idempotencyKey, at: now)
        let view = try database.pool.write(work)
        cases.store(view)  // only once committed
        return view
    }

    /// `report`, committed together with other concurrent writes of the tenant.
    public func report(item: String, grid: String, as staffId: String, reporter: Reporter, category: String? = nil,
                       emergency: Bool = false, note: String? = nil, idempotencyKey: String? = nil, at now: Date = Date()) async throws -> CaseView {
        let work = try reportWork(item: item, grid: grid, as: staffId, reporter: reporter, category: category, emergency: emergency,
                                  note: note, idempotencyKey: idempotencyKey, at: now)
        let view = try await commits.write(work)
        cases.store(view)  // only once committed
        return view
    }

    private func reportWork(item: String, grid: String, as staffId: String, reporter: Reporter, category: String?, emergency: Bool,
                            note: String?, idempotencyKey: String?, at now: Date) throws -> @Sendable (Database) throws -> CaseView {
        let day = try kernel(for: try profile().ordinance.effective!).calendar.day(of: now)
        let profile = try profile(on: day)
        let kernel = try kernel(for: profile.ordinance.effective!)
        let request = [item, grid, reporter.channel.rawValue, reporter.name ?? "", reporter.phone ?? "", reporter.idNumber ?? "",
                       category ?? "", emergency ? "1" : "0", note ?? ""].joined(separator: "\u{1F}")
        return { db in
            if let key = idempotencyKey {
                if let earlier = try IdempotencyStore.find(staff: staffId, key: key, in: db) {
                    guard earlier.requestDigest == Self.digest(ofToken: request) else {
                        throw PlatformError("idempotency-key-reused", "idempotency key '\(key)' was used for a different report", place: "Idempotency-Key")
                    }
                    guard let state = try CaseStore.load(earlier.caseId, in: db) else { throw PlatformError(.notFound, "unknown-case", "no case '\(earlier.caseId)'") }
                    return try self.view(state, profile: try self.kernel(for: state.profileVersion).profile, history: false, in: db)
                }
            }
            let actor = try self.participant(staffId, on: day, in: db)
            let place = try self.place(ofGrid: grid, profile: profile, in: db)
            let id = try CaseStore.nextCaseId(prefix: self.key, year: day.year, in: db)
            let entry = try self.liveEntry(item, in: db)
            let new = NewCase(id: id, item: item, entry: entry, category: category, place: place, reporter: reporter,
                              emergency: emergency, note: note)
            let events = try self.refusing { try kernel.decide(.report(new), on: nil, by: actor, at: now) }
            guard let state = CaseState.replay(events) else { throw PlatformError("kernel", "the report produced no case") }
            try CaseStore.append(events, resulting: state, previous: nil, in: db)
            if let key = idempotencyKey {
                try IdempotencyStore.insert(IdempotencyKeyRecord(key: key, staffId: staffId, requestDigest: Self.digest(ofToken: request),
                                                                 caseId: state.id, createdAt: now), in: db)
            }
            return try self.view(state, profile: profile, history: false, in: db)
        }
    }

    /// Performs `command` on a case as `staffId`; refused, changing nothing, if the law does not allow it.
    /// With `expectedVersion` (an HTTP `If-Match`), a case changed since the caller read it is refused.
    public func act(_ caseId: String, _ command: Command, as staffId: String, expectedVersion: Int? = nil,
                    at now: Date = Date()) throws -> CaseView {
        let view = try database.pool.write { db in
            try self.perform(caseId, command, as: staffId, expectedVersion: expectedVersion, at: now, in: db)
        }
        cases.store(view)  // only once committed
        return view
    }

    /// `act`, committed together with other concurrent writes of the tenant.
    public func act(_ caseId: String, _ command: Command, as staffId: String, expectedVersion: Int? = nil,
                    at now: Date = Date()) async throws -> CaseView {
        let view = try await commits.write { db in
            try self.perform(caseId, command, as: staffId, expectedVersion: expectedVersion, at: now, in: db)
        }
        cases.store(view)  // only once committed
        return view
    }

    private func perform(_ caseId: String, _ command: Command, as staffId: String, expectedVersion: Int?, at now: Date,
                         in db: Database) throws -> CaseView {
        guard let version = try CaseStore.version(of: caseId, in: db),
              let state = try cases.view(caseId, version: version)?.state ?? CaseStore.load(caseId, in: db) else {
            throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'")
        }
        if let expectedVersion, expectedVersion != version {
            throw PlatformError(.stale, "version-mismatch", "\(caseId) is at version \(version), not \(expectedVersion): it changed since you read it; read it again",
                                place: "If-Match")
        }
        let kernel = try kernel(for: state.profileVersion)
        let actor = try participant(staffId, on: kernel.calendar.day(of: now), in: db)
        let events = try refusing { try kernel.decide(command, on: state, by: actor, at: now) }
        let next = events.reduce(state) { $0.applying($1) }
        try CaseStore.append(events, resulting: next, previous: state, in: db)
        return try view(next, profile: kernel.profile, history: false, in: db)
    }

    /// A case, with its full timeline unless `history` is false. A case decoded before and
    /// unchanged since (same version) is taken from memory.
    public func caseView(_ caseId: String, history: Bool = true) throws -> CaseView {
        // Without the archive, one row is read whole and no snapshot is needed: a lookup
        // connection, without BEGIN and COMMIT, is enough.
        let body = { (db: Database) throws -> CaseView in
            guard let version = try CaseStore.version(of: caseId, in: db) else { throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'") }
            let cached = self.cases.view(caseId, version: version)
            if let cached, !history { return cached }
            guard let state = try cached?.state ?? CaseStore.load(caseId, in: db) else {
                throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'")
            }
            let view = try self.view(state, profile: try self.kernel(for: state.profileVersion).profile, history: history, in: db)
            self.cases.store(view)
            return view
        }
        return try history ? database.pool.read(body) : database.lookups.read(body)
    }

    /// Cases matching a filter; `grid` also takes a township or community, meaning every grid under it.
    public func cases(status: CaseState.Status? = nil, grid: String? = nil, department: String? = nil, overdue: Bool = false,
                      limit: Int = 50, offset: Int = 0, scope: (gridIds: [Int64], departments: [String])? = nil,
                      refine: (inout CaseStore.Filter) -> Void = { _ in }, history: Bool = false) throws -> [CaseView] {
        let profile = try profile()
        return try database.pool.read { db in
            var filter = CaseStore.Filter()
            refine(&filter)
            filter.status = status
            filter.department = department
            filter.overdueOnly = overdue
            filter.limit = limit
            filter.offset = offset
            filter.scope = scope
            if let grid {
                let unit = try OrgRules(profile: profile, db: db).resolve(grid, place: "--grid")
                filter.gridIds = try OrgStore.gridIds(under: [unit.id!], in: db)
            }
            return try CaseStore.list(filter, in: db).map { state in
                try view(state, profile: try kernel(for: state.profileVersion).profile, history: history, in: db)
            }
        }
    }

    /// The supervision sweep (督办): marks overdue cases, records a supervision event, and
    /// escalates where the profile says so. Running it again changes nothing.
    public func sweep(at now: Date = Date()) throws -> [CaseView] {
        try database.pool.write { db in
            try CaseStore.newlyOverdue(at: now, in: db).compactMap { state in
                let kernel = try kernel(for: state.profileVersion)
                let events = kernel.supervise(state, at: now)
                guard !events.isEmpty else { return nil }
                let next = events.reduce(state) { $0.applying($1) }
                try CaseStore.append(events, resulting: next, previous: state, in: db)
                return try view(next, profile: kernel.profile, history: false, in: db)
            }
        }
    }

    /// Checks every case's archive, and those of catalogue applications and assignments,
    /// for altered or deleted events.
    /// Cases are verified a page at a time, each page in its own short read, so a large
    /// archive never holds one snapshot (and the file's checkpoints) for the whole run.
    public func verifyArchive() throws -> ArchiveVerification {
        var result = ArchiveVerification(cases: 0, events: 0, problems: [])
        var next: String?
        repeat {
            let page = try database.pool.read { try CaseStore.verifyArchive(after: next, in: $0) }
            result.cases += page.cases
            result.events += page.events
            result.problems += page.problems.map(ArchiveVerification.Finding.init)
            next = page.next
        } while next != nil
        result.problems += try database.pool.read { try ProcedureStore.verifyArchive(in: $0) }.map(ArchiveVerification.Finding.init)
        return result
    }

    private func view(_ state: CaseState, profile: Profile, history: Bool, in db: Database) throws -> CaseView {
        let gridCode = try self.gridCode(state.place.gridId, in: db)
        let itemName = try itemName(state, profile: profile, in: db)
        return CaseView(
            state: state, itemName: itemName,
            gridName: state.place.names[state.place.gridId] ?? "", gridCode: gridCode ?? "",
            pending: state.pending.compactMap(profile.step).map {
                StepView(key: $0.key, kind: $0.kind.rawValue, name: $0.name.description, article: profile.cite($0.article))
            },
            history: history ? try CaseStore.events(state.id, in: db) : nil)
    }

    /// A grid's code; codes are given once, when the grid is added, so each is read once.
    private func gridCode(_ gridId: Int64, in db: Database) throws -> String? {
        if let code = gridCodes.value(gridId) { return code }
        let code = try OrgStore.grid(unitId: gridId, in: db)?.code
        if let code { gridCodes.store(gridId, code) }
        return code
    }

    /// The latest revision of an item; revisions never change, so each is decoded once.
    private func liveEntry(_ code: String, in db: Database) throws -> CatalogueEntry? {
        guard let revision = try CatalogueStore.latestRevision(code, in: db) else { return nil }
        let key = "\(code)#\(revision)"
        if let entry = entries.value(key) { return entry }
        let entry = try CatalogueStore.revision(code, revision, in: db)
        if let entry { entries.store(key, entry) }
        return entry
    }

    /// The name of the case's item revision; revisions never change, so names are kept once read.
    private func itemName(_ state: CaseState, profile: Profile, in db: Database) throws -> String {
        guard let revision = state.itemRevision else { return profile.item(state.item)?.name.description ?? state.item }
        let key = "\(state.item)#\(revision)"
        if let name = itemNames.value(key) { return name }
        let name = try CatalogueStore.revision(state.item, revision, in: db)?.name(in: profile.publication.primaryLanguage) ?? state.item
        itemNames.store(key, name)
        return name
    }

    func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let refusal as Refusal {
            throw PlatformError([Problem(refusal)])
        }
    }
}

extension Tenant {
    /// Cases by status and open cases marked overdue, for monitoring.
    public func caseCounts() throws -> (byStatus: [String: Int], overdue: Int) {
        try database.pool.read { try CaseStore.counts(in: $0) }
    }
}
