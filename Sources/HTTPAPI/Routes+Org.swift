import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

/// Org units, grids and staff: read by any staff of the tenant; kept by grid offices.
enum OrgRoutes {
    static let base = "/t/{tenant}/api/v1"

    static var all: [Route] {
        [
            Route(.get, base + "/me", auth: .staff, me),
            Route(.get, base + "/org/units", auth: .staff) { call in
                try JSON.response(try call.tenant.org.units(level: call.query("level"), under: call.query("under")))
            },
            Route(.get, base + "/org/units/{unit}", auth: .staff) { call in try JSON.response(try call.tenant.org.unit(call.parameter("unit"))) },
            Route(.post, base + "/org/units", auth: .staff, addUnit),
            Route(.post, base + "/org/grids", auth: .staff, addGrid),
            Route(.post, base + "/org/grids/{grid}/household-units", auth: .staff) { call in
                try call.access().requireAdministration("add household units")
                let input = try call.json(keys: ["name", "households"])
                guard let households = try input.int("households") else {
                    throw HTTPProblem(.badRequest, "missing-field", "'households' is required", place: "households")
                }
                return try JSON.response(try call.tenant.org.addHouseholdUnit(grid: call.parameter("grid"), name: try input.required("name"),
                                                                          households: households), status: .created)
            },
            Route(.post, base + "/org/import", auth: .staff, maxBody: 1 << 20) { call in
                try call.access().requireAdministration("import org units")
                return try JSON.response(try call.tenant.org.importUnits(csv: try call.text, file: call.query("file") ?? "units.csv"))
            }.heavyWork,
            Route(.get, base + "/staff", auth: .staff) { call in
                try call.access().requireAdministration("list staff")
                return try JSON.response(try call.tenant.staff.list(role: call.query("role"), unit: call.query("unit"),
                                                                   includeFormer: try call.boolQuery("all")))
            },
            Route(.get, base + "/staff/{id}", auth: .staff) { call in
                if call.parameter("id") != (try call.requireCaller.staffId) { try call.access().requireAdministration("see other staff") }
                return try JSON.response(try call.tenant.staff.person(call.parameter("id")))
            },
            Route(.post, base + "/staff", auth: .staff, addStaff),
            Route(.post, base + "/staff/{id}/appointments", auth: .staff, appoint),
            Route(.post, base + "/staff/{id}/trainings", auth: .staff) { call in
                try call.access().requireAdministration("record training")
                let day = try date(try call.json(keys: ["passed_on"]).required("passed_on"), "passed_on")
                return try JSON.response(try call.tenant.staff.recordTraining(call.parameter("id"), passedOn: day), status: .created)
            },
            Route(.post, base + "/staff/{id}/disqualifications", auth: .staff) { call in
                try call.access().requireAdministration("record disqualifications")
                let input = try call.json(keys: ["key", "on"])
                let day = try input.string("on").map { try date($0, "on") } ?? .today()
                return try JSON.response(try call.tenant.staff.recordDisqualification(call.parameter("id"), try input.required("key"), on: day),
                                         status: .created)
            },
            Route(.post, base + "/staff/{id}/departures", auth: .staff) { call in
                try call.access().requireAdministration("end appointments")
                let input = try call.json(keys: ["role", "unit", "on", "reason"])
                let day = try input.string("on").map { try date($0, "on") } ?? .today()
                return try JSON.response(try call.tenant.staff.leave(call.parameter("id"), role: try input.required("role"), unit: try input.string("unit"),
                                                               on: day, reason: try input.required("reason")))
            },
            Route(.get, base + "/access-log", auth: .staff) { call in
                try call.access().requireAdministration("read the access log")
                let limit = try call.intQuery("limit", default: 100, range: 1...1000)
                return try JSON.response(try call.tenant.access.accessLog(subject: call.query("subject"), limit: limit))
            },
            Route(.get, base + "/archive/verification", auth: .staff) { call in
                try call.access().requireAdministration("verify the archive")
                let report = try call.tenant.cases.verifyArchive()
                return try JSON.response(ArchiveReport(cases: report.cases, events: report.events, problems: report.problems.map(\.description)))
            }.heavyWork,
            Route(.post, base + "/staff/import", auth: .staff, maxBody: 1 << 20) { call in
                try call.access().requireAdministration("import staff")
                return try JSON.response(try call.tenant.staff.importStaff(csv: try call.text, file: call.query("file") ?? "staff.csv"))
            }.heavyWork,
        ]
    }

    /// Who the token stands for, the posts held today, the tier and scope.
    struct Me: Encodable {
        var staffId: String
        var name: String
        var tokenId: String?
        var posts: [String]
        var tier: String
        var personalData: [String]
        var grids: Int
        var departments: [String]
        var administers: Bool
    }

