import Foundation
import Hummingbird
import Ordinance
import Platform

/// The ordinance's versions in the console: which is in force and which comes next, and
/// two versions side by side — a row per change, the earlier version's value beside the
/// later's, the article that makes it — with the corrections recorded for either.
enum OrdinancePage {
    struct Version {
        var effective: String
        var status: String
        var decision: String?
        var selectedFrom: Bool
        var selectedTo: Bool
    }

    struct Row {
        var kind: String
        var subject: String
        var field: String
        var old: String
        var new: String
        var article: String
    }

    struct Correction {
        var effective: String
        var recordedAt: String
        var operatedBy: String?
        var reason: String
        var rows: [Row]
        var textKept: Bool
        /// Stored, not computed: templates see stored properties only.
        var hasRows: Bool
    }

    struct Page {
        var versions: [Version]
        var inForce: String
        var next: String?
        var from: String
        var to: String
        var rows: [Row]
        var same: Bool
        var corrections: [Correction]
        var hasCorrections: Bool
    }

    /// `/console/ordinance?from=&to=`.
    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "ordinance") { _ in
            let words = WebPage.words(call, try Console.language(call).0) ?? [:]
            let tenant: Tenant = call.tenant
            let schedule = try tenant.schedule(at: call.now)
            let dates = tenant.profiles.versions.compactMap(\.ordinance.effective)
            func day(_ name: String, default value: Day?) throws -> Day? {
                guard let text = call.query(name) else { return value }
                guard let day = Day(text), dates.contains(day) else {
                    throw PlatformError("invalid-query", "'\(name)' is the effective date of a version (\(dates.map(\.description).joined(separator: ", ")))", place: name)
                }
                return day
            }
            let inForce = Day(schedule.inForce)
            let from = try day("from", default: inForce)
            let to = try day("to", default: dates.last { $0 != inForce } ?? inForce)
            guard let from, let to, let old = tenant.profiles.version(effective: from), let new = tenant.profiles.version(effective: to) else {
                throw PlatformError(.notFound, "no-version", "this tenant has no profile versions to compare")
            }
            let status = { (profile: Profile) in words["version_\(profile.ordinance.status.rawValue)"] ?? profile.ordinance.status.rawValue }
            let versions = tenant.profiles.versions.map { profile in
                Version(effective: profile.ordinance.effective?.description ?? "", status: status(profile),
                        decision: profile.ordinance.decision.map { "\($0.title)（\($0.body)，\($0.date?.description ?? "")）" },
                        selectedFrom: profile.ordinance.effective == from, selectedTo: profile.ordinance.effective == to)
            }
            let rows = from == to ? [] : ProfileDiff.changes(from: old, to: new).map { row($0, words: words) }
            let corrections = try tenant.correctionChanges().filter { [from.description, to.description].contains($0.correction.effective) }.map { item in
                let rows = (item.changes ?? []).map { row($0, words: words) }
                return Correction(effective: item.correction.effective, recordedAt: item.correction.recordedAt, operatedBy: item.correction.operatedBy,
                                  reason: item.correction.reason, rows: rows, textKept: item.changes != nil, hasRows: !rows.isEmpty)
            }
            let next = schedule.next.map { "\($0.effective)（\($0.daysLeft) \(words["ordinance_days_left"] ?? "")）" }
            let page = Page(versions: versions, inForce: schedule.inForce, next: next, from: from.description, to: to.description,
                            rows: rows, same: rows.isEmpty, corrections: corrections, hasCorrections: !corrections.isEmpty)
            return ("ordinance", words["console_ordinance"] ?? "", page)
        }
    }

    /// One change as a row: what it concerns, the field, the two values, the article.
    static func row(_ change: Change, words: [String: String]) -> Row {
        let subject = change.key.isEmpty ? change.subject : "\(change.subject) \(change.key)"
        switch change.kind {
        case .added:
            return Row(kind: "added", subject: subject, field: words["ordinance_added"] ?? "added", old: "—", new: change.to ?? "", article: change.article ?? "")
        case .removed:
            return Row(kind: "removed", subject: subject, field: words["ordinance_removed"] ?? "removed", old: change.from ?? "", new: "—", article: change.article ?? "")
        case .changed:
            return Row(kind: "changed", subject: subject, field: change.field ?? "", old: change.from ?? "—", new: change.to ?? "—", article: change.article ?? "")
        case .moved:
            let follow = change.follows.map { "（\($0) \(words["ordinance_citations_follow"] ?? "")）" } ?? ""
            return Row(kind: "moved", subject: words["ordinance_moved"] ?? "moved", field: follow, old: change.key, new: change.to ?? "", article: change.article ?? "")
        }
    }
}
