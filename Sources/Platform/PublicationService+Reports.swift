import Foundation
import Kernel
import Ordinance
import Store

/// What the public report form offers: the items in force and the grids, named in one
/// publication language.
public struct ReportForm: Sendable, Encodable {
    public struct Choice: Sendable, Encodable {
        public var value: String
        public var label: String
    }

    public var language: String
    public var languages: [String]
    public var title: String
    public var items: [Choice]
    public var grids: [Choice]
}

/// A public report as its reporter follows it: no personal data, no notes.
public struct PublicReceipt: Sendable, Encodable {
    public struct Step: Sendable, Encodable {
        public var name: String
        public var at: Date
        public var article: String?
    }

    public var language: String
    public var languages: [String]
    public var title: String
    public var token: String
    public var caseId: String
    public var item: String
    public var grid: String
    public var closed: Bool
    public var reportedAt: Date
    public var dueAt: Date?
    /// The steps the case waits for now, in the page's language.
    public var pending: [String]
    /// What was done so far, step by step.
    public var done: [Step]
}

extension PublicationService {
    /// The report form in `language`.
    public func reportForm(in language: String, on day: Day = .today()) throws -> ReportForm {
        let profile = try tenant.profile(on: day)
        let language = profile.publication.languages.contains(language) ? language : profile.publication.primaryLanguage
        let items = try tenant.catalogue.items()
        return try tenant.database.pool.read { db in
            let grids = try OrgStore.grids(in: db)
            let texts = PublicTexts(try PublicTextStore.texts(of: grids.map { PublicTextStore.unit($0.unit.id!) }, in: db))
            return ReportForm(
                language: language, languages: profile.publication.languages, title: profile.ordinance.title.text(in: language),
                items: items.map { .init(value: $0.code, label: "\($0.code) \($0.name(in: language))") },
                grids: grids.map { unit, grid in
                    .init(value: grid.code, label: texts.value(PublicTextStore.unit(unit.id!), "name", language) ?? unit.name)
                })
        }
    }

    /// Files a report from the public pages through the platform's channel, as the
    /// profile allows (the kernel refuses, with the article, where it does not), and
    /// returns the receipt token to follow it by.
    public func fileReport(item: String, grid: String, note: String?, name: String?, phone: String?,
                           at now: Date = Date()) async throws -> String {
        let token = Secrets.random(bytes: 16)
        let clean = { (text: String?) -> String? in
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        let note = clean(note)
        if let note, note.count > 2_000 {
            throw PlatformError("report-note", "say what the matter is in at most 2,000 characters", place: "--note")
        }
        let reporter = Reporter(channel: .platform, name: clean(name), phone: clean(phone))
        _ = try await tenant.cases.report(item: item, grid: grid, as: Participant.platform.staffId, reporter: reporter,
                                          note: note, receipt: token, at: now)
        return token
    }

    /// The case a receipt follows, in `language`; refused as unknown for any other token.
    public func receipt(_ token: String, in language: String) throws -> PublicReceipt {
        let caseId = try tenant.database.pool.read { try ReceiptStore.caseId(forToken: token, in: $0) }
        guard let caseId else { throw PlatformError(.notFound, "unknown-receipt", "no report has the receipt '\(token)'") }
        let view = try tenant.cases.view(caseId, history: true)
        let kernel = try tenant.kernel(for: view.state.profileVersion)
        let profile = kernel.profile
        let language = profile.publication.languages.contains(language) ? language : profile.publication.primaryLanguage
        let stepName = { (key: String) -> String in profile.step(key)?.name.text(in: language) ?? key }
        return PublicReceipt(
            language: language, languages: profile.publication.languages, title: profile.ordinance.title.text(in: language),
            token: token, caseId: caseId,
            item: (try? tenant.database.pool.read { try CatalogueStore.latest(view.state.item, in: $0) })??.name(in: language) ?? view.itemName,
            grid: view.gridName, closed: view.state.status != .open, reportedAt: view.state.reportedAt, dueAt: view.state.dueAt,
            pending: view.state.pending.map(stepName),
            done: (view.history ?? []).map { event in
                // A step skipped or deemed taken is said to be so, not shown as done.
                // (In the primary language where this one has no words for it yet.)
                let key = "event_\(event.kind)"
                let words = { (language: String) in tenant.packs.languages[language]?.publication[key] }
                let mark = words(language) ?? words(profile.publication.primaryLanguage)
                let name = event.step.map(stepName).map { step in mark.map { "\($0)：\(step)" } ?? step } ?? event.kind
                return PublicReceipt.Step(name: name, at: event.at, article: event.article)
            })
    }
}
