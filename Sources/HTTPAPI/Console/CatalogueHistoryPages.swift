import Foundation
import Hummingbird
import Kernel
import Ordinance
import Platform

/// The catalogue through time in the console: one item's revisions side by side (a row per
/// field, a column per revision, changed cells marked), and how the catalogue of one day
/// differs from another's.
enum CatalogueHistoryPages {
    struct Column {
        var revision: Int
        var action: String
        var at: String
        var requestedBy: String
        var decidedBy: String?
        var application: String?
        var reason: String
    }

    struct Cell {
        var value: String
        var changed: Bool
    }

    struct Row {
        var field: String
        var cells: [Cell]
    }

    struct ItemPage {
        var code: String
        var name: String
        var columns: [Column]
        var rows: [Row]
    }

    /// `/console/catalogue/items/{code}`.
    @Sendable static func item(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "catalogue") { session in
            try call.tenant.access.scope(for: session.caller, at: call.now).requireAdministration("keep the catalogue")
            let language = try Console.language(call).0
            let words = WebPage.words(call, language) ?? [:]
            let languages = try call.tenant.profile().publication.languages
            let view = try call.tenant.catalogue.item(call.parameter("code"))
            let time = try ConsoleTime(call)
            let columns = view.history.map { revision in
                Column(revision: revision.entry.revision, action: words["revision_\(revision.action)"] ?? revision.action,
                       at: time.text(revision.effectiveAt), requestedBy: revision.requestedBy,
                       decidedBy: revision.decidedBy, application: revision.applicationId, reason: revision.reason)
            }
            let values = view.history.map { $0.entry.fields(languages: languages) }
            let rows = (values.first ?? []).indices.map { index in
                Row(field: values[0][index].field, cells: values.indices.map { column in
                    let value = values[column][index].value
                    return Cell(value: value.isEmpty ? "—" : value, changed: column > 0 && values[column - 1][index].value != value)
                })
            }
            let page = ItemPage(code: view.entry.code, name: view.entry.names[language] ?? view.entry.name(in: language), columns: columns, rows: rows)
            return ("catalogue-item", "\(view.entry.code) \(page.name)", page)
        }
    }

    struct Difference {
        var code: String
        var change: String
        var fields: [String]
    }

    struct Comparison {
        var from: String
        var to: String
        var items: [Difference]
        var same: Bool
    }

    /// The differences between the catalogue at the end of `from` and of `to`, for the
    /// catalogue page's form; nil when the form was not sent.
    static func differences(_ call: Call, words: [String: String]) throws -> Comparison? {
        guard let fromText = call.query("from"), let toText = call.query("to") else { return nil }
        guard let from = Day(fromText), let to = Day(toText) else {
            throw PlatformError("invalid-query", "'from' and 'to' are days written YYYY-MM-DD", place: "from")
        }
        let items = try call.tenant.catalogue.diff(from: from, to: to).map {
            Difference(code: $0.code, change: words["difference_\($0.change.rawValue)"] ?? $0.change.rawValue, fields: $0.fields.map(\.description))
        }
        return Comparison(from: fromText, to: toText, items: items, same: items.isEmpty)
    }
}
