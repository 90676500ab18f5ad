import Foundation
import Ordinance

/// Complaints about grid workers, as the profile's `complaints` section says.
extension Kernel {
    /// The events `command` produces on a complaint (nil for a new one), or a refusal.
    public func decide(_ command: ComplaintCommand, on complaint: Complaint?, by actor: Participant, workerRoles: [String] = [],
                       at now: Date) throws -> [ProcedureEvent<Complaint>] {
        guard let rules = profile.complaints else {
            throw Refusal("no-complaint-procedure", "this ordinance sets no procedure for complaints about grid workers, and the profile adds none")
        }
        let basis = cite(rules.article).map { text in rules.reading.map { "\(text)（解读：\($0)）" } ?? text }
        switch command {
        case .file(let new):
            guard complaint == nil else { throw Refusal(.conflict, "complaint-exists", "complaint \(new.id) already exists") }
            guard workerRoles.contains(where: rules.about.contains) else {
                let roles = rules.about.compactMap(profile.role).map(\.name.description).joined(separator: "、")
                throw Refusal("complaint-subject", "\(new.workerName) (\(new.worker)) holds no post complaints are about (\(roles))", article: basis)
            }
            guard !new.matter.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Refusal("complaint-matter", "a complaint says what the worker did", article: basis)
            }
            // Filed online by the platform, or taken down by staff of a handling body (监督电话).
            if actor != .platform {
                try requireAnyBody(actor, rules.handledBy, units: new.units, names: new.names.byUnitId, over: "\(new.workerName)'s post",
                                   toDo: "take complaints about this worker")
            }
            var opened = new
            opened.filedAt = now
            opened.dueAt = rules.timeLimit.map { calendar.due(from: now, adding: $0) }
            if let limit = rules.timeLimit, limit.unit.isWorkingTime, let due = opened.dueAt, let year = calendar.missingYear(from: now, to: due) {
                throw Refusal(.conflict, "calendar-year-missing",
                              "the working calendar has no public holidays for \(year), so the time limit for complaints (\(limit)) cannot be counted into it",
                              article: basis)
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, article: basis, opened: opened)]
        case .handle(let upheld, let result):
            guard let complaint else { throw Refusal(.notFound, "unknown-complaint", "no such complaint") }
            guard complaint.status == .open else {
                throw Refusal(.conflict, "complaint-closed", "complaint \(complaint.id) is already \(complaint.status.rawValue)")
            }
            try requireAnyBody(actor, rules.handledBy, units: complaint.units, names: complaint.names.byUnitId,
                               over: "\(complaint.workerName)'s post", toDo: "handle complaints about this worker")
            guard !result.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Refusal("complaint-result", "the handling body records what it found and did", article: basis)
            }
            // Handled late is still handled, and recorded as late.
            var note = result
            if let due = complaint.dueAt, now > due {
                let hours = Int(now.timeIntervalSince(due) / 3600)
                note += "（逾期处理：应于 \(format(due)) 前处理，逾期约 \(hours) 小时"
                    + (rules.timeLimitSource?.isLocal == true ? "；本地时限，非条例规定" : "") + "）"
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: basis,
                                   status: (upheld ? Complaint.Status.upheld : .dismissed).rawValue)]
        }
    }
}
