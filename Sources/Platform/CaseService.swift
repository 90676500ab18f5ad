import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// The cases of one tenant: reports, actions, reads (as a caller's scope and tier allow),
/// the supervision sweep and the archive check. Writes are async and committed with the
/// tenant's other concurrent writes (group commit); reads are synchronous, as they run on
/// the tenant's lane thread (HTTP) or the command's own thread (CLI).
public struct CaseService: Sendable {
    let tenant: Tenant

    /// Files a new case under the profile version in force today, as `staffId` (or `platform`),
    /// committed together with other concurrent writes of the tenant.
    /// With an idempotency key, a retry of the same report by the same caller returns the
    /// case filed the first time instead of filing it twice; the key reused for a different
    /// report is refused. With a `receipt` token, written in the same transaction, the
    /// reporter follows the case by it (reports from the public pages).
    public func report(item: String, grid: String, as staffId: String, reporter: Reporter, category: String? = nil,
                       emergency: Bool = false, note: String? = nil, origin: CaseOrigin? = nil, idempotencyKey: String? = nil,
                       receipt: String? = nil, at now: Date = Date()) async throws -> CaseView {
        let work = try reportWork(item: item, grid: grid, as: staffId, reporter: reporter, category: category, emergency: emergency,
                                  note: note, origin: origin, idempotencyKey: idempotencyKey, receipt: receipt, at: now)
        let view = try await tenant.commits.write(work)
        tenant.caseCache.store(view)  // only once committed
        return view
    }

    private func reportWork(item: String, grid: String, as staffId: String, reporter: Reporter, category: String?, emergency: Bool,
                            note: String?, origin: CaseOrigin?, idempotencyKey: String?, receipt: String?, at now: Date) throws -> @Sendable (Database) throws -> CaseView {
        let day = try tenant.kernel(for: try tenant.profile().ordinance.effective!).calendar.day(of: now)
        let profile = try tenant.profile(on: day)
        let kernel = try tenant.kernel(for: profile.ordinance.effective!)
        if item.trimmingCharacters(in: .whitespaces).isEmpty, !profile.takesUnlistedReports {
            throw PlatformError("missing-field", "'item' is required: here matters are reported under an item of the catalogue (事项清单)", place: "item")
        }
        let request = [item, grid, reporter.channel.rawValue, reporter.name ?? "", reporter.phone ?? "", reporter.idNumber ?? "",
                       category ?? "", emergency ? "1" : "0", note ?? "",
                       origin.map { "\($0.lat ?? .nan) \($0.long ?? .nan) \($0.address ?? "") \($0.addressId ?? "") \($0.media) \($0.client ?? "")" } ?? ""]
            .joined(separator: "\u{1F}")
        let tenant = self.tenant
        return { db in
            if let key = idempotencyKey {
                if let earlier = try IdempotencyStore.find(staff: staffId, key: key, in: db) {
                    guard earlier.requestDigest == Tenant.digest(ofToken: request) else {
                        throw PlatformError("idempotency-key-reused", "idempotency key '\(key)' was used for a different report", place: "Idempotency-Key")
                    }
                    guard let state = try CaseStore.load(earlier.caseId, in: db) else { throw PlatformError(.notFound, "unknown-case", "no case '\(earlier.caseId)'") }
                    return try tenant.view(state, profile: try tenant.kernel(for: state.profileVersion).profile, history: false, in: db)
                }
            }
            let actor = try tenant.participant(staffId, on: day, in: db)
            let place = try tenant.place(ofGrid: grid, profile: profile, in: db)
            let id = try CaseStore.nextCaseId(prefix: tenant.key, year: day.year, in: db)
            let entry = try tenant.liveEntry(item, in: db)
            let kernel = try tenant.withPeriods(kernel, in: db)
            let new = NewCase(id: id, item: item, entry: entry, category: category, place: place, reporter: reporter,
                              emergency: emergency, note: note, origin: origin)
            let events = try tenant.refusing { try kernel.decide(.report(new), on: nil, by: actor, at: now) }
            guard let state = CaseState.replay(events) else { throw PlatformError("kernel", "the report produced no case") }
            try tenant.record(events, resulting: state, previous: nil, kernel: kernel, in: db)
            if let key = idempotencyKey {
                try IdempotencyStore.insert(IdempotencyKeyRecord(key: key, staffId: staffId, requestDigest: Tenant.digest(ofToken: request),
                                                                 caseId: state.id, createdAt: now), in: db)
            }
            if let receipt { try ReceiptStore.insert(CaseReceiptRecord(token: receipt, caseId: state.id, createdAt: now), in: db) }
            return try tenant.view(state, profile: profile, history: false, in: db)
        }
    }

