import Foundation
import Ordinance

/// Grid divisions: who divides, approves and files, as the profile's `grids` section says.
extension Kernel {
    /// The events `command` produces on a division (nil for a new one), or a refusal.
    public func decide(_ command: DivisionCommand, on division: GridDivision?, by actor: Participant,
                       at now: Date) throws -> [ProcedureEvent<GridDivision>] {
        let rules = profile.grids
        if case .divide(let proposal, let note) = command {
            guard division == nil else { throw Refusal(.conflict, "division-exists", "division \(proposal.id) already exists") }
            guard let divider = rules.dividedBy else {
                throw Refusal("grid-division", "this profile names no body that divides grids", article: cite(rules.article))
            }
            try requireBody(actor, divider, units: proposal.units, names: proposal.names.byUnitId, over: proposal.subject, toDo: "divide grids")
            guard !proposal.grids.isEmpty else {
                throw Refusal("grid-division", "a division proposes at least one grid", article: cite(divider.article))
            }
            var opened = proposal
            opened.dividedAt = now
            // Without an approving body the grids take effect as divided; filing follows.
            if rules.approvedBy != nil {
                (opened.status, opened.pending) = (.proposed, ["approve"])
            } else {
                (opened.status, opened.pending) = (.inEffect, rules.filedWith == nil ? [] : ["file"])
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(divider.article), opened: opened)]
        }
        guard let division else { throw Refusal(.notFound, "unknown-division", "no such division") }
        switch command {
        case .divide:
            throw Refusal(.conflict, "division-exists", "division \(division.id) already exists")
        case .approve(let note), .refuse(let note as String?):
            guard division.pending.contains("approve"), let approver = rules.approvedBy else {
                throw Refusal(.conflict, "illegal-transition", "division \(division.id) is \(division.status.rawValue); it awaits no approval",
                              article: cite(rules.approvedBy?.article ?? rules.dividedBy?.article))
            }
            try requireBody(actor, approver, units: division.units, names: division.names.byUnitId, over: division.subject, toDo: "approve grid divisions")
            if case .refuse = command {
                guard let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw Refusal("refusal-reason", "a refusal says why", article: cite(approver.article))
                }
                return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(approver.article),
                                       status: GridDivision.Status.refused.rawValue, pending: [])]
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(approver.article),
                                   status: GridDivision.Status.inEffect.rawValue, pending: rules.filedWith == nil ? [] : ["file"])]
        case .file(let note):
            guard division.pending.contains("file"), let registry = rules.filedWith else {
                let why = division.pending.contains("approve") ? "it must be approved first" : "it awaits no filing"
                throw Refusal(.conflict, "illegal-transition", "division \(division.id) is \(division.status.rawValue); \(why)",
                              article: cite(rules.filedWith?.article ?? rules.dividedBy?.article))
            }
            try requireBody(actor, registry, units: division.units, names: division.names.byUnitId, over: division.subject, toDo: "take grid divisions on file (备案)")
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(registry.article),
                                   status: GridDivision.Status.filed.rawValue, pending: [])]
        }
    }
}
