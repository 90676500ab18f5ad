import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

/// The catalogue: public reads and publication; applications, decisions, import and
/// export for staff, decided by the kernel as on the command line.
enum CatalogueRoutes {
    static let base = "/t/{tenant}/api/v1/catalogue"

    static var all: [Route] {
        [
            Route(.get, base, auth: .none) { call in
                guard call.query("on") != nil else { return try JSON.response(try call.tenant.catalogue.items()) }
                return try JSON.response(try call.tenant.catalogue.items(on: try day(call, "on")))
            },
            Route(.get, base + "/diff", auth: .none) { call in
                try JSON.response(try call.tenant.catalogue.diff(from: try day(call, "from"), to: try day(call, "to")))
            },
            Route(.get, base + "/publication", auth: .none) { call in try JSON.response(try call.tenant.catalogue.publication()) },
            Route(.get, base + "/editions", auth: .none) { call in try JSON.response(try call.tenant.catalogue.editions()) },
            Route(.post, base + "/editions", auth: .staff) { call in
                let input = try call.json(keys: ["note"])
                return try JSON.response(try call.tenant.catalogue.publish(by: try call.requireCaller.staffId, note: try input.string("note"),
                                                                   operatedBy: call.operatedBy, at: call.now),
                                         status: .created)
            },
            Route(.get, base + "/editions/compare", auth: .none) { call in
                let numbers = try ["from", "to"].map { name in
                    guard call.query(name) != nil else { throw HTTPProblem(.badRequest, "missing-field", "'\(name)' is required", place: name) }
                    return try call.intQuery(name, default: 1, range: 1...1_000_000)
                }
                return try JSON.response(try call.tenant.catalogue.compareEditions(numbers[0], numbers[1]))
            },
            Route(.get, base + "/editions/{number}", auth: .none) { call in
                guard let number = Int(call.parameter("number")), number > 0 else {
                    throw HTTPProblem(.badRequest, "invalid-value", "an edition is a number, e.g. 1", place: "number")
                }
                return try JSON.response(try call.tenant.catalogue.edition(number))
            },
            Route(.get, base + "/history", auth: .staff) { call in try JSON.response(try call.tenant.catalogue.history(call.query("code"))) },
            Route(.get, base + "/items/{code}", auth: .none) { call in try JSON.response(try call.tenant.catalogue.item(call.parameter("code"))) },
            Route(.get, base + "/export", auth: .staff, export).heavyWork,
            Route(.post, base + "/import", auth: .staff, maxBody: 1 << 20, importFile).heavyWork,
            Route(.get, base + "/applications", auth: .staff, applications),
            Route(.post, base + "/applications", auth: .staff, apply),
            Route(.get, base + "/applications/{id}", auth: .staff) { call in try JSON.response(try call.tenant.catalogue.application(call.parameter("id"))) },
            Route(.post, base + "/applications/{id}/decisions", auth: .staff, decide),
            Route(.get, base + "/imports", auth: .staff) { call in
                try JSON.response(try call.tenant.catalogue.imports(status: try call.choiceQuery("status", CatalogueImport.Status.self)))
            },
            Route(.get, base + "/imports/{id}", auth: .staff) { call in try JSON.response(try call.tenant.catalogue.importApplication(call.parameter("id"))) },
            Route(.post, base + "/imports/{id}/decisions", auth: .staff) { call in
                try JSON.response(try call.tenant.catalogue.decideImport(call.parameter("id"), try command(call), as: try call.requireCaller.staffId,
                                                                        operatedBy: call.operatedBy, at: call.now))
            },
            Route(.post, base + "/reverts", auth: .staff, revert),
        ]
    }

    private static func day(_ call: Call, _ name: String) throws -> Day {
        guard let text = call.query(name) else { throw HTTPProblem(.badRequest, "missing-field", "'\(name)' is required", place: name) }
        guard let day = Day(text) else { throw HTTPProblem(.badRequest, "invalid-query", "'\(name)' is a day written YYYY-MM-DD", place: name) }
        return day
    }