    /// Performs `command` on a case as `staffId`, committed together with other concurrent
    /// writes of the tenant; refused, changing nothing, if the law does not allow it.
    /// With `expectedVersion` (an HTTP `If-Match`), a case changed since the caller read it is refused.
    public func act(_ caseId: String, _ command: Command, as staffId: String, expectedVersion: Int? = nil,
                    at now: Date = Date()) async throws -> CaseView {
        let tenant = self.tenant
        let view = try await tenant.commits.write { db in
            try Self.perform(caseId, command, as: staffId, expectedVersion: expectedVersion, at: now, on: tenant, in: db)
        }
        tenant.caseCache.store(view)  // only once committed
        return view
    }

    private static func perform(_ caseId: String, _ command: Command, as staffId: String, expectedVersion: Int?, at now: Date,
                                on tenant: Tenant, in db: Database) throws -> CaseView {
        guard let version = try CaseStore.version(of: caseId, in: db),
              let state = try tenant.caseCache.view(caseId, version: version)?.state ?? CaseStore.load(caseId, in: db) else {
            throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'")
        }
        if let expectedVersion, expectedVersion != version {
            throw PlatformError(.stale, "version-mismatch", "\(caseId) is at version \(version), not \(expectedVersion): it changed since you read it; read it again",
                                place: "If-Match")
        }
        let kernel = try tenant.withPeriods(try tenant.kernel(for: state.profileVersion), in: db)
        let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
        var command = command
        // Triage files the matter under the live catalogue's revision of the item named.
        if case .triage(let item?, nil, let note) = command {
            command = .triage(item: item, entry: try tenant.liveEntry(item, in: db), note: note)
        }
        let events = try tenant.refusing { try kernel.decide(command, on: state, by: actor, at: now) }
        let next = events.reduce(state) { $0.applying($1) }
        try tenant.record(events, resulting: next, previous: state, kernel: kernel, in: db)
        return try tenant.view(next, profile: kernel.profile, history: false, in: db)
    }

