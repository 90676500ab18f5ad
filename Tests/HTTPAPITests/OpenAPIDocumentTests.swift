import Foundation
import Testing
import Yams
@testable import HTTPAPI

/// The OpenAPI document says what the server serves: the same paths and methods, and
/// responses with the fields its schemas require.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    private var document: [String: Any] {
        get throws { try #require(try Yams.load(yaml: OpenAPIDocument.text) as? [String: Any]) }
    }

    @Test("every route served is documented, and every documented operation is served")
    func sameRoutes() async throws {
        let live = try await LiveServer(cities: [])
        defer { Task { await live.stop() } }
        let paths = try #require(try document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in
            operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        })
        let served = Set(live.server.routeTable.map { "\($0.method) \($0.path)" })
        #expect(documented.subtracting(served).sorted() == [])
        #expect(served.subtracting(documented).sorted() == [])
        #expect(try await live.send("GET", "/openapi.yaml").text == OpenAPIDocument.text)
    }

    /// The required fields of a schema in the document.
    private func required(_ schema: String) throws -> [String] {
        let schemas = try #require((try document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        return try #require((schemas[schema] as? [String: Any])?["required"] as? [String])
    }

    @Test("responses carry the fields the document's schemas require")
    func schemasHold() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let worker = live.token("lhasa", "LS-0003")
        let filed = try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: ["item": "LS-06", "grid": "540102002001001"])
        for field in try required("Case") { #expect(filed.object[field] != nil, "Case.\(field)") }
        let state = try #require(filed.object["state"] as? [String: Any])
        for field in try required("CaseState") { #expect(state[field] != nil, "CaseState.\(field)") }
        let page = try await live.send("GET", "/t/lhasa/api/v1/cases", token: worker)
        for field in try required("CasePage") { #expect(page.object[field] != nil, "CasePage.\(field)") }
        let problem = try await live.send("GET", "/t/lhasa/api/v1/cases")
        for field in try required("Problem") { #expect(problem.object[field] != nil, "Problem.\(field)") }
        let entry = try await live.send("GET", "/t/lhasa/api/v1/catalogue")
        for field in try required("CatalogueEntry") { #expect(entry.list.first?[field] != nil, "CatalogueEntry.\(field)") }
        let service = try await live.send("GET", "/t/lhasa/open311/v2/services.json")
        for field in try required("Open311Service") { #expect(service.list.first?[field] != nil, "Open311Service.\(field)") }
        let request = try await live.send("GET", "/t/lhasa/open311/v2/requests.json")
        for field in try required("Open311Request") { #expect(request.list.first?[field] != nil, "Open311Request.\(field)") }
    }

    @Test("every field name the API writes is snake_case; keys of maps (names by unit id, units by level) are data")
    func oneNamingConvention() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let office = live.token("lhasa", "LS-0006")
        let filed = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"),
                                        json: ["item": "LS-06", "grid": "540102002001001",
                                              "reporter": ["name": "张三", "phone": "13900000000"]])
        let id = try #require((filed.object["state"] as? [String: Any])?["id"] as? String)
        let paths = ["/healthz", "/t/lhasa/api/v1/me", "/t/lhasa/api/v1/cases", "/t/lhasa/api/v1/cases/\(id)",
                     "/t/lhasa/api/v1/cases/\(id)/history", "/t/lhasa/api/v1/org/units", "/t/lhasa/api/v1/org/units/540102002001001",
                     "/t/lhasa/api/v1/staff?all=true", "/t/lhasa/api/v1/staff/LS-0003", "/t/lhasa/api/v1/access-log",
                     "/t/lhasa/api/v1/archive/verification", "/t/lhasa/api/v1/catalogue", "/t/lhasa/api/v1/catalogue/publication",
                     "/t/lhasa/api/v1/catalogue/items/LS-06", "/t/lhasa/api/v1/catalogue/history", "/t/lhasa/api/v1/catalogue/applications",
                     "/t/lhasa/api/v1/assignments", "/t/lhasa/open311/v2/services.json", "/t/lhasa/open311/v2/requests.json",
                     "/t/lhasa/api/v1/cases/LS-1999-000001"]
        var offending: [String] = []
        func walk(_ value: Any, at path: String, isMap: Bool) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !isMap && key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil { offending.append("\(path).\(key)") }
                    walk(child, at: "\(path).\(key)", isMap: Self.maps.contains(key))
                }
            } else if let list = value as? [Any] {
                for child in list { walk(child, at: "\(path)[]", isMap: false) }
            }
        }
        for path in paths {
            let response = try await live.send("GET", path, token: path.contains("/open311/") ? nil : office)
            #expect(response.status < 500, "\(path)")
            walk(try JSONSerialization.jsonObject(with: response.body), at: path, isMap: false)
        }
        #expect(offending == [])
    }

    /// A form field that repeats is named with `[]` (`participants[]`), as HTML forms and Hummingbird's decoder write arrays.
    @Test("the document names every field in snake_case, in properties and in required lists")
    func documentConvention() throws {
        var offending: [String] = []
        func walk(_ value: Any, at path: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if key == "properties", let properties = child as? [String: Any] {
                        offending += properties.keys.filter { $0.range(of: #"^[a-z][a-z0-9_]*(\[\])?$"#, options: .regularExpression) == nil }
                            .map { "\(path).properties.\($0)" }
                    }
                    if key == "required", let names = child as? [String] {
                        offending += names.filter { $0.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil }
                            .map { "\(path).required.\($0)" }
                    }
                    walk(child, at: "\(path).\(key)")
                }
            } else if let list = value as? [Any] {
                for child in list { walk(child, at: "\(path)[]") }
            }
        }
        walk(try document, at: "")
        #expect(offending == [])
    }

    /// Fields whose value is a map keyed by data, not by field names.
    private static let maps: Set<String> = ["names", "units", "by_status"]

    @Test("health and Prometheus metrics: requests, latency, cases by state and overdue cases per tenant")
    func healthAndMetrics() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        #expect(try await live.send("GET", "/healthz").object["status"] as? String == "ok")
        _ = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"), json: ["item": "LS-06", "grid": "540102002001001"])
        let metrics = try await live.send("GET", "/metrics").text
        #expect(metrics.contains(#"wangge_http_requests_total{method="POST",route="/t/{tenant}/api/v1/cases",status="201"} 1"#))
        #expect(metrics.contains("wangge_http_request_duration_seconds_bucket"))
        #expect(metrics.contains(#"wangge_cases{tenant="lhasa",status="open"} 1"#))
        #expect(metrics.contains(#"wangge_cases_overdue{tenant="lhasa"} 0"#))
    }
}
