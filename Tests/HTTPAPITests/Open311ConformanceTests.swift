import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// GeoReport v2 as the spec words it (wiki.open311.org/GeoReport_v2), on a live server:
/// every resource in XML and JSON, the spec's errors and status codes, API keys, the three
/// ways of locating a request, the request list's filters, and the updates extension
/// FixMyStreet follows.
@Suite("Open311 GeoReport v2 conformance on a live server")
struct Open311ConformanceTests {
    static let form = "application/x-www-form-urlencoded"

    /// The XML document's elements at `path` (e.g. `/services/service/service_code`), as text.
    static func xml(_ reply: LiveServer.Reply, _ path: String) throws -> [String] {
        let document = try XMLDocument(data: reply.body)
        return try document.nodes(forXPath: path).map { $0.stringValue ?? "" }
    }

    static func lhasa() async throws -> (LiveServer, key: String) {
        let live = try await LiveServer(cities: ["lhasa", "luzhou"])
        let admin = live.token("lhasa", "LS-0006")
        let boundaries = try Data(contentsOf: ordinances.appendingPathComponent("lhasa/sample/boundaries.geojson"))
        #expect(try await live.send("PUT", "/t/lhasa/api/v1/org/boundaries", token: admin, raw: boundaries, contentType: "application/geo+json").status == 200)
        let addresses = try LiveServer.sample("lhasa", "addresses.csv")
        #expect(try await live.send("POST", "/t/lhasa/api/v1/org/addresses", token: admin, raw: Data(addresses.utf8), contentType: "text/csv").status == 200)
        let issued = try await live.send("POST", "/t/lhasa/api/v1/open311/keys", token: admin, json: ["client": "FixMyStreet", "channel": "platform"])
        #expect(issued.status == 201)
        return (live, try #require(issued.object["api_key"] as? String))
    }

    @Test("discovery, services and service definitions in both formats")
    func discoveryAndServices() async throws {
        let (live, _) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        for path in ["/t/lhasa/open311/discovery.xml", "/t/lhasa/open311/v2/discovery.xml"] {
            let discovery = try await live.send("GET", path)
            #expect(discovery.header("Content-Type")?.hasPrefix("text/xml") == true)
            #expect(try Self.xml(discovery, "/discovery/endpoints/endpoint/specification") == ["http://wiki.open311.org/GeoReport_v2"])
            #expect(try Self.xml(discovery, "/discovery/endpoints/endpoint/formats/format") == ["text/xml", "application/json"])
            #expect(try Self.xml(discovery, "/discovery/endpoints/endpoint/url").first?.hasSuffix("/t/lhasa/open311/v2") == true)
            #expect(try !Self.xml(discovery, "/discovery/changeset").isEmpty && !Self.xml(discovery, "/discovery/key_service").isEmpty)
        }
        let json = try await live.send("GET", "/t/lhasa/open311/discovery.json")
        #expect((json.object["endpoints"] as? [[String: Any]])?.first?["formats"] as? [String] == ["text/xml", "application/json"])

        let services = try await live.send("GET", "/t/lhasa/open311/v2/services.xml")
        #expect(try Self.xml(services, "/services/service/service_code").count == 8)
        #expect(try Self.xml(services, "/services/service[service_code='LS-01']/service_name") == ["政策法规宣传"])
        let tibetan = try await live.send("GET", "/t/lhasa/open311/v2/services.json?locale=bo")
        #expect(tibetan.list.first?["service_name"] as? String == "སྲིད་ཇུས་དང་ཁྲིམས་སྲོལ་དྲིལ་བསྒྲགས།")
        for field in ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"] {
            #expect(tibetan.list.allSatisfy { $0[field] != nil }, "services.json lists \(field)")
        }
        let definition = try await live.send("GET", "/t/lhasa/open311/v2/services/LS-06.xml")
        #expect(try Self.xml(definition, "/service_definition/service_code") == ["LS-06"])
        #expect(try Self.xml(definition, "/service_definition/attributes/attribute/code") == ["public_description"])
        #expect(try Self.xml(definition, "/service_definition/attributes/attribute/values/value/key") == ["true", "false"])
        let unknown = try await live.send("GET", "/t/lhasa/open311/v2/services/LS-99.xml")
        #expect(unknown.status == 404)
        #expect(try Self.xml(unknown, "/errors/error/code") == ["404"])
        let unknownJSON = try await live.send("GET", "/t/lhasa/open311/v2/services/LS-99.json")
        #expect(unknownJSON.status == 404 && unknownJSON.list.first?["code"] as? Int == 404 && unknownJSON.list.first?["description"] is String)
    }

