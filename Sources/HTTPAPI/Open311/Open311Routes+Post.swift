import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform

extension Open311Routes {
    /// The answer to a POST: the request's id, or a token while an office finds the grid
    /// of a place that matched none.
    struct Receipt: Encodable {
        var serviceRequestId: String?
        var token: String?
        var serviceNotice: String?
        var accountId: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            if let token {
                try container.field(token, "token")
            } else {
                try container.field(serviceRequestId, "service_request_id")
            }
            try container.field(serviceNotice, "service_notice")
            try container.field(accountId, "account_id")
        }
    }

    /// Files a report from an Open311 client (form-encoded or JSON, as the spec allows)
    /// with the client's API key; the place is `lat`+`long`, `address_string` or
    /// `address_id` (a grid code or an address of the register).
    @Sendable static func post(_ call: Call) async throws -> Response {
        let fields = try Open311Fields(call)
        // The spec sends the key in the body; some clients (Python's open311) put it in the query.
        let apiKey = fields.text("api_key") ?? call.query("api_key")
        let client: Open311Client
        do {
            client = try call.tenant.open311.client(apiKey: apiKey)
        } catch {
            // A wrong key is a failed authentication: guessing keys is limited like guessing tokens.
            if apiKey != nil { _ = call.limits.failedAuth?.spend(call.client) }
            throw error
        }
        if let wait = call.limits.perToken?.spend("\(call.tenant.key)/\(client.keyId)") {
            throw HTTPProblem.tooMany("too many requests with this api_key", wait: wait)
        }
        guard let code = fields.text("service_code") else {
            throw HTTPProblem(.badRequest, "missing-field", "'service_code' is required", place: "service_code")
        }
        let lat = try fields.number("lat", -90...90)
        let long = try fields.number("long", -180...180)
        if (lat == nil) != (long == nil) {
            throw HTTPProblem(.badRequest, "missing-field", "a point is given as both 'lat' and 'long'", place: lat == nil ? "lat" : "long")
        }
        let consent: Bool
        switch fields.attributes["public_description"]?.lowercased() {
        case nil, "", "false", "0": consent = false
        case "true", "1": consent = true
        default: throw HTTPProblem(.badRequest, "invalid-field", "attribute[public_description] is true or false", place: "attribute[public_description]")
        }
        let name = [fields.text("last_name"), fields.text("first_name")].compactMap { $0 }.joined()
        let reporter = Reporter(channel: client.channel, name: name.isEmpty ? nil : name, phone: fields.text("phone"))
        let submission = Open311Submission(serviceCode: code, lat: lat, long: long, addressString: fields.text("address_string"),
                                           addressId: fields.text("address_id"), description: fields.text("description"),
                                           media: fields.media, reporter: reporter, publicDescription: consent)
        let outcome = try await call.tenant.open311.submit(submission, from: client, as: call.caller?.staffId,
                                                           idempotencyKey: call.request.headers[.idempotencyKey], at: call.now)
        let receipt: Receipt
        switch outcome {
        case .filed(let view):
            receipt = Receipt(serviceRequestId: view.state.id, serviceNotice: view.pending.first?.article, accountId: fields.text("account_id"))
        case .waiting(let token):
            receipt = Receipt(token: token, serviceNotice: "位置未能匹配本市网格，已转网格化工作机构确定网格；凭 token 查询请求编号",
                              accountId: fields.text("account_id"))
        }
        return try format(call).response([receipt], root: "service_requests", item: "request", timeZone: try timeZone(call), status: .created)
    }
}

/// The fields of an Open311 POST: `application/x-www-form-urlencoded` as the spec and
/// its clients send (read with Hummingbird's form decoder), or a JSON object. Empty
/// values count as absent; fields beyond the spec's are ignored, as clients add their own.
/// `attribute[code]=value` pairs are the service's attributes; `media_url` may be one link
/// or several (`media_url[]=…`, or a JSON list).
struct Open311Fields {
    static let names: Set<String> = ["service_code", "address_id", "address_string", "lat", "long", "description", "first_name",
                                     "last_name", "phone", "email", "device_id", "account_id", "api_key", "jurisdiction_id"]
    var values: [String: String] = [:]
    var attributes: [String: String] = [:]
    var media: [String] = []

    init(_ call: Call) throws {
        let type = call.request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("application/json") {
            let input = try call.json(keys: Self.names.union(["attribute", "media_url"]))
            for key in Self.names { values[key] = try input.string(key) }
            attributes = try input.stringMap("attribute")
            media = try (try? input.string("media_url")).map { [$0].compactMap { $0 } } ?? input.strings("media_url")
        } else if type.hasPrefix("application/x-www-form-urlencoded") || type.isEmpty {
            let form: Form
            do {
                form = try URLEncodedFormDecoder().decode(Form.self, from: try call.text)
            } catch let problem as HTTPProblem {
                throw problem
            } catch {
                throw HTTPProblem(.badRequest, "invalid-form",
                                  "the body is not a form this endpoint reads: name=value pairs joined by '&', each name once, percent-encoded as UTF-8")
            }
            values = form.values
            attributes = form.attributes
            media = form.media
        } else {
            throw HTTPProblem(.unsupportedMediaType, "media-type", "send the request as application/x-www-form-urlencoded or application/json")
        }
        values = values.compactMapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        media = media.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        for link in media {
            guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw HTTPProblem(.badRequest, "invalid-field", "media_url '\(link.prefix(100))' is not an http(s) link", place: "media_url")
            }
        }
        guard media.count <= 10 else { throw HTTPProblem(.badRequest, "invalid-field", "at most 10 media_url links", place: "media_url") }
    }

    func text(_ name: String) -> String? { values[name] }

    func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite, range.contains(number) else {
            throw HTTPProblem(.badRequest, "invalid-field", "'\(name)' is a number from \(range.lowerBound) to \(range.upperBound) (WGS 84 degrees)", place: name)
        }
        return number
    }

    /// The form as decoded: each spec field a string, attributes a map, media one or more links.
    struct Form: Decodable {
        var values: [String: String] = [:]
        var attributes: [String: String] = [:]
        var media: [String] = []

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: NameKey.self)
            for name in Open311Fields.names where container.contains(NameKey(name)) {
                values[name] = try container.decode(String.self, forKey: NameKey(name))
            }
            if container.contains(NameKey("attribute")) {
                attributes = try container.decode([String: String].self, forKey: NameKey("attribute"))
            }
            if container.contains(NameKey("media_url")) {
                if let one = try? container.decode(String.self, forKey: NameKey("media_url")) {
                    media = [one]
                } else {
                    media = try container.decode([String].self, forKey: NameKey("media_url"))
                }
            }
        }
    }
}
