import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A catalogue application with its archive, as the front ends show it.
public struct ApplicationView: Sendable, Encodable {
    public var application: CatalogueApplication
    /// What the catalogue holds for the item now.
    public var current: CatalogueEntry?
    public var history: [ProcedureEvent<CatalogueApplication>]?
}

/// An item of the live catalogue with its revisions.
public struct CatalogueItemView: Sendable, Encodable {
    public var entry: CatalogueEntry
    public var history: [CatalogueRevision]
}

extension Tenant {
    static let applicationKind = "catalogue-application"

    /// The items in force.
    public func catalogue() throws -> [CatalogueEntry] {
        try database.pool.read { try CatalogueStore.current(in: $0) }
    }

    /// One item, in force or withdrawn, with every revision.
    public func catalogueItem(_ code: String) throws -> CatalogueItemView {
        try database.pool.read { db in
            guard let entry = try CatalogueStore.latest(code, in: db) else {
                throw PlatformError(.notFound, "unknown-item", "no item '\(code)' has ever been in the catalogue", place: "code")
            }
            return CatalogueItemView(entry: entry, history: try CatalogueStore.history(code, in: db).map(CatalogueRevision.init))
        }
    }

    /// Every revision of the catalogue, oldest first.
    public func catalogueHistory(_ code: String? = nil) throws -> [CatalogueRevision] {
        try database.pool.read { try CatalogueStore.history(code, in: $0).map(CatalogueRevision.init) }
    }

    /// Files an application to admit, amend or withdraw an item, as `staffId` of the
    /// department concerned. Under a notification procedure it takes effect at once.
    public func apply(_ proposal: CatalogueProposal, as staffId: String, at now: Date = Date()) throws -> ApplicationView {
        let kernel = try currentKernel(at: now)
        return try database.pool.write { db in
            let actor = try participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let current = try CatalogueStore.latest(proposal.code, in: db)
            let id = try ProcedureStore.nextId(prefix: "SQ", year: kernel.calendar.day(of: now).year, in: db)
            let events = try refusing { try kernel.decide(.apply(id: id, proposal), on: nil, current: current, by: actor, at: now) }
            return try record(events, on: nil, current: current, kernel: kernel, at: now, in: db)
        }
    }

    /// Reviews, approves, refuses or withdraws an application; an approval publishes the item's new revision.
    public func decide(application id: String, _ command: ApplicationCommand, as staffId: String, at now: Date = Date()) throws -> ApplicationView {
        try database.pool.write { db in
            guard let application = try ProcedureStore.load(id, kind: Self.applicationKind, as: CatalogueApplication.self, in: db) else {
                throw PlatformError(.notFound, "unknown-application", "no catalogue application '\(id)'")
            }
            let kernel = try kernel(for: application.profileVersion)
            let actor = try participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let current = try CatalogueStore.latest(application.proposal.code, in: db)
            let events = try refusing { try kernel.decide(command, on: application, current: current, by: actor, at: now) }
            return try record(events, on: application, current: current, kernel: kernel, at: now, in: db)
        }
    }

    /// Applications, newest first.
    public func applications(status: CatalogueApplication.Status? = nil, limit: Int = 100) throws -> [CatalogueApplication] {
        try database.pool.read {
            try ProcedureStore.list(kind: Self.applicationKind, status: status?.rawValue, as: CatalogueApplication.self, limit: limit, in: $0)
        }
    }

    /// One application with its archive.
    public func application(_ id: String) throws -> ApplicationView {
        try database.pool.read { db in
            guard let application = try ProcedureStore.load(id, kind: Self.applicationKind, as: CatalogueApplication.self, in: db) else {
                throw PlatformError(.notFound, "unknown-application", "no catalogue application '\(id)'")
            }
            return ApplicationView(application: application, current: try CatalogueStore.latest(application.proposal.code, in: db),
                                   history: try ProcedureStore.events(id, as: CatalogueApplication.self, in: db))
        }
    }

    /// The kernel of the profile version in force at `now`.
    func currentKernel(at now: Date) throws -> Kernel {
        let day = try kernel(for: try profile().ordinance.effective!).calendar.day(of: now)
        return try kernel(for: try profile(on: day).ordinance.effective!)
    }

    /// Appends the events, and when the application takes effect, the item's new revision.
    private func record(_ events: [ProcedureEvent<CatalogueApplication>], on previous: CatalogueApplication?, current: CatalogueEntry?,
                        kernel: Kernel, at now: Date, in db: Database) throws -> ApplicationView {
        guard let state = CatalogueApplication.replay(events, from: previous) else {
            throw PlatformError("kernel", "the application produced no state")
        }
        let proposal = state.proposal
        try ProcedureStore.append(events, kind: Self.applicationKind, status: state.status.rawValue, subject: proposal.code,
                                  resulting: state, previous: previous, at: state.appliedAt, in: db)
        var now = current
        if state.status.takesEffect, previous?.status.takesEffect != true {
            let entry = proposal.entry(from: current.flatMap { $0.inCatalogue ? $0 : nil }, revision: (current?.revision ?? 0) + 1,
                                       article: events.first?.article)
            let decider = state.status == .approved ? events.last?.actor : nil
            try CatalogueStore.append(.init(action: proposal.action.rawValue, entry: entry, effectiveAt: events.last?.at ?? Date(),
                                            requestedBy: state.applicant, decidedBy: decider, reason: proposal.reason,
                                            applicationId: state.id), in: db)
            now = entry
        }
        return ApplicationView(application: state, current: now, history: nil)
    }
}