    @Test("filing: 403 without a valid key, 404 for an unknown service, 400 for bad input; a point lands in the grid that holds it")
    func filing() async throws {
        let (live, key) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        let path = "/t/lhasa/open311/v2/requests.xml"
        let missing = try await live.send("POST", path, raw: Data("service_code=LS-06&lat=29.652&long=91.132".utf8), contentType: Self.form)
        #expect(missing.status == 403)
        #expect(try Self.xml(missing, "/errors/error/code") == ["403"])
        let wrong = try await live.send("POST", path, raw: Data("service_code=LS-06&lat=29.652&long=91.132&api_key=nope".utf8), contentType: Self.form)
        #expect(wrong.status == 403)
        let unknown = try await live.send("POST", path, raw: Data("service_code=LS-99&lat=29.652&long=91.132&api_key=\(key)".utf8), contentType: Self.form)
        #expect(unknown.status == 404)
        let badPoint = try await live.send("POST", path, raw: Data("service_code=LS-06&lat=129&long=91.132&api_key=\(key)".utf8), contentType: Self.form)
        #expect(badPoint.status == 400)
        #expect(try Self.xml(badPoint, "/errors/error/description").first?.contains("lat") == true)
        let nowhere = try await live.send("POST", path, raw: Data("service_code=LS-06&api_key=\(key)".utf8), contentType: Self.form)
        #expect(nowhere.status == 400)

        // As FixMyStreet sends it: lat/long always, names, email, a photo, an attribute.
        let body = "service_code=LS-06&lat=29.652&long=91.136&description=%E6%A5%BC%E9%81%93%E5%A0%86%E7%89%A9&first_name=%E4%B8%89&last_name=%E5%BC%A0"
            + "&email=a%40b.cn&phone=13900000000&media_url=https%3A%2F%2Fexample.org%2F1.jpg&attribute%5Bpublic_description%5D=true&api_key=\(key)&jurisdiction_id=lhasa"
        let posted = try await live.send("POST", path, raw: Data(body.utf8), contentType: Self.form)
        #expect(posted.status == 201)
        let id = try #require(try Self.xml(posted, "/service_requests/request/service_request_id").first)
        let followed = try await live.send("GET", "/t/lhasa/open311/v2/requests/\(id).xml")
        #expect(try Self.xml(followed, "/service_requests/request/address_id") == ["540102002001002"])
        #expect(try Self.xml(followed, "/service_requests/request/lat") == ["29.652"])
        #expect(try Self.xml(followed, "/service_requests/request/media_url") == ["https://example.org/1.jpg"])
        #expect(try Self.xml(followed, "/service_requests/request/description") == ["楼道堆物"])
        #expect(!followed.text.contains("13900000000") && !followed.text.contains("张") && !followed.text.contains("a@b.cn"))
        let fields = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
                      "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                      "lat", "long", "media_url"]
        let json = try await live.send("GET", "/t/lhasa/open311/v2/requests/\(id).json")
        let request = try #require(json.list.first)
        for field in fields { #expect(request.keys.contains(field), "requests/{id}.json lists \(field)") }
        #expect(request["expected_datetime"] is String && request["zipcode"] is NSNull)

        // The staff API shows who filed it: the client of the key.
        let staff = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0006"))
        let state = try #require(staff.object["state"] as? [String: Any])
        #expect((state["origin"] as? [String: Any])?["client"] as? String == "FixMyStreet")
        #expect((state["reporter"] as? [String: Any])?["channel"] as? String == "platform")

        // Without consent the description stays with the staff.
        let quiet = try await live.send("POST", "/t/lhasa/open311/v2/requests.json",
                                        raw: Data("service_code=LS-06&address_string=%E5%86%B2%E8%B5%9B%E5%BA%B7%E5%B7%B715%E5%8F%B7&description=%E8%B5%B5%E5%85%AD&api_key=\(key)".utf8),
                                        contentType: Self.form)
        let quietId = try #require(quiet.list.first?["service_request_id"] as? String)
        let shown = try await live.send("GET", "/t/lhasa/open311/v2/requests/\(quietId).json")
        #expect(shown.list.first?["description"] is NSNull && shown.list.first?["address_id"] as? String == "540102002001001"
                && !shown.text.contains("赵六"))
    }

