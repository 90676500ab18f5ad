import Foundation
import HTTPTypes
import Hummingbird
import Platform
import Store

/// Grids on the map and Open311 clients, kept by grid offices: grid boundaries (GeoJSON),
/// the address register (CSV), Open311 API keys, and reports whose place matched no grid.
enum LocationRoutes {
    static let base = "/t/{tenant}/api/v1"

    static var all: [Route] {
        [
            Route(.get, base + "/org/boundaries", auth: .staff) { call in
                var headers = HTTPFields()
                headers[.contentType] = "application/geo+json"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try call.tenant.locations.boundaries())))
            }.heavyWork,
            Route(.put, base + "/org/boundaries", auth: .staff, maxBody: 16 << 20) { call in
                try call.access().requireAdministration("import grid boundaries")
                return try JSON.response(try call.tenant.locations.importBoundaries(Data(call.body.readableBytesView),
                                                                                   file: call.query("file") ?? "boundaries.geojson", at: call.now))
            }.heavyWork,
            Route(.post, base + "/org/addresses", auth: .staff, maxBody: 8 << 20) { call in
                try call.access().requireAdministration("import the address register")
                return try JSON.response(try call.tenant.locations.importAddresses(csv: try call.text, file: call.query("file") ?? "addresses.csv"))
            }.heavyWork,
            Route(.get, base + "/open311/keys", auth: .staff) { call in
                try call.access().requireAdministration("list Open311 keys")
                return try JSON.response(try call.tenant.open311.keys())
            },
            Route(.post, base + "/open311/keys", auth: .staff) { call in
                try call.access().requireAdministration("issue Open311 keys")
                let input = try call.json(keys: ["client", "channel", "note"])
                return try JSON.response(try call.tenant.open311.issueKey(client: try input.required("client"), channel: try input.string("channel") ?? "platform",
                                                                          note: try input.string("note"), by: call.operatedBy, at: call.now),
                                         status: .created)
            },
            Route(.delete, base + "/open311/keys/{id}", auth: .staff) { call in
                try call.access().requireAdministration("revoke Open311 keys")
                return try JSON.response(try call.tenant.open311.revokeKey(call.parameter("id"), at: call.now))
            },
            Route(.get, base + "/open311/unlocated", auth: .staff) { call in
                let status = try call.query("status") == "all" ? nil : call.choiceQuery("status", UnlocatedReportRecord.Status.self) ?? .waiting
                return try JSON.response(try call.tenant.open311.unlocated(status: status, access: try call.access()))
            },
            Route(.post, base + "/open311/unlocated/{token}/placement", auth: .staff) { call in
                let input = try call.json(keys: ["grid", "note"])
                let view = try await call.tenant.open311.place(call.parameter("token"), grid: try input.required("grid"), note: try input.string("note"),
                                                               access: try call.access(), at: call.now)
                return try JSON.response(Placed(token: call.parameter("token"), caseId: view.state.id, grid: view.gridCode, dueAt: view.state.dueAt),
                                         status: .created)
            },
            Route(.post, base + "/open311/unlocated/{token}/answer", auth: .staff) { call in
                let input = try call.json(keys: ["note"])
                return try JSON.response(try call.tenant.open311.answer(call.parameter("token"), note: try input.required("note"),
                                                                        access: try call.access(), at: call.now))
            },
        ]
    }
}

/// A waiting report placed in a grid: the case it became.
struct Placed: Encodable {
    var token: String
    var caseId: String
    var grid: String
    var dueAt: Date?
}
