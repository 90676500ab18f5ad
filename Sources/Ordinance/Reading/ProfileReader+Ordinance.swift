extension ProfileReader {
    func readPublication(_ value: Value) -> Publication? {
        guard let o = value.object(["languages", "art"]) else { return nil }
        var publication = Publication()
        publication.position = o.position
        if let languages = o.required("languages") {
            let tags = languages.list { element -> String? in
                guard let tag = element.string() else { return nil }
                guard Value.isLanguageTag(tag) else {
                    element.fail(.invalidValue, "'\(tag)' is not a language tag such as zh, bo or ug")
                    return nil
                }
                return tag
            } ?? []
            if tags.isEmpty {
                languages.fail(.invalidValue, "at least one publication language is needed")
            } else {
                publication.languages = tags
            }
            context.requireUnique(tags.map { ($0, languages.position) }, what: "language", key: \.0, position: \.1)
        }
        publication.article = o.art
        context.publicationLanguages = publication.languages
        context.publicationArticle = publication.article
        return publication
    }

    func readOrdinance(_ value: Value) -> OrdinanceInfo? {
        guard let o = value.object([
            "tenant", "title", "city", "division_code", "articles", "adopted", "approved",
            "effective", "art", "status", "decision", "amends", "source", "gaps",
        ]) else { return nil }
        var info = OrdinanceInfo()
        info.position = o.position
        // The article count and title come first: every later citation is checked and quoted with them.
        if let articles = o.required("articles"), let count = articles.int() {
            if count > 0 { info.articles = count } else { articles.fail(.invalidValue, "an ordinance has at least one article") }
        }
        context.articleCount = max(info.articles, 0)
        info.title = o.need("title") { $0.localized() } ?? info.title
        context.title = info.title.text(in: context.primaryLanguage)
        info.tenant = o.need("tenant") { $0.key() } ?? ""
        info.city = o.need("city") { $0.localized() } ?? info.city
        if let code = o.optional("division_code"), let text = code.string() {
            if text.count == 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                info.divisionCode = text
            } else {
                code.fail(.invalidValue, "'\(text)' is not a 6-digit GB/T 2260 division code; quote it so leading zeros stay")
            }
        }
        info.adopted = o.read("adopted", readEnactment)
        info.approved = o.read("approved", readEnactment)
        info.effective = o.need("effective") { $0.day() }
        info.effectiveArticle = o.art
        info.status = o.read("status") { $0.choice(OrdinanceInfo.Status.self) } ?? .inForce
        info.decision = o.read("decision", readDecision)
        if info.status == .adopted, info.decision == nil, !o.has("decision") {
            context.report(.missingKey, "ordinance: an adopted version names the decision that enacted it — decision: {title: …, by: …, date: YYYY-MM-DD}",
                           at: o.position(of: "status"))
        }
        if info.status == .draft, let decision = info.decision {
            context.report(.invalidValue, "ordinance.decision: a draft has no decision yet; set status: adopted when it is enacted", at: decision.position)
        }
        if let decided = info.decision?.approved?.date ?? info.decision?.date, let effective = info.effective, decided > effective {
            context.report(.datesOutOfOrder, "ordinance.decision: the decision (\(decided)) comes after the version takes effect (\(effective))",
                           at: info.decision?.position ?? o.position)
        }
        info.amends = o.read("amends") { $0.day() }
        info.source = o.read("source") { $0.text() }
        info.gaps = o.read("gaps") { $0.list(readGap) } ?? []
        return info
    }

    private func readEnactment(_ value: Value) -> Enactment? {
        guard let o = value.object(["by", "date"]) else { return nil }
        var enactment = Enactment()
        enactment.position = o.position
        enactment.body = o.need("by") { $0.text() } ?? ""
        enactment.date = o.need("date") { $0.day() }
        return enactment
    }

    private func readDecision(_ value: Value) -> Decision? {
        guard let o = value.object(["title", "by", "date", "approved"]) else { return nil }
        var decision = Decision()
        decision.position = o.position
        decision.title = o.need("title") { $0.text() } ?? ""
        decision.body = o.need("by") { $0.text() } ?? ""
        decision.date = o.need("date") { $0.day() }
        decision.approved = o.read("approved", readEnactment)
        if let adopted = decision.date, let approved = decision.approved?.date, approved < adopted {
            o.context.report(.datesOutOfOrder, "ordinance.decision.approved: approved (\(approved)) before it was adopted (\(adopted))",
                             at: decision.approved?.position ?? o.position)
        }
        return decision
    }

    private func readGap(_ value: Value) -> Gap? {
        guard let o = value.object(["art", "note"]) else { return nil }
        var gap = Gap()
        gap.position = o.position
        gap.article = o.art
        gap.note = o.need("note") { $0.text() } ?? ""
        return gap
    }
}
