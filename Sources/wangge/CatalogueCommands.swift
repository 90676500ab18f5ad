import ArgumentParser
import Foundation
import Kernel
import Ordinance
import Platform
import Store

extension CatalogueFormat: ExpressibleByArgument {}

/// `wangge -t X catalogue …`: the item catalogue (事项清单), its admission and exit.
struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "The item catalogue (事项清单): list, apply, decide, import, export, publish.",
        subcommands: [List.self, Show.self, Apply.self, Withdraw.self, Review.self, Approve.self, Refuse.self, Retract.self, Refresh.self,
                      Applications.self, History.self, Diff.self, Import.self, Imports.self, Revert.self, Export.self, Publish.self, Editions.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The items in force, now or as they stood at the end of a day (--on).")
        @OptionGroup var scope: TenantScope
        @Option(help: "A day (YYYY-MM-DD): the catalogue as it stood at its end.") var on: String?

        func run() throws {
            let day = try on.map { text in
                guard let day = Day(text) else { throw ValidationError("--on is a day written YYYY-MM-DD, e.g. 2025-06-01") }
                return day
            }
            let items = try scope.with { tenant in try day.map { try tenant.catalogue.items(on: $0) } ?? tenant.catalogue.items() }
            try emit(items, format: scope.format) { $0.map(line) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One item, with every revision: who asked, who decided, why, and what changed; --side-by-side puts the revisions in columns.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The item code, e.g. LS-06.") var code: String
        @Flag(help: "A table: one row per field, one column per revision.") var sideBySide = false

        func run() throws {
            let (view, languages) = try scope.with { (try $0.catalogue.item(code), try $0.profile().publication.languages) }
            try emit(view, format: scope.format) { v in
                if sideBySide { return table(v.history, languages: languages) }
                var lines = [line(v.entry)]
                lines += v.entry.names.sorted { $0.key < $1.key }.map { "  name.\($0.key): \($0.value)" }
                if let resources = v.entry.resources { lines.append("  resources: \(resources)") }
                return lines + v.history.flatMap { [revisionLine($0)] + $0.changes.map { "      \($0)" } }
            }
        }

        /// Fields down, revisions across, separated by " | ".
        private func table(_ history: [CatalogueRevision], languages: [String]) -> [String] {
            let columns = history.map { $0.entry.fields(languages: languages) }
            let header = ["field"] + history.map { "r\($0.entry.revision) \($0.action) \(clock($0.effectiveAt))" }
            let rows = (columns.first ?? []).indices.map { index in
                [columns[0][index].field] + columns.map { $0[index].value.isEmpty ? "—" : $0[index].value }
            }
            return ([header] + rows).map { $0.joined(separator: " | ") }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How the catalogue at the end of one day differs from another, item by item.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The earlier day (YYYY-MM-DD).") var from: String
        @Argument(help: "The later day (YYYY-MM-DD).") var to: String

        func run() throws {
            guard let start = Day(from) else { throw ValidationError("FROM is a day written YYYY-MM-DD, e.g. 2025-06-01") }
            guard let end = Day(to) else { throw ValidationError("TO is a day written YYYY-MM-DD, e.g. 2025-12-31") }
            let differences = try scope.with { try $0.catalogue.diff(from: start, to: end) }
            try emit(differences, format: scope.format) { list in
                list.isEmpty ? ["no differences between \(from) and \(to)"]
                    : list.flatMap { ["\($0.change.rawValue) \($0.code)"] + $0.fields.map { "  \($0)" } }
            }
        }
    }

    /// What a department states when it applies.
    struct Terms: ParsableArguments {
        @Option(help: "The name in a language, as LANG=TEXT (e.g. zh=寺庙周边安全隐患排查); repeat for each publication language.")
        var name: [String] = []
        @Option(help: "The category key.") var category: String?
        @Option(help: "The handling department's code.") var department: String?
        @Option(help: "The time limit, e.g. '2 workdays', 24h.") var timeLimit: String?
        @Option(help: "The forces, resources and funds committed (力量、资源、经费).") var resources: String?
        @Option(help: "The legal basis, a citation of the ordinance, e.g. 第二十一条第八项.") var article: String?

        func names() throws -> [String: String] {
            try Dictionary(name.map { pair in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--name is LANG=TEXT, e.g. zh=政策法规宣传; got '\(pair)'")
                }
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }, uniquingKeysWith: { _, last in last })
        }

        func limit() throws -> TimeLimit? {
            do {
                return try timeLimit.map(TimeLimit.init(parsing:))
            } catch let error as TimeLimit.ParseError {
                throw ValidationError("--time-limit: \(error.message)")
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A department applies to admit a new item (纳入) or, with --amend, to change one (调整).")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The item code.") var code: String
        @OptionGroup var acting: Acting
        @OptionGroup var terms: Terms
        @Flag(help: "Change an item in force instead of admitting a new one.") var amend = false
        @Option(help: "Why the department asks.") var reason: String

        func run() throws {
            let proposal = CatalogueProposal(action: amend ? .amend : .admit, code: code, names: try terms.names(), category: terms.category,
                                             department: terms.department, timeLimit: try terms.limit(), resources: terms.resources,
                                             article: terms.article, reason: reason)
            let view = try scope.with { tenant in
                let (staff, operatedBy) = try acting.resolve(tenant, in: scope)
                return try tenant.catalogue.apply(proposal, as: staff, operatedBy: operatedBy)
            }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A department applies for an item to leave the catalogue (退出).")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The item code.") var code: String
        @OptionGroup var acting: Acting
        @Option(help: "Why.") var reason: String

        func run() throws {
            let view = try scope.with { tenant in
                let (staff, operatedBy) = try acting.resolve(tenant, in: scope)
                return try tenant.catalogue.apply(CatalogueProposal(action: .withdraw, code: code, reason: reason), as: staff, operatedBy: operatedBy)
            }
            try emit(view, format: scope.format, text: describe)
        }
    }

    /// The commands that act on an application or an import.
    struct Decision: ParsableArguments {
        @OptionGroup var scope: TenantScope
        @Argument(help: "The application or import id, e.g. SQ-2026-0001 or DR-2026-0001.") var id: String
        @OptionGroup var acting: Acting

        func run(_ command: ApplicationCommand) throws {
            try scope.with { tenant in
                let (staff, operatedBy) = try acting.resolve(tenant, in: scope)
                if try tenant.catalogue.isImport(id) {
                    let view = try tenant.catalogue.decideImport(id, command, as: staff, operatedBy: operatedBy)
                    try emit(view, format: scope.format, text: describe)
                } else {
                    let view = try tenant.catalogue.decide(application: id, command, as: staff, operatedBy: operatedBy)
                    try emit(view, format: scope.format, text: describe)
                }
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the review the profile requires before a decision (调研论证、评估审核).")
        @OptionGroup var decision: Decision
        @Option(help: "The review's conclusion.") var opinion: String
        func run() throws { try decision.run(.review(opinion: opinion)) }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve an application or import; the catalogue changes at once.")
        @OptionGroup var decision: Decision
        @Option(help: "A note; required when an item's name looks like a forbidden kind, to say why it is none.") var note: String?
        @Flag(help: "Attest that the items are none of the kinds the ordinance keeps out of the catalogue (where it lists them).")
        var attest = false
        func run() throws { try decision.run(.approve(note: note, attested: attest)) }
    }

    struct Refuse: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse an application, with the reason.")
        @OptionGroup var decision: Decision
        @Option(help: "Why.") var reason: String
        func run() throws { try decision.run(.refuse(reason: reason)) }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The applying department takes back a pending application.")
        @OptionGroup var decision: Decision
        @Option(help: "Why.") var reason: String
        func run() throws { try decision.run(.withdraw(reason: reason)) }
    }

    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restate a pending application or import against the catalogue as it stands, after its items changed.")
        @OptionGroup var decision: Decision
        func run() throws { try decision.run(.refresh) }
    }

    struct Applications: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Applications, newest first; or one with its archive.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "An application id, to show it with its events.") var id: String?
        @Option(help: "pending, approved, refused, withdrawn or notified.") var status: String?

        func run() throws {
            if let id {
                let view = try scope.with { try $0.catalogue.application(id) }
                return try emit(view, format: scope.format) { describe($0) + ($0.history ?? []).map(eventLine) }
            }
            var filter: CatalogueApplication.Status?
            if let status {
                guard let parsed = CatalogueApplication.Status(rawValue: status) else {
                    throw ValidationError("--status is pending, approved, refused, withdrawn or notified")
                }
                filter = parsed
            }
            let list = try scope.with { try $0.catalogue.applications(status: filter) }
            try emit(list, format: scope.format) { $0.isEmpty ? ["no applications"] : $0.map { applicationLine($0) } }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every revision of the catalogue, or of one item.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "An item code.") var code: String?

        func run() throws {
            let revisions = try scope.with { try $0.catalogue.history(code) }
            try emit(revisions, format: scope.format) { $0.map(revisionLine) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the items in force as CSV or YAML, to edit and import again.")
        @OptionGroup var scope: TenantScope
        @Option(name: .customLong("as"), help: "csv or yaml.") var fileFormat: CatalogueFormat = .csv
        @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
        @Flag(help: "Start the CSV with a byte-order mark, so Excel reads it as UTF-8.") var excel = false

        func run() throws {
            let text = try scope.with { try $0.catalogue.export(as: fileFormat, forExcel: excel) }
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(text, terminator: "")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prepare the catalogue a CSV or YAML file says, as the compiling grid office, for decision; --dry-run shows the changes only.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The file (.csv or .yaml).") var file: String
        @OptionGroup var acting: Acting
        @Option(help: "Why the catalogue changes.") var reason: String
        @Flag(help: "Check and show the changes; write nothing (then --as is enough).") var dryRun = false

        func run() throws {
            let format: CatalogueFormat = file.lowercased().hasSuffix(".csv") ? .csv : .yaml
            let data = try readData(file)
            let report = try scope.with { tenant in
                // A dry run writes nothing, so the staff member named is enough.
                var (staff, operatedBy): (String, String?) = (acting.as ?? "", nil)
                if !dryRun || acting.as == nil { (staff, operatedBy) = try acting.resolve(tenant, in: scope) }
                return try tenant.catalogue.importItems(data, file: (file as NSString).lastPathComponent, as: format, by: staff, reason: reason,
                                                        dryRun: dryRun, operatedBy: operatedBy)
            }
            try emit(report, format: scope.format) { r in
                let outcome = r.application.map { "\($0.id) \($0.status == .notified ? "in effect" : "submitted for decision")" }
                    ?? (r.changes.isEmpty ? "no changes" : "dry run, nothing written")
                return ["\(r.file) (\(r.encoding?.rawValue ?? "UTF-8")): \(r.changes.count) change(s), \(r.unchanged) unchanged — \(outcome)"]
                    + r.changes.flatMap(changeLines) + r.impact.map { "  still open under a withdrawn item — \($0.summary)" }
                    + r.warnings.map { "  \($0.description)" }
            }
        }
    }

    struct Imports: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Imports and reverts, newest first; or one with every change and its archive.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "An import id, to show it.") var id: String?

        func run() throws {
            if let id {
                let view = try scope.with { try $0.catalogue.importApplication(id) }
                return try emit(view, format: scope.format) { v in
                    describe(v) + (v.history ?? []).map { "  \(clock($0.at)) \($0.kind) by \($0.actor)" + ($0.operatedBy.map { " (entered by \($0))" } ?? "")
                        + ($0.note.map { ": \($0)" } ?? "") + ($0.article.map { " — \($0)" } ?? "") }
                }
            }
            let list = try scope.with { try $0.catalogue.imports() }
            try emit(list, format: scope.format) { $0.isEmpty ? ["no imports"] : $0.map(importLine) }
        }
    }

    struct Revert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prepare, as the compiling grid office, an import that puts back what an approved application or import changed.")
        @OptionGroup var scope: TenantScope
        @Argument(help: "The application or import to revert.") var id: String
        @OptionGroup var acting: Acting
        @Option(help: "Why.") var reason: String

        func run() throws {
            let view = try scope.with { tenant in
                let (staff, operatedBy) = try acting.resolve(tenant, in: scope)
                return try tenant.catalogue.revert(id, by: staff, reason: reason, operatedBy: operatedBy)
            }
            try emit(view, format: scope.format, text: describe)
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish the catalogue in force (向社会公布) as the next numbered, dated edition, in every publication language; --preview records nothing.")
        @OptionGroup var scope: TenantScope
        @OptionGroup var acting: Acting
        @Option(help: "A note recorded with the edition.") var note: String?
        @Flag(help: "Show the catalogue in force as it would be published; record nothing.") var preview = false

        func run() throws {
            if preview {
                let publication = try scope.with { try $0.catalogue.preview() }
                return try emit(publication, format: scope.format) { $0.text }
            }
            let edition = try scope.with { tenant in
                let (staff, operatedBy) = try acting.resolve(tenant, in: scope)
                return try tenant.catalogue.publish(by: staff, note: note, operatedBy: operatedBy)
            }
            try emit(edition, format: scope.format) { e in
                ["edition \(e.number) of \(e.publishedOn) by \(e.publishedBy): \(e.entries.count) item(s)"
                    + (e.decisions.isEmpty ? "" : ", decisions \(e.decisions.joined(separator: ", "))")] + e.publication.text
            }
        }
    }

    struct Editions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Published editions, newest first; one in full; or how one differs from another (--compare).")
        @OptionGroup var scope: TenantScope
        @Argument(help: "An edition number, to show it.") var number: Int?
        @Option(help: "Compare with this earlier edition.") var compare: Int?

        func run() throws {
            if let number, let compare {
                let differences = try scope.with { try $0.catalogue.compareEditions(compare, number) }
                return try emit(differences, format: scope.format) { list in
                    list.isEmpty ? ["editions \(compare) and \(number) publish the same items"]
                        : list.flatMap { ["\($0.change.rawValue) \($0.code)"] + $0.fields.map { "  \($0)" } }
                }
            }
            if let number {
                let edition = try scope.with { try $0.catalogue.edition(number) }
                return try emit(edition, format: scope.format) { $0.publication.text }
            }
            let list = try scope.with { try $0.catalogue.editions() }
            try emit(list, format: scope.format) { list in
                list.isEmpty ? ["not published yet"] : list.map {
                    "edition \($0.number) of \($0.publishedOn) by \($0.publishedBy): \($0.items) item(s)"
                        + ($0.decisions.isEmpty ? "" : ", decisions \($0.decisions.joined(separator: ", "))")
                }
            }
        }
    }
}


