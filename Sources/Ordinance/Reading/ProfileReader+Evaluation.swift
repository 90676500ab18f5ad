extension ProfileReader {
    /// `evaluation: {art, periods: [month, quarter, year, custom], indicators: [{key, kind, name, for, satisfied, weight, weight_source, art | local}]}`.
    func readEvaluation(_ value: Value) -> Evaluation? {
        guard let o = value.object(["periods", "indicators", "art"]) else { return nil }
        var evaluation = Evaluation()
        evaluation.position = o.position
        evaluation.article = o.art
        evaluation.periods = o.need("periods") { $0.list { $0.choice(Evaluation.PeriodKind.self) } } ?? []
        evaluation.indicators = o.need("indicators") { $0.list(readIndicator) } ?? []
        context.requireUnique(evaluation.indicators, what: "indicator", key: \.key, position: \.position)
        return evaluation
    }

    private func readIndicator(_ value: Value) -> Evaluation.Indicator? {
        guard let o = value.object(["key", "kind", "name", "for", "satisfied", "weight", "weight_source", "art", "local"]) else { return nil }
        var indicator = Evaluation.Indicator()
        indicator.position = o.position
        indicator.key = o.need("key") { $0.key() } ?? ""
        indicator.kind = o.need("kind") { $0.choice(Evaluation.Kind.self) } ?? .reported
        indicator.name = o.need("name") { $0.localized(isPublic: false) } ?? indicator.name
        indicator.scopes = o.need("for") { value -> [Evaluation.Scope]? in
            if value.list()?.isEmpty == true { value.fail(.invalidValue, "say whom the figure is for: grid, worker, office, department or city") }
            return value.list { $0.choice(Evaluation.Scope.self) }
        } ?? []
        if let satisfied = o.optional("satisfied") {
            if indicator.kind != .satisfaction {
                satisfied.fail(.invalidValue, "only a satisfaction indicator says which ratings count as satisfied")
            } else if satisfied.list()?.isEmpty == true {
                satisfied.fail(.invalidValue, "list the ratings that count as satisfied, e.g. [满意, 基本满意]")
            } else {
                indicator.satisfied = satisfied.list { $0.string() }
            }
        }
        if let weight = o.optional("weight") {
            if let number = weight.int(), number > 0 {
                indicator.weight = Double(number)
            } else {
                weight.fail(.invalidValue, "a weight is a whole number above 0 (points in the total score)")
            }
            indicator.weightSource = o.read("weight_source", readValueSource)
            if indicator.weightSource == nil, o.optional("weight_source") == nil {
                context.report(.unmarkedValue, "\(o.path).weight: say where the weight comes from — weight_source: {art: …} or {local: <its source>}",
                               at: weight.position)
            }
        }
        switch (o.optional("art"), o.read("local", { $0.string() })) {
        case (_?, nil): indicator.source = o.art.map(ValueSource.law)
        case (nil, let local?): indicator.source = .local(local)
        case (_?, _?): value.fail(.invalidValue, "give either 'art' (the article that asks for the figure) or 'local' (the rules that chose it), not both")
        case (nil, nil):
            context.report(.unmarkedValue, "\(o.path): say why this figure is kept — art: 第N条, or local: <the rules that chose it>", at: o.position)
        }
        return indicator
    }
}
