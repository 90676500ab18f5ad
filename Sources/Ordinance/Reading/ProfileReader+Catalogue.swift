extension ProfileReader {
    func readDepartment(_ value: Value) -> Department? {
        guard let o = value.object(["code", "name", "art"]) else { return nil }
        var department = Department()
        department.position = o.position
        department.code = o.need("code") { $0.key() } ?? ""
        department.name = o.need("name") { $0.localized() } ?? department.name
        department.article = o.art
        return department
    }

    func readCatalogue(_ value: Value) -> Catalogue? {
        guard let o = value.object([
            "compiled_by", "published", "admission", "exit", "outside_items", "forbidden",
            "categories", "items", "art",
        ]) else { return nil }
        var catalogue = Catalogue()
        catalogue.position = o.position
        catalogue.compiledBy = o.referList(.level, "compiled_by", required: true)
        catalogue.published = o.read("published") { $0.bool() } ?? true
        catalogue.admission = o.need("admission", readCatalogueProcedure)
        catalogue.exit = o.need("exit", readCatalogueProcedure)
        catalogue.outsideItems = o.read("outside_items", readOutsideItems)
        catalogue.forbidden = o.read("forbidden") { $0.list { readCategory($0, isPublic: false) } } ?? []
        catalogue.categories = o.need("categories") { $0.list { readCategory($0, isPublic: true) } } ?? []
        catalogue.items = o.need("items") { $0.list(readItem) } ?? []
        catalogue.article = o.art
        context.requireUnique(catalogue.forbidden, what: "forbidden category", key: \.key, position: \.position)
        context.requireUnique(catalogue.categories, what: "category", key: \.key, position: \.position)
        context.requireUnique(catalogue.items, what: "item code", key: \.code, position: \.position)
        return catalogue
    }

    private func readCatalogueProcedure(_ value: Value) -> CatalogueProcedure? {
        guard let o = value.object(["requested_by", "kind", "decided_by", "expert_review", "resources", "art"]) else { return nil }
        var procedure = CatalogueProcedure()
        procedure.position = o.position
        procedure.requestedBy = o.read("requested_by") { $0.key() } ?? Role.departmentPlace
        procedure.kind = o.need("kind") { $0.choice(CatalogueProcedure.Kind.self) } ?? .approval
        procedure.decidedBy = o.read("decided_by", readProcedure)
        procedure.expertReview = o.read("expert_review", readExpertReview)
        procedure.resources = o.read("resources") { $0.article() }
        procedure.article = o.art
        if procedure.kind == .approval, o.optional("kind") != nil {
            if procedure.decidedBy == nil {
                value.fail(.missingKey, "an approval procedure needs 'decided_by'")
            } else if procedure.decidedBy?.role == nil, let decider = o.optional("decided_by") {
                decider.fail(.missingKey, "'decided_by' needs 'role': the role whose holders approve or refuse applications")
            }
        }
        return procedure
    }

    private func readExpertReview(_ value: Value) -> ExpertReview? {
        guard let o = value.object(["role", "level", "art"]) else { return nil }
        var review = ExpertReview()
        review.position = o.position
        review.role = o.refer(.role, "role") ?? ""
        review.level = o.refer(.level, "level") ?? ""
        review.article = o.art
        return review
    }

    private func readOutsideItems(_ value: Value) -> OutsideItems? {
        guard let o = value.object(["rule", "worker", "except", "art"]) else { return nil }
        var rule = OutsideItems()
        rule.position = o.position
        if let legacy = o.read("worker", { $0.string() }) {
            // The first format's `worker: refuse` is `rule: worker_may_refuse`.
            if legacy != "refuse" { value.fail(.invalidValue, "'worker: \(legacy)' is not 'worker: refuse'; write rule: worker_may_refuse") }
            rule.rule = .workerMayRefuse
        } else if let text = o.need("rule", { $0.string() }) {
            if let parsed = OutsideItems.Rule(rawValue: text) {
                rule.rule = parsed
            } else {
                value.fail(.invalidValue, "rule '\(text)' is not one of: \(OutsideItems.Rule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        rule.exception = o.read("except") { $0.localized() }
        rule.article = o.art
        return rule
    }

    /// A category; the names of forbidden ones are not published, so need no translation.
    private func readCategory(_ value: Value, isPublic: Bool) -> Category? {
        // Only a forbidden category says what looks like it.
        guard let o = value.object(isPublic ? ["key", "name", "art"] : ["key", "name", "art", "looks_like"]) else { return nil }
        var category = Category()
        category.position = o.position
        category.key = o.need("key") { $0.key() } ?? ""
        category.name = o.need("name") { $0.localized(isPublic: isPublic) } ?? category.name
        category.article = o.art
        category.looksLike = o.read("looks_like") { $0.list { $0.string() } } ?? []
        return category
    }

    private func readItem(_ value: Value) -> Item? {
        guard let o = value.object(["code", "name", "category", "department", "time_limit", "art"]) else { return nil }
        var item = Item()
        item.position = o.position
        item.code = o.need("code") { $0.key() } ?? ""
        item.name = o.need("name") { $0.localized() } ?? item.name
        item.category = o.refer(.category, "category") ?? ""
        item.department = o.refer(.department, "department") ?? ""
        item.article = o.art
        item.timeLimit = o.need("time_limit") { $0.timeLimit() }
        context.requirePositive(item.timeLimit, at: o.optional("time_limit"), article: item.article)
        return item
    }
}
