/// Checks of meaning that need the whole profile: names that must be defined, the
/// workflow graph, who acts at each step, and the order of dates.
struct ProfileChecker {
    let profile: Profile
    let context: ReadContext

    func check() {
        checkReferences()
        checkDates()
        WorkflowChecker(profile: profile, context: context).check()
        checkAccessTiers()
        checkGridLevel()
        checkCatalogueDeciders()
        checkGridProcedures()
        checkEvaluation()
    }

    /// Satisfaction is computed from reporters' ratings: the workflow needs a rate step.
    private func checkEvaluation() {
        guard let evaluation = profile.evaluation else { return }
        let ratings = Set(profile.workflow.steps.filter { $0.kind == .rate }.flatMap(\.ratings))
        let reviews = profile.workflow.steps.contains { $0.kind == .review }
        for indicator in evaluation.indicators {
            if indicator.kind == .satisfaction && ratings.isEmpty {
                context.report(.invalidValue, "evaluation.indicators.\(indicator.key): satisfaction is computed from reporters' ratings, and the workflow has no rate step",
                               at: indicator.position)
            }
            for rating in indicator.satisfied ?? [] where !ratings.isEmpty && !ratings.contains(rating) {
                context.report(.invalidValue, "evaluation.indicators.\(indicator.key).satisfied: '\(rating)' is not a rating of any rate step (ratings: \(ratings.sorted().joined(separator: "、")))",
                               at: indicator.position)
            }
            if indicator.kind == .reviewed && !reviews {
                context.report(.invalidValue, "evaluation.indicators.\(indicator.key): reviews are counted from the workflow's review step, and it has none",
                               at: indicator.position)
            }
        }
    }

    private func cite(_ article: Article?) -> String? { profile.cite(article) }