private func line(_ entry: CatalogueEntry) -> String {
    let name = entry.names["zh"] ?? entry.names.values.sorted().first ?? ""
    return "\(entry.code) r\(entry.revision)\(entry.inCatalogue ? "" : " [withdrawn]") \(name) · \(entry.category) · \(entry.department) · \(entry.timeLimit)"
        + (entry.scopeName.map { " · catalogue of \($0)" } ?? "")
        + (entry.article.map { " — \($0)" } ?? "")
}

private func revisionLine(_ r: CatalogueRevision) -> String {
    "  \(clock(r.effectiveAt)) \(r.entry.code) r\(r.entry.revision) \(r.action) asked by \(r.requestedBy)"
        + (r.decidedBy.map { ", decided by \($0)" } ?? "") + (r.applicationId.map { " (\($0))" } ?? "") + ": \(r.reason)"
}

private func applicationLine(_ a: CatalogueApplication) -> String {
    "\(a.id) [\(a.status.rawValue)] \(a.proposal.action.rawValue) \(a.proposal.code) by \(a.applicant) (\(a.department))"
        + (a.pending.isEmpty ? "" : " → \(a.pending.joined(separator: ", "))")
}

private func describe(_ view: ApplicationView) -> [String] {
    [applicationLine(view.application) + (view.stale ? " [stale: refresh before deciding]" : ""), "  reason: \(view.application.proposal.reason)"]
        + (view.application.review.map { ["  review: \($0)"] } ?? [])
        + view.changes.map { "  \($0)" }
        + view.impact.map { "  still open under the item — \($0.summary); the approval's --note must say what becomes of it" }
        + (view.flags.isEmpty ? [] : ["  looks like a forbidden kind: \(view.flags.joined(separator: "、")); approve only with --attest and a --note saying why it is none"])
        + (view.current.map { ["  catalogue: " + line($0)] } ?? [])
}