    private static func format(_ call: Call) throws -> CatalogueFormat {
        guard let format = CatalogueFormat(rawValue: call.query("format") ?? "csv") else {
            throw HTTPProblem(.badRequest, "invalid-query", "'format' is csv or yaml", place: "format")
        }
        return format
    }

    @Sendable static func export(_ call: Call) async throws -> Response {
        let format = try format(call)
        var headers = HTTPFields()
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/yaml; charset=utf-8"
        let text = try call.tenant.catalogue.export(as: format, forExcel: try call.boolQuery("excel"))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    @Sendable static func importFile(_ call: Call) async throws -> Response {
        guard let reason = call.query("reason") else { throw HTTPProblem(.badRequest, "missing-field", "'reason' is required", place: "reason") }
        let report = try call.tenant.catalogue.importItems(Data(call.body.readableBytesView), file: call.query("file") ?? "upload.\(try format(call).rawValue)",
                                                           as: try format(call), by: try call.requireCaller.staffId, reason: reason,
                                                           dryRun: try call.boolQuery("dry_run"), operatedBy: call.operatedBy, at: call.now)
        return try JSON.response(report, status: report.application == nil ? .ok : .created)
    }

    @Sendable static func applications(_ call: Call) async throws -> Response {
        try JSON.response(try call.tenant.catalogue.applications(status: try call.choiceQuery("status", CatalogueApplication.Status.self)))
    }

    @Sendable static func apply(_ call: Call) async throws -> Response {
        let input = try call.json(keys: ["action", "code", "names", "category", "department", "time_limit", "resources", "article", "reason"])
        guard let action = CatalogueProposal.Action(rawValue: try input.required("action")) else {
            throw HTTPProblem(.badRequest, "invalid-value", "'action' is admit, amend or withdraw", place: "action")
        }
        var limit: TimeLimit?
        if let text = try input.string("time_limit") {
            do { limit = try TimeLimit(parsing: text) } catch let error as TimeLimit.ParseError {
                throw HTTPProblem(.badRequest, "invalid-value", error.message, place: "time_limit")
            }
        }
        let proposal = CatalogueProposal(action: action, code: try input.required("code"), names: try input.stringMap("names"),
                                         category: try input.string("category"), department: try input.string("department"),
                                         timeLimit: limit, resources: try input.string("resources"), article: try input.string("article"),
                                         reason: try input.required("reason"))
        let view = try call.tenant.catalogue.apply(proposal, as: try call.requireCaller.staffId, operatedBy: call.operatedBy, at: call.now)
        return try JSON.response(view, status: .created)
    }

    @Sendable static func decide(_ call: Call) async throws -> Response {
        try JSON.response(try call.tenant.catalogue.decide(application: call.parameter("id"), try command(call), as: try call.requireCaller.staffId,
                                                          operatedBy: call.operatedBy, at: call.now))
    }

    /// A decision on an application or an import: review, approve, refuse, withdraw, or
    /// refresh (restate against the catalogue as it stands).
    private static func command(_ call: Call) throws -> ApplicationCommand {
        let input = try call.json(keys: ["decision", "note", "attest"])
        let note = try input.string("note")
        func needNote() throws -> String {
            guard let note, !note.isEmpty else { throw HTTPProblem(.badRequest, "missing-field", "'note' is required for this decision", place: "note") }
            return note
        }
        return switch try input.required("decision") {
        case "review": .review(opinion: try needNote())
        case "approve": .approve(note: note, attested: try input.bool("attest") ?? false)
        case "refuse": .refuse(reason: try needNote())
        case "withdraw": .withdraw(reason: try needNote())
        case "refresh": .refresh
        default: throw HTTPProblem(.badRequest, "invalid-value", "'decision' is review, approve, refuse, withdraw or refresh", place: "decision")
        }
    }

    /// Prepares the revert of an approved application or import, as a new import.
    @Sendable static func revert(_ call: Call) async throws -> Response {
        let input = try call.json(keys: ["of", "reason"])
        let view = try call.tenant.catalogue.revert(try input.required("of"), by: try call.requireCaller.staffId,
                                                    reason: try input.required("reason"), operatedBy: call.operatedBy, at: call.now)
        return try JSON.response(view, status: .created)
    }
}
