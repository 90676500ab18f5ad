/// Checks the workflow graph: every step reachable from the start, some step that ends a
/// case, every step able to reach an end, and every step acted by a role that exists
/// at the level named.
struct WorkflowChecker {
    let profile: Profile
    let context: ReadContext

    private var workflow: Workflow { profile.workflow }

    func check() {
        guard !workflow.steps.isEmpty else { return }
        checkStart()
        // A misspelt step name is reported once, as an undefined reference, rather than
        // again as every step that can no longer finish.
        let stepKeys = Set(workflow.steps.map(\.key))
        // A step whose kind is unreadable is likewise reported once, not as a broken graph.
        if context.unreadSteps.isEmpty,
           !context.references.contains(where: { $0.kind == .step && !stepKeys.contains($0.name) }) {
            checkGraph()
        }
        for step in workflow.steps {
            checkActor(of: step)
            checkKindRules(of: step)
        }
        if let actor = workflow.supervision?.actor { checkActor(actor, path: "workflow.supervision.actor") }
    }

    /// Every way a case can leave a step.
    private func successors(of step: Step) -> [String] {
        var keys = step.next
        if let emergency = step.emergency { keys.append(emergency) }
        if let unlisted = step.unlisted { keys.append(unlisted) }
        if let onFail = step.onFail { keys.append(onFail) }
        if step.kind == .return || step.kind == .review, let to = step.to, to != "previous" { keys.append(to) }
        // A deadline that deems a step taken moves the case on to that step's next.
        if let deemed = step.deadline?.deemedStep.flatMap(profile.step) { keys += [deemed.key] + deemed.next }
        return keys
    }

    private func checkStart() {
        guard let start = profile.step(workflow.start) else { return }
        if start.kind != .report {
            context.report(.stepOption, "workflow.start: a case starts with a report step, but '\(start.key)' is a \(start.kind.rawValue) step",
                           at: workflow.position, article: profile.cite(workflow.article))
        }
    }

