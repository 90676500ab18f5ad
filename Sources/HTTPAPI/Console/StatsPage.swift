import Foundation
import Hummingbird
import Ordinance
import Platform

/// Evaluation figures (考核评价) in the console, printable: the table (each figure links to
/// the cases behind it), a bar chart of one indicator per unit, its trend over twelve
/// months, and a calendar of the days steps ran over their limits. Charts are SVG drawn by
/// the template from the geometry computed here.
enum StatsPage {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Cell {
        var text: String
        var href: String?
    }

    struct Row {
        var key: String
        var name: String
        var cells: [Cell]
    }

    struct Bar {
        var label: String
        var valueText: String
        var y: Int
        var width: Int
        var textY: Int
    }

    struct Point {
        var x: Int
        var y: Int
        var label: String
        var valueText: String
    }

    struct CalendarDay {
        var x: Int
        var y: Int
        var level: Int
        var title: String
    }

    struct Source {
        var name: String
        var source: String
    }

    struct Page {
        var scopes: [Option]
        var periods: [Option]
        var indicators: [Option]
        var on: String
        var from: String
        var to: String
        var article: String?
        var columns: [String]
        var rows: [Row]
        var empty: Bool
        var chartTitle: String
        var bars: [Bar]
        var barsHeight: Int
        var trend: [Point]
        var trendPath: String
        var hasTrend: Bool
        var days: [CalendarDay]
        var calendarWidth: Int
        var sources: [Source]
    }

    static let barWidth = 420

