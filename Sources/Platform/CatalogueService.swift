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
    /// What the application changes, field by field: against the item in force while it is
    /// pending, as made once it took effect.
    public var changes: [FieldChange]
    /// True when the item changed since the application was filed: it must be refreshed
    /// before it can be approved.
    public var stale: Bool
    /// For a withdrawal: the open cases and tasks under the item.
    public var impact: [WithdrawalImpact]
    /// Words of the item's names that look like a kind the law keeps out of the catalogue.
    public var flags: [String]
    public var history: [ProcedureEvent<CatalogueApplication>]?
}

/// An item of the live catalogue with its revisions.
public struct CatalogueItemView: Sendable, Encodable {
    public var entry: CatalogueEntry
    public var history: [CatalogueRevision]
}

/// How one item differs between two days: admitted, amended or withdrawn, field by field.
public struct CatalogueDifference: Sendable, Encodable {
    public enum Change: String, Sendable, Encodable {
        case admitted, amended, withdrawn
    }

    public var code: String
    public var change: Change
    public var before: CatalogueEntry?
    public var after: CatalogueEntry?
    public var fields: [FieldChange]

    init(code: String, before: CatalogueEntry?, after: CatalogueEntry?, languages: [String]) {
        self.code = code
        self.change = before == nil ? .admitted : (after == nil ? .withdrawn : .amended)
        self.before = before
        self.after = after
        self.fields = CatalogueEntry.changes(from: before, to: after, languages: languages)
    }
}

/// The live catalogue (事项清单) of one tenant: the items in force and their revisions, the
/// application procedure that changes them, whole-file imports and the published edition.
public struct CatalogueService: Sendable {
    let tenant: Tenant

    static let applicationKind = "catalogue-application"

    /// The items in force.
    public func items() throws -> [CatalogueEntry] {
        try tenant.database.pool.read { try CatalogueStore.current(in: $0) }
    }

    /// Whether `code` is an item in the catalogue now (its latest revision, read once per
    /// revision): what a service code must be.
    public func isListed(_ code: String) throws -> Bool {
        let tenant = self.tenant
        return try tenant.database.pool.read { try tenant.liveEntry(code, in: $0)?.inCatalogue ?? false }
    }

    /// When the catalogue last changed, if ever: Open311's changeset of the service list.
    public func lastChange() throws -> Date? {
        try tenant.database.pool.read { try CatalogueStore.lastChange(in: $0) }
    }

