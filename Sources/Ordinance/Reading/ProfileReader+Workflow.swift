extension ProfileReader {
    func readWorkflow(_ value: Value) -> Workflow? {
        guard let o = value.object(["start", "steps", "supervision", "reopen", "art"]) else { return nil }
        var workflow = Workflow()
        workflow.position = o.position
        workflow.start = o.refer(.step, "start") ?? ""
        workflow.steps = o.need("steps") { $0.list(readStep) } ?? []
        workflow.supervision = o.read("supervision", readSupervision)
        if let reopen = o.optional("reopen"), let r = reopen.object(["art", "local", "max", "within"]) {
            switch (r.optional("art"), r.optional("local")) {
            case (let art?, nil): workflow.reopen = art.article().map(ValueSource.law)
            case (nil, let local?): workflow.reopen = local.string().map(ValueSource.local)
            default: reopen.fail(.invalidValue, "give either 'art' (the article that provides reopening) or 'local' (its source), not both or neither")
            }
            let max = r.read("max") { $0.int() }
            if let max, max < 1 { r.optional("max")?.fail(.invalidValue, "reopening at most \(max) times allows none; leave 'reopen' out instead") }
            let within = r.read("within") { $0.timeLimit() }
            if max != nil || within != nil { workflow.reopenLimit = ReopenLimit(max: max, within: within) }
        }
        workflow.article = o.art
        context.requireUnique(workflow.steps, what: "step", key: \.key, position: \.position)
        return workflow
    }

    private func readStep(_ value: Value) -> Step? {
        guard let o = value.object([
            "key", "kind", "name", "actor", "time_limit", "time_limit_source", "next", "channels", "emergency", "unlisted",
            "participants", "on_site", "on_fail", "to", "art", "local", "reading", "deadline", "optional", "when", "ratings", "max", "escalate_after",
        ]) else { return nil }
        var step = Step()
        step.position = o.position
        step.key = o.need("key") { $0.key() } ?? ""
        guard let kind = o.need("kind", { $0.choice(Step.Kind.self) }) else {
            // Still a step other steps may name; the graph is judged once its kind is fixed.
            context.unreadSteps.insert(step.key)
            return nil
        }
        step.kind = kind
        step.name = o.need("name") { $0.localized() } ?? step.name
        // A step cites the article that creates it, or says it is local procedure and why.
        if let local = o.read("local", { $0.string() }) {
            step.local = local
            if let art = o.optional("art") {
                context.report(.stepOption, "\(o.path): a step of local procedure cites no article; the article goes in 'local' as part of its source",
                               at: art.position)
            }
        } else {
            step.article = o.art
        }
        step.reading = o.read("reading") { $0.string() }
        step.actor = o.read("actor", readActor)
        if let limit = o.optional("time_limit") {
            if limit.node.scalar?.string == "item" {
                step.timeLimit = .item
            } else if let fixed = limit.timeLimit() {
                step.timeLimit = .fixed(fixed)
                context.requirePositive(fixed, at: limit, article: step.article)
                step.timeLimitSource = o.read("time_limit_source", readValueSource)
                if step.timeLimitSource == nil, o.optional("time_limit_source") == nil {
                    context.report(.unmarkedValue,
                                   "\(o.path).time_limit: say where \(fixed) comes from — time_limit_source: {art: <the article that sets it>}, or {local: <its source>} where the text only says 及时",
                                   at: limit.position)
                }
            }
        }
        let fixedLimit = o.optional("time_limit").map { $0.node.scalar?.string != "item" } ?? false
        if !fixedLimit, let source = o.optional("time_limit_source") {
            context.report(.stepOption, "\(o.path): time_limit_source marks a fixed time_limit, and this step has none", at: source.position)
        }
        step.next = o.referList(.step, "next")
        step.channels = o.read("channels") { $0.list { $0.choice(Step.Channel.self) } } ?? []
        step.emergency = o.referIfPresent(.step, "emergency")
        step.unlisted = o.referIfPresent(.step, "unlisted")
        // `participants: true` where the text names participating units; `{reading: …}` where
        // allowing them is a reading of a text that does not.
        if let value = o.optional("participants"), case .mapping = value.node, let reading = value.object(["reading"]) {
            step.participants = true
            step.participantsReading = reading.need("reading") { $0.string() }
        } else {
            step.participants = o.read("participants") { $0.bool() } ?? false
        }
        if let value = o.optional("escalate_after"), let e = value.object(["failures", "level"]) {
            if let failures = e.need("failures", { $0.int() }), let level = e.refer(.level, "level") {
                if failures < 1 { e.optional("failures")?.fail(.invalidValue, "after at least 1 failed check") }
                step.failureEscalation = FailureEscalation(failures: failures, level: level)
            }
        }
        step.ratings = o.read("ratings") { $0.list { $0.string() } } ?? []
        step.max = o.read("max") { $0.int() }
        if let max = step.max, max < 1 { o.optional("max")?.fail(.invalidValue, "a review step allows at least 1 review") }
        step.optional = o.read("optional") { $0.bool() } ?? false
        step.when = o.read("when", readCondition)
        if step.optional || step.when != nil, [.report, .close, .reject].contains(step.kind), let key = o.optional("optional") ?? o.optional("when") {
            context.report(.stepOption, "\(o.path): a \(step.kind.rawValue) step is never optional or conditional", at: key.position)
        }
        step.deadline = o.read("deadline", readDeadline)
        if step.deadline != nil, step.timeLimit == nil, let value = o.optional("deadline") {
            context.report(.stepOption, "\(o.path).deadline: the step has no time_limit for a deadline to pass", at: value.position)
        }
        step.onSite = o.read("on_site") { $0.bool() } ?? false
        step.onFail = o.referIfPresent(.step, "on_fail")
        step.to = o.read("to") { $0.key() }
        checkOptions(of: step, in: o)
        return step
    }

    /// `{key, name, declared_by: {level, body, role?}, overrides: [{steps, items, time_limit}], art | local}`.
    func readPeriod(_ value: Value) -> Period? {
        guard let o = value.object(["key", "name", "declared_by", "overrides", "art", "local"]) else { return nil }
        var period = Period()
        period.position = o.position
        period.key = o.need("key") { $0.key() } ?? ""
        period.name = o.need("name") { $0.localized() } ?? period.name
        period.declaredBy = o.need("declared_by", readProcedure)
        period.overrides = o.need("overrides") { $0.list { value -> PeriodOverride? in
            guard let v = value.object(["steps", "items", "time_limit"]) else { return nil }
            var override = PeriodOverride()
            override.position = v.position
            override.steps = v.optional("steps") == nil ? [] : v.referList(.step, "steps")
            override.items = v.read("items") { $0.list { $0.string() } } ?? []
            if let limit = v.need("time_limit", { $0.timeLimit() }) {
                override.timeLimit = limit
                if let node = v.optional("time_limit") { context.requirePositive(limit, at: node, article: nil) }
            }
            if override.steps.isEmpty, override.items.isEmpty {
                value.fail(.invalidValue, "an override names the steps or the items whose time limit it sets")
            }
            return override
        } } ?? []
        if let local = o.read("local", { $0.string() }) {
            period.source = .local(local)
        } else {
            period.source = o.art.map(ValueSource.law)
        }
        return period
    }

    /// `{item: [CODE…], category: [KEY…], channel: [CHANNEL…], emergency: BOOL, reporter_known: BOOL}`.
    private func readCondition(_ value: Value) -> Condition? {
        guard let o = value.object(["item", "category", "channel", "emergency", "reporter_known"]) else { return nil }
        var condition = Condition()
        condition.position = o.position
        condition.items = o.read("item") { $0.list { $0.string() } } ?? []
        condition.categories = o.optional("category") == nil ? [] : o.referList(.category, "category")
        condition.channels = o.read("channel") { $0.list { $0.choice(Step.Channel.self) } } ?? []
        condition.emergency = o.read("emergency") { $0.bool() }
        condition.reporterKnown = o.read("reporter_known") { $0.bool() }
        if condition == Condition() { value.fail(.invalidValue, "a condition names at least one of: item, category, channel, emergency, reporter_known") }
        return condition
    }

    /// `{late: record|closes, actions: [supervise, {escalate: LEVEL}, {deem: STEP}, {notify: [ROLE…]}], art | local}`.
    private func readDeadline(_ value: Value) -> Deadline? {
        guard let o = value.object(["late", "actions", "art", "local"]) else { return nil }
        var deadline = Deadline()
        deadline.position = o.position
        deadline.late = o.read("late") { $0.choice(Deadline.Late.self) } ?? .record
        deadline.actions = o.need("actions") { $0.list { action -> Deadline.Action? in
            if action.node.scalar?.string == "supervise" { return .supervise }
            guard let a = action.object(["escalate", "deem", "notify"]) else { return nil }
            if a.optional("escalate") != nil { return a.refer(.level, "escalate").map { .escalate(level: $0) } }
            if a.optional("deem") != nil { return a.refer(.step, "deem").map { .deem(step: $0) } }
            if a.optional("notify") != nil { return .notify(roles: a.referList(.role, "notify", required: true)) }
            action.fail(.invalidValue, "an action is supervise, {escalate: LEVEL}, {deem: STEP} or {notify: [ROLE…]}")
            return nil
        } } ?? []
        if let local = o.read("local", { $0.string() }) {
            deadline.source = .local(local)
        } else {
            deadline.source = o.art.map(ValueSource.law)
        }
        return deadline
    }

    /// `{art: 第十七条第二款}` (the text sets the value) or `{local: <source>}` (it does not).
    func readValueSource(_ value: Value) -> ValueSource? {
        guard let o = value.object(["art", "local"]) else { return nil }
        switch (o.optional("art"), o.optional("local")) {
        case (let art?, nil): return art.article().map(ValueSource.law)
        case (nil, let local?):
            guard let source = local.string(), !source.trimmingCharacters(in: .whitespaces).isEmpty else {
                local.fail(.invalidValue, "a local value names its source (the implementing measures, or who set it)")
                return nil
            }
            return .local(source)
        default:
            value.fail(.invalidValue, "give either 'art' (the article that sets the value) or 'local' (its source), not both or neither")
            return nil
        }
    }

    /// Options that only some kinds of step take.
    private func checkOptions(of step: Step, in o: Object) {
        let allowed: [String: Set<Step.Kind>] = [
            "channels": [.report], "emergency": [.report], "unlisted": [.report], "participants": [.dispatch],
            "on_site": [.verify], "on_fail": [.verify], "to": [.feedBack, .return, .review],
            "ratings": [.rate], "max": [.review], "escalate_after": [.verify],
        ]
        for (key, kinds) in allowed.sorted(by: { $0.key < $1.key }) where o.optional(key) != nil && !kinds.contains(step.kind) {
            let names = kinds.map(\.rawValue).sorted().joined(separator: ", ")
            context.report(.stepOption, "\(o.path): '\(key)' applies to steps of kind \(names), not \(step.kind.rawValue)",
                           at: o.position(of: key))
        }
        if step.kind == .report, step.channels.isEmpty, o.optional("channels") == nil {
            context.report(.stepOption, "\(o.path): a report step lists its channels (worker, platform, citizen, unit)",
                           at: o.position)
        }
        if step.kind == .feedBack || step.kind == .return, step.to == nil {
            context.report(.stepOption, "\(o.path): a \(step.kind.rawValue) step says 'to' whom or where it goes",
                           at: o.position)
        }
        if step.kind == .feedBack, let to = step.to, !["reporter", "office"].contains(to) {
            context.report(.stepOption, "\(o.path).to: a feed_back goes to 'reporter' or 'office', not '\(to)'",
                           at: o.position(of: "to"))
        }
        if step.kind == .return || step.kind == .review, let to = step.to, to != "previous", let value = o.optional("to") {
            context.refer(.step, to, from: value)
        }
        if step.kind == .review, step.to == nil {
            context.report(.stepOption, "\(o.path): a review step says 'to' which step the case goes back", at: o.position)
        }
        if step.kind == .rate, step.ratings.isEmpty {
            context.report(.stepOption, "\(o.path): a rate step lists its 'ratings' (e.g. [满意, 基本满意, 不满意])", at: o.position)
        }
    }

    private func readActor(_ value: Value) -> Actor? {
        guard let o = value.object(["role", "level"]) else { return nil }
        var actor = Actor()
        actor.position = o.position
        // One role, or a list of roles any of which may act.
        if case .sequence = o.optional("role")?.node {
            actor.roles = o.referList(.role, "role", required: true)
        } else {
            actor.roles = o.refer(.role, "role").map { [$0] } ?? []
        }
        // `current`: the office level the case sits at (where it was reported, or escalated to).
        if o.optional("level")?.node.scalar?.string == Actor.currentLevel {
            actor.level = Actor.currentLevel
        } else {
            actor.level = o.referIfPresent(.level, "level")
        }
        return actor
    }

    private func readSupervision(_ value: Value) -> Supervision? {
        guard let o = value.object(["actor", "escalate", "stages", "art"]) else { return nil }
        var supervision = Supervision()
        supervision.position = o.position
        supervision.actor = o.need("actor", readActor)
        supervision.escalate = o.read("escalate") { $0.bool() } ?? false
        supervision.stages = o.read("stages") { $0.list { value -> SupervisionStage? in
            guard let s = value.object(["level", "body", "action", "time_limit", "art"]) else { return nil }
            var stage = SupervisionStage()
            stage.position = s.position
            stage.level = s.refer(.level, "level") ?? ""
            stage.body = s.read("body") { $0.choice(Procedure.Body.self) } ?? .gridOffice
            stage.action = s.need("action") { $0.text() } ?? ""
            stage.timeLimit = s.read("time_limit") { $0.timeLimit() }
            stage.article = s.art
            return stage
        } } ?? []
        supervision.article = o.art
        return supervision
    }
}
