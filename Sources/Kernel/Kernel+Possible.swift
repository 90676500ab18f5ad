import Foundation
import Ordinance

extension Kernel {
    /// The steps `actor` may perform on `state` now: each pending step whose role the actor
    /// holds where the case is, and, for a case no longer open where the profile allows
    /// reopening, the acceptance step it may be reopened into. A front end offers exactly these; the kernel still decides each
    /// command when it comes (a time limit or a department's result can refuse it).
    public func possibleSteps(on state: CaseState, by actor: Participant, at now: Date = Date()) -> [Step] {
        guard state.status == .open else {
            // Not offered once the profile's limits on reopening are reached.
            if let limit = profile.workflow.reopenLimit {
                if let max = limit.max, (state.reopens ?? 0) >= max { return [] }
                if let within = limit.within, let ended = state.endedAt, now > calendar.due(from: ended, adding: within) { return [] }
            }
            guard profile.workflow.reopen != nil, let start = profile.step(profile.workflow.start),
                  let accept = start.next.compactMap(profile.step).first(where: { $0.kind == .accept }),
                  fits(actor, accept, state) else { return [] }
            return [accept]
        }
        return state.pending.compactMap(profile.step).filter { step in
            guard fits(actor, step, state) else { return false }
            // A department records its result once; one that has is not offered the step again.
            let units = actor.posts.compactMap(\.department)
            guard step.kind == .handle, !units.isEmpty else { return true }
            return units.contains { unit in ([state.lead].compactMap { $0 } + state.participants).contains(unit) && state.results[unit] == nil }
        }
    }

    private func fits(_ actor: Participant, _ step: Step, _ state: CaseState) -> Bool {
        guard let required = step.actor, !required.roles.isEmpty else { return false }
        return actorFits(actor, required: required, in: state, place: state.place)
    }
}
