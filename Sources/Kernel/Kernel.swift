import Foundation
import Ordinance

/// The workflow kernel: given a case, a command, the profile version the case is pinned
/// to, the working calendar and the time, it decides the events or refuses with the
/// rule and article. It does no I/O.
public struct Kernel: Sendable {
    public let profile: Profile
    public let calendar: WorkingCalendar
    /// The declared periods in force (their keys), whose time limits override the steps and
    /// items they name; the platform sets them from its records before deciding.
    public var periods: Set<String> = []

    public init(profile: Profile, calendar: WorkingCalendar) {
        self.profile = profile
        self.calendar = calendar
    }

    private var workflow: Workflow { profile.workflow }
    func cite(_ article: Article?) -> String? { profile.cite(article) }

    /// The events `command` produces on `state` (nil for a new case), or a refusal.
    public func decide(_ command: Command, on state: CaseState?, by actor: Participant, at now: Date) throws -> [CaseEvent] {
        if case .report(let new) = command {
            guard state == nil else { throw Refusal(.conflict, "case-exists", "case \(new.id) already exists") }
            return [try report(new, by: actor, at: now)]
        }
        guard let state else { throw Refusal(.notFound, "unknown-case", "no such case") }
        if case .reopen(let reason) = command { return [try reopen(state, reason: reason, by: actor, at: now)] }
        guard state.status == .open else {
            throw Refusal(.conflict, "case-closed", "case \(state.id) is \(state.status.rawValue); it can only be reopened")
        }
        if case .skip(let key, let reason) = command { return [try skip(key, reason: reason, on: state, by: actor, at: now)] }
        let step = try pendingStep(for: command, in: state)
        try checkActor(actor, for: step, in: state)
        var event = CaseEvent(kind: command.name, step: step.key, at: now, actor: actor.staffId, article: step.basis(citing: cite),
                              effects: .init())
        if let due = ownDue(of: step, in: state), now > due {
            if let deadline = step.deadline, deadline.late == .closes {
                throw Refusal(.conflict, "deadline-passed",
                              "the time limit of \(step.name) passed at \(format(due)), which closes the step; the case goes on as the deadline says",
                              article: basis(of: deadline, step: step))
            }
            // Taken late: recorded as late, with how late, never refused for it.
            event.late = Int(now.timeIntervalSince(due))
        }
        switch command {
        case .resolveOnSite(let note), .accept(let note), .close(let note), .escalate(let note):
            event.note = note
        case .reject(let reason), .returnCase(let reason):
            event.note = reason
        case .feedBack(let note):
            event.note = note
        case .dispatch(_, _, let note), .verify(_, let note):
            event.note = note
        case .handle(_, let result):
            event.note = result
        case .triage(_, _, let note), .refer(let note):
            event.note = note
        case .recordMeeting(_, _, let decision):
            event.note = decision
        case .rate(let rating, let note):
            event.note = [rating, note].compactMap { $0 }.joined(separator: "：")
        case .requestReview(let reason):
            event.note = reason
        case .report, .reopen, .skip:
            break
        }
        try decideEffects(command, step: step, state: state, actor: actor, at: now, into: &event)
        return [event]
    }

    // MARK: report and reopen

