import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform
import Store

/// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) per tenant: catalogue
/// items are services, cases are service requests, so existing Open311 clients can file
/// and follow reports. A service request's `address_id` is the grid code. Reads are
/// public and carry no personal data; an anonymous report enters the kernel as a report
/// through the platform (channel `platform`), which a profile may not allow.
enum Open311Routes {
    static let base = "/t/{tenant}/open311/v2"

    static var all: [Route] {
        [
            Route(.get, base + "/services.json", auth: .none, services),
            Route(.get, base + "/services/{code}.json", auth: .none, service),
            Route(.get, base + "/requests.json", auth: .none, requests).heavyWork,
            Route(.post, base + "/requests.json", auth: .optional, post),
            Route(.get, base + "/requests/{id}.json", auth: .none, request),
        ]
    }

    struct Service: Encodable {
        var service_code: String
        var service_name: String
        var description: String
        var metadata = false
        var type = "realtime"
        var keywords: String
        var group: String
    }

    private static func language(_ call: Call) throws -> String {
        let profile = try call.tenant.profile()
        let asked = call.query("locale").map { String($0.prefix(2)) }
        return asked.flatMap { profile.publication.languages.contains($0) ? $0 : nil } ?? profile.publication.primaryLanguage
    }

    @Sendable static func services(_ call: Call) async throws -> Response {
        let profile = try call.tenant.profile()
        let language = try language(call)
        // The catalogue as published (the current edition), in the asked language's words.
        let publication = try call.tenant.catalogue.publication()
        let edition = publication.editions.first { $0.language == language } ?? publication.editions.first
        let keys = Dictionary(profile.catalogue.categories.map { ($0.name.text(in: language), $0.key) }, uniquingKeysWith: { a, _ in a })
        return try JSON.response((edition?.items ?? []).map { item in
            Service(service_code: item.code, service_name: item.name,
                    description: "\(item.department) · \(item.timeLimit)\(item.basis.map { " · \($0)" } ?? "")",
                    keywords: keys[item.category] ?? item.category, group: item.category)
        })
    }

    struct Definition: Encodable {
        var service_code: String
        var attributes: [String] = []
    }

    @Sendable static func service(_ call: Call) async throws -> Response {
        let code = call.parameter("code")
        guard try call.tenant.catalogue.items().contains(where: { $0.code == code }) else {
            throw HTTPProblem(.notFound, "unknown-item", "no service '\(code)' in the catalogue")
        }
        return try JSON.response(Definition(service_code: code))
    }

    struct ServiceRequest: Encodable {
        var service_request_id: String
        var status: String
        var status_notes: String?
        var service_name: String
        var service_code: String
        var description: String?
        var agency_responsible: String?
        var service_notice: String?
        var requested_datetime: Date
        var updated_datetime: Date
        var expected_datetime: Date?
        var address: String
        var address_id: String
        var lat: Double? = nil
        var long: Double? = nil
        var media_url: String? = nil
    }

    private static func serviceRequest(_ view: CaseView, call: Call) throws -> ServiceRequest {
        let profile = try call.tenant.profile()
        let state = view.state
        return ServiceRequest(
            service_request_id: state.id, status: state.status == .open ? "open" : "closed",
            status_notes: state.status == .open ? view.pending.map(\.name).joined(separator: "/") : state.status.rawValue,
            // A public read: the reporter's free text may name people (city2023 第二十五条), so it is not shown.
            service_name: view.itemName, service_code: state.item, description: nil,
            agency_responsible: state.lead.map { profile.department($0)?.name.description ?? $0 },
            service_notice: view.pending.first?.article, requested_datetime: state.reportedAt,
            updated_datetime: view.history?.last?.at ?? state.reportedAt, expected_datetime: state.dueAt,
            address: view.gridName, address_id: view.gridCode)
    }

    @Sendable static func requests(_ call: Call) async throws -> Response {
        var status: CaseState.Status?
        switch call.query("status") {
        case nil: break
        case "open": status = .open
        case "closed": status = .closed
        default: throw HTTPProblem(.badRequest, "invalid-query", "'status' is open or closed", place: "status")
        }
        let ids = call.query("service_request_id").map { $0.split(separator: ",").map(String.init) }
        let codes = call.query("service_code").map { $0.split(separator: ",").map(String.init) }
        let from = try call.query("start_date").map { try date($0, "start_date") }
        let to = try call.query("end_date").map { try date($0, "end_date") }
        let views = try call.tenant.cases.list(status: status, limit: 200, refine: { filter in
            filter.ids = ids
            filter.items = codes
            filter.reportedFrom = from
            filter.reportedBefore = to
            filter.newestFirst = true
        }, history: true)
        return try JSON.response(try views.map { try serviceRequest($0, call: call) })
    }

