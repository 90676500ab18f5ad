/// One change between two versions of a profile, by meaning: "item LS-07 added",
/// "time limit of step verify changed: 24h → 12h", "role part_time_worker removed".
public struct Change: Sendable, Encodable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Encodable {
        /// `moved`: an article renumbered (`key` is its old citation, `to` its new one).
        case added, removed, changed, moved
    }

    public var kind: Kind
    /// What changed: `item`, `role`, `step`, `ordinance`, …
    public var subject: String
    /// Which one, by key or code; empty for sections that occur once.
    public var key: String
    /// For `changed`: the field, in the profile's own words (`time_limit`).
    public var field: String?
    public var from: String?
    public var to: String?
    /// The article of the new version (or of the old, for a removal) behind the change.
    public var article: String?
    /// For `moved`: how many citations in the profile only follow the renumbering (folded into this line).
    public var follows: Int?
    /// For a change a recorded correction made to a version already in force: which, and why.
    public var correction: CorrectionNote?

    /// A correction of a version in force, as `ordinance diff` lists it beside its changes.
    public struct CorrectionNote: Sendable, Encodable, Equatable {
        public var version: String
        public var reason: String
        public var recordedAt: String
        public var by: String?

        public init(version: String, reason: String, recordedAt: String, by: String?) {
            self.version = version
            self.reason = reason
            self.recordedAt = recordedAt
            self.by = by
        }
    }

    public var description: String {
        let what = key.isEmpty ? subject : "\(subject) \(key)"
        var text: String
        switch kind {
        case .added: text = "+ \(what) added" + (to.map { ": \($0)" } ?? "")
        case .removed: text = "- \(what) removed" + (from.map { ": \($0)" } ?? "")
        case .changed: text = "~ \(field ?? "") of \(what) changed: \(from ?? "—") → \(to ?? "—")"
        case .moved:
            let them = key.contains("–") ? "them" : "it"
            let citations = follows.map { $0 == 1 ? "; 1 citation follows \(them)" : "; \($0) citations follow \(them)" } ?? ""
            return "→ \(key) \(key.contains("–") ? "are" : "is") now \(to ?? "") (renumbered\(citations))"
        }
        if let article { text += " (\(article))" }
        return text
    }
}

/// Compares two versions of a profile part by part.
public enum ProfileDiff {
    public static func changes(from old: Profile, to new: Profile) -> [Change] {
        let after = parts(of: new)
        let compared = parts(of: old).enumerated().map { index, part in (part.subject, part.entries, after[index].entries) }
        let renumbering = Renumbering.infer(compared.map { ($0.1, $0.2) })
        var folded: [Int: Int] = [:]
        var changes: [Change] = []
        for (subject, a, b) in compared {
            changes += compareEntries(subject, a, b, old: old, new: new, renumbering: renumbering, folded: &folded)
        }
        // One line per run of consecutive articles moved alike: 第十七条–第二十九条 → 第十八条–第三十条.
        let moves = renumbering.runs.map { run in
            let (first, last) = (run.lowerBound, run.upperBound)
            let offset = renumbering.offset(first)
            func span(_ a: Int, _ b: Int) -> String { a == b ? Renumbering.citation(a) : "\(Renumbering.citation(a))–\(Renumbering.citation(b))" }
            return Change(kind: .moved, subject: "article", key: span(first, last), to: span(first + offset, last + offset),
                          article: new.cite(Article(Renumbering.citation(first + offset))),
                          follows: run.reduce(0) { $0 + (folded[$1] ?? 0) })
        }
        return moves + changes
    }

