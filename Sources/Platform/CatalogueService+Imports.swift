import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// A prepared import (or revert) with its archive, as the front ends show it.
public struct ImportView: Sendable, Encodable {
    public var application: CatalogueImport
    /// The codes whose item changed since the import was prepared: it must be refreshed
    /// before it can be approved.
    public var stale: [String]
    /// The open cases and tasks under the items it withdraws.
    public var impact: [WithdrawalImpact]
    /// Items whose names look like a kind the law keeps out of the catalogue, with the words.
    public var flags: [String]
    public var history: [ProcedureEvent<CatalogueImport>]?
}

/// Imports as applications: the compiling office prepares them, the deciding body
/// decides them as a whole, and an approved change can be reverted by a new one.
extension CatalogueService {
    static let importKind = "catalogue-import"

    /// True when `id` names an import (or revert) rather than a single application.
    public func isImport(_ id: String) throws -> Bool {
        try tenant.database.pool.read { try ProcedureStore.load(id, kind: Self.importKind, as: CatalogueImport.self, in: $0) != nil }
    }

    /// Imports and reverts, newest first.
    public func imports(status: CatalogueImport.Status? = nil, limit: Int = 100) throws -> [CatalogueImport] {
        try tenant.database.pool.read {
            try ProcedureStore.list(kind: Self.importKind, status: status?.rawValue, as: CatalogueImport.self, limit: limit, in: $0)
        }
    }

    /// Imports and reverts, newest first, each with the items that changed since it was prepared.
    public func importViews(limit: Int = 100) throws -> [ImportView] {
        try tenant.database.pool.read { db in
            try ProcedureStore.list(kind: Self.importKind, as: CatalogueImport.self, limit: limit, in: db).map { try view($0, in: db) }
        }
    }

    /// One import with its archive and the items that changed since it was prepared.
    public func importApplication(_ id: String) throws -> ImportView {
        try tenant.database.pool.read { db in
            var view = try view(try loadImport(id, in: db), in: db)
            view.history = try ProcedureStore.events(id, as: CatalogueImport.self, in: db)
            return view
        }
    }