    @Test("a place that matches no grid waits under a token until an office places it — never a default grid")
    func tokens() async throws {
        let (live, key) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        // In the hole of 鲁固社区第一网格 (a compound outside the grids).
        let posted = try await live.send("POST", "/t/lhasa/open311/v2/requests.xml",
                                         raw: Data("service_code=LS-06&lat=29.649&long=91.129&api_key=\(key)".utf8), contentType: Self.form)
        #expect(posted.status == 201)
        let token = try #require(try Self.xml(posted, "/service_requests/request/token").first)
        #expect(try Self.xml(posted, "/service_requests/request/service_request_id").isEmpty)
        let before = try await live.send("GET", "/t/lhasa/open311/v2/tokens/\(token).xml")
        #expect(try Self.xml(before, "/service_requests/request/service_request_id") == [""])
        let office = live.token("lhasa", "LS-0006")
        let waiting = try await live.send("GET", "/t/lhasa/api/v1/open311/unlocated", token: office)
        #expect(waiting.list.map { $0["token"] as? String } == [token])
        let worker = try await live.send("GET", "/t/lhasa/api/v1/open311/unlocated", token: live.token("lhasa", "LS-0003"))
        #expect(worker.status == 403)
        let placed = try await live.send("POST", "/t/lhasa/api/v1/open311/unlocated/\(token)/placement", token: office,
                                         json: ["grid": "540102002002001", "note": "院落归鲁固社区第一网格"])
        #expect(placed.status == 201)
        let id = try #require(placed.object["case_id"] as? String)
        let after = try await live.send("GET", "/t/lhasa/open311/v2/tokens/\(token).json")
        #expect(after.list.first?["service_request_id"] as? String == id)
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/tokens/nope.xml").status == 404)
    }

    @Test("the request list: defaults, comma lists, ids overriding, inclusive end, closed outcomes with notes, paging")
    func requestList() async throws {
        let (live, key) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        var ids: [String] = []
        for _ in 0..<3 {
            let posted = try await live.send("POST", "/t/lhasa/open311/v2/requests.json",
                                             raw: Data("service_code=LS-06&address_id=540102002001001&api_key=\(key)".utf8), contentType: Self.form)
            ids.append(try #require(posted.list.first?["service_request_id"] as? String))
        }
        // An office rejects one (不予受理): it is listed as closed, with the step in status_notes.
        let office = live.token("lhasa", "LS-0006")
        #expect(try await live.send("POST", "/t/lhasa/api/v1/cases/\(ids[0])/actions", token: office, json: ["action": "accept"]).status == 200)
        let rejected = try await live.send("POST", "/t/lhasa/api/v1/cases/\(ids[0])/actions", token: office,
                                           json: ["action": "reject", "reason": "不属于网格化服务管理事项"])
        #expect(rejected.status == 200)
        let closed = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=closed")
        #expect(closed.list.map { $0["service_request_id"] as? String } == [ids[0]])
        #expect((closed.list.first?["status_notes"] as? String)?.contains("rejected") == true)
        let both = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=open,closed&service_code=LS-06,LS-01")
        #expect(both.list.count == 3)
        // Empty parameters count as absent.
        let empty = try await live.send("GET", "/t/lhasa/open311/v2/requests.xml?status=&service_code=&start_date=&end_date=&jurisdiction_id=")
        #expect(try Self.xml(empty, "/service_requests/request/service_request_id").count == 3)
        // service_request_id overrides every other filter.
        let byId = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?service_request_id=\(ids[1]),\(ids[2])&status=closed&service_code=LS-01")
        #expect(Set(byId.list.compactMap { $0["service_request_id"] as? String }) == [ids[1], ids[2]])
        // end_date is inclusive to the second, fractional seconds are read, a window in the past is empty.
        let reported = try #require(both.list.first?["requested_datetime"] as? String)
        let atSecond = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?end_date=\(reported.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(!atSecond.list.isEmpty)
        let past = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?start_date=2020-01-01T00:00:00.250%2B08:00&end_date=2020-01-02T00:00:00Z")
        #expect(past.status == 200 && past.list.isEmpty)
        let page = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?page_size=2&page=2")
        #expect(page.list.count == 1)
        let bad = try await live.send("GET", "/t/lhasa/open311/v2/requests.xml?start_date=yesterday")
        #expect(bad.status == 400)
        #expect(try Self.xml(bad, "/errors/error/code") == ["400"])
    }

    @Test("servicerequestupdates: each step as an update with an extended status, in XML as FixMyStreet reads it")
    func updates() async throws {
        let (live, key) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        let posted = try await live.send("POST", "/t/lhasa/open311/v2/requests.json",
                                         raw: Data("service_code=LS-06&lat=29.652&long=91.132&api_key=\(key)".utf8), contentType: Self.form)
        let id = try #require(posted.list.first?["service_request_id"] as? String)
        let office = live.token("lhasa", "LS-0006")
        #expect(try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office, json: ["action": "accept"]).status == 200)
        #expect(try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office,
                                    json: ["action": "reject", "reason": "张三家事，不属于网格事项"]).status == 200)
        let updates = try await live.send("GET", "/t/lhasa/open311/v2/servicerequestupdates.xml")
        #expect(try Self.xml(updates, "/service_request_updates/request_update[service_request_id='\(id)']/status") == ["OPEN", "INVESTIGATING", "NOT_COUNCILS_RESPONSIBILITY"])
        #expect(try Self.xml(updates, "/service_request_updates/request_update/update_id").count == 3)
        // Staff notes may name people: updates carry the step and its article, never the note.
        #expect(!updates.text.contains("张三"))
        let window = try await live.send("GET", "/t/lhasa/open311/v2/servicerequestupdates.json?start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z")
        #expect(window.status == 200 && window.list.isEmpty)
    }

