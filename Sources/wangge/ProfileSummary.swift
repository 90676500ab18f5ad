import Ordinance

/// A profile as a person reads it: section by section, each rule with its article.
struct ProfileSummary {
    let profile: Profile
    let language: String
    let versions: [Profile]

    private var lines: [String] = []

    init(profile: Profile, language: String, versions: [Profile]) {
        self.profile = profile
        self.language = language
        self.versions = versions
        header()
        hierarchy()
        grids()
        roles()
        catalogue()
        workflow()
        publicationRules()
    }

    var text: String { lines.joined(separator: "\n") }

    private func t(_ text: LocalizedText) -> String { text.text(in: language) }
    private func a(_ article: Article?) -> String { article.map { "〔\($0.text)〕" } ?? "" }
    private mutating func add(_ line: String = "") { lines.append(line) }
    private mutating func section(_ title: String) { add(); add(title) }

    private mutating func header() {
        let o = profile.ordinance
        add("\(t(o.title))  [\(o.tenant), \(o.status == .draft ? "草案 draft" : o.status == .adopted ? "已通过 adopted, in force from" : "施行 in force") \(o.effective?.description ?? "")\(a(o.effectiveArticle))]")
        let code = o.divisionCode.isEmpty ? "" : " · 行政区划代码 \(o.divisionCode)"
        add("\(t(o.city))\(code) · \(o.articles) 条")
        if let adopted = o.adopted { add("通过 adopted: \(adopted.body)（\(adopted.date?.description ?? "")）") }
        if let approved = o.approved { add("批准 approved: \(approved.body)（\(approved.date?.description ?? "")）") }
        if let amends = o.amends { add("修正 amends: \(amends)") }
        add("发布语言 publication languages: \(profile.publication.languages.joined(separator: ", "))\(a(profile.publication.article))")
        let list = versions.map { "\($0.ordinance.effective?.description ?? "?")\($0.ordinance.status == .draft ? " (draft)" : $0.ordinance.status == .adopted ? " (adopted)" : "")" }
        add("版本 versions: \(list.joined(separator: ", "))")
        for gap in o.gaps { add("⚠ 原文缺损 gap \(gap.article?.text ?? ""): \(gap.note)") }
    }

    private mutating func hierarchy() {
        section("层级 Levels")
        for level in profile.levels {
            var line = "  \(pad(level.key, 10)) \(t(level.name))"
            if let office = level.office { line += " — \(t(office.name))\(a(office.article))" }
            add(line + a(level.article))
        }
    }

    private mutating func grids() {
        let g = profile.grids
        section("网格 Grids\(a(g.article))")
        func procedure(_ label: String, _ p: Procedure?) -> String? {
            guard let p else { return nil }
            let level = profile.level(p.level).map { t($0.name) } ?? p.level
            return "\(label) \(level) \(p.body.rawValue)\(p.with.map { "（会同\($0)）" } ?? "")\(a(p.article))"
        }
        let steps = [procedure("划分 divided by", g.dividedBy), procedure("批准 approved by", g.approvedBy),
                     procedure("备案 filed with", g.filedWith)].compactMap { $0 }
        add("  " + steps.joined(separator: "; "))
        for rule in g.staffing {
            add("  配备 staffing: at least \(rule.min) of \(rule.roles.joined(separator: " or ")) per grid\(a(rule.article))")
        }
        for kind in g.kinds {
            add("  \(pad(kind.key, 14)) \(t(kind.name))\(a(kind.article))\(kind.basis.map { " — \($0)" } ?? "")")
            for rule in kind.sizeRules {
                let range = rule.range.map { "\($0.lowerBound)–\($0.upperBound) 户" } ?? ""
                let about = rule.about.map { "约 \($0) 户 ±\(rule.tolerancePercent ?? 0)% → " } ?? ""
                add("    size \(rule.area): \(about)\(range) (\(rule.severity.rawValue))\(a(rule.article))\(rule.note.map { " \($0)" } ?? "")")
            }
        }
        if let units = g.householdUnits {
            add("  household units: \(t(units.name))\(units.principle.map { " — \($0)" } ?? "")\(a(units.article))")
        }
        if let sub = g.subGrids {
            let name = profile.level(sub.level).map { t($0.name) } ?? sub.level
            add("  sub-grids: \(name) (level \(sub.level)) inside grids, own code and \(sub.unit)\(a(sub.article))"
                + (sub.codeDigits.map { "; code: the grid's code + \($0) digits\(a(sub.codeArticle))" } ?? ""))
            for rule in sub.sizeRules {
                add("    size \(rule.area): \(rule.range.map { "\($0.lowerBound)–\($0.upperBound) \(sub.unit)" } ?? "") (\(rule.severity.rawValue))\(a(rule.article))")
            }
        }
        if let code = g.code {
            add("  code: \(code.pattern)\(code.standard.map { " (\($0))" } ?? "")\(code.unique ? ", unique" : "")\(a(code.article))"
                + (code.reading.map { " (reading: \($0))" } ?? ""))
        }
    }