    private func report(_ new: NewCase, by actor: Participant, at now: Date) throws -> CaseEvent {
        guard let start = profile.step(workflow.start) else { throw Refusal("workflow", "the profile's workflow has no start step") }
        guard let item = new.entry, item.inCatalogue, item.code == new.item else {
            if let triage = start.unlisted {
                return try reportUnlisted(new, start: start, triage: triage, by: actor, at: now)
            }
            if let category = new.category, let forbidden = profile.catalogue.forbidden.first(where: { $0.key == category }) {
                throw Refusal("forbidden-category", "\(forbidden.name) may never be assigned to grid workers", article: cite(forbidden.article))
            }
            // The rule on matters outside the catalogue is about tasks given to workers, not
            // reports: a report under an unknown item is refused under the catalogue's article.
            throw Refusal("item-outside-catalogue", "item \(new.item) is not in the catalogue (事项清单)", article: cite(profile.catalogue.article))
        }
        try checkReporter(new, start: start, by: actor)
        try checkScope(of: item, at: new.place)
        var pending = start.next
        var lead: String?
        if new.emergency {
            guard let target = start.emergency else {
                throw Refusal("emergency", "this ordinance has no emergency route for reports", article: cite(start.article))
            }
            pending = [target]
            lead = item.department
        }
        let initial = CaseState(
            id: new.id, profileVersion: profile.ordinance.effective ?? Day("1970-01-01")!, item: item.code,
            itemRevision: item.revision, itemTimeLimit: item.timeLimit, place: new.place,
            reporter: new.reporter, emergency: new.emergency, status: .open, position: start.key, pending: pending,
            officeLevel: initialOfficeLevel(pending: pending), lead: lead, participants: [], results: [:],
            reportedAt: now, dueAt: nil, overdue: false, version: 0, pendingSince: now, itemCategory: item.category)
        var opened = initial
        opened.origin = new.origin
        opened.pending = resolve(opened.pending, for: opened)
        opened.dueAt = try due(for: opened.pending, of: opened, from: now)
        var effects = CaseEvent.Effects()
        effects.opened = opened
        return CaseEvent(kind: "report", step: start.key, at: now, actor: actor.staffId, note: new.note,
                         article: cite(start.article), effects: effects)
    }

    /// Where catalogues are compiled per body ("同级"), a grid's cases use the catalogues of
    /// the bodies over it: an item of another county's list is not in this grid's catalogue.
    private func checkScope(of item: CatalogueEntry, at place: CasePlace) throws {
        if let scope = item.scope, !place.units.values.contains(scope) {
            throw Refusal("item-outside-catalogue", "item \(item.code) is in the catalogue of \(item.scopeName ?? "another body"), not of the body over this grid",
                          article: cite(profile.catalogue.article))
        }
    }

    /// The steps that become pending: a conditional step whose condition does not hold for
    /// the case is passed by, in favour of the steps after it.
    func resolve(_ next: [String], for state: CaseState) -> [String] {
        var result: [String] = []
        var queue = next
        var seen: Set<String> = []
        while !queue.isEmpty {
            let key = queue.removeFirst()
            guard seen.insert(key).inserted else { continue }
            if let step = profile.step(key), let condition = step.when, !holds(condition, for: state) {
                queue.insert(contentsOf: step.next, at: 0)
            } else if !result.contains(key) {
                result.append(key)
            }
        }
        return result
    }

    /// Whether the case's facts meet the condition.
    public func holds(_ condition: Condition, for state: CaseState) -> Bool {
        if !condition.items.isEmpty, !condition.items.contains(state.item) { return false }
        let category = state.itemCategory ?? profile.item(state.item)?.category
        if !condition.categories.isEmpty, !condition.categories.contains(category ?? "") { return false }
        if !condition.channels.isEmpty, !condition.channels.contains(state.reporter.channel) { return false }
        if let emergency = condition.emergency, emergency != state.emergency { return false }
        if let known = condition.reporterKnown, known != (state.reporter.name != nil || state.reporter.phone != nil) { return false }
        return true
    }

    /// The shortest limit the declared periods in force set for the step, or for the case's item
    /// (where the step runs on the item's limit).
    func periodLimit(for step: Step, item: String) -> TimeLimit? {
        guard !periods.isEmpty else { return nil }
        return profile.periods.filter { periods.contains($0.key) }.flatMap(\.overrides)
            .filter { $0.steps.contains(step.key) || (step.timeLimit == .item && $0.items.contains(item)) }
            .map(\.timeLimit)
            .min { roughMinutes($0) < roughMinutes($1) }
    }

    /// A limit's length for choosing the shortest of several: working time at eight hours a day.
    private func roughMinutes(_ limit: TimeLimit) -> Int {
        let per: Int = switch limit.unit {
        case .minutes: 1
        case .hours, .workhours: 60
        case .days: 1440
        case .workdays: 480
        }
        return limit.amount * per
    }

    /// When `step` is due: an optional step by its own limit from when it became pending;
    /// another by the case's due time, if the step has a limit.
    func ownDue(of step: Step, in state: CaseState) -> Date? {
        guard let limit = step.timeLimit else { return nil }
        guard step.optional else { return state.dueAt }
        guard let since = state.pendingSince else { return nil }
        switch limit {
        case .fixed(let time): return calendar.due(from: since, adding: time)
        case .item: return (state.itemTimeLimit ?? profile.item(state.item)?.timeLimit).map { calendar.due(from: since, adding: $0) }
        }
    }

