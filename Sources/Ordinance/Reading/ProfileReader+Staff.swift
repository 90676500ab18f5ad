extension ProfileReader {
    func readRole(_ value: Value) -> Role? {
        guard let o = value.object([
            "key", "kind", "name", "at", "per_grid", "eligibility", "disqualifications",
            "training", "appointment", "duties", "art",
        ]) else { return nil }
        var role = Role()
        role.position = o.position
        role.key = o.need("key") { $0.key() } ?? ""
        role.kind = o.need("kind") { $0.choice(Role.Kind.self) } ?? role.kind
        role.name = o.need("name") { $0.localized() } ?? role.name
        role.at = o.required("at")?.list { element -> String? in
            guard let place = element.key() else { return nil }
            if place != Role.departmentPlace, place != Role.publicPlace {
                context.refer(.level, place, from: element)
            }
            return place
        } ?? []
        role.perGrid = o.read("per_grid", readCount)
        role.eligibility = o.read("eligibility", readEligibility)
        role.disqualifications = o.read("disqualifications", readDisqualifications)
        role.training = o.read("training", readTraining)
        role.appointment = o.read("appointment") { $0.text() }
        role.duties = o.read("duties") { $0.text() }
        role.article = o.art
        return role
    }

    private func readCount(_ value: Value) -> Count? {
        guard let o = value.object(["min", "max", "art", "reading"]) else { return nil }
        var count = Count()
        count.position = o.position
        count.min = o.need("min") { $0.int() } ?? 0
        count.max = o.read("max") { $0.int() }
        count.article = o.art
        count.reading = o.read("reading") { $0.string() }
        if count.min < 0 || (count.max.map { $0 < max(count.min, 1) } ?? false) {
            value.fail(.invalidValue, "need 0 ≤ min ≤ max and max ≥ 1")
        }
        return count
    }

    private func readEligibility(_ value: Value) -> Eligibility? {
        guard let o = value.object(["min_age", "max_age", "citizenship", "conditions", "art", "reading"]) else { return nil }
        var eligibility = Eligibility()
        eligibility.position = o.position
        eligibility.minAge = o.read("min_age") { $0.int() }
        if let age = eligibility.minAge, !(14...100).contains(age) {
            o.optional("min_age")?.fail(.invalidValue, "minimum age \(age) is not plausible")
        }
        eligibility.maxAge = o.read("max_age") { $0.int() }
        if let age = eligibility.maxAge, !(16...100).contains(age) || age < (eligibility.minAge ?? 0) {
            o.optional("max_age")?.fail(.invalidValue, "maximum age \(age) is not plausible, or below the minimum")
        }
        if let citizenship = o.optional("citizenship"), let code = citizenship.string() {
            if code.count == 2, code.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                eligibility.citizenship = code
            } else {
                citizenship.fail(.invalidValue, "'\(code)' is not an ISO 3166 country code such as CN")
            }
        }
        eligibility.conditions = o.read("conditions") { $0.list { $0.text() } } ?? []
        eligibility.article = o.art
        eligibility.reading = o.read("reading") { $0.string() }
        return eligibility
    }

    private func readDisqualifications(_ value: Value) -> Disqualifications? {
        guard let o = value.object(["items", "art", "reading"]) else { return nil }
        var result = Disqualifications()
        result.position = o.position
        result.items = o.need("items") {
            $0.list { element -> Disqualification? in
                guard let item = element.object(["key", "text"]) else { return nil }
                var d = Disqualification()
                d.position = item.position
                d.key = item.need("key") { $0.key() } ?? ""
                d.text = item.need("text") { $0.text() } ?? ""
                return d
            }
        } ?? []
        result.article = o.art
        result.reading = o.read("reading") { $0.string() }
        context.requireUnique(result.items, what: "disqualification", key: \.key, position: \.position)
        return result
    }

    private func readTraining(_ value: Value) -> Training? {
        guard let o = value.object(["before_service", "by", "art"]) else { return nil }
        var training = Training()
        training.position = o.position
        training.beforeService = o.read("before_service") { $0.bool() } ?? true
        training.by = o.referIfPresent(.level, "by")
        training.article = o.art
        return training
    }

    func readConduct(_ value: Value) -> Conduct? {
        guard let o = value.object(["applies_to", "prohibited", "art"]) else { return nil }
        var conduct = Conduct()
        conduct.position = o.position
        conduct.appliesTo = o.referList(.role, "applies_to", required: true)
        conduct.prohibited = o.need("prohibited") { $0.list { $0.text() } } ?? []
        conduct.article = o.art
        return conduct
    }

    func readComplaints(_ value: Value) -> Complaints? {
        guard let o = value.object(["about", "handled_by", "time_limit", "time_limit_source", "art", "reading"]) else { return nil }
        var complaints = Complaints()
        complaints.position = o.position
        complaints.about = o.referList(.role, "about", required: true)
        complaints.handledBy = o.need("handled_by") { $0.list(readProcedure) } ?? []
        if let limit = o.optional("time_limit"), let fixed = limit.timeLimit() {
            complaints.timeLimit = fixed
            context.requirePositive(fixed, at: limit, article: nil)
            complaints.timeLimitSource = o.read("time_limit_source", readValueSource)
            if complaints.timeLimitSource == nil, o.optional("time_limit_source") == nil {
                context.report(.unmarkedValue,
                               "\(o.path).time_limit: say where \(fixed) comes from — time_limit_source: {art: …}, or {local: <its source>} where the text only says 及时",
                               at: limit.position)
            }
        }
        complaints.article = o.art
        complaints.reading = o.read("reading") { $0.string() }
        return complaints
    }
}