    private mutating func roles() {
        section("人员 Roles")
        for role in profile.roles {
            var line = "  \(pad(role.key, 18)) \(t(role.name)) [\(role.kind.rawValue)] at \(role.at.joined(separator: ", "))"
            if let count = role.perGrid {
                line += " · 每网格 \(count.min)–\(count.max.map(String.init) ?? "")\(a(count.article))" + (count.reading.map { " (reading: \($0))" } ?? "")
            }
            add(line + a(role.article))
            if let e = role.eligibility {
                let parts = [e.minAge.map { "年满\($0)周岁" }, e.maxAge.map { "不超过\($0)周岁" }, e.citizenship.map { "国籍 \($0)" }].compactMap { $0 } + e.conditions
                add("      条件 eligibility: \(parts.joined(separator: "；"))\(a(e.article))")
            }
            if let d = role.disqualifications {
                add("      不得担任 disqualified: \(d.items.map(\.text).joined(separator: "；"))\(a(d.article))")
            }
            if let training = role.training, training.beforeService {
                add("      岗前培训 training before service\(training.by.map { " by \($0)" } ?? "")\(a(training.article))")
            }
        }
        if let conduct = profile.conduct {
            add("  禁止行为 prohibited (\(conduct.appliesTo.joined(separator: ", "))): \(conduct.prohibited.joined(separator: "；"))\(a(conduct.article))")
        }
        if let complaints = profile.complaints {
            let bodies = complaints.handledBy.map { p in "\(profile.level(p.level).map { t($0.name) } ?? p.level) \(p.body.rawValue)" }
            var line = "  投诉 complaints about \(complaints.about.joined(separator: ", ")): handled by \(bodies.joined(separator: " or "))"
            if let limit = complaints.timeLimit { line += " within \(limit)" + (complaints.timeLimitSource.map { " (\($0.label))" } ?? "") }
            add(line + a(complaints.article) + (complaints.reading.map { " (reading: \($0))" } ?? ""))
        }
        section("联动部门 Departments (\(profile.departments.count))")
        add("  " + profile.departments.map { "\($0.code) \(t($0.name))" }.joined(separator: " · "))
    }

    private mutating func catalogue() {
        let c = profile.catalogue
        section("事项清单 Catalogue (\(c.items.count) items)\(a(c.article))")
        add("  compiled by: \(c.compiledBy.joined(separator: ", "))\(c.published ? ", published" : "")")
        func procedure(_ p: CatalogueProcedure?) -> String { p.map { $0.summary + a($0.article) } ?? "—" }
        add("  纳入 admission: \(procedure(c.admission))")
        add("  退出 exit: \(procedure(c.exit))")
        if let outside = c.outsideItems {
            let rule = outside.rule == .workerMayRefuse ? "the worker may refuse them" : "no unit or person may require them of a worker"
            add("  清单外事项 outside the catalogue: \(rule)\(outside.exception.map { ", except: \(t($0))" } ?? "")\(a(outside.article))")
        }
        for forbidden in c.forbidden { add("  不得纳入 forbidden: \(forbidden.key) \(t(forbidden.name))\(a(forbidden.article))") }
        for category in c.categories {
            add("  \(pad(category.key, 18)) \(t(category.name))\(a(category.article))")
            for item in c.items where item.category == category.key {
                let department = profile.department(item.department).map { t($0.name) } ?? item.department
                add("    \(pad(item.code, 8)) \(t(item.name)) — \(department), \(item.timeLimit?.description ?? "")\(a(item.article))")
            }
        }
    }

