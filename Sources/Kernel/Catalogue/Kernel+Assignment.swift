import Foundation
import Ordinance


/// Assignments to grid workers: the catalogue is the boundary of their duties.
extension Kernel {
    /// The events `command` produces on an assignment (nil for a new one), or a refusal.
    public func decide(_ command: AssignmentCommand, on assignment: Assignment?, by actor: Participant,
                       at now: Date) throws -> [ProcedureEvent<Assignment>] {
        let catalogue = profile.catalogue
        if case .assign(let new) = command {
            guard assignment == nil else { throw Refusal(.conflict, "assignment-exists", "assignment \(new.id) already exists") }
            return [try assign(new, by: actor, at: now)]
        }
        guard let assignment else { throw Refusal(.notFound, "unknown-assignment", "no such assignment") }
        let outsideRule = catalogue.outsideItems
        switch command {
        case .assign:
            throw Refusal(.conflict, "assignment-exists", "assignment \(assignment.id) already exists")
        case .accept(let note):
            try requireWorker(actor, of: assignment)
            guard assignment.status == .assigned else {
                throw Refusal(.conflict, "assignment-closed", "assignment \(assignment.id) is already \(assignment.status.rawValue)")
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, status: Assignment.Status.accepted.rawValue)]
        case .refuse(let reason):
            try requireWorker(actor, of: assignment)
            guard assignment.status == .assigned else {
                throw Refusal(.conflict, "assignment-closed", "assignment \(assignment.id) is already \(assignment.status.rawValue)")
            }
            guard assignment.isOutsideCatalogue else {
                throw Refusal("item-in-catalogue", "\(assignment.item ?? "") is in the catalogue (事项清单); handling it is the worker's duty",
                              article: cite(catalogue.article))
            }
            guard let outsideRule, outsideRule.rule == .workerMayRefuse, assignment.legalBasis == nil else {
                // No article grants the right the worker claims, so none is cited.
                let why = assignment.legalBasis.map { "the task was given under \($0), which the ordinance's exception admits" }
                    ?? "this ordinance gives workers no right to refuse matters outside the catalogue"
                throw Refusal("no-refusal-right", "\(why); raise it with the grid office")
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: reason, article: cite(outsideRule.article),
                                   status: Assignment.Status.refused.rawValue)]
        case .insist:
            guard assignment.status == .refused else {
                throw Refusal(.conflict, "illegal-transition", "assignment \(assignment.id) has not been refused")
            }
            throw Refusal(.conflict, "refusal-final", "\(assignment.id) is outside the catalogue and the worker refused it; no unit may require it (不得要求网格员办理)",
                          article: assignment.refusalArticle ?? cite(outsideRule?.article))
        }
    }

    private func assign(_ new: NewAssignment, by actor: Participant, at now: Date) throws -> ProcedureEvent<Assignment> {
        let catalogue = profile.catalogue
        let gridRoles = Set(profile.roles.filter { $0.kind.servesInGrid }.map(\.key))
        guard new.worker.posts.contains(where: { gridRoles.contains($0.role) }) else {
            throw Refusal(.forbidden, "not-a-worker", "\(new.worker.name) (\(new.worker.staffId)) holds no grid post; assignments go to grid staff")
        }
        guard let unit = assigningUnit(of: actor) else {
            throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) acts for no office or department, so cannot assign tasks")
        }
        let category = new.entry?.category ?? new.category
        if let category, let forbidden = catalogue.forbidden.first(where: { $0.key == category }) {
            throw Refusal("forbidden-category", "\(forbidden.name) may never be assigned to grid workers",
                          article: cite(forbidden.article ?? catalogue.article))
        }
        if let earlier = new.refusedBefore, new.entry == nil {
            throw Refusal(.conflict, "refusal-final", "\(new.worker.name) refused this matter in \(earlier.id); it is outside the catalogue and no unit may require it",
                          article: earlier.refusalArticle)
        }
        if new.matter.trimmingCharacters(in: .whitespaces).isEmpty {
            throw Refusal("assignment-matter", "say what the worker is asked to do")
        }
        let basis = new.legalBasis?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        if new.entry == nil, let outside = catalogue.outsideItems, outside.rule == .noneMayRequire {
            let banned = "「\(new.matter)」 is not in the catalogue (事项清单), and no unit or person may require it of a grid worker"
            guard let exception = outside.exception else {
                throw Refusal("outside-catalogue", banned + (basis == nil ? "" : "; this ordinance admits no exception"),
                              article: cite(outside.article))
            }
            if basis == nil {
                throw Refusal("outside-catalogue", "\(banned) unless another law or regulation requires it (\(exception)); cite that provision with the task",
                              article: cite(outside.article))
            }
        }
        let opened = Assignment(
            id: new.id, profileVersion: profile.ordinance.effective ?? Day("1970-01-01")!, worker: new.worker.staffId,
            assignedBy: actor.staffId, unit: unit, matter: new.matter, item: new.entry?.code ?? new.item,
            itemRevision: new.entry?.revision, legalBasis: new.entry == nil ? basis : nil, status: .assigned, refusal: nil, refusalArticle: nil,
            assignedAt: now, version: 0)
        let note = new.entry.map { "清单内事项 \($0.code) r\($0.revision)" } ?? ("清单外事项" + (basis.map { "，依据 \($0)" } ?? ""))
        return ProcedureEvent(kind: "assign", at: now, actor: actor.staffId, note: note,
                              article: cite(new.entry == nil ? (catalogue.outsideItems?.article ?? catalogue.article) : catalogue.article),
                              opened: opened)
    }

    /// The unit an actor assigns for: a department, or the org unit of an office post.
    private func assigningUnit(of actor: Participant) -> String? {
        for post in actor.posts {
            guard let role = profile.role(post.role), role.kind != .citizen, !role.kind.servesInGrid else { continue }
            if let department = post.department { return department }
            if let unitId = post.unitId { return post.unitName ?? "\(post.level ?? "unit") \(unitId)" }
        }
        return nil
    }

    private func requireWorker(_ actor: Participant, of assignment: Assignment) throws {
        guard actor.staffId == assignment.worker else {
            throw Refusal(.forbidden, "actor-role", "only the worker the task was given to (\(assignment.worker)) may accept or refuse it")
        }
    }
}
