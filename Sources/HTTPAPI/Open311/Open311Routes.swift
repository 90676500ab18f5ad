import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Platform

/// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) per tenant: catalogue
/// items are services, cases are service requests. Every resource is served as `.xml`
/// (the spec's required format) and `.json`; errors are the spec's list of codes and
/// descriptions in the same format. Reads are public and carry no personal data; filing
/// needs an API key a tenant admin issued. FixMyStreet's `servicerequestupdates`
/// extension follows cases through the ordinance's steps.
enum Open311Routes {
    static let root = "/t/{tenant}/open311"
    static let base = root + "/v2"

    static var all: [Route] {
        var routes: [Route] = []
        for format in ["xml", "json"] {
            routes += [
                Route(.get, root + "/discovery.\(format)", auth: .none, discovery),
                Route(.get, base + "/discovery.\(format)", auth: .none, discovery),
                Route(.get, base + "/services.\(format)", auth: .none, services),
                Route(.get, base + "/services/{code}.\(format)", auth: .none, service),
                Route(.get, base + "/requests.\(format)", auth: .none, requests).heavyWork,
                Route(.post, base + "/requests.\(format)", auth: .optional, post).keyedWrites,
                Route(.get, base + "/requests/{id}.\(format)", auth: .none, request),
                Route(.get, base + "/tokens/{token}.\(format)", auth: .none, token),
                Route(.get, base + "/servicerequestupdates.\(format)", auth: .none, updates).heavyWork,
            ]
        }
        return routes
    }