    private func checkReferences() {
        let forbidden = Dictionary(profile.catalogue.forbidden.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let defined: [Reference.Kind: Set<String>] = [
            .level: Set(profile.levels.map(\.key)),
            .role: Set(profile.roles.map(\.key)),
            .department: Set(profile.departments.map(\.code)),
            .category: Set(profile.catalogue.categories.map(\.key)),
            .step: Set(profile.workflow.steps.map(\.key)).union(context.unreadSteps),
        ]
        for reference in context.references {
            if reference.kind == .category, let rule = forbidden[reference.name] {
                context.report(.forbiddenCategory,
                               "\(reference.path): '\(reference.name)' (\(rule.name)) may never enter the catalogue",
                               at: reference.position, article: cite(rule.article))
                continue
            }
            guard let names = defined[reference.kind], !names.contains(reference.name) else { continue }
            var message = "\(reference.path): no \(reference.kind.rawValue) '\(reference.name)' is defined"
            if !names.isEmpty { message += " (defined: \(names.sorted().joined(separator: ", ")))" }
            context.report(.undefinedReference, message, at: reference.position)
        }
        for category in profile.catalogue.categories {
            if let rule = forbidden[category.key] {
                context.report(.forbiddenCategory,
                               "catalogue.categories: '\(category.key)' (\(rule.name)) may never be a category of the catalogue",
                               at: category.position, article: cite(rule.article))
            }
        }
    }

    private func checkDates() {
        let info = profile.ordinance
        let dated: [(String, Day?, Position)] = [
            ("adopted", info.adopted?.date, info.adopted?.position ?? info.position),
            ("approved", info.approved?.date, info.approved?.position ?? info.position),
            ("effective", info.effective, info.position),
        ]
        let present = dated.compactMap { name, day, position in day.map { (name, $0, position) } }
        for (earlier, later) in zip(present, present.dropFirst()) where later.1 < earlier.1 {
            context.report(.datesOutOfOrder,
                           "ordinance.\(later.0) (\(later.1)) comes before ordinance.\(earlier.0) (\(earlier.1))",
                           at: later.2)
        }
        if let amends = info.amends, let effective = info.effective, amends >= effective {
            context.report(.datesOutOfOrder,
                           "ordinance.amends (\(amends)) must be an earlier version than this one (effective \(effective))",
                           at: info.position)
        }
    }

    private func checkAccessTiers() {
        guard let access = profile.access else { return }
        var tierOfRole: [String: String] = [:]
        for tier in access.tiers {
            for role in tier.roles {
                if let other = tierOfRole[role] {
                    context.report(.duplicateCode, "access.tiers: role '\(role)' is in tier '\(other)' and in tier '\(tier.key)'",
                                   at: tier.position, article: cite(access.article))
                }
                tierOfRole[role] = tier.key
            }
        }
    }

    /// The grid's level is the lowest, or the one right above a declared sub-grid level: a
    /// level below the grid's that is not its sub-grids would hold units without the grid's
    /// data (code, kind, households), so it is refused.
    private func checkGridLevel() {
        let keys = profile.levels.map(\.key)
        guard let last = keys.last, let index = keys.firstIndex(of: profile.grids.level) else { return }
        let subGrids = profile.grids.subGrids
        if let subGrids, keys.contains(subGrids.level) {
            if subGrids.level != last || index != keys.count - 2 {
                context.report(.invalidValue,
                               "grids.sub_grids.level: '\(subGrids.level)' must be the lowest level, right below the grid's ('\(profile.grids.level)')",
                               at: subGrids.position, article: cite(subGrids.article))
            }
            return
        }
        guard last != profile.grids.level else { return }
        context.report(.invalidValue,
                       "grids.level: '\(profile.grids.level)' must be the lowest level of the hierarchy ('\(last)'); a level below grids is declared as grids.sub_grids (微网格: their own codes and sizes, the grid's data kept)",
                       at: profile.grids.position)
    }

    /// Whoever decides or reviews catalogue applications holds that role at the level named
    /// (for `same`: at every level that compiles the catalogue).
    private func checkCatalogueDeciders() {
        let catalogue = profile.catalogue
        for (name, procedure) in [("admission", catalogue.admission), ("exit", catalogue.exit)] {
            guard let procedure else { continue }
            if let decider = procedure.decidedBy, let key = decider.role, let role = profile.role(key) {
                let levels = decider.level == Procedure.sameLevel ? catalogue.compiledBy : [decider.level]
                for level in levels where !role.at.contains(level) {
                    context.report(.actorLevel,
                                   "catalogue.\(name).decided_by: role '\(key)' is not held at level '\(level)' (held at: \(role.at.joined(separator: ", ")))",
                                   at: decider.position, article: cite(decider.article))
                }
            }
            if let review = procedure.expertReview, let role = profile.role(review.role), !role.at.contains(review.level) {
                context.report(.actorLevel,
                               "catalogue.\(name).expert_review: role '\(review.role)' is not held at level '\(review.level)' (held at: \(role.at.joined(separator: ", ")))",
                               at: review.position, article: cite(review.article))
            }
        }
    }

    /// Each body of the grid procedures (divided, approved, filed) and of complaint handling
    /// has a role that acts for it at its level, or the platform could not run the procedure.
    private func checkGridProcedures() {
        let grids = profile.grids
        var bodies = [("grids.divided_by", grids.dividedBy), ("grids.approved_by", grids.approvedBy), ("grids.filed_with", grids.filedWith)]
        for (index, body) in (profile.complaints?.handledBy ?? []).enumerated() { bodies.append(("complaints.handled_by[\(index)]", body)) }
        for (index, period) in profile.periods.enumerated() { bodies.append(("periods[\(index)].declared_by", period.declaredBy)) }
        for (path, procedure) in bodies {
            guard let procedure, profile.level(procedure.level) != nil else { continue }
            if let key = procedure.role {
                if let role = profile.role(key), !role.at.contains(procedure.level) {
                    context.report(.actorLevel, "\(path): role '\(key)' is not held at level '\(procedure.level)' (held at: \(role.at.joined(separator: ", ")))",
                                   at: procedure.position, article: cite(procedure.article))
                }
            } else if profile.roles(actingFor: procedure).isEmpty {
                context.report(.missingActor,
                               "\(path): no role acts for the \(procedure.body.rawValue) at level '\(procedure.level)': add a role of kind \(procedure.body.actingKind.rawValue) held there, or name one with 'role'",
                               at: procedure.position, article: cite(procedure.article))
            }
        }
    }
}
