import Foundation

/// A language pack: the words the platform itself prints in one language, in published
/// documents (the catalogue's headings, time limits, citations) and on the web pages. A
/// profile may publish in a language only when a pack provides it; the ordinance's own
/// texts (item names, grid names) come from the profile.
///
/// `plugins/<name>/words.yaml`:
/// ```yaml
/// format: wangge/words/1
/// publication: {catalogue: 网格化服务管理事项清单, edition: "第{n}版", …}
/// pages: {home: 首页, report: 反映问题, …}
/// console: {console: 工作台, …}      # optional: the staff console's words
/// ```
public struct LanguagePack: Sendable {
    public static let wordsFormat = "wangge/words/1"

    public var manifest: PluginManifest
    public var language: String
    /// The language's name in itself (中文, བོད་ཡིག, ئۇيغۇرچە), shown in the language switch.
    public var name: String
    public var direction: PluginManifest.Direction
    /// Why the words still need a translator's review; nil once reviewed.
    public var review: String?
    public var publication: [String: String]
    public var pages: [String: String]
    /// The staff console's words, when the pack has them.
    public var console: [String: String]?

    /// The pages' words with the console's, and the language's own name, as templates see them.
    public var webWords: [String: String] {
        var words = pages.merging(console ?? [:]) { page, _ in page }
        words["language_name"] = name
        return words
    }

    /// The words each section must have, with the placeholders each must keep.
    public enum Keys {
        /// Published documents: the catalogue and its closing rule.
        public static let publication: [String: [String]] = [
            "catalogue": [], "code": [], "item": [], "category": [], "department": [], "scope": [], "time_limit": [],
            "basis": [], "published": [], "edition": ["{n}"], "date": ["{y}", "{m}", "{d}"],
            "outside_items_worker_may_refuse": [], "outside_items_none_may_require": ["{except}"], "outside_items_except": ["{text}"],
            "minutes": ["{n}"], "hours": ["{n}"], "days": ["{n}"], "workhours": ["{n}"], "workdays": ["{n}"],
        ]
        /// Published words a pack may leave out: the primary language's are used, or the
        /// citation is printed as the profile writes it.
        public static let optionalPublication: [String: [String]] = [
            "event_skip": [], "event_deem": [],
            "cite_article": ["{n}"], "cite_insertion": ["{n}"], "cite_paragraph": ["{n}"], "cite_point": ["{n}"], "cite_separator": [],
        ]
        /// The public pages: home, notice boards, reporting and the receipt.
        public static let pages: [String] = [
        "home", "languages", "ordinance", "adopted", "approved", "effective", "versions", "in_force", "draft",
        "notice_boards", "grid", "no_value", "untranslated", "published_under", "print", "channels", "report", "report_item",
        "report_grid", "report_note", "report_name", "report_phone", "report_privacy", "report_submit", "receipt",
        "receipt_keep", "case_id", "status", "status_open", "status_closed", "reported_at", "due_at", "waiting_for",
        "done_steps"
        ]
        /// The staff console: all of them when a pack has a `console` section.
        public static let console: [String] = [
        "status_rejected", "status_answered",
        "console", "console_sign_in", "console_token", "console_token_help", "console_sign_in_submit", "console_expired",
        "console_sign_out", "console_inbox", "console_catalogue", "console_org", "console_stats", "console_ordinance",
        "ordinance_status", "ordinance_decision", "ordinance_next", "ordinance_days_left", "ordinance_compare", "ordinance_from",
        "ordinance_to", "ordinance_subject", "ordinance_field", "ordinance_article", "ordinance_added", "ordinance_removed",
        "ordinance_moved", "ordinance_citations_follow", "ordinance_same", "ordinance_corrections", "ordinance_text_not_kept",
        "version_in_force", "version_adopted", "version_draft", "stats_by", "stats_by_grid", "stats_by_worker",
        "stats_by_office", "stats_by_department", "stats_by_city", "stats_period", "stats_period_month", "stats_period_quarter",
        "stats_period_year", "stats_period_custom", "stats_on", "stats_from", "stats_to", "stats_indicator", "stats_show",
        "stats_print", "stats_duty", "stats_empty", "stats_trend", "stats_calendar", "stats_sources", "console_show_open",
        "console_show_overdue", "console_show_all", "console_grids", "console_scope", "console_late_by", "console_overdue",
        "console_empty", "console_actions", "console_no_actions", "console_timeline", "console_refused", "console_done",
        "console_submit", "console_reporter", "console_lead", "console_participants", "console_case", "console_item_grid",
        "reporter_name", "reporter_phone", "reporter_id_number", "field_note", "field_reason", "field_result", "field_lead",
        "field_participants", "field_unit", "field_item", "field_decision", "field_rating", "field_triage_note",
        "triage_outside", "field_passed", "passed_yes", "passed_no", "action_reopen", "action_skip", "event_skip", "event_deem",
        "event_report", "event_reopen", "event_supervise", "unit_days", "unit_hours", "unit_minutes", "console_applicant",
        "console_items", "catalogue_applications", "catalogue_change", "catalogue_decide", "catalogue_review",
        "catalogue_record_review", "catalogue_approve", "catalogue_refuse", "catalogue_import", "catalogue_file",
        "catalogue_dry_run", "catalogue_do_import", "catalogue_preview", "catalogue_applied", "catalogue_imports",
        "catalogue_source", "catalogue_stale", "catalogue_refresh", "catalogue_revert", "console_local_limit",
        "catalogue_compare", "catalogue_from", "catalogue_to", "catalogue_do_compare", "catalogue_no_differences",
        "catalogue_revisions", "catalogue_field", "difference_admitted", "difference_amended", "difference_withdrawn",
        "revision_seed", "revision_admit", "revision_amend", "revision_withdraw", "catalogue_flagged", "catalogue_attest",
        "catalogue_impact", "catalogue_unchanged", "catalogue_category", "catalogue_revision", "proposal_admit",
        "proposal_amend", "proposal_withdraw", "application_pending", "application_approved", "application_refused",
        "application_withdrawn", "application_notified", "org_grids", "org_flagged", "org_households", "org_staff",
        "org_findings", "org_units", "org_posts", "host_overview", "host_sign_in", "host_token", "host_token_help",
        "host_tenants", "host_healthy", "host_ok", "host_damaged", "host_unavailable", "host_busy", "host_unregistered",
        "host_in_force", "host_versions", "host_cases", "host_overdue", "host_holdings", "host_onboarding", "host_ready",
        "host_missing", "host_missing_grids", "host_missing_staff", "host_missing_items", "host_onboarded", "version_new",
        "version_edited_since_recorded"
        ]
    }
}

