import Foundation
import Hummingbird
import Kernel
import Platform

/// Grid divisions (网格划分): proposed by the dividing body as CSV, approved or refused,
/// taken on file. The kernel checks that the caller acts for the body the profile names.
enum DivisionRoutes {
    static let base = "/t/{tenant}/api/v1/org/divisions"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                try JSON.response(try call.tenant.org.divisions(status: try call.choiceQuery("status", GridDivision.Status.self)))
            },
            Route(.post, base, auth: .staff, maxBody: 1 << 20) { call in
                guard let parent = call.query("parent"), !parent.isEmpty else {
                    throw HTTPProblem(.badRequest, "missing-field", "'parent' (the unit the grids are divided under) is required", place: "parent")
                }
                let view = try call.tenant.org.divide(under: parent, csv: try call.text, file: call.query("file") ?? "grids.csv", note: call.query("note"),
                                                      as: try call.requireCaller.staffId, at: call.now)
                return try JSON.response(view, status: .created)
            }.heavyWork,
            Route(.get, base + "/{id}", auth: .staff) { call in try JSON.response(try call.tenant.org.division(call.parameter("id"))) },
            Route(.post, base + "/{id}/actions", auth: .staff) { call in
                let input = try call.json(keys: ["action", "note", "reason"])
                let command: DivisionCommand = switch try input.required("action") {
                case "approve": .approve(note: try input.string("note"))
                case "refuse": .refuse(reason: try input.required("reason"))
                case "file": .file(note: try input.string("note"))
                default: throw HTTPProblem(.badRequest, "invalid-value", "'action' is approve, refuse or file", place: "action")
                }
                return try JSON.response(try call.tenant.org.decide(division: call.parameter("id"), command, as: try call.requireCaller.staffId, at: call.now))
            },
        ]
    }
}