    /// An optional step skipped by one who may take it, with the reason: the case goes on to the step's next.
    private func skip(_ key: String, reason: String, on state: CaseState, by actor: Participant, at now: Date) throws -> CaseEvent {
        guard state.pending.contains(key), let step = profile.step(key) else {
            throw Refusal(.conflict, "illegal-transition", "\(key) is not pending on case \(state.id) (pending: \(state.pending.joined(separator: ", ")))")
        }
        guard step.optional else {
            throw Refusal(.conflict, "step-required", "\(step.name) is not optional; it cannot be skipped", article: step.basis(citing: cite))
        }
        try checkActor(actor, for: step, in: state)
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Refusal("skip-reason", "say why \(step.name) is not needed", article: step.basis(citing: cite))
        }
        var effects = CaseEvent.Effects()
        let next = resolve(step.next, for: state)
        effects.position = step.key
        effects.pending = next
        effects.dueAt = .some(try due(for: next, of: state, from: now))
        effects.overdue = false
        return CaseEvent(kind: "skip", step: step.key, at: now, actor: actor.staffId, note: reason, article: step.basis(citing: cite), effects: effects)
    }

    /// Who may report through which channel (the start step's channels and actor).
    private func checkReporter(_ new: NewCase, start: Step, by actor: Participant) throws {
        if !start.channels.contains(new.reporter.channel) {
            throw Refusal("report-channel", "matters are not reported through '\(new.reporter.channel.rawValue)' here (channels: \(start.channels.map(\.rawValue).joined(separator: ", ")))",
                          article: cite(start.article))
        }
        if actor != .platform {
            try checkActor(actor, for: start, in: nil, place: new.place)
        } else if !start.channels.contains(.platform) {
            throw Refusal("report-channel", "the platform does not take reports here", article: cite(start.article))
        }
    }

    /// A matter not in the catalogue, where the law lets anyone raise it (昌吉 第二十三条):
    /// the office triages it instead of the report being refused. An emergency goes there
    /// too; the office files it under an item or answers it.
    private func reportUnlisted(_ new: NewCase, start: Step, triage: String, by actor: Participant, at now: Date) throws -> CaseEvent {
        try checkReporter(new, start: start, by: actor)
        guard let text = new.note?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw Refusal("unlisted-matter", "a matter not in the catalogue (事项清单) is described in the note, for the office to triage",
                          article: cite(start.article))
        }
        var opened = CaseState(
            id: new.id, profileVersion: profile.ordinance.effective ?? Day("1970-01-01")!, item: "", itemRevision: nil,
            itemTimeLimit: nil, place: new.place, reporter: new.reporter, emergency: new.emergency, status: .open,
            position: start.key, pending: [triage], officeLevel: initialOfficeLevel(pending: [triage]), lead: nil,
            participants: [], results: [:], reportedAt: now, dueAt: nil, overdue: false, version: 0, pendingSince: now)
        opened.origin = new.origin
        opened.dueAt = try due(for: [triage], of: opened, from: now)
        var effects = CaseEvent.Effects()
        effects.opened = opened
        let given = new.item.trimmingCharacters(in: .whitespaces)
        let note = given.isEmpty ? text : "\(text)（报告所填事项 \(given) 不在清单内）"
        return CaseEvent(kind: "report", step: start.key, at: now, actor: actor.staffId, note: note,
                         article: cite(start.article), effects: effects)
    }

    private func reopen(_ state: CaseState, reason: String, by actor: Participant, at now: Date) throws -> CaseEvent {
        guard let ground = workflow.reopen else {
            throw Refusal(.conflict, "reopen", "this ordinance provides no reopening of a closed case, and the profile adds none as a local rule")
        }
        guard state.status != .open else { throw Refusal(.conflict, "case-open", "case \(state.id) is still open") }
        let basisText: String? = switch ground {
        case .law(let article): cite(article)
        case .local: ground.label
        }
        if let limit = workflow.reopenLimit {
            let done = state.reopens ?? 0
            if let max = limit.max, done >= max {
                throw Refusal(.conflict, "reopen-limit", "case \(state.id) was reopened \(done) time\(done == 1 ? "" : "s"); at most \(max) here", article: basisText)
            }
            if let within = limit.within, let ended = state.endedAt, now > calendar.due(from: ended, adding: within) {
                throw Refusal(.conflict, "reopen-limit", "case \(state.id) ended at \(format(ended)); it may be reopened only within \(within) of that", article: basisText)
            }
        }
        guard let start = profile.step(workflow.start) else { throw Refusal("workflow", "no start step") }
        let accept = start.next.first { profile.step($0)?.kind == .accept }
        guard let accept, let step = profile.step(accept) else {
            throw Refusal("reopen", "this workflow has no acceptance step to reopen a case into", article: cite(workflow.article))
        }
        try checkActor(actor, for: step, in: state)
        var effects = CaseEvent.Effects()
        effects.status = .open
        effects.position = start.key
        effects.pending = [accept]
        // Back to the office that accepts reports: an escalation of the earlier run does not
        // carry over, or the accepting office could not dispatch the reopened case.
        effects.officeLevel = initialOfficeLevel(pending: [accept])
        effects.lead = .some(nil)
        effects.participants = []
        effects.results = [:]
        if state.meetingDecision != nil { effects.meetingDecision = .some(nil) }
        effects.dueAt = .some(try due(for: [accept], of: state, from: now))
        effects.overdue = false
        effects.reopens = (state.reopens ?? 0) + 1
        return CaseEvent(kind: "reopen", step: nil, at: now, actor: actor.staffId, note: reason, article: basisText, effects: effects)
    }

    // MARK: steps

    /// The pending step the command performs, or a refusal naming what may come next.
    private func pendingStep(for command: Command, in state: CaseState) throws -> Step {
        let candidates = state.pending.compactMap(profile.step)
        if let kind = command.stepKind, let step = candidates.first(where: { $0.kind == kind }) { return step }
        let names = candidates.map { "\($0.key) (\($0.name))" }.joined(separator: ", ")
        let position = profile.step(state.position)
        throw Refusal(.conflict, "illegal-transition",
                      "case \(state.id) is past '\(state.position)'; it cannot be \(command.name) now (next: \(names.isEmpty ? "nothing" : names))",
                      article: cite(position?.article ?? workflow.article))
    }

    private func decideEffects(_ command: Command, step: Step, state: CaseState, actor: Participant, at now: Date,
                               into event: inout CaseEvent) throws {
        var e = CaseEvent.Effects()
        func advance(to next: [String]) throws {
            let next = resolve(next, for: state)
            e.position = step.key
            e.pending = next
            e.dueAt = .some(try due(for: next, of: state, from: now))
            e.overdue = false
        }
        switch command {
        case .dispatch(let lead, let participants, _):
            if lead.isEmpty { throw Refusal("dispatch-lead", "a dispatch names one lead unit (牵头单位)", article: step.basis(citing: cite)) }
            for unit in [lead] + participants where profile.department(unit) == nil {
                throw Refusal("unknown-department", "no department '\(unit)' in the profile", article: step.basis(citing: cite))
            }
            if !participants.isEmpty && !step.participants {
                throw Refusal("dispatch-participants", "this ordinance does not provide for participating units (参与单位)", article: step.basis(citing: cite))
            }
            if participants.contains(lead) { throw Refusal("dispatch-lead", "the lead unit cannot also be a participating unit", article: step.basis(citing: cite)) }
            if let bound = state.meetingDecision, bound.lead != lead || Set(bound.participants) != Set(participants) {
                let with = bound.participants.isEmpty ? "" : " with \(bound.participants.joined(separator: ", "))"
                throw Refusal("meeting-decision", "\(bound.meeting) decided that \(bound.lead) leads\(with); the dispatch follows its decision",
                              article: bound.article)
            }
            e.lead = .some(lead)
            e.participants = participants
            e.results = [:]
            try advance(to: step.next)
        case .escalate:
            guard let above = levelAbove(state.officeLevel) else {
                throw Refusal("escalate", "no level above \(state.officeLevel) has a grid office to take the case", article: step.basis(citing: cite))
            }
            e.officeLevel = above
            try advance(to: step.next)
        case .handle(let unit, let result):
            let units = [state.lead].compactMap { $0 } + state.participants
            if !units.contains(unit) {
                throw Refusal("handle-unit", "\(unit) was not dispatched this case (units: \(units.joined(separator: ", ")))", article: step.basis(citing: cite))
            }
            // Joint handling (yongzhou 第十条第三款 牵头单位和参与单位联动处置): each unit records
            // its own result; a handler of one unit cannot record another's.
            if !actor.posts.contains(where: { $0.department == unit }) {
                let name = profile.department(unit)?.name.description ?? unit
                throw Refusal(.forbidden, "handle-unit", "\(actor.name) (\(actor.staffId)) does not work for \(name); each unit records its own result",
                              article: step.basis(citing: cite))
            }
            if state.results[unit] != nil { throw Refusal("handle-twice", "\(unit) has already recorded its result", article: step.basis(citing: cite)) }
            var results = state.results
            results[unit] = result
            e.results = results
            if units.allSatisfy({ results[$0] != nil }) { try advance(to: step.next) }
        case .verify(let passed, _):
            if passed {
                try advance(to: step.next)
            } else {
                let target = step.onFail ?? step.key
                let failures = (state.failures ?? 0) + 1
                e.failures = failures
                e.position = step.key
                e.pending = [target]
                e.results = [:]
                e.dueAt = .some(try due(for: [target], of: state, from: now))
                e.overdue = false
                // After so many failed checks the case goes up to the office the profile names.
                if let escalation = step.failureEscalation, failures >= escalation.failures, state.officeLevel != escalation.level {
                    e.officeLevel = escalation.level
                    event.note = [event.note, "第\(failures)次核查未通过，移交\(profile.level(escalation.level)?.name.description ?? escalation.level)督办"]
                        .compactMap { $0 }.joined(separator: "；")
                }
            }
        case .returnCase:
            let target = step.to == "previous" ? state.position : (step.to ?? state.position)
            e.position = step.key
            e.pending = [target]
            if profile.step(target)?.kind == .dispatch {
                e.lead = .some(nil)
                e.participants = []
                e.results = [:]
                // A unit that sends the case back reopens the question the meeting settled.
                if state.meetingDecision != nil { e.meetingDecision = .some(nil) }
            }
            e.dueAt = .some(try due(for: [target], of: state, from: now))
            e.overdue = false
        case .triage(let code, let entry, let note):
            if let code {
                guard let entry, entry.inCatalogue, entry.code == code else {
                    throw Refusal("item-outside-catalogue", "item \(code) is not in the catalogue (事项清单); file the matter under a listed item, or answer it as outside the grid's work",
                                  article: cite(profile.catalogue.article))
                }
                try checkScope(of: entry, at: state.place)
                e.item = entry.code
                e.itemCategory = entry.category
                e.itemRevision = .some(entry.revision)
                e.itemTimeLimit = .some(entry.timeLimit)
                var filed = state
                filed.item = entry.code
                filed.itemRevision = entry.revision
                filed.itemTimeLimit = entry.timeLimit
                filed.itemCategory = entry.category
                let next = resolve(step.next, for: filed)
                e.position = step.key
                e.pending = next
                e.dueAt = .some(try due(for: next, of: filed, from: now))
                e.overdue = false
            } else {
                guard let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw Refusal("triage-answer", "to answer a matter as outside the grid's work, say why in the note", article: step.basis(citing: cite))
                }
                e.status = .answered
                try advance(to: [])
                e.dueAt = .some(nil)
            }
        case .refer:
            try advance(to: step.next)
        case .rate(let rating, _):
            guard step.ratings.contains(rating) else {
                throw Refusal("rating", "'\(rating)' is not a rating here (ratings: \(step.ratings.joined(separator: "、")))", article: step.basis(citing: cite))
            }
            e.rating = rating
            try advance(to: step.next)
        case .requestReview(let reason):
            let done = state.reviews ?? 0
            if let max = step.max, done >= max {
                throw Refusal(.conflict, "review-limit", "case \(state.id) has had \(done) review\(done == 1 ? "" : "s"); \(step.name) is allowed \(max) time\(max == 1 ? "" : "s")",
                              article: step.basis(citing: cite))
            }
            if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw Refusal("review-reason", "a review request says why", article: step.basis(citing: cite))
            }
            let target = step.to ?? state.position
            e.reviews = done + 1
            e.position = step.key
            e.pending = resolve([target], for: state)
            if profile.step(target)?.kind == .handle || profile.step(target)?.kind == .dispatch { e.results = [:] }
            e.dueAt = .some(try due(for: [target], of: state, from: now))
            e.overdue = false
        case .recordMeeting(let lead, let participants, let decision):
            for unit in [lead] + participants where profile.department(unit) == nil {
                throw Refusal("unknown-department", "no department '\(unit)' in the profile", article: step.basis(citing: cite))
            }
            if lead.isEmpty { throw Refusal("dispatch-lead", "the meeting names one lead unit (牵头单位)", article: step.basis(citing: cite)) }
            if participants.contains(lead) { throw Refusal("dispatch-lead", "the lead unit cannot also be a participating unit", article: step.basis(citing: cite)) }
            let dispatches = step.next.compactMap(profile.step).filter { $0.kind == .dispatch }
            if !participants.isEmpty, !dispatches.contains(where: \.participants) {
                throw Refusal("dispatch-participants", "the dispatch after the meeting takes no participating units (参与单位)", article: step.basis(citing: cite))
            }
            if decision.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw Refusal("meeting-decision", "record what the meeting decided", article: step.basis(citing: cite))
            }
            e.meetingDecision = .some(MeetingDecision(step: step.key, meeting: step.name.description, lead: lead, participants: participants,
                                                      decision: decision, article: step.basis(citing: cite)))
            try advance(to: step.next)
        case .close:
            e.status = .closed
            try advance(to: [])
            e.dueAt = .some(nil)
        case .reject:
            e.status = .rejected
            try advance(to: [])
            e.dueAt = .some(nil)
        case .resolveOnSite, .accept, .feedBack:
            try advance(to: step.next)
        case .report, .reopen, .skip:
            break
        }
        event.effects = e
    }

    // MARK: who may act

    /// The actor must hold the step's role: at the case's grid, at the case's office level,
    /// or at a department the case was dispatched to.
    func checkActor(_ actor: Participant, for step: Step, in state: CaseState?, place: CasePlace? = nil) throws {
        guard let required = step.actor, !required.roles.isEmpty else {
            throw Refusal("workflow", "step \(step.key) names no actor", article: step.basis(citing: cite))
        }
        guard let place = place ?? state?.place else { return }
        if actorFits(actor, required: required, in: state, place: place) { return }
        var wanted: [(role: String, place: String)] = []
        for role in required.roles.compactMap(profile.role) {
            let whereText: String
            if role.at.contains(Role.departmentPlace) {
                let units = state.map { [$0.lead].compactMap { $0 } + $0.participants } ?? []
                whereText = units.isEmpty ? "a department of the case" : units.joined(separator: " or ")
            } else {
                let unitId = place.units[level(of: role, required: required, in: state)]
                whereText = unitId.flatMap { place.names[$0] } ?? level(of: role, required: required, in: state)
            }
            wanted.append((role.name.description, whereText))
        }
        let places = Set(wanted.map(\.place))
        let who = places.count == 1
            ? "\(wanted.map(\.role).joined(separator: " or ")) at \(places.first!)"
            : wanted.map { "\($0.role) at \($0.place)" }.joined(separator: " or ")
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(who), who may \(step.name) here",
                      article: step.basis(citing: cite))
    }

    /// Whether the actor holds one of the step's roles where the case is: at the level the
    /// step names (or the case's office level), or at a department the case was dispatched to.
    /// Asked for every possible step a console offers, so it formats no message.
    func actorFits(_ actor: Participant, required: Actor, in state: CaseState?, place: CasePlace) -> Bool {
        required.roles.compactMap(profile.role).contains { role in
            if role.at.contains(Role.departmentPlace) {
                let units = state.map { [$0.lead].compactMap { $0 } + $0.participants } ?? []
                return actor.posts.contains { $0.role == role.key && $0.department.map(units.contains) == true }
            }
            let unitId = place.units[level(of: role, required: required, in: state)]
            return actor.posts.contains { $0.role == role.key && $0.unitId != nil && $0.unitId == unitId }
        }
    }

    private func level(of role: Role, required: Actor, in state: CaseState?) -> String {
        let level = required.level ?? role.at.first ?? ""
        return level == Actor.currentLevel ? state?.officeLevel ?? level : level
    }

    // MARK: time

    /// The earliest due time among the pending steps' time limits; `item` limits are the
    /// case's catalogue revision's. A working-time limit that runs into a year whose holidays
    /// the calendar does not know is refused, naming the year, never counted as weekdays only.
    func due(for pending: [String], of state: CaseState, from start: Date) throws -> Date? {
        try pending.compactMap { key -> Date? in
            // An optional step's limit runs on its own (ownDue); it does not move the case's due time.
            guard let step = profile.step(key), !step.optional, let limit = step.timeLimit else { return nil }
            var time: TimeLimit?
            switch limit {
            case .fixed(let fixed): time = fixed
            case .item: time = state.itemTimeLimit ?? profile.item(state.item)?.timeLimit
            }
            if let override = periodLimit(for: step, item: state.item) { time = override }
            guard let time else { return nil }
            let due = calendar.due(from: start, adding: time)
            if time.unit.isWorkingTime, let year = calendar.missingYear(from: start, to: due) {
                throw Refusal(.conflict, "calendar-year-missing",
                              "the working calendar has no public holidays for \(year), so the time limit of \(step.name) (\(time)) cannot be counted into it: add the State Council's notice for \(year) (国务院办公厅关于\(year)年部分节假日安排的通知) to the national calendar, or declare \(year) provisional there",
                              article: step.basis(citing: cite))
            }
            return due
        }.min()
    }

    func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    // MARK: levels

    /// The office level a new case goes to: the level named by the first pending step's actor.
    private func initialOfficeLevel(pending: [String]) -> String {
        for key in pending {
            if let level = profile.step(key)?.actor?.level, level != Actor.currentLevel { return level }
        }
        return profile.levels.last(where: { $0.office != nil })?.key ?? profile.levels.first?.key ?? ""
    }

    /// The nearest level above `level` that has a grid office (逐级上报: one level at a time).
    private func levelAbove(_ level: String) -> String? {
        guard let index = profile.levels.firstIndex(where: { $0.key == level }) else { return nil }
        return profile.levels[..<index].last(where: { $0.office != nil })?.key
    }

    // MARK: supervision

    /// The supervision sweep for one case at `now`. When the case is past its due time, the
    /// pending steps' deadlines act as the profile says: supervise (督办), escalate to a named
    /// level, deem a step taken, notify roles. Without a deadline section a step is
    /// supervised, and escalated where `workflow.supervision` says so. A case already marked
    /// overdue gets nothing more, so running the sweep again changes nothing.
    public func supervise(_ state: CaseState, at now: Date) -> [CaseEvent] {
        guard state.status == .open, !state.overdue, let due = state.dueAt, now > due else { return [] }
        let steps = state.pending.compactMap(profile.step)
        let deadlines = steps.compactMap { step in step.deadline.map { (step, $0) } }
        guard !deadlines.isEmpty else { return [defaultSupervision(state, due: due, at: now)] }
        var notes: [String] = []
        var effects = CaseEvent.Effects()
        var articles: [String] = []
        for (step, deadline) in deadlines {
            articles.append(basis(of: deadline, step: step) ?? "")
            for action in deadline.actions {
                switch action {
                case .supervise:
                    effects.overdue = true
                    notes.append("超期：\(step.name) 应于 \(format(due)) 前完成" + localNote(step))
                case .escalate(let level):
                    effects.officeLevel = level
                    notes.append("期限届满，移交 \(profile.level(level)?.name.description ?? level)")
                case .notify(let roles):
                    notes.append("通知：" + roles.map { profile.role($0)?.name.description ?? $0 }.joined(separator: "、"))
                case .deem:
                    break
                }
            }
        }
        let article = articles.first { !$0.isEmpty }
        // A deemed step moves the case on as if it had been taken; its own due time restarts.
        if let (step, deadline) = deadlines.first(where: { $0.1.deemedStep != nil }), let deemedKey = deadline.deemedStep,
           let deemed = profile.step(deemedKey), state.pending.contains(deemedKey) {
            // A next time limit that cannot be counted (a calendar year missing) leaves no due time, rather than stopping the sweep.
            let nextDue = (try? self.due(for: deemed.next, of: state, from: now)) ?? nil
            effects.position = deemed.key
            effects.pending = deemed.next
            effects.dueAt = .some(nextDue)
            effects.overdue = false
            if deemed.kind.isTerminal { effects.status = deemed.kind == .close ? .closed : .rejected }
            notes.insert("期限届满未办理，视为已完成「\(deemed.name)」（\(step.name) 应于 \(format(due)) 前完成）", at: 0)
            return [CaseEvent(kind: "deem", step: deemed.key, at: now, actor: Participant.system.staffId, note: notes.joined(separator: "；"),
                              article: article, effects: effects)]
        }
        // Whatever the actions, the case is marked, so the sweep acts once per deadline.
        effects.overdue = true
        startChain(&effects, notes: &notes, at: now)
        return [CaseEvent(kind: "supervise", step: nil, at: now, actor: Participant.system.staffId, note: notes.joined(separator: "；"),
                          article: article ?? cite(workflow.supervision?.article ?? workflow.article), effects: effects)]
    }

    /// The sweep for steps without a deadline section: supervise, and escalate where the profile's supervision says.
    private func defaultSupervision(_ state: CaseState, due: Date, at now: Date) -> CaseEvent {
        var effects = CaseEvent.Effects()
        effects.overdue = true
        let supervision = workflow.supervision
        let local = state.pending.compactMap(profile.step).first { $0.timeLimitSource?.isLocal == true }
        var note = "超期：\(state.pending.joined(separator: "/")) 应于 \(format(due)) 前完成" + (local.map(localNote) ?? "")
        if supervision?.escalate == true, let above = levelAbove(state.officeLevel) {
            effects.officeLevel = above
            note += "；逐级上报至 \(profile.level(above)?.name.description ?? above)"
        }
        var notes = [note]
        startChain(&effects, notes: &notes, at: now)
        note = notes.joined(separator: "；")
        return CaseEvent(kind: "supervise", step: nil, at: now, actor: Participant.system.staffId, note: note,
                         article: cite(supervision?.article ?? workflow.article), effects: effects)
    }

    /// The first stage of the supervision chain, where the profile has one.
    private func startChain(_ effects: inout CaseEvent.Effects, notes: inout [String], at now: Date) {
        guard let first = workflow.supervision?.stages.first else { return }
        effects.supervisionStage = 1
        effects.stageDueAt = first.timeLimit.map { calendar.due(from: now, adding: $0) } ?? .distantFuture
        notes.append("第1级：\(stageBody(first))\(first.action)" + (first.timeLimit.map { "（\($0)内）" } ?? ""))
    }

    private func stageBody(_ stage: SupervisionStage) -> String {
        let level = profile.level(stage.level)
        return switch stage.body {
        case .gridOffice: level?.office?.name.description ?? level?.name.description ?? stage.level
        case .government: (level?.name.description ?? stage.level) + "人民政府"
        case .competentDepartment: (level?.name.description ?? stage.level) + "主管部门"
        }
    }

    /// The next stage of the supervision chain for a case still overdue once the stage it
    /// reached has run its time; nothing before, after the last stage, or for a case back on time.
    public func superviseFurther(_ state: CaseState, at now: Date) -> [CaseEvent] {
        let stages = workflow.supervision?.stages ?? []
        guard state.status == .open, state.overdue, let reached = state.supervisionStage, reached < stages.count,
              let due = state.stageDueAt, now > due else { return [] }
        let next = stages[reached]
        var effects = CaseEvent.Effects()
        effects.supervisionStage = reached + 1
        // A stage without a time limit is the last one that acts.
        effects.stageDueAt = next.timeLimit.map { calendar.due(from: now, adding: $0) } ?? .distantFuture
        let note = "第\(reached)级督办期满仍未办理；第\(reached + 1)级：\(stageBody(next))\(next.action)" + (next.timeLimit.map { "（\($0)内）" } ?? "")
        return [CaseEvent(kind: "supervise", step: nil, at: now, actor: Participant.system.staffId, note: note,
                          article: cite(next.article ?? workflow.supervision?.article), effects: effects)]
    }

    /// "（本地时限，非条例规定：source）" for a step whose time limit the ordinance does not set.
    private func localNote(_ step: Step) -> String {
        guard case .local(let source) = step.timeLimitSource else { return "" }
        return "（本地时限，非条例规定：\(source)）"
    }

    /// What a deadline's action cites: its article, or its local source; else the step's basis.
    func basis(of deadline: Deadline, step: Step) -> String? {
        switch deadline.source {
        case .law(let article): cite(article)
        case .local(let source): "local: \(source)"
        case nil: step.basis(citing: cite)
        }
    }
}