    @Sendable static func request(_ call: Call) async throws -> Response {
        let id = call.parameter("id")
        let views = try call.tenant.cases.list(limit: 1, refine: { $0.ids = [id] }, history: true)
        guard !views.isEmpty else { throw HTTPProblem(.notFound, "unknown-case", "no service request '\(id)'") }
        return try JSON.response(try views.map { try serviceRequest($0, call: call) })
    }

    private static func date(_ text: String, _ field: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw HTTPProblem(.badRequest, "invalid-query", "'\(field)' is a w3c date-time, e.g. 2026-11-23T08:00:00+08:00", place: field)
        }
        return date
    }

    struct Receipt: Encodable {
        var service_request_id: String
        var service_notice: String?
        var account_id: String?
    }

    static let postFields: Set<String> = ["service_code", "address_id", "address_string", "lat", "long", "description", "first_name",
                                          "last_name", "phone", "email", "device_id", "account_id", "media_url", "api_key", "jurisdiction_id",
                                          "attribute"]

    /// Files a report from an Open311 client (form-encoded or JSON, as the spec allows).
    @Sendable static func post(_ call: Call) async throws -> Response {
        let fields = try form(call)
        guard let code = fields["service_code"], !code.isEmpty else {
            throw HTTPProblem(.badRequest, "missing-field", "'service_code' is required", place: "service_code")
        }
        // A service is a catalogue item: Open311 has no request outside its service list, so
        // an unknown code is not sent to triage as an unlisted matter would be.
        guard try call.tenant.catalogue.items().contains(where: { $0.code == code }) else {
            throw HTTPProblem(.notFound, "unknown-item", "no service '\(code)' in the catalogue", place: "service_code")
        }
        guard let grid = fields["address_id"], !grid.isEmpty else {
            throw HTTPProblem(.badRequest, "missing-field", "'address_id' is required here: the code of the grid (网格编码) where the matter is; this city's grids are not located by latitude and longitude",
                              place: "address_id")
        }
        let name = [fields["last_name"], fields["first_name"]].compactMap { $0 }.joined()
        let staff = call.caller?.staffId
        let reporter = Reporter(channel: staff == nil ? .platform : .citizen, name: name.isEmpty ? nil : name, phone: fields["phone"])
        let view = try await call.tenant.cases.report(item: code, grid: grid, as: staff ?? Participant.platform.staffId, reporter: reporter,
                                          note: fields["description"], idempotencyKey: call.request.headers[.idempotencyKey], at: call.now)
        return try JSON.response([Receipt(service_request_id: view.state.id, service_notice: view.pending.first?.article, account_id: fields["account_id"])],
                                 status: .created)
    }

    /// The body's fields: `application/x-www-form-urlencoded` as Open311 clients send, or a JSON object.
    private static func form(_ call: Call) throws -> [String: String] {
        let type = call.request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("application/json") {
            let input = try call.json(keys: postFields)
            var fields: [String: String] = [:]
            for key in postFields where key != "attribute" { fields[key] = try input.string(key) }
            return fields
        }
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPProblem(.unsupportedMediaType, "media-type", "send the request as application/x-www-form-urlencoded or application/json")
        }
        // Hummingbird's form decoder reads the body; `attribute[code]=value` pairs (the
        // spec's service attributes) decode as a map. Fields beyond the spec's are ignored,
        // as Open311 clients add their own.
        let form: Open311Form
        do {
            form = try URLEncodedFormDecoder().decode(Open311Form.self, from: try call.text)
        } catch let problem as HTTPProblem {
            throw problem
        } catch {
            throw HTTPProblem(.badRequest, "invalid-form",
                              "the body is not a form this endpoint reads: name=value pairs joined by '&', each name once, percent-encoded as UTF-8 (\(error))")
        }
        return form.values
    }
}

/// The fields of an Open311 POST as a form: each optional, every value a string.
struct Open311Form: Decodable {
    var values: [String: String] = [:]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for name in Open311Routes.postFields where name != "attribute" {
            guard let key = Key(stringValue: name), container.contains(key) else { continue }
            values[name] = try container.decode(String.self, forKey: key)
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