    /// Reviews, approves, refuses, withdraws or refreshes an import; an approval makes every
    /// change of it, as revisions citing the import.
    public func decideImport(_ id: String, _ command: ApplicationCommand, as staffId: String, operatedBy: String? = nil,
                             at now: Date = Date()) throws -> ImportView {
        try tenant.database.pool.write { db in
            let batch = try loadImport(id, in: db)
            let kernel = try tenant.kernel(for: batch.profileVersion)
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db)
            let order: ImportCommand
            switch command {
            case .apply: throw PlatformError(.conflict, "application-exists", "import \(id) already exists")
            case .review(let opinion): order = .review(opinion: opinion)
            case .approve(let note, let attested): order = .approve(note: note, attested: attested)
            case .refuse(let reason): order = .refuse(reason: reason)
            case .withdraw(let reason): order = .withdraw(reason: reason)
            case .refresh: order = .refresh(try restated(batch, kernel: try tenant.currentKernel(at: now), in: db))
            }
            if batch.status == .pending { try requireDisposition(try withdrawalImpact(batch, in: db), for: command) }
            var latest: [String: Int] = [:]
            for change in batch.changes { latest[change.code] = try CatalogueStore.latestRevision(change.code, in: db) ?? 0 }
            let events = try tenant.refusing { try kernel.decide(order, on: batch, latest: latest, by: actor, at: now) }
                .map { $0.operated(by: operatedBy) }
            return try record(events, on: batch, in: db)
        }
    }

    /// Prepares, as `staffId` of the compiling office, an import that puts back every item
    /// an approved application or import changed as it stood before; it is decided like any
    /// import.
    public func revert(_ id: String, by staffId: String, reason: String, operatedBy: String? = nil, at now: Date = Date()) throws -> ImportView {
        let kernel = try tenant.currentKernel(at: now)
        let languages = kernel.profile.publication.languages
        return try tenant.database.pool.write { db in
            let made = try CatalogueStore.revisions(madeBy: id, in: db)
            guard !made.isEmpty else {
                throw PlatformError(.notFound, "unknown-application", "no approved application or import '\(id)' changed the catalogue", place: "id")
            }
            var changes: [CatalogueChange] = []
            var problems: [Problem] = []
            for revision in made {
                let code = revision.entry.code
                let latest = try CatalogueStore.latest(code, in: db)
                let earlier = try CatalogueStore.revision(code, revision.entry.revision - 1, in: db)
                var target: CatalogueEntry
                if let earlier, earlier.inCatalogue {
                    target = earlier
                } else if let latest {
                    target = latest
                    target.inCatalogue = false
                } else { continue }
                let change = CatalogueChange(code: code, before: latest, after: target, languages: languages)
                guard !change.fields.isEmpty else { continue }
                problems += try kernel.entryProblems(change.after, action: change.action).map { Problem($0, place: code) }
                changes.append(change)
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db, place: "--as")
            return try submit(changes, source: "revert \(id)", reverts: id, reason: reason, by: actor, operatedBy: operatedBy, kernel: kernel,
                              at: now, in: db)
        }
    }

    /// Opens an import of `changes` in the compiling office's name.
    func submit(_ changes: [CatalogueChange], source: String, reverts: String?, reason: String, by actor: Participant, operatedBy: String?,
                kernel: Kernel, at now: Date, in db: Database) throws -> ImportView {
        let year = kernel.calendar.day(of: now).year
        let draft = CatalogueImport(id: try ProcedureStore.nextId(prefix: "DR", year: year, in: db),
                                    profileVersion: kernel.profile.ordinance.effective ?? kernel.calendar.day(of: now),
                                    source: source, reverts: reverts, reason: reason, preparedBy: actor.staffId, changes: changes, preparedAt: now)
        let events = try tenant.refusing { try kernel.decide(.submit(draft), on: nil, latest: [:], by: actor, at: now) }
            .map { $0.operated(by: operatedBy) }
        return try record(events, on: nil, in: db)
    }

    /// Appends the events, and when the import takes effect, every revision it makes.
    private func record(_ events: [ProcedureEvent<CatalogueImport>], on previous: CatalogueImport?, in db: Database) throws -> ImportView {
        guard let state = CatalogueImport.replay(events, from: previous) else {
            throw PlatformError("kernel", "the import produced no state")
        }
        try ProcedureStore.append(events, kind: Self.importKind, status: state.status.rawValue, subject: state.source,
                                  resulting: state, previous: previous, at: state.preparedAt, in: db)
        if state.status.takesEffect, previous?.status.takesEffect != true {
            let decider = state.status == .approved ? events.last?.actor : nil
            let why = state.review.map { "\(state.reason)（评估审核：\($0)）" } ?? state.reason
            for change in state.changes {
                try CatalogueStore.append(.init(action: change.action.rawValue, entry: change.after, effectiveAt: events.last?.at ?? state.preparedAt,
                                                requestedBy: state.preparedBy, decidedBy: decider, reason: why, applicationId: state.id), in: db)
            }
        }
        return try view(state, in: db)
    }

    private func view(_ batch: CatalogueImport, in db: Database) throws -> ImportView {
        let live = batch.status == .pending || batch.status.takesEffect
        let kernel = try tenant.currentKernel(at: Date())
        let flags = batch.changes.filter { $0.action != .withdraw }.compactMap { change -> String? in
            let words = kernel.forbiddenLookalikes(in: change.after)
            return words.isEmpty ? nil : "\(change.code): \(words.joined(separator: "、"))"
        }
        return ImportView(application: batch, stale: try stale(batch, in: db), impact: live ? try withdrawalImpact(batch, in: db) : [],
                          flags: flags, history: nil)
    }

    private func withdrawalImpact(_ batch: CatalogueImport, in db: Database) throws -> [WithdrawalImpact] {
        try impact(of: batch.changes.filter { $0.action == .withdraw }.map(\.code), in: db)
    }

    /// The changes of `batch` restated against the catalogue as it stands: each item's
    /// prepared result, against its latest revision; changes that are now no change drop out.
    private func restated(_ batch: CatalogueImport, kernel: Kernel, in db: Database) throws -> [CatalogueChange] {
        let languages = kernel.profile.publication.languages
        var changes: [CatalogueChange] = []
        var problems: [Problem] = []
        for change in batch.changes {
            let latest = try CatalogueStore.latest(change.code, in: db)
            if change.action == .withdraw, latest?.inCatalogue != true { continue }
            var target = change.after
            if change.action == .withdraw, let latest {
                target = latest
                target.inCatalogue = false
            }
            let restated = CatalogueChange(code: change.code, before: latest, after: target, languages: languages)
            guard !restated.fields.isEmpty else { continue }
            problems += try kernel.entryProblems(restated.after, action: restated.action).map { Problem($0, place: change.code) }
            changes.append(restated)
        }
        if !problems.isEmpty { throw PlatformError(problems) }
        return changes
    }

    private func stale(_ batch: CatalogueImport, in db: Database) throws -> [String] {
        guard batch.status == .pending else { return [] }
        return try batch.changes.filter { try (CatalogueStore.latestRevision($0.code, in: db) ?? 0) != $0.base }.map(\.code)
    }

    private func loadImport(_ id: String, in db: Database) throws -> CatalogueImport {
        guard let batch = try ProcedureStore.load(id, kind: Self.importKind, as: CatalogueImport.self, in: db) else {
            throw PlatformError(.notFound, "unknown-application", "no catalogue import '\(id)'")
        }
        return batch
    }
}