/// Reads a language pack's `words.yaml`, checked with file:line:column: every word the
/// platform needs, no unknown word, and each placeholder kept.
enum LanguagePackReader {
    static func load(_ manifest: PluginManifest, file: String) -> (LanguagePack?, [Diagnostic]) {
        let url = URL(fileURLWithPath: manifest.folder).appendingPathComponent("words.yaml")
        let context = ReadContext(file: file)
        context.documentName = "words.yaml"
        let pack = context.readDocument(try? Data(contentsOf: url), empty: "words.yaml is empty; it starts with 'format: \(LanguagePack.wordsFormat)'") {
            read($0, manifest: manifest)
        }
        let diagnostics = context.diagnostics.sortedByPosition()
        return (diagnostics.hasErrors ? nil : pack, diagnostics)
    }

    private static func read(_ value: Value, manifest: PluginManifest) -> LanguagePack? {
        guard let o = value.object(["format", "publication", "pages", "console"]) else { return nil }
        if let format = o.required("format"), let text = format.string(), text != LanguagePack.wordsFormat {
            format.fail(.invalidValue, "unsupported format '\(text)'; this version of Wangge reads '\(LanguagePack.wordsFormat)'")
        }
        let publication = o.need("publication") {
            section($0, required: LanguagePack.Keys.publication, optional: LanguagePack.Keys.optionalPublication, for: "published documents")
        }
        let pages = o.need("pages") {
            section($0, required: Dictionary(uniqueKeysWithValues: LanguagePack.Keys.pages.map { ($0, []) }), optional: [:], for: "the public pages")
        }
        let console = o.read("console") {
            section($0, required: Dictionary(uniqueKeysWithValues: LanguagePack.Keys.console.map { ($0, []) }), optional: [:], for: "the staff console")
        }
        guard let language = manifest.language, let publication, let pages else { return nil }
        return LanguagePack(manifest: manifest, language: language, name: manifest.languageName ?? language, direction: manifest.direction,
                            review: manifest.review, publication: publication, pages: pages, console: console)
    }

    /// One section's words: each required key present, none unknown, each keeping its placeholders.
    private static func section(_ value: Value, required: [String: [String]], optional: [String: [String]], for use: String) -> [String: String]? {
        let all = required.merging(optional) { a, _ in a }
        guard let o = value.object(all.keys.sorted()) else { return nil }
        var words: [String: String] = [:]
        for key in all.keys.sorted() {
            // A separator may be a single space; every other word must say something.
            guard let child = o.optional(key), let text = key == "cite_separator" ? child.string() : child.text() else { continue }
            let lost = (all[key] ?? []).filter { !text.contains($0) }
            if !lost.isEmpty {
                child.fail(.invalidValue, "'\(text)' must keep \(lost.joined(separator: ", ")), where the platform puts its value")
            }
            words[key] = text
        }
        let missing = required.keys.filter { words[$0] == nil && !o.has($0) }.sorted()
        if !missing.isEmpty {
            value.fail(.missingKey, "\(missing.count) word\(missing.count == 1 ? "" : "s") for \(use) \(missing.count == 1 ? "is" : "are") missing: \(missing.joined(separator: ", "))")
        }
        return words
    }
}