    @Sendable static func me(_ call: Call) async throws -> Response {
        let access = try call.access()
        let caller = access.caller
        return try JSON.response(Me(
            staffId: caller.staffId, name: caller.participant.name, tokenId: caller.tokenId,
            posts: caller.participant.posts.map { "\($0.role)@\($0.unitName ?? $0.department ?? "")" }, tier: access.tier,
            personalData: access.personalData.map(\.rawValue).sorted(), grids: access.gridIds.count,
            departments: access.departments.sorted(), administers: access.administers))
    }

    @Sendable static func addUnit(_ call: Call) async throws -> Response {
        try call.access().requireAdministration("add org units")
        let input = try call.json(keys: ["level", "name", "parent", "division_code"])
        let unit = try call.tenant.org.addUnit(level: try input.required("level"), name: try input.required("name"), parent: try input.string("parent"),
                                           divisionCode: try input.string("division_code"))
        return try JSON.response(unit, status: .created)
    }

    @Sendable static func addGrid(_ call: Call) async throws -> Response {
        try call.access().requireAdministration("add grids")
        let input = try call.json(keys: ["parent", "name", "kind", "code", "households", "area"])
        guard let households = try input.int("households") else {
            throw HTTPProblem(.badRequest, "missing-field", "'households' is required", place: "households")
        }
        let grid = try call.tenant.org.addGrid(parent: try input.required("parent"), name: try input.required("name"), kind: try input.required("kind"),
                                           code: try input.required("code"), households: households, area: try input.string("area") ?? "any")
        return try JSON.response(grid, status: .created)
    }

    /// The result of checking the archive's hash chains.
    struct ArchiveReport: Encodable {
        var cases: Int
        var events: Int
        var problems: [String]
    }

    static func date(_ text: String, _ field: String) throws -> Day {
        guard let day = Day(text) else { throw HTTPProblem(.badRequest, "invalid-value", "'\(field)' is a date, YYYY-MM-DD", place: field) }
        return day
    }

    @Sendable static func addStaff(_ call: Call) async throws -> Response {
        try call.access().requireAdministration("add staff")
        let input = try call.json(keys: ["id", "name", "birth_date", "citizenship", "phone"])
        let birth = try input.string("birth_date").map { try date($0, "birth_date") }
        let view = try call.tenant.staff.addPerson(id: try input.required("id"), name: try input.required("name"), birthDate: birth,
                                             citizenship: try input.string("citizenship"), phone: try input.string("phone"))
        return try JSON.response(view, status: .created)
    }

    @Sendable static func appoint(_ call: Call) async throws -> Response {
        try call.access().requireAdministration("appoint staff")
        let input = try call.json(keys: ["role", "unit", "department"])
        let view = try call.tenant.staff.appoint(call.parameter("id"), role: try input.required("role"), unit: try input.string("unit"),
                                           department: try input.string("department"))
        return try JSON.response(view, status: .created)
    }
}

/// Tasks given to workers, and their refusals.
enum AssignmentRoutes {
    static let base = "/t/{tenant}/api/v1/assignments"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                try JSON.response(try call.tenant.assignments.list(status: try call.choiceQuery("status", Assignment.Status.self),
                                                              worker: call.query("worker"), for: try call.access()))
            },
            Route(.post, base, auth: .staff) { call in
                let input = try call.json(keys: ["worker", "matter", "item", "category", "legal_basis"])
                let view = try call.tenant.assignments.assign(worker: try input.required("worker"), matter: try input.required("matter"), item: try input.string("item"),
                                                  category: try input.string("category"), legalBasis: try input.string("legal_basis"),
                                                  as: try call.requireCaller.staffId, at: call.now)
                return try JSON.response(view, status: .created)
            },
            Route(.get, base + "/{id}", auth: .staff) { call in
                try JSON.response(try call.tenant.assignments.assignment(call.parameter("id"), for: try call.access()))
            },
            Route(.post, base + "/{id}/answers", auth: .staff) { call in
                let input = try call.json(keys: ["answer", "note"])
                let note = try input.string("note")
                let command: AssignmentCommand = switch try input.required("answer") {
                case "accept": .accept(note: note)
                case "refuse": .refuse(reason: note ?? "")
                case "insist": .insist(note: note ?? "")
                default: throw HTTPProblem(.badRequest, "invalid-value", "'answer' is accept, refuse or insist", place: "answer")
                }
                return try JSON.response(try call.tenant.assignments.decide(assignment: call.parameter("id"), command, as: try call.requireCaller.staffId, at: call.now))
            },
        ]
    }
}
