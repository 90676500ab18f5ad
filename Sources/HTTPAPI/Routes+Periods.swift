import Foundation
import Hummingbird
import Kernel
import Platform

/// Declared periods: listed by any staff; declared and ended by the body the profile names.
enum PeriodRoutes {
    static let base = "/t/{tenant}/api/v1/periods"

    static var all: [Route] {
        [
            Route(.get, base, auth: .staff) { call in
                try JSON.response(try call.tenant.periods.list(status: try call.choiceQuery("status", DeclaredPeriod.Status.self)))
            },
            Route(.post, base, auth: .staff) { call in
                let input = try call.json(keys: ["period", "note"])
                return try JSON.response(try call.tenant.periods.declare(try input.required("period"), note: try input.string("note"),
                                                                         as: try call.requireCaller.staffId, at: call.now), status: .created)
            },
            Route(.post, base + "/{id}/end", auth: .staff) { call in
                let input = try call.json(keys: ["note"])
                return try JSON.response(try call.tenant.periods.end(call.parameter("id"), note: try input.string("note"),
                                                                     as: try call.requireCaller.staffId, at: call.now))
            },
        ]
    }
}