    /// A case, with its full timeline unless `history` is false. A case decoded before and
    /// unchanged since (same version) is taken from memory.
    public func view(_ caseId: String, history: Bool = true) throws -> CaseView {
        // Without the archive, one row is read whole and no snapshot is needed: a lookup
        // connection, without BEGIN and COMMIT, is enough.
        let tenant = self.tenant
        let body = { (db: Database) throws -> CaseView in
            guard let version = try CaseStore.version(of: caseId, in: db) else { throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'") }
            let cached = tenant.caseCache.view(caseId, version: version)
            if let cached, !history { return cached }
            guard let state = try cached?.state ?? CaseStore.load(caseId, in: db) else {
                throw PlatformError(.notFound, "unknown-case", "no case '\(caseId)'")
            }
            let view = try tenant.view(state, profile: try tenant.kernel(for: state.profileVersion).profile, history: history, in: db)
            tenant.caseCache.store(view)
            return view
        }
        return try history ? tenant.database.pool.read(body) : tenant.database.lookups.read(body)
    }

    /// Cases matching a filter; `grid` also takes a township or community, meaning every grid under it.
    public func list(status: CaseState.Status? = nil, grid: String? = nil, department: String? = nil, item: String? = nil, overdue: Bool = false,
                      limit: Int = 50, offset: Int = 0, scope: (gridIds: [Int64], departments: [String])? = nil,
                      refine: (inout CaseStore.Filter) -> Void = { _ in }, history: Bool = false) throws -> [CaseView] {
        let profile = try tenant.profile()
        return try tenant.database.pool.read { db in
            var filter = CaseStore.Filter()
            refine(&filter)
            filter.status = status
            filter.department = department
            if let item { filter.items = [item] }
            filter.overdueOnly = overdue
            filter.limit = limit
            filter.offset = offset
            filter.scope = scope
            if let grid {
                let unit = try OrgRules(profile: profile, db: db).resolve(grid, place: "--grid")
                filter.gridIds = try OrgStore.gridIds(under: [unit.id!], in: db)
            }
            return try CaseStore.list(filter, in: db).map { state in
                try tenant.view(state, profile: try tenant.kernel(for: state.profileVersion).profile, history: history, in: db)
            }
        }
    }

    /// The supervision sweep (督办): marks overdue cases, records a supervision event, and
    /// escalates where the profile says so. Running it again changes nothing.
    public func sweep(at now: Date = Date()) throws -> [CaseView] {
        try tenant.database.pool.write { db in
            var views = try CaseStore.newlyOverdue(at: now, in: db).compactMap { state -> CaseView? in
                let kernel = try tenant.kernel(for: state.profileVersion)
                let events = kernel.supervise(state, at: now)
                guard !events.isEmpty else { return nil }
                let next = events.reduce(state) { $0.applying($1) }
                try tenant.record(events, resulting: next, previous: state, kernel: kernel, in: db)
                return try tenant.view(next, profile: kernel.profile, history: false, in: db)
            }
            // Later stages of a supervision chain, where a profile has one.
            if tenant.profiles.versions.contains(where: { !($0.workflow.supervision?.stages.isEmpty ?? true) }) {
                views += try CaseStore.overdueOpen(in: db).compactMap { state -> CaseView? in
                    let kernel = try tenant.kernel(for: state.profileVersion)
                    let events = kernel.superviseFurther(state, at: now)
                    guard !events.isEmpty else { return nil }
                    let next = events.reduce(state) { $0.applying($1) }
                    try tenant.record(events, resulting: next, previous: state, kernel: kernel, in: db)
                    return try tenant.view(next, profile: kernel.profile, history: false, in: db)
                }
            }
            return views
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
            let page = try tenant.database.pool.read { try CaseStore.verifyArchive(after: next, in: $0) }
            result.cases += page.cases
            result.events += page.events
            result.problems += page.problems.map(ArchiveVerification.Finding.init)
            next = page.next
        } while next != nil
        result.problems += try tenant.database.pool.read { try ProcedureStore.verifyArchive(in: $0) }.map(ArchiveVerification.Finding.init)
        result.problems += try tenant.catalogue.verifyEditions().map(ArchiveVerification.Finding.init)
        return result
    }

    /// A case as `access` may see it; refused when it lies outside the caller's scope.
    /// Unmasked personal data is written to the access log (committed together with other
    /// concurrent writes) before it is returned.
    public func view(_ caseId: String, history: Bool = true, for access: Access, at now: Date = Date()) async throws -> CaseView {
        let view = try view(caseId, history: history)
        guard access.sees(view.state) else {
            throw PlatformError(.forbidden, "forbidden", "\(caseId) is outside the grids and departments of \(access.caller.staffId)")
        }
        if let log = auditWork([view.state], action: "case.show", access: access, at: now) { try await tenant.commits.write(log) }
        return view.masked(for: access)
    }

    /// The timeline of a case just shown to the caller with `view(_:history: false, for:)`,
    /// masked alike; reading it writes nothing more to the access log.
    public func history(_ caseId: String, for access: Access) throws -> [CaseEvent] {
        let full = try view(caseId, history: true)
        guard access.sees(full.state) else {
            throw PlatformError(.forbidden, "forbidden", "\(caseId) is outside the grids and departments of \(access.caller.staffId)")
        }
        return full.masked(for: access).history ?? []
    }

    /// Performs `command` on a case in the caller's scope. A case outside it is refused
    /// before the kernel is asked, so the refusal tells nothing of where the case is or
    /// what it waits for.
    public func act(_ caseId: String, _ command: Command, for access: Access, expectedVersion: Int? = nil,
                    at now: Date = Date()) async throws -> CaseView {
        guard access.sees(try view(caseId, history: false).state) else {
            throw PlatformError(.forbidden, "forbidden", "\(caseId) is outside the grids and departments of \(access.caller.staffId)")
        }
        return try await act(caseId, command, as: access.caller.staffId, expectedVersion: expectedVersion, at: now)
    }

    /// The steps the caller may take on a case now (`Kernel.possibleSteps`), under the
    /// profile version the case is pinned to: what a console offers as actions.
    public func possibleSteps(_ view: CaseView, for access: Access) throws -> [StepView] {
        let kernel = try tenant.kernel(for: view.state.profileVersion)
        return kernel.possibleSteps(on: view.state, by: access.caller.participant).map {
            StepView($0, profile: kernel.profile)
        }
    }

    /// Cases within the caller's scope, masked for the caller, the personal data shown logged.
    public func list(status: CaseState.Status? = nil, grid: String? = nil, department: String? = nil, item: String? = nil, overdue: Bool = false,
                     limit: Int = 50, offset: Int = 0, for access: Access, at now: Date = Date()) async throws -> [CaseView] {
        let views = try list(status: status, grid: grid, department: department, item: item, overdue: overdue, limit: limit, offset: offset,
                              scope: (Array(access.gridIds), Array(access.departments)))
        if let log = auditWork(views.map(\.state), action: "case.list", access: access, at: now) { try await tenant.commits.write(log) }
        return views.map { $0.masked(for: access) }
    }

    /// The write of the access log for what `access` sees of `states`; nil when it sees no personal data.
    private func auditWork(_ states: [CaseState], action: String, access: Access, at now: Date) -> (@Sendable (Database) throws -> Void)? {
        let shown = states.compactMap { state -> (String, String)? in
            let fields = access.revealed(state.reporter)
            return fields.isEmpty ? nil : (state.id, fields.map { $0.rawValue }.joined(separator: ","))
        }
        guard !shown.isEmpty else { return nil }
        return { db in
            for (subject, fields) in shown {
                try AccessLogStore.append(AccessLogRecord(at: now, staffId: access.caller.staffId, tokenId: access.caller.tokenId,
                                                          action: action, subject: subject, fields: fields), in: db)
            }
        }
    }

    /// Cases by status and open cases marked overdue, for monitoring.
    public func counts() throws -> (byStatus: [String: Int], overdue: Int) {
        try tenant.database.pool.read { try CaseStore.counts(in: $0) }
    }
}

extension Tenant {
    /// The tenant's cases.
    public var cases: CaseService { CaseService(tenant: self) }
}
