import Foundation
import Ordinance

/// Whole-catalogue changes (imports and reverts): the grid office that compiles the
/// catalogue prepares them, and whoever decides applications decides them at once, after
/// the review the profile requires, as one application.
extension Kernel {
    /// The events `command` produces on a prepared import (nil for a new one), given the
    /// latest revision of each item in the catalogue, or a refusal.
    public func decide(_ command: ImportCommand, on batch: CatalogueImport?, latest: [String: Int], by actor: Participant,
                       at now: Date) throws -> [ProcedureEvent<CatalogueImport>] {
        let catalogue = profile.catalogue
        if case .submit(var draft) = command {
            guard batch == nil else { throw Refusal(.conflict, "application-exists", "import \(draft.id) already exists") }
            try requireCompilingOffice(actor, toDo: "prepare changes to the catalogue")
            try checkReason(draft.reason)
            let steps = try initialSteps(for: draft.changes)
            draft.preparedBy = actor.staffId
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: draft.reason, article: try article(of: draft.changes),
                                   opened: draft, status: (steps.isEmpty ? CatalogueImport.Status.notified : .pending).rawValue, pending: steps)]
        }
        guard let batch else { throw Refusal(.notFound, "unknown-application", "no such import") }
        guard batch.status == .pending else {
            throw Refusal(.conflict, "application-decided", "import \(batch.id) is \(batch.status.rawValue); nothing more can be done with it",
                          article: cite(catalogue.article))
        }
        let procedures = try batch.changes.map { try procedure(for: $0.action) }
        switch command {
        case .submit:
            throw Refusal(.conflict, "application-exists", "import \(batch.id) already exists")
        case .review(let opinion):
            guard let review = procedures.compactMap(\.expertReview).first, batch.pending.first == ApplicationCommand.reviewKind else {
                throw Refusal(.conflict, "illegal-transition", "import \(batch.id) awaits no review", article: cite(catalogue.article))
            }
            try require(actor, holds: review.role, atLevels: [review.level], toDo: "record the review", article: review.article)
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: opinion, article: cite(review.article),
                                   pending: Array(batch.pending.dropFirst()))]
        case .approve, .refuse:
            if batch.pending.first == ApplicationCommand.reviewKind, let review = procedures.compactMap(\.expertReview).first {
                throw Refusal(.conflict, "review-first", "import \(batch.id) must be reviewed (调研论证、评估审核) before it is decided",
                              article: cite(review.article))
            }
            let decider = try requireDecider(actor, for: Set(batch.changes.map(\.action)))
            var note: String?
            var status = CatalogueImport.Status.refused
            if case .approve(let text, let attested) = command {
                try checkCurrent(batch.changes.map { ($0.code, $0.base) }, latest: latest, what: "import \(batch.id)")
                let attestation = try attest(batch.changes.filter { $0.action != .withdraw }.map(\.after), attested: attested, note: text)
                note = [text, attestation].compactMap { $0 }.joined(separator: "；").nonEmpty
                status = .approved
            } else if case .refuse(let reason) = command {
                note = reason
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(decider),
                                   status: status.rawValue, pending: [])]
        case .withdraw(let reason):
            try requireCompilingOffice(actor, toDo: "withdraw the import")
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: reason, article: cite(catalogue.article),
                                   status: CatalogueImport.Status.withdrawn.rawValue, pending: [])]
        case .refresh(let changes):
            try requireCompilingOffice(actor, toDo: "refresh the import")
            var restated = batch
            restated.changes = changes
            restated.review = nil
            let steps = try initialSteps(for: changes)
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: "restated against the catalogue in force",
                                   article: try article(of: changes), opened: restated, pending: steps)]
        }
    }

    /// Refuses a decision on changes prepared against revisions that are no longer the
    /// latest: approving them would silently undo what was decided since.
    func checkCurrent(_ bases: [(code: String, base: Int)], latest: [String: Int], what: String) throws {
        let stale = bases.filter { (latest[$0.code] ?? 0) != $0.base }
        guard !stale.isEmpty else { return }
        let list = stale.map { "\($0.code) (r\($0.base) then, r\(latest[$0.code] ?? 0) now)" }.joined(separator: ", ")
        throw Refusal(.conflict, "stale-application", "\(what) was prepared against items that have changed since: \(list); refresh it, so that whoever decides sees what it changes now",
                      article: cite(profile.catalogue.article))
    }

    /// Refuses `actor` unless they work in the grid office of a level that compiles the
    /// catalogue (网格化工作机构制定事项清单).
    public func requireCompilingOffice(_ actor: Participant, toDo what: String) throws {
        let catalogue = profile.catalogue
        let offices = Set(profile.roles.filter { $0.kind == .officeStaff }.map(\.key))
        if actor.posts.contains(where: { offices.contains($0.role) && $0.level.map(catalogue.compiledBy.contains) == true }) { return }
        let levels = catalogue.compiledBy.map { profile.level($0)?.name.description ?? $0 }.joined(separator: " or ")
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not on the staff of the grid office at \(levels), which compiles the catalogue and alone may \(what)",
                      article: cite(catalogue.article))
    }

    private func checkReason(_ reason: String) throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw Refusal("application-reason", "say why the catalogue changes", article: cite(profile.catalogue.article))
        }
    }

    /// Review (where any change's procedure asks for one), then decision; none when every
    /// change is an exit by notification.
    private func initialSteps(for changes: [CatalogueChange]) throws -> [String] {
        guard !changes.isEmpty else {
            throw Refusal("no-change", "the import changes nothing in the catalogue", article: cite(profile.catalogue.article))
        }
        let procedures = try changes.map { try procedure(for: $0.action) }
        if procedures.allSatisfy({ $0.kind == .notification }) { return [] }
        return (procedures.contains { $0.expertReview != nil } ? [ApplicationCommand.reviewKind] : []) + ["decide"]
    }

    private func article(of changes: [CatalogueChange]) throws -> String? {
        try changes.first.map { cite(try procedure(for: $0.action).article) } ?? cite(profile.catalogue.article)
    }
}