    /// Every part of a profile, in the order the diff lists them.
    private static func parts(of p: Profile) -> [(subject: String, entries: [DiffEntry])] {
        [
            ("ordinance", [p.ordinance.diffEntry]),
            ("publication", [p.publication.diffEntry]),
            ("level", p.levels.map(\.diffEntry)),
            ("grids", [p.grids.diffEntry]),
            ("grid kind", p.grids.kinds.map(\.diffEntry)),
            ("role", p.roles.map(\.diffEntry)),
            ("conduct", p.conduct.map { [$0.diffEntry] } ?? []),
            ("complaints", p.complaints.map { [$0.diffEntry] } ?? []),
            ("periods", p.periods.map(\.diffEntry)),
            ("department", p.departments.map(\.diffEntry)),
            ("catalogue", [p.catalogue.diffEntry]),
            ("forbidden category", p.catalogue.forbidden.map(\.diffEntry)),
            ("category", p.catalogue.categories.map(\.diffEntry)),
            ("item", p.catalogue.items.map(\.diffEntry)),
            ("workflow", [p.workflow.diffEntry]),
            ("step", p.workflow.steps.map(\.diffEntry)),
            ("supervision", p.workflow.supervision.map { [$0.diffEntry] } ?? []),
            ("supervision stage", (p.workflow.supervision?.stages ?? []).enumerated().map { $0.element.diffEntry(index: $0.offset) }),
            ("notice board", p.noticeBoard.map { [$0.diffEntry] } ?? []),
            ("access", p.access.map { [$0.diffEntry] } ?? []),
            ("access tier", p.access.map { access in access.tiers.map { $0.diffEntry(article: access.article) } } ?? []),
            ("calendar", [p.calendar.diffEntry]),
            ("evaluation", p.evaluation.map { [$0.diffEntry] } ?? []),
            ("indicator", p.evaluation?.indicators.map(\.diffEntry) ?? []),
        ]
    }

    private static func compareEntries(
        _ subject: String, _ old: [DiffEntry], _ new: [DiffEntry], old oldProfile: Profile, new newProfile: Profile,
        renumbering: Renumbering, folded: inout [Int: Int]
    ) -> [Change] {
        var changes: [Change] = []
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(\.key))
        for entry in new {
            guard let before = oldByKey[entry.key] else {
                changes.append(Change(kind: .added, subject: subject, key: entry.key, to: entry.summary,
                                      article: newProfile.cite(entry.article)))
                continue
            }
            let oldFields = Dictionary(before.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            let newFields = Dictionary(entry.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            let names = before.fields.map(\.name) + entry.fields.map(\.name).filter { oldFields[$0] == nil }
            for name in names where oldFields[name] != newFields[name] {
                // A citation that only follows the renumbering is folded into its "moved" line.
                if let was = oldFields[name], let now = newFields[name], let moved = renumbering.follows(was, now) {
                    for number in moved { folded[number, default: 0] += 1 }
                    continue
                }
                changes.append(Change(kind: .changed, subject: subject, key: entry.key, field: name,
                                      from: oldFields[name], to: newFields[name],
                                      article: newProfile.cite(entry.article)))
            }
        }
        for entry in old where !newKeys.contains(entry.key) {
            changes.append(Change(kind: .removed, subject: subject, key: entry.key, from: entry.summary,
                                  article: oldProfile.cite(entry.article)))
        }
        return changes
    }
}

/// A part of a profile as the diff sees it: a key, a one-line summary, and its fields as text.
struct DiffEntry {
    var key: String
    var summary: String
    var article: Article?
    var fields: [(name: String, value: String)]
}

private func text(_ t: LocalizedText) -> String {
    t.translations.map { "\($0.language): \($0.text)" }.joined(separator: " / ")
}

private func list(_ values: [String]) -> String { values.joined(separator: ", ") }

private func art(_ a: Article?) -> String { a?.text ?? "" }

extension OrdinanceInfo {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: title.description, article: effectiveArticle, fields: [
            ("title", text(title)), ("city", text(city)), ("division_code", divisionCode),
            ("articles", "\(articles)"), ("adopted", adopted.map { "\($0.body) \($0.date?.description ?? "")" } ?? ""),
            ("approved", approved.map { "\($0.body) \($0.date?.description ?? "")" } ?? ""),
            ("effective", effective?.description ?? ""), ("effective.art", art(effectiveArticle)), ("status", status.rawValue),
            ("decision", decision.map { "\($0.title), \($0.body) \($0.date?.description ?? "")"
                + ($0.approved.map { "; approved by \($0.body) \($0.date?.description ?? "")" } ?? "") } ?? ""),
            ("amends", amends?.description ?? ""), ("source", source ?? ""),
            ("gaps", list(gaps.map { "\(art($0.article)) \($0.note)" })),
        ])
    }
}

extension Publication {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: list(languages), article: article,
                  fields: [("languages", list(languages)), ("art", art(article))])
    }
}

extension Level {
    var diffEntry: DiffEntry {
        DiffEntry(key: key, summary: name.description, article: article, fields: [
            ("name", text(name)), ("office", office.map { text($0.name) } ?? ""),
            ("office.duties", list(office?.duties ?? [])), ("art", art(article)),
        ])
    }
}