    /// Whether a path is under a tenant's Open311 endpoint (`/t/<key>/open311/…`, or
    /// `/open311/…` on the tenant's host name), not the platform's own API.
    static func serves(_ path: String) -> Bool {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)[...]
        if parts.first == "t" { parts = parts.dropFirst(2) }
        return parts.first == "open311"
    }

    static func format(_ call: Call) -> Open311Format { Open311Format(path: call.request.uri.path) }

    static func timeZone(_ call: Call) throws -> TimeZone {
        TimeZone(identifier: try call.tenant.profile().calendar.timezone) ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    // MARK: discovery

    struct Discovery: Encodable {
        var changeset: Date
        var contact: String
        var keyService: String
        var endpoints: [Endpoint]

        struct Endpoint: Encodable {
            var specification = "http://wiki.open311.org/GeoReport_v2"
            var url: String
            var changeset: Date
            var type = "production"
            var formats = ["text/xml", "application/json"]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: NameKey.self)
                try container.encode(specification, forKey: NameKey("specification"))
                try container.encode(url, forKey: NameKey("url"))
                try container.encode(changeset, forKey: NameKey("changeset"))
                try container.encode(type, forKey: NameKey("type"))
                try container.encodeList(formats, forKey: "formats", item: "format", xml: encoder.userInfo[Open311Format.xmlKey] != nil)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            try container.encode(changeset, forKey: NameKey("changeset"))
            try container.encode(contact, forKey: NameKey("contact"))
            try container.encode(keyService, forKey: NameKey("key_service"))
            if encoder.userInfo[Open311Format.xmlKey] != nil {
                var nested = container.nestedContainer(keyedBy: NameKey.self, forKey: NameKey("endpoints"))
                try nested.encode(endpoints, forKey: NameKey("endpoint"))
            } else {
                try container.encode(endpoints, forKey: NameKey("endpoints"))
            }
        }
    }

    /// Service discovery: where this city's GeoReport v2 endpoint is, in which formats,
    /// since when unchanged, and how to get a key.
    @Sendable static func discovery(_ call: Call) async throws -> Response {
        let profile = try call.tenant.profile()
        let prefix = call.byHostName ? "" : "/t/\(call.tenant.key)"
        let host = call.request.head.authority.map { "http://\($0)" } ?? ""
        let changed = try call.tenant.catalogue.lastChange() ?? Date(timeIntervalSince1970: 0)
        let city = profile.ordinance.city.description
        let discovery = Discovery(
            changeset: changed, contact: "\(city)网格化服务管理信息平台（\(profile.ordinance.title.description)）",
            keyService: "API keys are issued by the city's tenant admin (wangge -t \(call.tenant.key) open311 key issue, or POST \(prefix)/api/v1/open311/keys)",
            endpoints: [Discovery.Endpoint(url: "\(host)\(prefix)/open311/v2", changeset: changed)])
        return try format(call).response(discovery, root: "discovery", timeZone: try timeZone(call))
    }

    // MARK: services

    struct Service: Encodable {
        var service_code: String
        var service_name: String
        var description: String
        var metadata = true
        var type = "realtime"
        var keywords: String
        var group: String
    }

    private static func language(_ call: Call) throws -> String {
        let profile = try call.tenant.profile()
        let asked = call.query("locale").map { String($0.prefix(2)) }
        return asked.flatMap { profile.publication.languages.contains($0) ? $0 : nil } ?? profile.publication.primaryLanguage
    }

    /// The catalogue as published (the current edition), in the asked language's words;
    /// encoded once per version of the publication.
    @Sendable static func services(_ call: Call) async throws -> Response {
        let profile = try call.tenant.profile()
        let language = try language(call)
        let format = format(call)
        let key = "open311-services/\(call.tenant.key)/\(language)/\(format.rawValue)/\(try call.tenant.catalogue.publicationVersion())"
        if let body = call.responses.value(key) { return format.respond(cached: body) }
        let publication = try call.tenant.catalogue.publication()
        let edition = publication.editions.first { $0.language == language } ?? publication.editions.first
        let keys = Dictionary(profile.catalogue.categories.map { ($0.name.text(in: language), $0.key) }, uniquingKeysWith: { a, _ in a })
        let services = (edition?.items ?? []).map { item in
            Service(service_code: item.code, service_name: item.name,
                    description: "\(item.department) · \(item.timeLimit)\(item.basis.map { " · \($0)" } ?? "")",
                    keywords: keys[item.category] ?? item.category, group: item.category)
        }
        let body = try format.encode(services, root: "services", item: "service", timeZone: try timeZone(call))
        call.responses.store(key, body)
        return format.respond(cached: body)
    }

    /// A service's definition: the one attribute every service has, the reporter's consent
    /// to show their description publicly.
    struct Definition: Encodable {
        var serviceCode: String
        var attributes: [Attribute]

        struct Attribute: Encodable {
            var code: String
            var description: String
            var datatypeDescription: String
            var values: [(key: String, name: String)]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: NameKey.self)
                try container.encode(true, forKey: NameKey("variable"))
                try container.encode(code, forKey: NameKey("code"))
                try container.encode("singlevaluelist", forKey: NameKey("datatype"))
                try container.encode(false, forKey: NameKey("required"))
                try container.encode(datatypeDescription, forKey: NameKey("datatype_description"))
                try container.encode(1, forKey: NameKey("order"))
                try container.encode(description, forKey: NameKey("description"))
                let entries = values.map { ["key": $0.key, "name": $0.name] }
                if encoder.userInfo[Open311Format.xmlKey] != nil {
                    var nested = container.nestedContainer(keyedBy: NameKey.self, forKey: NameKey("values"))
                    try nested.encode(entries, forKey: NameKey("value"))
                } else {
                    try container.encode(entries, forKey: NameKey("values"))
                }
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NameKey.self)
            try container.encode(serviceCode, forKey: NameKey("service_code"))
            if encoder.userInfo[Open311Format.xmlKey] != nil {
                var nested = container.nestedContainer(keyedBy: NameKey.self, forKey: NameKey("attributes"))
                try nested.encode(attributes, forKey: NameKey("attribute"))
            } else {
                try container.encode(attributes, forKey: NameKey("attributes"))
            }
        }
    }

    static let consent = Definition.Attribute(
        code: "public_description", description: "是否同意公开您对问题的描述（姓名、电话等个人信息从不公开）",
        datatypeDescription: "true：描述随请求公开；false 或不填：描述只供办理人员查看",
        values: [("true", "同意公开描述"), ("false", "不公开描述")])

    @Sendable static func service(_ call: Call) async throws -> Response {
        let code = call.parameter("code")
        guard try call.tenant.catalogue.isListed(code) else {
            throw HTTPProblem(.notFound, "unknown-item", "no service '\(code)' in the catalogue", place: "service_code")
        }
        return try format(call).response(Definition(serviceCode: code, attributes: [consent]), root: "service_definition",
                                         timeZone: try timeZone(call))
    }
}