    private func checkGraph() {
        let byKey = Dictionary(workflow.steps.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let terminals = workflow.steps.filter { $0.kind.isTerminal }
        let ends = workflow.steps.filter { $0.kind.mayEnd }
        if terminals.isEmpty {
            context.report(.noTerminalStep, "workflow: no step ends a case; add a step of kind close (or reject)",
                           at: workflow.position, article: profile.cite(workflow.article))
        }
        // Forward from the start: which steps a case can reach.
        var reachable: Set<String> = []
        var cameFrom: [String: String] = [:]
        var queue = byKey[workflow.start] == nil ? [] : [workflow.start]
        while let key = queue.popLast() {
            guard reachable.insert(key).inserted, let step = byKey[key] else { continue }
            for next in successors(of: step) where byKey[next] != nil && cameFrom[next] == nil && next != workflow.start {
                cameFrom[next] = key
                queue.append(next)
            }
        }
        func route(to key: String) -> String {
            var keys = [key]
            while let previous = cameFrom[keys[0]], !keys.contains(previous) { keys.insert(previous, at: 0) }
            return keys.joined(separator: " → ")
        }
        // Backward from the ends: which steps can still finish.
        var predecessors: [String: [String]] = [:]
        for step in workflow.steps {
            for next in successors(of: step) { predecessors[next, default: []].append(step.key) }
        }
        var finishing: Set<String> = []
        queue = ends.map(\.key)
        while let key = queue.popLast() {
            guard finishing.insert(key).inserted else { continue }
            queue += predecessors[key] ?? []
        }
        for (index, step) in workflow.steps.enumerated() where !step.key.isEmpty {
            let path = "workflow.steps[\(index)]"
            if byKey[workflow.start] != nil, !reachable.contains(step.key) {
                context.report(.unreachableStep, "\(path): step '\(step.key)' cannot be reached from '\(workflow.start)'",
                               at: step.position, article: profile.cite(step.article))
            }
            if !terminals.isEmpty, !finishing.contains(step.key) {
                let reached = reachable.contains(step.key) && step.key != workflow.start ? " (reached by \(route(to: step.key)))" : ""
                context.report(.stepCannotFinish,
                               "\(path): from step '\(step.key)'\(reached) no path leads to a step that ends the case",
                               at: step.position, article: profile.cite(step.article))
            }
            if step.kind.isTerminal, !step.next.isEmpty {
                context.report(.stepOption, "\(path): step '\(step.key)' ends the case (\(step.kind.rawValue)) and cannot have next steps",
                               at: step.position)
            }
        }
    }

    private func checkActor(of step: Step) {
        let path = "workflow.steps[\(workflow.steps.firstIndex { $0.key == step.key } ?? 0)]"
        guard let actor = step.actor else {
            context.report(.missingActor, "\(path): step '\(step.key)' names no actor; say which role acts, at which level",
                           at: step.position, article: profile.cite(step.article))
            return
        }
        checkActor(actor, path: "\(path).actor")
    }

    private func checkActor(_ actor: Actor, path: String) {
        for role in actor.roles.compactMap(profile.role) {  // undefined roles are reported as references
            checkRole(role, of: actor, path: path)
        }
    }

    private func checkRole(_ role: Role, of actor: Actor, path: String) {
        let levels = role.at.filter { $0 != Role.departmentPlace && $0 != Role.publicPlace }
        if let level = actor.level {
            if level == Actor.currentLevel {
                if levels.count < 2 {
                    context.report(.actorLevel, "\(path): 'current' level needs a role held at several levels; '\(role.key)' is held at \(role.at.joined(separator: ", "))",
                                   at: actor.position, article: profile.cite(role.article))
                }
            } else if !role.at.contains(level) {
                context.report(.actorLevel, "\(path): role '\(role.key)' is not held at level '\(level)' (held at: \(role.at.joined(separator: ", ")))",
                               at: actor.position, article: profile.cite(role.article))
            }
        } else if levels.count > 1 {
            context.report(.actorLevel, "\(path): role '\(role.key)' is held at several levels (\(levels.joined(separator: ", "))); say which with 'level'",
                           at: actor.position, article: profile.cite(role.article))
        }
    }

    private func checkKindRules(of step: Step) {
        let path = "workflow.steps[\(workflow.steps.firstIndex { $0.key == step.key } ?? 0)]"
        checkDeadline(of: step, path: path)
        switch step.kind {
        case .verify where step.onFail == nil:
            context.report(.stepOption, "\(path): a verify step says with 'on_fail' where a failed check sends the case",
                           at: step.position, article: profile.cite(step.article))
        case .verify:
            if let target = step.onFail.flatMap(profile.step), target.kind != .handle {
                context.report(.stepOption, "\(path).on_fail: a failed check returns the case to handling, but '\(target.key)' is a \(target.kind.rawValue) step",
                               at: step.position, article: profile.cite(step.article))
            }
        case .report:
            if let target = step.unlisted.flatMap(profile.step), target.kind != .triage {
                context.report(.stepOption, "\(path).unlisted: a matter not in the catalogue goes to a triage step, but '\(target.key)' is a \(target.kind.rawValue) step",
                               at: step.position, article: profile.cite(step.article))
            }
        case .triage where step.next.isEmpty:
            context.report(.stepOption, "\(path): a triage step says in 'next' where a matter filed under an item goes",
                           at: step.position, article: profile.cite(step.article))
        case .refer where !step.next.compactMap(profile.step).contains(where: { $0.kind == .meeting }):
            context.report(.stepOption, "\(path): a refer step leads to the meeting step that records the decision",
                           at: step.position, article: profile.cite(step.article))
        case .meeting where !step.next.compactMap(profile.step).contains(where: { $0.kind == .dispatch }):
            context.report(.stepOption, "\(path): a meeting's decision binds a dispatch, so a meeting step leads to a dispatch step",
                           at: step.position, article: profile.cite(step.article))
        case .dispatch:
            let handles = step.next.compactMap(profile.step).contains { $0.kind == .handle }
            if !handles {
                context.report(.stepOption, "\(path): a dispatch step leads to a handle step",
                               at: step.position, article: profile.cite(step.article))
            }
        default:
            break
        }
    }

    /// Step kinds a deadline may deem taken: those that need nothing the actor would supply
    /// (a lead unit, a result, a pass or fail, an item).
    static let deemable: Set<Step.Kind> = [.accept, .feedBack, .close]

    /// A deadline that closes its step must move the case on (deem a step taken); a deemed
    /// step is one that needs no input, pending with the step or the step itself.
    private func checkDeadline(of step: Step, path: String) {
        guard let deadline = step.deadline else { return }
        let article = profile.cite(step.article)
        if deadline.late == .closes, deadline.deemedStep == nil {
            context.report(.stepCannotFinish,
                           "\(path).deadline: the deadline closes step '\(step.key)', so it must say how the case goes on — add {deem: STEP} to its actions",
                           at: deadline.position, article: article)
        }
        guard let key = deadline.deemedStep, let deemed = profile.step(key) else { return }
        if !Self.deemable.contains(deemed.kind) {
            context.report(.stepOption,
                           "\(path).deadline: '\(key)' is a \(deemed.kind.rawValue) step, which needs what its actor supplies; a deadline may deem only \(Self.deemable.map(\.rawValue).sorted().joined(separator: ", ")) taken",
                           at: deadline.position, article: article)
        }
        let pendingTogether = key == step.key || workflow.steps.contains { $0.next.contains(step.key) && $0.next.contains(key) }
        if !pendingTogether {
            context.report(.stepOption, "\(path).deadline: '\(key)' is never pending with '\(step.key)', so it cannot be deemed taken when this deadline passes",
                           at: deadline.position, article: article)
        }
    }
}
