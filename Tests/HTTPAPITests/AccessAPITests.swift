import Foundation
import Testing
import Platform

/// Tenants are walls, and tokens open only their own tenant.
@Suite("Routing and tokens on a live server")
struct AccessAPITests {
    @Test("missing, malformed, unknown, expired, revoked and foreign-tenant tokens are all 401")
    func tokens() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let path = "/t/lhasa/api/v1/cases"
        #expect(try await live.send("GET", path).status == 401)
        #expect(try await live.send("GET", path, headers: ["Authorization": "Basic abc"]).status == 401)
        #expect(try await live.send("GET", path, token: "wg_not-a-token").status == 401)
        let foreign = try await live.send("GET", path, token: live.token("yongzhou", "YZ-0004"))
        #expect(foreign.status == 401 && foreign.rule == "unauthorized" && foreign.header("WWW-Authenticate") != nil)
        #expect(try await live.send("GET", path, token: live.token("lhasa", "LS-0006")).status == 200)

        let tenant = try live.deployment.open("lhasa")
        let old = try tenant.access.issueToken(staff: "LS-0006", validFor: 1, at: Date().addingTimeInterval(-2 * 86_400))
        let revoked = try tenant.access.issueToken(staff: "LS-0006")
        _ = try tenant.access.revokeToken(revoked.id)
        try tenant.close()
        let expired = try await live.send("GET", path, token: old.token)
        #expect(expired.status == 401 && (expired.object["detail"] as? String) == "the token has expired")
        #expect(try await live.send("GET", path, token: revoked.token).object["detail"] as? String == "the token was revoked")
    }

    @Test("unknown tenants and path tricks are 404 without opening any tenant; host names route to their tenant")
    func routing() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"], hosts: ["lhasa": ["wangge.lasa.example"]])
        defer { Task { await live.stop() } }
        for path in ["/t/beijing/api/v1/catalogue", "/t/..%2F..%2Fetc/api/v1/catalogue", "/t/LHASA/api/v1/catalogue",
                     "/t/lhasa/api/v2/catalogue", "/nothing"] {
            let reply = try await live.send("GET", path)
            #expect(reply.status == 404, "\(path)")
        }
        let health = try await live.send("GET", "/healthz")
        #expect(health.object["open"] as? Int == 0)
        // The end of the national calendar is announced before time limits run into it.
        let horizon = try #require(live.deployment.nationalCalendarHorizon())
        #expect(health.object["calendar_known_through"] as? String == horizon.lastDay.description)
        let warnings = health.object["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("notice for \(horizon.lastDay.year + 1)") } == (horizon.daysLeft < 60))
        #expect(health.status == 200)
        let byHost = try await live.send("GET", "/api/v1/catalogue", headers: ["Host": "wangge.lasa.example"])
        #expect(byHost.status == 200 && byHost.list.first?["code"] as? String == "LS-01")
        #expect(try await live.send("GET", "/healthz").object["open"] as? Int == 1)
    }

    @Test("a tenant whose database is damaged fails alone")
    func failingTenant() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let file = live.folder.appendingPathComponent("tenants/yongzhou.sqlite")
        try Data("not a database".utf8).write(to: file)
        let broken = try await live.send("GET", "/t/yongzhou/api/v1/catalogue")
        #expect(broken.status == 503 && broken.rule == "tenant-unavailable")
        #expect(broken.text.contains(live.folder.path) == false)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/catalogue").status == 200)
    }

    @Test("catalogue over HTTP: public reads; a department applies and the 主管部门 approves")
    func catalogue() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let application: [String: Any] = ["action": "admit", "code": "LS-09", "names": ["zh": "寺庙周边安全隐患排查", "bo": "དགོན་པའི་ཁོར་ཡུག"],
                                          "category": "public-safety", "department": "public-security", "time_limit": "2 workdays",
                                          "reason": "节庆期间安全"]
        let applied = try await live.send("POST", "/t/lhasa/api/v1/catalogue/applications", token: live.token("lhasa", "LS-0007"), json: application)
        #expect(applied.status == 201)
        let id = try #require((applied.object["application"] as? [String: Any])?["id"] as? String)
        let wrong = try await live.send("POST", "/t/lhasa/api/v1/catalogue/applications/\(id)/decisions", token: live.token("lhasa", "LS-0006"),
                                        json: ["decision": "approve"])
        #expect(wrong.status == 403 && (wrong.object["article"] as? String) == "拉萨市网格化服务管理条例 第二十二条第二款")
        let approved = try await live.send("POST", "/t/lhasa/api/v1/catalogue/applications/\(id)/decisions", token: live.token("lhasa", "LS-0008"),
                                           json: ["decision": "approve"])
        #expect(approved.status == 200)
        let items = try await live.send("GET", "/t/lhasa/api/v1/catalogue")
        #expect(items.list.map { $0["code"] as? String }.contains("LS-09"))
        let publication = try await live.send("GET", "/t/lhasa/api/v1/catalogue/publication")
        #expect((publication.object["editions"] as? [[String: Any]])?.map { $0["language"] as? String } == ["zh", "bo"])
    }

    @Test("org units and staff: grid offices keep them, workers only read units; the profile's rules still apply")
    func orgAndStaff() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let office = live.token("lhasa", "LS-0006")
        let worker = live.token("lhasa", "LS-0003")
        let grid: [String: Any] = ["parent": "540102002001", "name": "第三网格", "kind": "comprehensive", "code": "540102002001003", "households": 260]
        let refused = try await live.send("POST", "/t/lhasa/api/v1/org/grids", token: worker, json: grid)
        #expect(refused.status == 403 && refused.rule == "forbidden")
        let added = try await live.send("POST", "/t/lhasa/api/v1/org/grids", token: office, json: grid)
        #expect(added.status == 201)
        let again = try await live.send("POST", "/t/lhasa/api/v1/org/grids", token: office, json: grid)
        #expect(again.status == 409 && again.rule == "duplicate-unit")
        var badCode = grid
        badCode["code"] = "123"
        badCode["name"] = "第四网格"
        let invalid = try await live.send("POST", "/t/lhasa/api/v1/org/grids", token: office, json: badCode)
        #expect(invalid.status == 422 && (invalid.object["article"] as? String)?.contains("第十一条") == true)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/org/units/540102002001003", token: worker).object["name"] as? String == "第三网格")
        #expect(try await live.send("GET", "/t/lhasa/api/v1/staff", token: worker).status == 403)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/staff/LS-0003", token: worker).status == 200)
        let staff = try await live.send("GET", "/t/lhasa/api/v1/staff", token: office)
        #expect(staff.list.count == 9)
        let trained = try await live.send("POST", "/t/lhasa/api/v1/staff/LS-0004/trainings", token: office, json: ["passed_on": "2025-05-20"])
        #expect(trained.status == 201)
        let badDate = try await live.send("POST", "/t/lhasa/api/v1/staff/LS-0004/trainings", token: office, json: ["passed_on": "2025-13-01"])
        #expect(badDate.status == 400 && badDate.object["field"] as? String == "passed_on")
        let archive = try await live.send("GET", "/t/lhasa/api/v1/archive/verification", token: office)
        #expect(archive.object["problems"] as? [String] == [])
    }
}