private func importLine(_ i: CatalogueImport) -> String {
    "\(i.id) [\(i.status.rawValue)] \(i.source): \(i.changes.count) change(s) by \(i.preparedBy)"
        + (i.pending.isEmpty ? "" : " → \(i.pending.joined(separator: ", "))")
}

private func describe(_ view: ImportView) -> [String] {
    [importLine(view.application), "  reason: \(view.application.reason)"]
        + (view.application.review.map { ["  review: \($0)"] } ?? [])
        + (view.stale.isEmpty ? [] : ["  stale: \(view.stale.joined(separator: ", ")) changed since it was prepared; refresh before deciding"])
        + view.application.changes.flatMap(changeLines)
        + view.impact.map { "  still open under a withdrawn item — \($0.summary); the approval's --note must say what becomes of it" }
        + view.flags.map { "  looks like a forbidden kind — \($0); approve only with --attest and a --note saying why it is none" }
}

private func changeLines(_ change: CatalogueChange) -> [String] {
    ["  \(change.action.rawValue) \(change.code) (on r\(change.base))"] + change.fields.map { "    \($0)" }
}

private func eventLine(_ e: ProcedureEvent<CatalogueApplication>) -> String {
    "  \(clock(e.at)) \(e.kind) by \(e.actor)" + (e.operatedBy.map { " (entered by \($0))" } ?? "") + (e.note.map { ": \($0)" } ?? "")
        + (e.article.map { " — \($0)" } ?? "")
}
