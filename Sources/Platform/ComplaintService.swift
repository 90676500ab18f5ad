import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A complaint with its archive.
public struct ComplaintView: Sendable, Encodable {
    public var complaint: Complaint
    /// True while open past its time limit.
    public var overdue: Bool
    public var history: [ProcedureEvent<Complaint>]?
}

/// Complaints about grid workers (投诉、举报): filed online or taken down by a handling body,
/// handled by a body the profile names over the worker's post, within its limit, archived.
public struct ComplaintService: Sendable {
    let tenant: Tenant
    static let kind = "complaint"

    /// Files a complaint about `worker`, as a staff member of a handling body (a call to the
    /// supervision telephone) or as `platform` (made online).
    public func file(about worker: String, matter: String, complainant: Reporter, as staffId: String, at now: Date = Date()) throws -> ComplaintView {
        let kernel = try tenant.currentKernel(at: now)
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            let day = kernel.calendar.day(of: now)
            let actor = try tenant.participant(staffId, on: day, in: db)
            let subject = try tenant.participant(worker, on: day, in: db, place: "--worker")
            let about = Set(kernel.profile.complaints?.about ?? [])
            // The post complained about: one the rules cover, else any post with a unit (refused by the kernel).
            let post = subject.posts.first { about.contains($0.role) && $0.unitId != nil } ?? subject.posts.first { $0.unitId != nil }
            let lineage = try post?.unitId.map { try OrgUnit.lineage(of: $0, in: db) } ?? []
            let id = try ProcedureStore.nextId(prefix: "TS", year: day.year, in: db)
            let new = Complaint(id: id, profileVersion: kernel.profile.ordinance.effective!, worker: subject.staffId, workerName: subject.name,
                                unitId: post?.unitId ?? 0, units: Dictionary(lineage.map { ($0.level, $0.id!) }, uniquingKeysWith: { a, _ in a }),
                                names: Dictionary(lineage.map { (String($0.id!), $0.name) }, uniquingKeysWith: { a, _ in a }),
                                matter: matter, complainant: complainant, filedAt: now)
            let events = try tenant.refusing {
                try kernel.decide(.file(new), on: nil, by: actor, workerRoles: subject.posts.map(\.role), at: now)
            }
            return try record(events, on: nil, at: now, in: db)
        }
    }

    /// The handling body records whether the complaint was founded and what it did.
    public func handle(_ id: String, upheld: Bool, result: String, as staffId: String, at now: Date = Date()) throws -> ComplaintView {
        let tenant = self.tenant
        return try tenant.database.pool.write { db in
            guard let complaint = try ProcedureStore.load(id, kind: Self.kind, as: Complaint.self, in: db) else {
                throw PlatformError(.notFound, "unknown-complaint", "no complaint '\(id)'")
            }
            let kernel = try tenant.kernel(for: complaint.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let events = try tenant.refusing { try kernel.decide(.handle(upheld: upheld, result: result), on: complaint, by: actor, at: now) }
            return try record(events, on: complaint, at: now, in: db)
        }
    }

    /// Complaints, newest first: of one status, about one worker, or only those open past their limit.
    public func list(status: Complaint.Status? = nil, worker: String? = nil, overdue: Bool = false, limit: Int = 100,
                     at now: Date = Date()) throws -> [ComplaintView] {
        try tenant.database.pool.read { db in
            try ProcedureStore.list(kind: Self.kind, status: status?.rawValue, subject: worker, as: Complaint.self, limit: limit, in: db)
                .map { ComplaintView(complaint: $0, overdue: Self.isOverdue($0, at: now), history: nil) }
                .filter { !overdue || $0.overdue }
        }
    }

    /// One complaint with its archive.
    public func complaint(_ id: String, at now: Date = Date()) throws -> ComplaintView {
        try tenant.database.pool.read { db in
            guard let complaint = try ProcedureStore.load(id, kind: Self.kind, as: Complaint.self, in: db) else {
                throw PlatformError(.notFound, "unknown-complaint", "no complaint '\(id)'")
            }
            return ComplaintView(complaint: complaint, overdue: Self.isOverdue(complaint, at: now),
                                 history: try ProcedureStore.events(id, as: Complaint.self, in: db))
        }
    }

    /// Complaints `access` may see: all for administrators, else those about workers whose
    /// complaints the caller's body handles. The worker complained about does not see them.
    public func list(status: Complaint.Status? = nil, worker: String? = nil, overdue: Bool = false, for access: Access,
                     at now: Date = Date()) throws -> [ComplaintView] {
        try list(status: status, worker: worker, overdue: overdue, at: now).filter { try handles($0.complaint, access) }
    }

    /// One complaint, if `access` may see it.
    public func complaint(_ id: String, for access: Access, at now: Date = Date()) throws -> ComplaintView {
        let view = try complaint(id, at: now)
        guard try handles(view.complaint, access) else {
            throw PlatformError(.forbidden, "forbidden", "\(id) is handled by another body than \(access.caller.staffId)'s")
        }
        return view
    }

    private func handles(_ complaint: Complaint, _ access: Access) throws -> Bool {
        if access.administers { return true }
        let kernel = try tenant.kernel(for: complaint.profileVersion)
        let bodies = kernel.profile.complaints?.handledBy ?? []
        return bodies.contains { kernel.acts(access.caller.participant, for: $0, units: complaint.units) }
    }

    static func isOverdue(_ complaint: Complaint, at now: Date) -> Bool {
        complaint.status == .open && (complaint.dueAt.map { now > $0 } ?? false)
    }

    private func record(_ events: [ProcedureEvent<Complaint>], on previous: Complaint?, at now: Date, in db: Database) throws -> ComplaintView {
        guard let state = Complaint.replay(events, from: previous) else { throw PlatformError("kernel", "the complaint produced no state") }
        try ProcedureStore.append(events, kind: Self.kind, status: state.status.rawValue, subject: state.worker,
                                  resulting: state, previous: previous, at: state.filedAt, in: db)
        return ComplaintView(complaint: state, overdue: Self.isOverdue(state, at: now), history: nil)
    }
}

extension Tenant {
    /// Complaints about the tenant's grid workers.
    public var complaints: ComplaintService { ComplaintService(tenant: self) }
}