    @Sendable static func show(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "stats") { session in
            let access = try call.tenant.access.scope(for: session.caller, at: call.now)
            let words = WebPage.words(call, try Console.language(call).0) ?? [:]
            let profile = try call.tenant.profile()
            let evaluation = call.tenant.evaluation
            let allowed = Self.scopes(access: access, profile: profile)
            let asked = try call.choiceQuery("by", Evaluation.Scope.self)
            let scope = asked.flatMap { allowed.contains($0) ? $0 : nil } ?? allowed.first ?? .grid
            let period = try call.choiceQuery("period", Evaluation.PeriodKind.self) ?? .month
            let today = try call.tenant.day(of: call.now)
            let on = call.query("on").flatMap(Day.init) ?? today
            let (from, to) = period == .custom
                ? (call.query("from").flatMap(Day.init) ?? on.firstOfMonth(adding: 0), call.query("to").flatMap(Day.init) ?? on)
                : try evaluation.window(period, containing: on)
            let table = try evaluation.figures(by: scope, from: from, to: to, access: access)
            let chosen = table.columns.first { $0.key == call.query("indicator") } ?? table.columns.first
            let query = "by=\(scope.rawValue)&from=\(from)&to=\(to)"
            let rows = table.rows.map { row in
                Row(key: row.key, name: row.level.map { "\(row.name)（\($0)）" } ?? row.name, cells: table.columns.map { column in
                    let value = row.values[column.key] ?? nil
                    return Cell(text: EvaluationTable.show(value, unit: column.unit),
                                href: value == nil ? nil : "/t/\(call.tenant.key)/console/stats/cases?\(query)&indicator=\(column.key)&row=\(row.key)")
                })
            }
            // One bar per row, scaled to the largest value.
            let values = table.rows.map { row in chosen.flatMap { row.values[$0.key] ?? nil } ?? 0 }
            let top = max(values.max() ?? 0, chosen?.unit == "percent" ? 100 : 1)
            let bars = zip(table.rows, values).enumerated().map { index, pair in
                Bar(label: pair.0.name, valueText: EvaluationTable.show(pair.1, unit: chosen?.unit ?? "count"), y: index * 22,
                    width: Int((pair.1 / top * Double(barWidth)).rounded()), textY: index * 22 + 14)
            }
            // The chosen indicator over the twelve months up to the window's, as one row: the
            // city for offices, the caller for workers, the department for its staff.
            var points: [Point] = []
            let whole: Evaluation.Scope = access.administers ? .city : access.departments.isEmpty ? .worker : .department
            if let chosen, profile.evaluation?.indicator(chosen.key)?.scopes.contains(whole) == true {
                let months = (0..<12).map { to.firstOfMonth(adding: $0 - 11) }
                let series = try months.map { first -> Double in
                    let figures = try evaluation.figures(by: whole, from: first, to: first.firstOfMonth(adding: 1).adding(days: -1), access: access)
                    return (figures.rows.first?.values[chosen.key] ?? nil) ?? 0
                }
                let peak = max(series.max() ?? 0, chosen.unit == "percent" ? 100 : 1)
                points = zip(months, series).enumerated().map { index, pair in
                    Point(x: 30 + index * 36, y: 130 - Int((pair.1 / peak * 110).rounded()), label: "\(pair.0.month)月",
                          valueText: EvaluationTable.show(pair.1, unit: chosen.unit))
                }
            }
            let path = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\($0.element.x),\($0.element.y)" }.joined(separator: " ")
            // The calendar: a column per week, Monday at the top.
            let overdue = try evaluation.overdueDays(from: from, to: to, access: access)
            let most = max(overdue.map(\.count).max() ?? 0, 1)
            let offset = (from.ordinal + 3) % 7  // 1970-01-01 was a Thursday: Monday = 0
            let days = overdue.enumerated().map { index, entry in
                let slot = index + offset
                return CalendarDay(x: (slot / 7) * 18, y: (slot % 7) * 18, level: entry.count == 0 ? 0 : 1 + min(3, entry.count * 3 / most),
                                   title: "\(entry.day) \(entry.count)")
            }
            let page = Page(
                scopes: allowed.map { Option(value: $0.rawValue, label: words["stats_by_\($0.rawValue)"] ?? $0.rawValue, selected: $0 == scope) },
                periods: Evaluation.PeriodKind.allCases.filter { profile.evaluation?.periods.contains($0) ?? false }
                    .map { Option(value: $0.rawValue, label: words["stats_period_\($0.rawValue)"] ?? $0.rawValue, selected: $0 == period) },
                indicators: table.columns.map { Option(value: $0.key, label: $0.name, selected: $0.key == chosen?.key) },
                on: on.description, from: from.description, to: to.description, article: table.article,
                columns: table.columns.map(\.name), rows: rows, empty: rows.isEmpty, chartTitle: chosen?.name ?? "",
                bars: bars, barsHeight: max(bars.count * 22, 22), trend: points, trendPath: path, hasTrend: !points.isEmpty,
                days: days, calendarWidth: ((days.count + offset + 6) / 7) * 18, sources: table.columns.map { Source(name: $0.name, source: $0.source ?? "") })
            return ("stats", words["console_stats"] ?? "", page)
        }
    }

    /// The scopes the caller may ask for, in the profile's order.
    static func scopes(access: Access, profile: Profile) -> [Evaluation.Scope] {
        let declared = Evaluation.Scope.allCases.filter { scope in profile.evaluation?.indicators.contains { $0.scopes.contains(scope) } ?? false }
        if access.administers { return declared }
        if !access.departments.isEmpty { return declared.filter { $0 == .department } }
        return declared.filter { $0 == .worker || $0 == .grid }
    }

    struct CaseLink {
        var id: String
    }

    struct CasesPage {
        var indicator: String
        var row: String
        var from: String
        var to: String
        var cases: [CaseLink]
        var empty: Bool
    }

    /// The cases behind one figure, each a link to its case page.
    @Sendable static func cases(_ call: Call) async throws -> Response {
        try await Console.page(call, section: "stats") { session in
            let access = try call.tenant.access.scope(for: session.caller, at: call.now)
            let words = WebPage.words(call, try Console.language(call).0) ?? [:]
            let scope = try call.choiceQuery("by", Evaluation.Scope.self) ?? .city
            guard let from = call.query("from").flatMap(Day.init), let to = call.query("to").flatMap(Day.init),
                  let indicator = call.query("indicator"), let row = call.query("row") else {
                throw HTTPProblem(.badRequest, "missing-field", "a figure is named by indicator, row, from and to")
            }
            let ids = try call.tenant.evaluation.cases(indicator: indicator, by: scope, row: row, from: from, to: to, access: access)
            let name = try call.tenant.profile().evaluation?.indicator(indicator)?.name.description ?? indicator
            return ("stats-cases", words["console_stats"] ?? "",
                    CasesPage(indicator: name, row: row, from: from.description, to: to.description, cases: ids.map(CaseLink.init), empty: ids.isEmpty))
        }
    }
}