    @Test("keys: issued, listed and revoked by grid offices; a revoked key is refused; Luzhou's 第十六条 decides which channels a key may use")
    func keys() async throws {
        let (live, key) = try await Self.lhasa()
        defer { Task { await live.stop() } }
        let office = live.token("lhasa", "LS-0006")
        // A client's retry with the same Idempotency-Key files once; another client's same key is its own.
        let other = try #require(try await live.send("POST", "/t/lhasa/api/v1/open311/keys", token: office,
                                                     json: ["client": "12345热线", "channel": "citizen"]).object["api_key"] as? String)
        var filed: [String] = []
        for apiKey in [key, key, other] {
            let reply = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: Data("service_code=LS-06&address_id=540102002001001&api_key=\(apiKey)".utf8),
                                            contentType: Self.form, headers: ["Idempotency-Key": "retry-1"])
            filed.append(try #require(reply.list.first?["service_request_id"] as? String))
        }
        #expect(filed[0] == filed[1] && filed[0] != filed[2])
        let listed = try await live.send("GET", "/t/lhasa/api/v1/open311/keys", token: office)
        let id = try #require(listed.list.first?["id"] as? String)
        #expect(listed.list.count == 2 && !listed.text.contains(key) && !listed.text.contains(other))
        #expect(try await live.send("POST", "/t/lhasa/api/v1/open311/keys", token: live.token("lhasa", "LS-0003"), json: ["client": "x"]).status == 403)
        #expect(try await live.send("DELETE", "/t/lhasa/api/v1/open311/keys/\(id)", token: office).status == 200)
        let refused = try await live.send("POST", "/t/lhasa/open311/v2/requests.json",
                                          raw: Data("service_code=LS-06&lat=29.652&long=91.132&api_key=\(key)".utf8), contentType: Self.form)
        #expect(refused.status == 403)
        // A key of one tenant is worthless at another.
        let issued = try await live.send("POST", "/t/luzhou/api/v1/open311/keys", token: live.token("luzhou", "LZ-0006"),
                                         json: ["client": "区级部门系统", "channel": "unit"])
        let unitKey = try #require(issued.object["api_key"] as? String)
        let crossed = try await live.send("POST", "/t/lhasa/open311/v2/requests.json",
                                          raw: Data("service_code=LS-06&lat=29.652&long=91.132&api_key=\(unitKey)".utf8), contentType: Self.form)
        #expect(crossed.status == 403)
        // Luzhou's report step takes reports from workers, citizens and the platform (第十六条), not from a unit's system.
        let luzhou = try await live.send("POST", "/t/luzhou/open311/v2/requests.xml",
                                         raw: Data("service_code=LZ-04&address_id=510502001001001&api_key=\(unitKey)".utf8), contentType: Self.form)
        #expect(luzhou.status == 400)
        #expect(try Self.xml(luzhou, "/errors/error/description").first?.contains("第十六条") == true)
    }
}
