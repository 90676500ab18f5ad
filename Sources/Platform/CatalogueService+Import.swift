import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What an import changes (or, in a dry run, would change) in the catalogue.
public struct CatalogueImportReport: Sendable, Encodable {
    public struct Change: Sendable, Encodable {
        public var code: String
        public var action: CatalogueProposal.Action
        /// For amendments: the fields that differ, as `field: old → new`.
        public var fields: [String]
    }

    public var file: String
    public var changes: [Change]
    public var unchanged: Int
    /// False for a dry run, or when there was nothing to change.
    public var applied: Bool
    /// What was ignored (unknown columns).
    public var warnings: [Problem] = []
}

extension CatalogueService {
    /// The items in force as CSV or YAML, in the profile's publication languages; for
    /// Excel, a CSV starts with a byte-order mark (an import reads either).
    public func export(as format: CatalogueFormat, forExcel: Bool = false) throws -> String {
        let text = try CatalogueFile(languages: try tenant.profile().publication.languages).write(try items(), as: format)
        return forExcel && format == .csv ? CatalogueFile.byteOrderMark + text : text
    }

    /// Imports a whole catalogue file as `staffId`: items not in force are admitted, changed
    /// ones amended, missing ones withdrawn. Only whoever decides applications may import,
    /// with the review the profile requires; every item is checked as an application would
    /// be. Any problem refuses the whole file. A dry run checks and reports, writing nothing.
    public func importItems(_ text: String, file: String, as format: CatalogueFormat, by staffId: String, reason: String,
                                review: String? = nil, dryRun: Bool = false, at now: Date = Date()) throws -> CatalogueImportReport {
        let kernel = try tenant.currentKernel(at: now)
        let languages = kernel.profile.publication.languages
        let (rows, fileProblems, warnings) = try CatalogueFile(languages: languages).read(text, file: file, as: format)
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw PlatformError("application-reason", "say why the catalogue changes", place: "--reason")
        }
        let work = { (db: Database) throws -> CatalogueImportReport in
            let live = Dictionary(try CatalogueStore.current(in: db).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            var changes: [CatalogueImportReport.Change] = []
            var revisions: [CatalogueEntry] = []
            var problems = fileProblems
            let liveCodes = Dictionary(live.keys.map { ($0.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
            for row in rows {
                problems += row.problems
                if live[row.entry.code] == nil, let other = liveCodes[row.entry.code.uppercased()] {
                    problems.append(Problem("code-case", "item code '\(row.entry.code)' differs from '\(other)' in the catalogue only in case; write it as '\(other)'",
                                            place: row.place))
                    continue
                }
                let current = live[row.entry.code]
                let latest = try current ?? CatalogueStore.latest(row.entry.code, in: db)
                var entry = row.entry
                entry.revision = (latest?.revision ?? 0) + 1
                if let current { entry.names = current.names.merging(entry.names) { _, new in new } }
                let fields = current.map { Self.differences($0, entry, languages: languages) } ?? []
                if current != nil, fields.isEmpty { continue }
                let action: CatalogueProposal.Action = current == nil ? .admit : .amend
                let refusals = try kernel.entryProblems(entry, action: action)
                problems += refusals.map { refusal in
                    Problem(refusal.problemKind, refusal.rule, "\(entry.code): \(refusal.message)", article: refusal.article, place: row.place)
                }
                guard refusals.isEmpty, row.problems.isEmpty else { continue }
                changes.append(.init(code: entry.code, action: action, fields: fields))
                revisions.append(entry)
            }
            let codes = Set(rows.map(\.entry.code))
            for current in live.values.sorted(by: { $0.code < $1.code }) where !codes.contains(current.code) {
                var withdrawn = current
                withdrawn.revision += 1
                withdrawn.inCatalogue = false
                changes.append(.init(code: current.code, action: .withdraw, fields: []))
                revisions.append(withdrawn)
            }
            if !changes.isEmpty {
                let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db, place: "--as")
                do {
                    try kernel.authorizeImport(Set(changes.map(\.action)), by: actor, review: review)
                } catch let refusal as Refusal {
                    problems.append(Problem(refusal, place: "--as"))
                }
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            let unchanged = rows.count - changes.filter { $0.action != .withdraw }.count
            guard !dryRun, !changes.isEmpty else {
                return CatalogueImportReport(file: file, changes: changes, unchanged: unchanged, applied: false, warnings: warnings)
            }
            let why = review.map { "\(reason)（评估审核：\($0)）" } ?? reason
            for (change, entry) in zip(changes, revisions) {
                try CatalogueStore.append(.init(action: change.action.rawValue, entry: entry, effectiveAt: now, requestedBy: "import \(file)",
                                                decidedBy: staffId, reason: why, applicationId: nil), in: db)
            }
            return CatalogueImportReport(file: file, changes: changes, unchanged: unchanged, applied: true, warnings: warnings)
        }
        return try dryRun ? tenant.database.pool.read(work) : tenant.database.pool.write(work)
    }

    /// The fields in which `new` differs from `old`, as `field: old → new`.
    private static func differences(_ old: CatalogueEntry, _ new: CatalogueEntry, languages: [String]) -> [String] {
        var fields: [(String, String, String)] = languages.map { ("name.\($0)", old.names[$0] ?? "", new.names[$0] ?? "") }
        fields += [("category", old.category, new.category), ("department", old.department, new.department),
                   ("time_limit", old.timeLimit.description, new.timeLimit.description),
                   ("resources", old.resources ?? "", new.resources ?? ""), ("article", old.article ?? "", new.article ?? "")]
        return fields.filter { $0.1 != $0.2 }.map { "\($0.0): \($0.1) → \($0.2)" }
    }
}
