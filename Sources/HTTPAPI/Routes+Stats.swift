import Foundation
import HTTPTypes
import Hummingbird
import Ordinance
import Platform

/// Evaluation figures (考核评价) as JSON or CSV, scoped by the caller, and the cases
/// behind each figure.
enum StatsRoutes {
    static let base = "/t/{tenant}/api/v1/stats"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                let (scope, from, to) = try window(call)
                let table = try call.tenant.evaluation.figures(by: scope, from: from, to: to, access: try call.access())
                if call.query("format") == "csv" || (call.query("format") == nil && call.request.headers[.accept]?.hasPrefix("text/csv") == true) {
                    var headers = HTTPFields()
                    headers[.contentType] = "text/csv; charset=utf-8"
                    headers[.contentDisposition] = "attachment; filename=\"\(call.tenant.key)-\(scope.rawValue)-\(from)-\(to).csv\""
                    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try table.csv())))
                }
                guard call.query("format") == nil || call.query("format") == "json" else {
                    throw HTTPProblem(.badRequest, "invalid-query", "'format' is json or csv", place: "format")
                }
                return try JSON.response(table)
            }.heavyWork,
            Route(.get, base + "/cases", auth: .staff) { call in
                let (scope, from, to) = try window(call)
                guard let indicator = call.query("indicator"), let row = call.query("row") else {
                    throw HTTPProblem(.badRequest, "missing-field", "'indicator' and 'row' name the figure", place: call.query("indicator") == nil ? "indicator" : "row")
                }
                return try JSON.response(try call.tenant.evaluation.cases(indicator: indicator, by: scope, row: row, from: from, to: to,
                                                                          access: try call.access()))
            }.heavyWork,
        ]
    }

    /// The scope and window a request asks for: `by`, and `from`+`to` or `period`+`on`
    /// (default: this month).
    static func window(_ call: Call) throws -> (Evaluation.Scope, Day, Day) {
        let scope = try call.choiceQuery("by", Evaluation.Scope.self) ?? .city
        func day(_ name: String) throws -> Day? {
            guard let text = call.query(name) else { return nil }
            guard let day = Day(text) else { throw HTTPProblem(.badRequest, "invalid-query", "'\(name)' is a day, YYYY-MM-DD", place: name) }
            return day
        }
        if call.query("from") != nil || call.query("to") != nil {
            guard let from = try day("from"), let to = try day("to") else {
                throw HTTPProblem(.badRequest, "invalid-query", "give both 'from' and 'to', or a 'period'", place: call.query("from") == nil ? "from" : "to")
            }
            return (scope, from, to)
        }
        let period = try call.choiceQuery("period", Evaluation.PeriodKind.self) ?? .month
        let window = try call.tenant.evaluation.window(period, containing: try day("on") ?? Day.today())
        return (scope, window.from, window.to)
    }
}
