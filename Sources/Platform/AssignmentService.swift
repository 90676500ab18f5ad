import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// An assignment with its archive.
public struct AssignmentView: Sendable, Encodable {
    public var assignment: Assignment
    public var history: [ProcedureEvent<Assignment>]?
}

/// Tasks given to grid workers (交办) and their answers, under the catalogue rules.
public struct AssignmentService: Sendable {
    let tenant: Tenant

    static let assignmentKind = "assignment"

    /// A unit gives a worker a task (交办). The task is inside the catalogue when `item` is an
    /// item in force; a task in a forbidden category is refused outright, and so is one
    /// outside the catalogue where the ordinance bans requiring it, unless its exception
    /// admits the other law cited as `legalBasis`.
    public func assign(worker: String, matter: String, item: String? = nil, category: String? = nil, legalBasis: String? = nil,
                       as staffId: String, at now: Date = Date()) throws -> AssignmentView {
        let kernel = try tenant.currentKernel(at: now)
        return try tenant.database.pool.write { db in
            let day = kernel.calendar.day(of: now)
            let actor = try tenant.participant(staffId, on: day, in: db)
            let workerPosts = try tenant.participant(worker, on: day, in: db, place: "--worker")
            // An item of one body's catalogue is in the worker's catalogue only if that body is over the worker's unit.
            let workerUnits = Set(try workerPosts.posts.compactMap(\.unitId).flatMap { try OrgUnit.lineage(of: $0, in: db).compactMap(\.id) })
            let entry = try item.flatMap { try CatalogueStore.latest($0, in: db) }
                .flatMap { $0.inCatalogue && ($0.scope.map(workerUnits.contains) ?? true) ? $0 : nil }
            let refused = try ProcedureStore.list(kind: Self.assignmentKind, status: Assignment.Status.refused.rawValue, subject: worker,
                                                  as: Assignment.self, in: db)
                .first { Assignment.normalized($0.matter) == Assignment.normalized(matter) && $0.item == item }
            let id = try ProcedureStore.nextId(prefix: "JB", year: day.year, in: db)
            let new = NewAssignment(id: id, worker: workerPosts, matter: matter, item: item, entry: entry, category: category,
                                    refusedBefore: refused, legalBasis: legalBasis)
            let events = try tenant.refusing { try kernel.decide(.assign(new), on: nil, by: actor, at: now) }
            return try record(events, on: nil, in: db)
        }
    }

    /// The worker accepts or refuses; a unit may try to insist, which the law refuses.
    public func decide(assignment id: String, _ command: AssignmentCommand, as staffId: String, at now: Date = Date()) throws -> AssignmentView {
        try tenant.database.pool.write { db in
            guard let assignment = try ProcedureStore.load(id, kind: Self.assignmentKind, as: Assignment.self, in: db) else {
                throw PlatformError(.notFound, "unknown-assignment", "no assignment '\(id)'")
            }
            let kernel = try tenant.kernel(for: assignment.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let events = try tenant.refusing { try kernel.decide(command, on: assignment, by: actor, at: now) }
            return try record(events, on: assignment, in: db)
        }
    }

    /// Assignments, newest first: of one worker, or of one status (`refused` is the report
    /// of refusals the grid office reviews).
    public func list(status: Assignment.Status? = nil, worker: String? = nil, limit: Int = 100) throws -> [Assignment] {
        try tenant.database.pool.read {
            try ProcedureStore.list(kind: Self.assignmentKind, status: status?.rawValue, subject: worker, as: Assignment.self,
                                    limit: limit, in: $0)
        }
    }

    public func assignment(_ id: String) throws -> AssignmentView {
        try tenant.database.pool.read { db in
            guard let assignment = try ProcedureStore.load(id, kind: Self.assignmentKind, as: Assignment.self, in: db) else {
                throw PlatformError(.notFound, "unknown-assignment", "no assignment '\(id)'")
            }
            return AssignmentView(assignment: assignment, history: try ProcedureStore.events(id, as: Assignment.self, in: db))
        }
    }

    private func record(_ events: [ProcedureEvent<Assignment>], on previous: Assignment?, in db: Database) throws -> AssignmentView {
        guard let state = Assignment.replay(events, from: previous) else { throw PlatformError("kernel", "the assignment produced no state") }
        try ProcedureStore.append(events, kind: Self.assignmentKind, status: state.status.rawValue, subject: state.worker,
                                  resulting: state, previous: previous, at: state.assignedAt, in: db)
        return AssignmentView(assignment: state, history: nil)
    }

    /// Assignments `access` may see: all for grid offices, else those the caller gave or was given.
    public func list(status: Assignment.Status? = nil, worker: String? = nil, limit: Int = 100, for access: Access) throws -> [Assignment] {
        try list(status: status, worker: worker, limit: limit).filter { access.administers || sees($0, access) }
    }

    /// One assignment, if `access` may see it.
    public func assignment(_ id: String, for access: Access) throws -> AssignmentView {
        let view = try assignment(id)
        guard access.administers || sees(view.assignment, access) else {
            throw PlatformError(.forbidden, "forbidden", "\(id) was neither given by nor to \(access.caller.staffId)")
        }
        return view
    }

    private func sees(_ assignment: Assignment, _ access: Access) -> Bool {
        assignment.worker == access.caller.staffId || assignment.assignedBy == access.caller.staffId
    }
}