    /// The items as they stood at the end of `day` in the tenant's time zone: what workers
    /// were told was in the catalogue then.
    public func items(on day: Day) throws -> [CatalogueEntry] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: try tenant.profile().calendar.timezone) ?? TimeZone(identifier: "Asia/Shanghai")!
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
              let end = calendar.date(byAdding: .day, value: 1, to: start) else {
            throw PlatformError("invalid-date", "\(day) is not a day of the calendar", place: "--on")
        }
        return try tenant.database.pool.read { try CatalogueStore.inForce(before: end, in: $0) }
    }

    /// One item, in force or withdrawn, with every revision.
    public func item(_ code: String) throws -> CatalogueItemView {
        try tenant.database.pool.read { db in
            guard let entry = try CatalogueStore.latest(code, in: db) else {
                throw PlatformError(.notFound, "unknown-item", "no item '\(code)' has ever been in the catalogue", place: "code")
            }
            return CatalogueItemView(entry: entry, history: CatalogueRevision.list(try CatalogueStore.history(code, in: db), languages: try languages()))
        }
    }

    /// Every revision of the catalogue, oldest first.
    public func history(_ code: String? = nil) throws -> [CatalogueRevision] {
        let languages = try languages()
        return try tenant.database.pool.read { CatalogueRevision.list(try CatalogueStore.history(code, in: $0), languages: languages) }
    }

    /// How the catalogue at the end of `to` differs from the catalogue at the end of `from`,
    /// item by item, by code.
    public func diff(from: Day, to: Day) throws -> [CatalogueDifference] {
        let before = Dictionary(try items(on: from).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(try items(on: to).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let languages = try languages()
        return Set(before.keys).union(after.keys).sorted().compactMap { code in
            let difference = CatalogueDifference(code: code, before: before[code], after: after[code], languages: languages)
            return difference.fields.isEmpty ? nil : difference
        }
    }

    private func languages() throws -> [String] { try tenant.profile().publication.languages }

    /// Files an application to admit, amend or withdraw an item, as `staffId` of the
    /// department concerned. Under a notification procedure it takes effect at once.
    public func apply(_ proposal: CatalogueProposal, as staffId: String, operatedBy: String? = nil, at now: Date = Date()) throws -> ApplicationView {
        let kernel = try tenant.currentKernel(at: now)
        var proposal = proposal
        proposal.article = proposal.article.map(kernel.recordedBasis)
        return try tenant.database.pool.write { db in
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let current = try CatalogueStore.latest(proposal.code, in: db)
            let id = try ProcedureStore.nextId(prefix: "SQ", year: kernel.calendar.day(of: now).year, in: db)
            let events = try tenant.refusing { try kernel.decide(.apply(id: id, proposal), on: nil, current: current, by: actor, at: now) }
                .map { $0.operated(by: operatedBy) }
            return try record(events, on: nil, current: current, kernel: kernel, at: now, in: db)
        }
    }

    /// Reviews, approves, refuses or withdraws an application; an approval publishes the item's new revision.
    public func decide(application id: String, _ command: ApplicationCommand, as staffId: String, operatedBy: String? = nil,
                       at now: Date = Date()) throws -> ApplicationView {
        try tenant.database.pool.write { db in
            guard let application = try ProcedureStore.load(id, kind: Self.applicationKind, as: CatalogueApplication.self, in: db) else {
                throw PlatformError(.notFound, "unknown-application", "no catalogue application '\(id)'")
            }
            let kernel = try tenant.kernel(for: application.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let current = try CatalogueStore.latest(application.proposal.code, in: db)
            if application.proposal.action == .withdraw, application.status == .pending {
                try requireDisposition(try impact(of: [application.proposal.code], in: db), for: command)
            }
            let events = try tenant.refusing { try kernel.decide(command, on: application, current: current, by: actor, at: now) }
                .map { $0.operated(by: operatedBy) }
            return try record(events, on: application, current: current, kernel: kernel, at: now, in: db)
        }
    }

    /// Applications, newest first.
    public func applications(status: CatalogueApplication.Status? = nil, limit: Int = 100) throws -> [CatalogueApplication] {
        try tenant.database.pool.read {
            try ProcedureStore.list(kind: Self.applicationKind, status: status?.rawValue, as: CatalogueApplication.self, limit: limit, in: $0)
        }
    }

    /// Applications, newest first, each with what it changes.
    public func applicationViews(limit: Int = 100) throws -> [ApplicationView] {
        try tenant.database.pool.read { db in
            try ProcedureStore.list(kind: Self.applicationKind, as: CatalogueApplication.self, limit: limit, in: db).map { try view($0, in: db) }
        }
    }

    /// One application with its archive.
    public func application(_ id: String) throws -> ApplicationView {
        try tenant.database.pool.read { db in
            guard let application = try ProcedureStore.load(id, kind: Self.applicationKind, as: CatalogueApplication.self, in: db) else {
                throw PlatformError(.notFound, "unknown-application", "no catalogue application '\(id)'")
            }
            var view = try self.view(application, in: db)
            view.history = try ProcedureStore.events(id, as: CatalogueApplication.self, in: db)
            return view
        }
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
        if state.status.takesEffect, previous?.status.takesEffect != true {
            var entry = proposal.entry(from: current.flatMap { $0.inCatalogue ? $0 : nil }, revision: (current?.revision ?? 0) + 1,
                                       article: events.first?.article)
            (entry.scope, entry.scopeName) = (state.scope, state.scopeName)
            let decider = state.status == .approved ? events.last?.actor : nil
            try CatalogueStore.append(.init(action: proposal.action.rawValue, entry: entry, effectiveAt: events.last?.at ?? Date(),
                                            requestedBy: state.applicant, decidedBy: decider, reason: proposal.reason,
                                            applicationId: state.id), in: db)
        }
        return try view(state, in: db)
    }

    /// The application with the item as it stands and what the application changes in it.
    private func view(_ application: CatalogueApplication, in db: Database) throws -> ApplicationView {
        let code = application.proposal.code
        let current = try CatalogueStore.latest(code, in: db)
        let languages = try tenant.profile().publication.languages
        var changes: [FieldChange] = []
        if application.status.takesEffect, let made = try CatalogueStore.revisions(madeBy: application.id, in: db).first {
            let before = try CatalogueStore.revision(code, made.entry.revision - 1, in: db)
            changes = CatalogueEntry.changes(from: before, to: made.entry, languages: languages)
        } else if application.status == .pending {
            let live = current.flatMap { $0.inCatalogue ? $0 : nil }
            let after = application.proposal.entry(from: live, revision: (current?.revision ?? 0) + 1, article: live?.article)
            changes = CatalogueEntry.changes(from: current, to: after, languages: languages)
        }
        let stale = application.status == .pending && application.base.map { $0 != (current?.revision ?? 0) } == true
        let withdraws = application.proposal.action == .withdraw && (application.status == .pending || application.status.takesEffect)
        let proposed = application.proposal.entry(from: current.flatMap { $0.inCatalogue ? $0 : nil }, revision: 0, article: nil)
        let flags = application.proposal.action == .withdraw ? [] : try tenant.currentKernel(at: Date()).forbiddenLookalikes(in: proposed)
        return ApplicationView(application: application, current: current, changes: changes, stale: stale,
                               impact: withdraws ? try impact(of: [code], in: db) : [], flags: flags, history: nil)
    }
}