    private mutating func workflow() {
        let w = profile.workflow
        section("流程 Workflow (start: \(w.start))\(a(w.article))")
        let limit = [w.reopenLimit?.max.map { "at most \($0)" }, w.reopenLimit?.within.map { "within \($0) of the end" }].compactMap { $0 }
        add("  reopening: " + (w.reopen.map { "allowed" + (limit.isEmpty ? "" : " " + limit.joined(separator: ", ")) + " (\($0.label))" } ?? "not provided"))
        for step in w.steps {
            var line = "  \(pad(step.key, 18)) \(t(step.name)) [\(step.kind.rawValue)]"
            if let actor = step.actor { line += " by \(actor.description)" }
            if let limit = step.timeLimit { line += " within \(limit)" + (step.timeLimitSource.map { " (\($0.label))" } ?? "") }
            if step.participants { line += " with participating units" + (step.participantsReading.map { " (reading: \($0))" } ?? "") }
            if step.onSite { line += " on site" }
            if let to = step.to { line += " to \(to)" }
            if !step.next.isEmpty { line += " → \(step.next.joined(separator: ", "))" }
            if let emergency = step.emergency { line += " (emergency → \(emergency))" }
            if let unlisted = step.unlisted { line += " (not in the catalogue → \(unlisted))" }
            if step.optional { line += " (optional: may be skipped with a reason)" }
            if !step.ratings.isEmpty { line += " (ratings: \(step.ratings.joined(separator: "/")))" }
            if let max = step.max { line += " (at most \(max))" }
            if let escalation = step.failureEscalation { line += " (after \(escalation.failures) failed checks → \(escalation.level))" }
            if let when = step.when { line += " (only when \(when.description))" }
            if let deadline = step.deadline {
                line += " (deadline\(deadline.late == .closes ? " closes the step" : ""): \(deadline.actions.map(\.description).joined(separator: ", "))"
                    + (deadline.source.map { "; \($0.label)" } ?? "") + ")"
            }
            if let onFail = step.onFail { line += " (fail → \(onFail))" }
            if let local = step.local {
                add(line + " 〔local procedure: \(local)〕")
            } else {
                add(line + a(step.article) + (step.reading.map { " (reading: \($0))" } ?? ""))
            }
        }
        if let s = w.supervision {
            add("  督办 supervision by \(s.actor?.description ?? "")\(s.escalate ? ", escalates overdue cases" : "")\(a(s.article))")
            for (index, stage) in s.stages.enumerated() {
                add("    stage \(index + 1): \(stage.level) \(stage.body.rawValue) \(stage.action)" + (stage.timeLimit.map { " within \($0)" } ?? "") + a(stage.article))
            }
        }
    }

    private mutating func publicationRules() {
        if let board = profile.noticeBoard {
            section("公示牌 Notice board\(a(board.article))")
            add("  by \(board.publishedBy.joined(separator: ", ")) via \(board.channels.joined(separator: "、")): \(board.fields.map { t($0.label) }.joined(separator: "、"))")
        }
        if let access = profile.access {
            section("数据使用分级准入 Access tiers\(a(access.article))")
            for tier in access.tiers {
                let data = tier.personalData.isEmpty ? "no personal data" : tier.personalData.map(\.rawValue).joined(separator: ", ")
                add("  \(pad(tier.key, 12)) \(t(tier.name)): \(tier.roles.joined(separator: ", ")) — sees \(data)")
            }
        }
        if !profile.periods.isEmpty {
            section("期间 Declared periods")
            for period in profile.periods {
                let overrides = period.overrides.map { o in (o.steps + o.items).joined(separator: "/") + " within \(o.timeLimit)" }
                add("  \(pad(period.key, 14)) \(t(period.name)): declared by \(period.declaredBy.map { "\($0.level) \($0.body.rawValue)" } ?? "—"); "
                    + overrides.joined(separator: "; ") + (period.source.map { " 〔\($0.label)〕" } ?? ""))
            }
        }
        let c = profile.calendar
        section("工作时间 Working time")
        add("  \(c.timezone) \(c.officeHours.map(\.description).joined(separator: ", "))\(c.note.map { " — \($0)" } ?? "")")
        if let regional = c.regional {
            add("  regional holidays: \(regional.name), recorded for \(regional.years.map(String.init).joined(separator: ", "))"
                + (regional.basis.map { " (\($0))" } ?? ""))
            for holiday in regional.holidays {
                add("    \(holiday.from)…\(holiday.to) \(holiday.name)" + (holiday.source.map { " — \($0)" } ?? ""))
            }
            for day in regional.workingDays {
                add("    \(day.date) \(day.name)" + (day.source.map { " — \($0)" } ?? ""))
            }
        }
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
