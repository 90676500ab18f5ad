import Foundation
import Ordinance

/// Admission and exit (准入和退出): the kernel runs catalogue applications through the
/// procedure the profile gives, as it runs cases through the workflow.
extension Kernel {
    private var catalogue: Catalogue { profile.catalogue }

    /// The events `command` produces on an application (nil for a new one), given the live
    /// revision of the item concerned (nil when there is none), or a refusal.
    public func decide(_ command: ApplicationCommand, on application: CatalogueApplication?, current: CatalogueEntry?,
                       by actor: Participant, at now: Date) throws -> [ProcedureEvent<CatalogueApplication>] {
        if case .apply(let id, let proposal) = command {
            guard application == nil else { throw Refusal(.conflict, "application-exists", "application \(id) already exists") }
            return [try apply(id: id, proposal, current: current, by: actor, at: now)]
        }
        guard let application else { throw Refusal(.notFound, "unknown-application", "no such application") }
        let procedure = try self.procedure(for: application.proposal.action)
        guard application.status == .pending else {
            throw Refusal(.conflict, "application-decided", "application \(application.id) is \(application.status.rawValue); nothing more can be done with it",
                          article: cite(procedure.article))
        }
        switch command {
        case .apply:
            throw Refusal(.conflict, "application-exists", "application \(application.id) already exists")
        case .review(let opinion):
            guard let review = procedure.expertReview, application.pending.first == ApplicationCommand.reviewKind else {
                throw Refusal(.conflict, "illegal-transition", "application \(application.id) awaits no review", article: cite(procedure.article))
            }
            try require(actor, holds: review.role, atLevels: [review.level], toDo: "record the review", article: review.article)
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: opinion, article: cite(review.article),
                                   pending: Array(application.pending.dropFirst()))]
        case .approve, .refuse:
            guard let decider = procedure.decidedBy else {
                throw Refusal(.conflict, "illegal-transition", "\(procedure.kind.rawValue) needs no decision", article: cite(procedure.article))
            }
            if application.pending.first == ApplicationCommand.reviewKind, let review = procedure.expertReview {
                throw Refusal(.conflict, "review-first", "application \(application.id) must be reviewed (调研论证、评估审核) before it is decided",
                              article: cite(review.article))
            }
            try requireDecider(actor, decider, for: application)
            if case .approve = command, let base = application.base {
                try checkCurrent([(application.proposal.code, base)], latest: [application.proposal.code: current?.revision ?? 0],
                                 what: "application \(application.id)")
            }
            var attestation: String?
            if case .approve(let note, let attested) = command, application.proposal.action != .withdraw {
                let entry = application.proposal.entry(from: current.flatMap { $0.inCatalogue ? $0 : nil }, revision: 0, article: nil)
                attestation = try attest([entry], attested: attested, note: note)
            }
            let (approved, note): (Bool, String?) = switch command {
            case .approve(let note, _): (true, [note, attestation].compactMap { $0 }.joined(separator: "；").nonEmpty)
            case .refuse(let reason): (false, reason)
            default: (false, nil)
            }
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: note, article: cite(decider.article),
                                   status: approved ? CatalogueApplication.Status.approved.rawValue : CatalogueApplication.Status.refused.rawValue,
                                   pending: [])]
        case .withdraw(let reason):
            try requireDepartment(actor, application.department, toDo: "withdraw the application", article: procedure.article)
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: reason, article: cite(procedure.article),
                                   status: CatalogueApplication.Status.withdrawn.rawValue, pending: [])]
        case .refresh:
            try requireDepartment(actor, application.department, toDo: "refresh the application", article: procedure.article)
            guard let base = application.base, base != (current?.revision ?? 0) else {
                throw Refusal(.conflict, "illegal-transition", "application \(application.id) already stands against the item in force",
                              article: cite(procedure.article))
            }
            _ = try checkProposal(application.proposal, current: current, procedure: procedure)
            var restated = application
            restated.base = current?.revision ?? 0
            restated.review = nil
            return [ProcedureEvent(kind: command.name, at: now, actor: actor.staffId, note: "restated against the item in force",
                                   article: cite(procedure.article), opened: restated, pending: steps(of: procedure))]
        }
    }

    // MARK: deciding

    /// The words of `entry`'s names that make it look like a kind the law keeps out of the
    /// catalogue (each forbidden category's `looks_like`): flagged for the decider's attestation.
    public func forbiddenLookalikes(in entry: CatalogueEntry) -> [String] {
        let text = entry.names.values.joined(separator: " ")
        var found: [String] = []
        for word in catalogue.forbidden.flatMap(\.looksLike) where text.contains(word) && !found.contains(word) { found.append(word) }
        return found
    }

    /// Where the profile lists forbidden categories, the deciding body attests that the
    /// items are none of them, recorded with the decision; an item whose name looks like one
    /// also needs the decision's note to say why it is not. The attestation to record.
    func attest(_ entries: [CatalogueEntry], attested: Bool, note: String?) throws -> String? {
        guard !catalogue.forbidden.isEmpty, !entries.isEmpty else { return nil }
        let kinds = catalogue.forbidden.map { $0.name.description }.joined(separator: "、")
        let article = cite(catalogue.forbidden.first?.article ?? catalogue.article)
        guard attested else {
            throw Refusal(.conflict, "forbidden-attestation",
                          "approving \(entries.map(\.code).joined(separator: ", ")) needs the deciding body's attestation that none is \(kinds) (--attest)",
                          article: article)
        }
        let flagged = entries.filter { !forbiddenLookalikes(in: $0).isEmpty }
        if !flagged.isEmpty, (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let list = flagged.map { "\($0.code) (\(forbiddenLookalikes(in: $0).joined(separator: "、")))" }.joined(separator: ", ")
            throw Refusal(.conflict, "forbidden-attestation",
                          "\(list) look like \(kinds); the note must say why each is none of them", article: article)
        }
        return "经审核确认不属于\(kinds)"
    }

    /// Refuses `actor` unless they may decide every kind of change in `actions`; an exit by
    /// notification is decided by whoever decides admissions. The article that gives them
    /// the power.
    func requireDecider(_ actor: Participant, for actions: Set<CatalogueProposal.Action>) throws -> Article? {
        var article: Article?
        for action in actions.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let decider = try procedure(for: action).decidedBy ?? catalogue.admission?.decidedBy else { continue }
            try require(actor, holds: decider.role ?? "", atLevels: levels(of: decider), toDo: "decide on changes to the catalogue",
                        article: decider.article)
            article = article ?? decider.article
        }
        return article
    }

    /// Refuses an entry that may not stand in the catalogue, as an application for it would be.
    public func checkEntry(_ entry: CatalogueEntry, action: CatalogueProposal.Action) throws {
        if let first = try entryProblems(entry, action: action).first { throw first }
    }

    /// Every term of `entry` the profile refuses, not only the first: an import reports
    /// every bad row and cell at once.
    public func entryProblems(_ entry: CatalogueEntry, action: CatalogueProposal.Action) throws -> [Refusal] {
        guard action != .withdraw else { return [] }
        return termProblems(of: entry, procedure: try self.procedure(for: action))
    }

    // MARK: application

    private func apply(id: String, _ proposal: CatalogueProposal, current: CatalogueEntry?, by actor: Participant,
                       at now: Date) throws -> ProcedureEvent<CatalogueApplication> {
        let procedure = try self.procedure(for: proposal.action)
        let result = try checkProposal(proposal, current: current, procedure: procedure)
        try requireDepartment(actor, result.department, toDo: "apply for \(result.code)", article: procedure.article)
        let scope = try catalogueScope(of: actor, department: result.department, proposal: proposal, current: current, procedure: procedure)
        let notified = procedure.kind == .notification
        let opened = CatalogueApplication(
            id: id, profileVersion: profile.ordinance.effective ?? Day("1970-01-01")!, proposal: proposal, department: result.department,
            applicant: actor.staffId, status: notified ? .notified : .pending, pending: notified ? [] : steps(of: procedure),
            review: nil, base: current?.revision ?? 0, appliedAt: now, version: 0, scope: scope?.id, scopeName: scope?.name)
        return ProcedureEvent(kind: notified ? "notify" : "apply", at: now, actor: actor.staffId, note: proposal.reason,
                              article: cite(procedure.article), opened: opened)
    }

    /// The item `proposal` makes of `current` (the item's latest revision), or why the
    /// procedure refuses it.
    private func checkProposal(_ proposal: CatalogueProposal, current: CatalogueEntry?, procedure: CatalogueProcedure) throws -> CatalogueEntry {
        let article = cite(procedure.article)
        let live = current.flatMap { $0.inCatalogue ? $0 : nil }
        switch proposal.action {
        case .admit:
            if let live {
                throw Refusal(.conflict, "duplicate-code", "item \(proposal.code) is already in the catalogue (\(live.name(in: language))); apply to amend it instead",
                              article: article)
            }
        case .amend, .withdraw:
            guard live != nil else {
                throw Refusal("item-outside-catalogue", "item \(proposal.code) is not in the catalogue", article: article)
            }
        }
        if proposal.reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw Refusal("application-reason", "an application says why the department asks", article: article)
        }
        let result = proposal.entry(from: live, revision: (current?.revision ?? 0) + 1, article: article)
        if proposal.action != .withdraw {
            if let first = termProblems(of: result, procedure: procedure).first { throw first }
        }
        if proposal.action == .amend, result == live.map({ var same = $0; same.revision = result.revision; return same }) {
            throw Refusal("no-change", "the application changes nothing in item \(proposal.code)", article: article)
        }
        return result
    }

    /// The steps of a pending application: the review where the procedure asks for one, then the decision.
    private func steps(of procedure: CatalogueProcedure) -> [String] {
        (procedure.expertReview == nil ? [] : [ApplicationCommand.reviewKind]) + ["decide"]
    }

    /// What an item in the catalogue must be: of a category the law allows, handled by a
    /// department of the profile, named in every publication language, with a time limit.
    private func termProblems(of entry: CatalogueEntry, procedure: CatalogueProcedure) -> [Refusal] {
        var problems: [Refusal] = []
        if let problem = TextChecks.codeProblem(entry.code) {
            problems.append(Refusal("invalid-code", problem, article: cite(catalogue.article)))
        }
        if let forbidden = catalogue.forbidden.first(where: { $0.key == entry.category }) {
            problems.append(Refusal("forbidden-category", "\(forbidden.name) (\(forbidden.key)) may never enter the catalogue of grid work",
                                    article: cite(forbidden.article ?? catalogue.article)))
        } else if !catalogue.categories.contains(where: { $0.key == entry.category }) {
            let known = catalogue.categories.map(\.key).joined(separator: ", ")
            problems.append(Refusal("unknown-category", "no category '\(entry.category)' in the catalogue (categories: \(known))",
                                    article: cite(catalogue.article)))
        }
        if profile.department(entry.department) == nil {
            problems.append(Refusal("unknown-department", "no department '\(entry.department)' in the profile", article: cite(catalogue.article)))
        }
        let languages = profile.publication.languages
        let missing = languages.filter { (entry.names[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if !missing.isEmpty {
            problems.append(Refusal("missing-translation", "item \(entry.code) needs a name in \(missing.joined(separator: ", ")): the catalogue is published in \(languages.joined(separator: " and "))",
                                    article: cite(profile.publication.article ?? catalogue.article)))
        }
        for language in languages where !missing.contains(language) {
            if let problem = TextChecks.textProblem(entry.names[language] ?? "", language: language) {
                problems.append(Refusal("name-script", "name.\(language) of \(entry.code) \(problem)",
                                        article: cite(profile.publication.article ?? catalogue.article)))
            }
        }
        if entry.timeLimit.amount <= 0 {
            problems.append(Refusal("non-positive-time-limit", "time limit '\(entry.timeLimit)' must be longer than zero", article: cite(catalogue.article)))
        }
        if let resources = procedure.resources, (entry.resources ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(Refusal("resources", "the department must state the forces, resources and funds it commits to the grid (力量、资源、经费)",
                                    article: cite(resources)))
        }
        if let problem = legalBasisProblem(entry.article) {
            problems.append(Refusal("legal-basis", problem, article: cite(catalogue.article)))
        }
        return problems
    }

    /// A legal basis as the catalogue records it: a bare citation (第九条) gets the
    /// ordinance's title in front, as the seeded items have it; anything else is kept.
    public func recordedBasis(_ basis: String) -> String {
        Article(basis.trimmingCharacters(in: .whitespaces)).flatMap(cite) ?? basis
    }

    /// Why an item's legal basis is not an article of this ordinance: it is a citation such
    /// as 第九条 or 第十五条第二款, optionally after the ordinance's title, of an article the
    /// text has.
    func legalBasisProblem(_ basis: String?) -> String? {
        guard let basis = basis?.trimmingCharacters(in: .whitespaces), !basis.isEmpty else { return nil }
        let title = profile.ordinance.title.text(in: profile.publication.primaryLanguage)
        var citation = Substring(basis)
        if !title.isEmpty, citation.hasPrefix(title) { citation = citation.dropFirst(title.count).drop { $0 == " " } }
        guard let article = Article(String(citation)) else {
            return "the legal basis '\(basis)' is not a citation of this ordinance's text (e.g. \(title) 第九条)"
        }
        let count = profile.ordinance.articles
        if count > 0, article.number > count {
            return "the legal basis cites \(article.text), but \(title) has \(count) articles"
        }
        return nil
    }

    // MARK: who may act

    func procedure(for action: CatalogueProposal.Action) throws -> CatalogueProcedure {
        let procedure = action == .withdraw ? catalogue.exit : catalogue.admission
        guard let procedure else {
            throw Refusal("no-procedure", "this ordinance gives no procedure to \(action.rawValue) catalogue items", article: cite(catalogue.article))
        }
        return procedure
    }

    private var language: String { profile.publication.primaryLanguage }

    /// The catalogue an application goes to. Where the deciding body is the applicant's own
    /// level ("同级"), a department posted at a compiling level's unit applies to that unit's
    /// catalogue; an item already in a unit's catalogue is changed only by a department of
    /// that unit. Nil: the tenant-wide catalogue.
    private func catalogueScope(of actor: Participant, department: String, proposal: CatalogueProposal, current: CatalogueEntry?,
                                procedure: CatalogueProcedure) throws -> (id: Int64, name: String)? {
        let roles = Set(profile.roles.filter { $0.at.contains(Role.departmentPlace) }.map(\.key))
        let post = actor.posts.first { roles.contains($0.role) && $0.department == department }
        if let live = current, live.inCatalogue, let scope = live.scope {
            guard post?.unitId == scope else {
                let name = profile.department(department)?.name.description ?? department
                throw Refusal(.forbidden, "catalogue-scope",
                              "\(live.code) is in the catalogue of \(live.scopeName ?? "another body"); only \(name) of \(live.scopeName ?? "that body") applies to change it",
                              article: cite(procedure.article))
            }
            return (scope, live.scopeName ?? "")
        }
        guard proposal.action == .admit, procedure.decidedBy?.level == Procedure.sameLevel,
              let post, let unitId = post.unitId, let level = post.level, catalogue.compiledBy.contains(level) else { return nil }
        return (unitId, post.unitName ?? "")
    }

    /// The deciding body: for an application to one unit's catalogue, the decider's role held
    /// at that very unit (a county office decides for its own county only); else at the levels
    /// the procedure names.
    private func requireDecider(_ actor: Participant, _ decider: Procedure, for application: CatalogueApplication) throws {
        guard let scope = application.scope, decider.level == Procedure.sameLevel else {
            try require(actor, holds: decider.role ?? "", atLevels: levels(of: decider), toDo: "decide on catalogue applications",
                        article: decider.article)
            return
        }
        if actor.posts.contains(where: { $0.role == decider.role && $0.unitId == scope }) { return }
        let roleName = decider.role.flatMap(profile.role)?.name.description ?? decider.role ?? ""
        let place = application.scopeName ?? "unit \(scope)"
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(roleName) at \(place), who decides on the catalogue of \(place)",
                      article: cite(decider.article))
    }

    private func levels(of decider: Procedure) -> [String] {
        decider.level == Procedure.sameLevel ? catalogue.compiledBy : [decider.level]
    }

    func require(_ actor: Participant, holds roleKey: String, atLevels levels: [String], toDo what: String,
                         article: Article?) throws {
        if actor.posts.contains(where: { $0.role == roleKey && $0.level.map(levels.contains) == true }) { return }
        let roleName = profile.role(roleKey)?.name.description ?? roleKey
        let levelNames = levels.map { profile.level($0)?.name.description ?? $0 }.joined(separator: " or ")
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) is not \(roleName) at \(levelNames), who may \(what)",
                      article: cite(article))
    }

    private func requireDepartment(_ actor: Participant, _ department: String, toDo what: String, article: Article?) throws {
        let roles = Set(profile.roles.filter { $0.at.contains(Role.departmentPlace) }.map(\.key))
        if actor.posts.contains(where: { roles.contains($0.role) && $0.department == department }) { return }
        let name = profile.department(department)?.name.description ?? department
        throw Refusal(.forbidden, "actor-role", "\(actor.name) (\(actor.staffId)) does not work for \(name), which alone may \(what)",
                      article: cite(article))
    }
}

extension String {
    /// Nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
