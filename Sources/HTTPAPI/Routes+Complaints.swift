import Foundation
import Hummingbird
import Kernel
import Ordinance
import Platform

/// Complaints about grid workers: filed and handled by the bodies the profile names; read
/// by those bodies and administrators only (the complainant's name and phone are in them).
enum ComplaintRoutes {
    static let base = "/t/{tenant}/api/v1/complaints"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                try JSON.response(try call.tenant.complaints.list(status: try call.choiceQuery("status", Complaint.Status.self), worker: call.query("worker"),
                                                                  overdue: try call.boolQuery("overdue"), for: try call.access(), at: call.now))
            },
            Route(.post, base, auth: .staff) { call in
                let input = try call.json(keys: ["about", "matter", "channel", "complainant"])
                let channelText = try input.string("channel") ?? "citizen"
                guard let channel = Step.Channel(rawValue: channelText) else {
                    throw HTTPProblem(.badRequest, "invalid-value", "'channel' is one of: \(Step.Channel.allCases.map(\.rawValue).joined(separator: ", "))", place: "channel")
                }
                let person = try input.object("complainant", keys: ["name", "phone"])
                let view = try call.tenant.complaints.file(about: try input.required("about"), matter: try input.required("matter"),
                                                           complainant: Reporter(channel: channel, name: try person?.string("name"), phone: try person?.string("phone")),
                                                           as: try call.requireCaller.staffId, at: call.now)
                return try JSON.response(view, status: .created)
            },
            Route(.get, base + "/{id}", auth: .staff) { call in
                try JSON.response(try call.tenant.complaints.complaint(call.parameter("id"), for: try call.access(), at: call.now))
            },
            Route(.post, base + "/{id}/actions", auth: .staff) { call in
                let input = try call.json(keys: ["action", "result"])
                let upheld: Bool = switch try input.required("action") {
                case "uphold": true
                case "dismiss": false
                default: throw HTTPProblem(.badRequest, "invalid-value", "'action' is uphold or dismiss", place: "action")
                }
                return try JSON.response(try call.tenant.complaints.handle(call.parameter("id"), upheld: upheld, result: try input.required("result"),
                                                                           as: try call.requireCaller.staffId, at: call.now))
            },
        ]
    }
}
