import Foundation
import GRDB
import Kernel
import Ordinance
import Store

/// What an import changes (or, in a dry run, would change) in the catalogue.
public struct CatalogueImportReport: Sendable, Encodable {
    public var file: String
    /// Every change, with the item before and after.
    public var changes: [CatalogueChange]
    public var unchanged: Int
    /// The application the import opened; nil for a dry run.
    public var application: CatalogueImport?
    /// What was ignored (unknown columns).
    public var warnings: [Problem] = []
    /// The open cases and tasks under the items it withdraws.
    public var impact: [WithdrawalImpact] = []
    /// How the file's bytes were read, when they were given as bytes.
    public var encoding: DecodedText.Encoding?
}

extension CatalogueService {
    /// The items in force as CSV or YAML, in the profile's publication languages; for
    /// Excel, a CSV starts with a byte-order mark (an import reads either).
    public func export(as format: CatalogueFormat, forExcel: Bool = false) throws -> String {
        let text = try CatalogueFile(languages: try tenant.profile().publication.languages).write(try items(), as: format)
        return forExcel && format == .csv ? CatalogueFile.byteOrderMark + text : text
    }

    /// Imports a file given as bytes, as a spreadsheet saved it (UTF-8, UTF-16 or GB18030),
    /// saying which encoding was found; refusals say it too.
    public func importItems(_ data: Data, file: String, as format: CatalogueFormat, by staffId: String, reason: String,
                            dryRun: Bool = false, operatedBy: String? = nil, at now: Date = Date()) throws -> CatalogueImportReport {
        let decoded = try DecodedText(data, file: file)
        do {
            var report = try importItems(decoded.text, file: file, as: format, by: staffId, reason: reason, dryRun: dryRun,
                                         operatedBy: operatedBy, at: now)
            report.encoding = decoded.encoding
            return report
        } catch let error as PlatformError where decoded.encoding != .utf8 {
            let note = Problem("encoding", "\(file) was read as \(decoded.encoding.rawValue)", place: file, severity: .warning)
            throw PlatformError([note] + error.problems)
        }
    }

    /// Prepares a whole catalogue file as `staffId` of the grid office that compiles the
    /// catalogue: items not in force are admitted, changed ones amended, missing ones
    /// withdrawn. Every item is checked as an application for it would be, and any problem
    /// refuses the whole file with every bad row and cell. A dry run reports the changes and
    /// writes nothing; otherwise they are submitted as one application (an import) for
    /// whoever decides catalogue applications, and the catalogue changes when it is approved.
    public func importItems(_ text: String, file: String, as format: CatalogueFormat, by staffId: String, reason: String,
                            dryRun: Bool = false, operatedBy: String? = nil, at now: Date = Date()) throws -> CatalogueImportReport {
        let kernel = try tenant.currentKernel(at: now)
        let languages = kernel.profile.publication.languages
        let (rows, fileProblems, warnings) = try CatalogueFile(languages: languages).read(text, file: file, as: format)
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw PlatformError("application-reason", "say why the catalogue changes", place: "--reason")
        }
        let work = { (db: Database) throws -> CatalogueImportReport in
            let actor = try tenant.participant(staffId, on: kernel.calendar.day(of: now), in: db, place: "--as")
            do {
                try kernel.requireCompilingOffice(actor, toDo: "prepare changes to the catalogue")
            } catch let refusal as Refusal {
                throw PlatformError([Problem(refusal, place: "--as")])
            }
            let live = Dictionary(try CatalogueStore.current(in: db).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            var changes: [CatalogueChange] = []
            var problems = fileProblems
            let liveCodes = Dictionary(live.keys.map { ($0.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
            for row in rows {
                problems += row.problems
                if live[row.entry.code] == nil, let other = liveCodes[row.entry.code.uppercased()] {
                    problems.append(Problem("code-case", "item code '\(row.entry.code)' differs from '\(other)' in the catalogue only in case; write it as '\(other)'",
                                            place: row.place))
                    continue
                }
                var target = row.entry
                target.article = target.article.map(kernel.recordedBasis)
                if let current = live[row.entry.code] { target.names = current.names.merging(target.names) { _, new in new } }
                let change = CatalogueChange(code: target.code, before: try live[target.code] ?? CatalogueStore.latest(target.code, in: db),
                                             after: target, languages: languages)
                if change.action == .amend, change.fields.isEmpty { continue }
                let refusals = try kernel.entryProblems(change.after, action: change.action)
                problems += refusals.map { refusal in
                    Problem(refusal.problemKind, refusal.rule, "\(target.code): \(refusal.message)", article: refusal.article, place: row.place)
                }
                if refusals.isEmpty, row.problems.isEmpty { changes.append(change) }
            }
            let codes = Set(rows.map(\.entry.code))
            for current in live.values.sorted(by: { $0.code < $1.code }) where !codes.contains(current.code) {
                var withdrawn = current
                withdrawn.inCatalogue = false
                changes.append(CatalogueChange(code: current.code, before: current, after: withdrawn, languages: languages))
            }
            if !problems.isEmpty { throw PlatformError(problems) }
            let unchanged = rows.count - changes.filter { $0.action != .withdraw }.count
            var report = CatalogueImportReport(file: file, changes: changes, unchanged: unchanged, application: nil, warnings: warnings,
                                               impact: try impact(of: changes.filter { $0.action == .withdraw }.map(\.code), in: db))
            guard !dryRun, !changes.isEmpty else { return report }
            report.application = try submit(changes, source: file, reverts: nil, reason: reason, by: actor, operatedBy: operatedBy, kernel: kernel,
                                            at: now, in: db).application
            return report
        }
        return try dryRun ? tenant.database.pool.read(work) : tenant.database.pool.write(work)
    }
}
