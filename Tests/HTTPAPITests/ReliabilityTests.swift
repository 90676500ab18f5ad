import Foundation
import HTTPAPI
import Ordinance
import Platform
import Testing

/// No request stops the server, one tenant never stalls or leaks into another, and the
/// server follows the registry. Each test is one of the attacks the reliability review ran.
@Suite("Reliability on a live server")
struct ReliabilityTests {
    static let form = "application/x-www-form-urlencoded"

    @Test("malformed forms and queries are 400s, and every city is served after them")
    func malformedInput() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        // The one-byte body that took every city down, and its relatives.
        for body in ["=", "&", "==", "=&=", "%", "%ZZ=1", "service_code=%E4", "a[=1", "attribute[]]=x", "service_code=LS-06&service_code=LS-01",
                     String(repeating: "a[", count: 500) + "=1"] {
            let reply = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: Data(body.utf8), contentType: Self.form)
            #expect((400..<500).contains(reply.status), "body \(body): \(reply.status)")
        }
        let reply = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: Data([0xFF, 0xFE, 0x3D]), contentType: Self.form)
        #expect(reply.status == 400)
        // Query values are decoded once: '%2565' is '%65', not 'e'.
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=op%2565n").status == 400)
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=open&status=closed").status == 400)
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=open").status == 200)
        #expect(try await live.send("GET", "/t/yongzhou/open311/v2/services.json").status == 200)
        #expect(try await live.send("GET", "/healthz").status == 200)
    }

    @Test("one Host header per request; an absolute-form target routes by its own authority; 405 says what is allowed")
    func httpHygiene() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"], hosts: ["lhasa": ["lasa.example"], "yongzhou": ["yongzhou.example"]])
        defer { Task { await live.stop() } }
        let twoHosts = try await RawConnection.exchange(port: live.port, "GET /api/v1/catalogue HTTP/1.1\r\nHost: lasa.example\r\nHost: yongzhou.example\r\nConnection: close\r\n\r\n")
        #expect(twoHosts.hasPrefix("HTTP/1.1 400"))
        #expect(twoHosts.contains("only one Host header"))
        let noHost = try await RawConnection.exchange(port: live.port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(noHost.hasPrefix("HTTP/1.1 400"))
        let absolute = try await RawConnection.exchange(port: live.port,
            "GET http://yongzhou.example/api/v1/catalogue HTTP/1.1\r\nHost: lasa.example\r\nConnection: close\r\n\r\n")
        #expect(absolute.hasPrefix("HTTP/1.1 200") && absolute.contains("YZ-") && !absolute.contains("LS-0"))

        let wrongMethod = try await live.send("DELETE", "/t/lhasa/api/v1/catalogue")
        #expect(wrongMethod.status == 405 && wrongMethod.header("Allow")?.contains("GET") == true)
    }

    @Test("key guesses and token guesses are limited per client with 429 and Retry-After; a client's key has its own limit")
    func rateLimits() async throws {
        var settings = ServerSettings()
        settings.rates.perToken = (perSecond: 0.01, burst: 3)
        settings.rates.failedAuthPerClient = (perSecond: 0.01, burst: 5)
        let live = try await LiveServer(cities: ["lhasa"], settings: settings)
        defer { Task { await live.stop() } }
        let key = try #require(try await live.send("POST", "/t/lhasa/api/v1/open311/keys", token: live.token("lhasa", "LS-0006"),
                                                   json: ["client": "FixMyStreet"]).object["api_key"] as? String)
        let report = Data("service_code=LS-06&address_id=540102002001001&description=x&api_key=\(key)".utf8)
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: report, contentType: Self.form).status)
        }
        #expect(statuses == [201, 201, 201, 429, 429])
        let limited = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: report, contentType: Self.form)
        #expect((limited.list.first?["description"] as? String)?.contains("rate-limited") == true && Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        // Wrong keys count as failed authentications from the address.
        for guess in 0..<5 {
            let wrong = Data("service_code=LS-06&address_id=540102002001001&api_key=guess\(guess)".utf8)
            #expect(try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: wrong, contentType: Self.form).status == 403)
        }
        #expect(try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: report, contentType: Self.form).status == 429)
    }

    @Test("token guesses are limited per client with 429 and Retry-After")
    func tokenGuesses() async throws {
        var settings = ServerSettings()
        settings.rates.failedAuthPerClient = (perSecond: 0.01, burst: 5)
        let live = try await LiveServer(cities: ["lhasa"], settings: settings)
        defer { Task { await live.stop() } }
        for guess in 0..<5 {
            #expect(try await live.send("GET", "/t/lhasa/api/v1/cases", token: "wg_guess\(guess)").status == 401)
        }
        // Past the limit even a good token from that address waits: guessing gets no faster.
        let blocked = try await live.send("GET", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0006"))
        #expect(blocked.status == 429 && blocked.header("Retry-After") != nil)
    }

    @Test("the server follows the registry within a second: a removed tenant is gone, one onboarded again is served from its new file")
    func followsRegistry() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let token = live.token("yongzhou", "YZ-0005")
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/cases", token: token).status == 200)
        try live.deployment.remove("yongzhou", deleteData: true)
        try await Task.sleep(for: .milliseconds(1_200))
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/cases", token: token).status == 404)
        let filed = try await live.send("POST", "/t/yongzhou/open311/v2/requests.json", raw: Data("service_code=YZ-01&address_id=x".utf8),
                                        contentType: Self.form)
        #expect(filed.status == 404)
        #expect(!FileManager.default.fileExists(atPath: live.folder.appendingPathComponent("tenants/yongzhou.sqlite").path))

        _ = try live.deployment.onboard(key: "yongzhou", profileFolder: ordinances.appendingPathComponent("yongzhou"), hosts: [],
                                        on: Day("2025-06-01")!)
        let tenant = try live.deployment.open("yongzhou")
        _ = try tenant.org.importUnits(csv: try LiveServer.sample("yongzhou", "units.csv"), file: "units.csv", on: Day("2025-06-01")!)
        _ = try tenant.staff.importStaff(csv: try LiveServer.sample("yongzhou", "staff.csv"), file: "staff.csv", on: Day("2025-06-01")!)
        let fresh = try tenant.access.issueToken(staff: "YZ-0005").token
        try tenant.close()
        try await Task.sleep(for: .milliseconds(1_200))
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/cases", token: fresh).status == 200)
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/cases", token: token).status == 401)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/catalogue").status == 200)
    }

    @Test("a tenant whose file fails its integrity check is read-only, reported in /healthz and /metrics; the others write on")
    func damagedTenant() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        try corruptDataPages(live.folder.appendingPathComponent("tenants/yongzhou.sqlite"))
        let write = try await live.send("POST", "/t/yongzhou/api/v1/cases", token: live.token("yongzhou", "YZ-0001"),
                                        json: ["item": "YZ-01", "grid": "YZ-431102001001-01"])
        #expect(write.status == 503 && write.rule == "tenant-damaged")
        let health = try await live.send("GET", "/healthz")
        #expect(health.status == 503 && health.object["status"] as? String == "degraded")
        #expect(health.object["damaged"] as? [String] == ["yongzhou"])
        #expect(try await live.send("GET", "/metrics").text.contains("wangge_tenant_damaged{tenant=\"yongzhou\"} 1"))
        let other = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"),
                                        json: ["item": "LS-06", "grid": "540102002001001"])
        #expect(other.status == 201)
    }

    @Test("connections: a client over its limit is refused, idle and half-sent heads are closed, a trickled body times out")
    func connections() async throws {
        var settings = LiveServer.testSettings
        settings.connections.perClient = 4
        settings.connections.idle = .milliseconds(6_000)
        settings.connections.body = .milliseconds(1_000)
        let live = try await LiveServer(cities: ["lhasa"], settings: settings)
        defer { Task { await live.stop() } }
        // Each held connection has had one answer, so the server has counted it; then it is idle.
        let held = try (0..<4).map { _ in try RawConnection(port: live.port) }
        for connection in held {
            let answer = try await connection.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
        let refused = await (try RawConnection(port: live.port)).receive(within: 10)
        #expect(refused.closed && refused.text.hasPrefix("HTTP/1.1 503"))
        // The held ones say nothing more: the server closes each once it has been idle for 6 s.
        var idleEnds: [(text: String, closed: Bool)] = []
        for connection in held { idleEnds.append(await connection.receive(within: 12)) }
        #expect(idleEnds.allSatisfy { $0.closed && $0.text.isEmpty })
        let half = try RawConnection(port: live.port)
        try half.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let halfEnd = await half.receive(within: 9)
        #expect(halfEnd.closed && halfEnd.text.isEmpty)

        let slow = try RawConnection(port: live.port)
        try slow.send("POST /t/lhasa/open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: \(Self.form)\r\nContent-Length: 100\r\n\r\nservice_")
        let slowEnd = await slow.receive(within: 3)
        #expect(slowEnd.closed)
        // A client that went away mid-body is not a server error in the metrics.
        let metrics = try await live.send("GET", "/metrics").text
        #expect(!metrics.contains("status=\"500\""))
        #expect(try await live.send("GET", "/healthz").status == 200)
    }

    @Test("masking never shows more than half of a value; an out-of-scope action is refused without saying where the case is")
    func leaks() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let filed = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"),
                                        json: ["item": "LS-06", "grid": "540102002001001", "channel": "citizen",
                                               "reporter": ["name": "张三", "phone": "13900000000", "id_number": "540102199"]])
        let id = try #require((filed.object["state"] as? [String: Any])?["id"] as? String)
        let reporter = (filed.object["state"] as? [String: Any])?["reporter"] as? [String: Any]
        #expect(reporter?["id_number"] as? String == "54*****99")
        let outsider = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: live.token("lhasa", "LS-0005"),
                                           json: ["action": "close"])
        #expect(outsider.status == 403 && outsider.rule == "forbidden")
        #expect(!outsider.text.contains("网格") && !outsider.text.contains("540102"))
    }
}

/// Overwrites the pages after the schema with garbage, leaving the header and schema (page 1)
/// readable, so the file opens but fails SQLite's integrity check.
func corruptDataPages(_ file: URL) throws {
    let handle = try FileHandle(forUpdating: file)
    defer { try? handle.close() }
    let size = try handle.seekToEnd()
    let pageSize: UInt64 = 4096
    guard size > pageSize * 4 else { return }
    var offset = pageSize * 2
    while offset + pageSize <= size {
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 512))
        offset += pageSize * 3
    }
}
