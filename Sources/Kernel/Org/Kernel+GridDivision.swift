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
            try requireBody(actor, divider, over: proposal, toDo: "divide grids")
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
            try requireBody(actor, approver, over: division, toDo: "approve grid divisions")
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
            try requireBody(actor, registry, over: division, toDo: "take grid divisions on file (备案)")
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(registry.article),
                                   status: GridDivision.Status.filed.rawValue, pending: [])]
        }
    }

    /// The actor must hold a role acting for the body, at the division's own unit of the body's level.
    private func requireBody(_ actor: Participant, _ procedure: Procedure, over division: GridDivision, toDo what: String) throws {
        let levelName = profile.level(procedure.level)?.name.description ?? procedure.level
        guard let unitId = division.units[procedure.level] else {
            throw Refusal("grid-division", "grids under \(division.names[division.parentId] ?? "this unit") lie in no \(levelName), whose body may \(what)",
                          article: cite(procedure.article))
        }
        let roles = profile.roles(actingFor: procedure)
        if actor.posts.contains(where: { post in roles.contains { $0.key == post.role } && post.unitId == unitId }) { return }
        let who = roles.isEmpty ? "anyone acting for the \(procedure.body.rawValue)" : roles.map(\.name.description).joined(separator: " or ")
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(who) at \(division.names[unitId] ?? levelName), who may \(what)",
                      article: cite(procedure.article))
    }
}