extension GridRules {
    var diffEntry: DiffEntry {
        func procedure(_ p: Procedure?) -> String {
            p.map { "\($0.level) \($0.body.rawValue)" + ($0.with.map { " with \($0)" } ?? "") } ?? ""
        }
        return DiffEntry(key: "", summary: "", article: article, fields: [
            ("level", level), ("divided_by", procedure(dividedBy)), ("approved_by", procedure(approvedBy)),
            ("filed_with", procedure(filedWith)),
            ("staffing", list(staffing.map { "\($0.min) of \($0.roles.joined(separator: "/"))" })), ("household_units", householdUnits.map { text($0.name) } ?? ""),
            ("code", code?.pattern ?? ""),
            ("sub_grids", subGrids.map { rules in
                "\(rules.level)" + (rules.codeDigits.map { ", code: grid code + \($0) digits" } ?? "")
                    + (rules.sizeRules.isEmpty ? "" : ", size: " + list(rules.sizeRules.compactMap { $0.range.map { "\($0.lowerBound)–\($0.upperBound)" } }) + " \(rules.unit)")
            } ?? ""),
        ])
    }
}

extension GridKind {
    var diffEntry: DiffEntry {
        let sizes = sizeRules.map { rule in
            "\(rule.area) \(rule.range.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "") \(rule.severity.rawValue)"
        }
        return DiffEntry(key: key, summary: name.description, article: article, fields: [
            ("name", text(name)), ("basis", basis ?? ""), ("size", list(sizes)), ("art", art(article)),
        ])
    }
}

extension Role {
    var diffEntry: DiffEntry {
        DiffEntry(key: key, summary: "\(name) (\(kind.rawValue))", article: article, fields: [
            ("kind", kind.rawValue), ("name", text(name)), ("at", list(at)),
            ("per_grid", perGrid.map { "\($0.min)…\($0.max.map(String.init) ?? "")" + ($0.reading.map { " (reading: \($0))" } ?? "") } ?? ""),
            ("eligibility.min_age", eligibility?.minAge.map(String.init) ?? ""), ("eligibility.max_age", eligibility?.maxAge.map(String.init) ?? ""),
            ("eligibility.citizenship", eligibility?.citizenship ?? ""),
            ("eligibility.conditions", list(eligibility?.conditions ?? [])),
            ("disqualifications", list(disqualifications?.items.map(\.key) ?? [])),
            ("training", training.map { $0.beforeService ? "before service" : "in service" } ?? ""),
            ("appointment", appointment ?? ""), ("art", art(article)),
        ])
    }
}

extension Conduct {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("applies_to", list(appliesTo)), ("prohibited", list(prohibited)), ("art", art(article)),
        ])
    }
}

extension Period {
    var diffEntry: DiffEntry {
        DiffEntry(key: key, summary: text(name), article: nil, fields: [
            ("name", text(name)), ("declared_by", declaredBy.map { "\($0.level) \($0.body.rawValue)" } ?? ""),
            ("overrides", list(overrides.map { ($0.steps + $0.items).joined(separator: "/") + " \($0.timeLimit)" })),
            ("source", source?.label ?? ""),
        ])
    }
}

extension Complaints {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("about", list(about)), ("handled_by", list(handledBy.map { "\($0.level) \($0.body.rawValue)" })),
            ("time_limit", timeLimit?.description ?? ""), ("time_limit_source", timeLimitSource?.label ?? ""),
            ("reading", reading ?? ""), ("art", art(article)),
        ])
    }
}

extension Department {
    var diffEntry: DiffEntry {
        DiffEntry(key: code, summary: name.description, article: article,
                  fields: [("name", text(name)), ("art", art(article))])
    }
}

extension Catalogue {
    var diffEntry: DiffEntry {
        func procedure(_ p: CatalogueProcedure?) -> String { p?.summary ?? "" }
        return DiffEntry(key: "", summary: "", article: article, fields: [
            ("compiled_by", list(compiledBy)), ("published", "\(published)"),
            ("admission", procedure(admission)), ("exit", procedure(exit)),
            ("outside_items", outsideItems.map { $0.rule.rawValue + ($0.exception.map { " except \($0)" } ?? "") } ?? ""),
        ])
    }
}

extension Category {
    var diffEntry: DiffEntry {
        DiffEntry(key: key, summary: name.description, article: article,
                  fields: [("name", text(name)), ("art", art(article))])
    }
}

extension Item {
    var diffEntry: DiffEntry {
        DiffEntry(key: code, summary: "\(name) (\(timeLimit?.description ?? ""), \(department))", article: article, fields: [
            ("name", text(name)), ("category", category), ("department", department),
            ("time_limit", timeLimit?.description ?? ""), ("art", art(article)),
        ])
    }
}

