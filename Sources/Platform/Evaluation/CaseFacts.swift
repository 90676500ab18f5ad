import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// The facts evaluation counts, derived from a case's new events as they are archived:
/// each fact counts for the grid, lead department and reporting worker of the case at
/// the time of its event, so a case that moves on is attributed where it was.
enum CaseFacts {
    /// The facts of `events`, appended to `previous` (nil for a new case).
    /// `lateSoFar`: a step of the current run of the case (since its report or last
    /// reopening) was already taken late, so its closure is not on time.
    static func derive(_ events: [CaseEvent], previous: CaseState?, profile: Profile, calendar: WorkingCalendar, worker known: String?,
                       lateSoFar: Bool = false) -> [CaseFact] {
        var facts: [CaseFact] = []
        var state = previous
        var worker = known
        var late = lateSoFar
        for (offset, event) in events.enumerated() {
            let before = state
            let after = before.map { $0.applying(event) } ?? CaseState.replay([event])
            state = after
            guard let after else { continue }
            let seq = (previous?.version ?? 0) + offset
            func fact(_ kind: String, onTime: Bool? = nil, duration: Double? = nil, good: Bool? = nil, department: String? = after.lead) -> CaseFact {
                CaseFact(kind: kind, seq: seq, at: event.at, gridId: after.place.gridId, department: department, worker: worker,
                         onTime: onTime, duration: duration, good: good)
            }
            // A step taken after its time limit (recorded, not refused): the run is no longer on time.
            if event.late != nil {
                late = true
                facts.append(fact("late", department: before?.lead ?? after.lead))
            }
            if event.kind == "report" {
                worker = [Participant.platform.staffId, Participant.system.staffId].contains(event.actor) ? nil : event.actor
                facts.append(fact("reported"))
            }
            if let before, before.status == .open, after.status != .open {
                // On time (按期): no step of this run was late, the case was never marked
                // overdue, and it ends by the time then due.
                let onTime = after.status == .closed ? !late && !before.overdue && (before.dueAt.map { event.at <= $0 } ?? true) : nil
                facts.append(fact("ended", onTime: onTime, duration: calendar.workingSeconds(from: after.reportedAt, to: event.at)))
            }
            switch event.kind {
            case "return": facts.append(fact("returned", department: before?.lead ?? after.lead))
            case "escalate": facts.append(fact("escalated"))
            case "supervise":
                facts.append(fact("supervised"))
                if let before, after.officeLevel != before.officeLevel { facts.append(fact("escalated")) }
            case "reopen":
                late = false
                facts.append(fact("reopened"))
            case "review": facts.append(fact("reviewed"))
            case "rate":
                let ratings = event.step.flatMap { profile.step($0) }?.ratings ?? []
                let satisfied = after.rating.map { rating in profile.evaluation?.isSatisfied(rating, ratings: ratings) ?? (ratings.first == rating) } ?? false
                facts.append(fact("rated", good: satisfied))
            default: break
            }
        }
        return facts
    }
}

extension Tenant {
    /// Archives a case's new events with their projection and the facts evaluation counts,
    /// in the transaction `db` is in.
    func record(_ events: [CaseEvent], resulting state: CaseState, previous: CaseState?, kernel: Kernel, in db: Database) throws {
        try CaseStore.append(events, resulting: state, previous: previous, in: db)
        let worker = try previous == nil ? nil : CaseFactStore.worker(of: state.id, in: db)
        let late = try previous == nil ? false : CaseFactStore.lateInCurrentRun(of: state.id, in: db)
        try CaseFactStore.insert(CaseFacts.derive(events, previous: previous, profile: kernel.profile, calendar: kernel.calendar, worker: worker,
                                                  lateSoFar: late),
                                 caseId: state.id, in: db)
    }
}