extension Workflow {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("start", start),
            ("reopen", reopen?.label ?? ""),
            ("reopen.limit", reopenLimit.map { [$0.max.map { "max \($0)" }, $0.within.map { "within \($0)" }].compactMap { $0 }.joined(separator: ", ") } ?? ""),
            ("art", art(article)),
        ])
    }
}

extension Step {
    var diffEntry: DiffEntry {
        DiffEntry(key: key, summary: "\(name) (\(kind.rawValue))", article: article, fields: [
            ("kind", kind.rawValue), ("name", text(name)),
            ("actor", actor?.description ?? ""),
            ("time_limit", timeLimit?.description ?? ""), ("time_limit_source", timeLimitSource?.label ?? ""), ("local", local ?? ""), ("reading", reading ?? ""),
            ("next", list(next)),
            ("channels", list(channels.map(\.rawValue))), ("emergency", emergency ?? ""), ("unlisted", unlisted ?? ""),
            ("optional", "\(optional)"), ("when", when?.description ?? ""),
            ("ratings", list(ratings)), ("max", max.map(String.init) ?? ""),
            ("escalate_after", failureEscalation.map { "\($0.failures) → \($0.level)" } ?? ""),
            ("deadline", deadline.map { "\($0.late.rawValue): \($0.actions.map(\.description).joined(separator: ", "))" + ($0.source.map { " (\($0.label))" } ?? "") } ?? ""),
            ("participants", "\(participants)" + (participantsReading.map { " (reading: \($0))" } ?? "")), ("on_site", "\(onSite)"), ("on_fail", onFail ?? ""),
            ("to", to ?? ""), ("art", art(article)),
        ])
    }
}

extension NoticeBoard {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("published_by", list(publishedBy)), ("channels", list(channels)),
            ("fields", list(fields.map { "\($0.key.rawValue): \(text($0.label))" })),
            ("staff_roles", list(staffRoles)), ("art", art(article)),
        ])
    }
}

extension Supervision {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: actor?.description ?? "", article: article, fields: [
            ("actor", actor?.description ?? ""), ("escalate", "\(escalate)"), ("stages", "\(stages.count)"), ("art", art(article)),
        ])
    }
}

extension SupervisionStage {
    /// Stages are named by their place in the chain: stage 1, stage 2 …
    func diffEntry(index: Int) -> DiffEntry {
        DiffEntry(key: "\(index + 1)", summary: "\(level) \(body.rawValue) \(action)", article: article, fields: [
            ("level", level), ("body", body.rawValue), ("action", action), ("time_limit", timeLimit?.description ?? ""), ("art", art(article)),
        ])
    }
}

extension AccessRules {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("personal_data", list(personalData.map(\.rawValue))), ("art", art(article)),
        ])
    }
}

extension AccessTier {
    /// A tier is cited by the article of the access rules it belongs to.
    func diffEntry(article: Article?) -> DiffEntry {
        DiffEntry(key: key, summary: name.description, article: article, fields: [
            ("name", text(name)), ("roles", list(roles)), ("personal_data", list(personalData.map(\.rawValue))),
        ])
    }
}

extension Evaluation {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: article, fields: [
            ("periods", list(periods.map(\.rawValue))), ("art", art(article)),
        ])
    }
}

extension Evaluation.Indicator {
    var diffEntry: DiffEntry {
        let law: Article? = if case .law(let article) = source { article } else { nil }
        return DiffEntry(key: key, summary: "\(name) (\(kind.rawValue))", article: law, fields: [
            ("kind", kind.rawValue), ("name", text(name)), ("for", list(scopes.map(\.rawValue))),
            ("satisfied", list(satisfied ?? [])), ("weight", weight.map { String(Int($0)) } ?? ""),
            ("weight_source", weightSource?.label ?? ""), ("source", source?.label ?? ""),
        ])
    }
}

extension CalendarRules {
    var diffEntry: DiffEntry {
        DiffEntry(key: "", summary: "", article: nil, fields: [
            ("timezone", timezone), ("office_hours", list(officeHours.map(\.description))),
            ("regional", regional.map { $0.pack ?? "\($0.name): \(list($0.years.map(String.init)))" } ?? ""),
            ("regional.holidays", list((regional?.holidays ?? []).map { "\($0.from)…\($0.to) \($0.name)" })),
            ("regional.working_days", list((regional?.workingDays ?? []).map { "\($0.date) \($0.name)" })),
        ])
    }
}
