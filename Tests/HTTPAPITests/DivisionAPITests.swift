import Foundation
import Testing
import Ordinance
import Platform

/// Grid divisions over HTTP: proposed as CSV by the dividing body, taken on file by the
/// body the profile names; anyone else is refused with the article.
@Suite("Grid division API on a live server")
struct DivisionAPITests {
    @Test("Changji: the township government divides over HTTP, the county centre files it (第六条第一款); others are refused")
    func divideAndFile() async throws {
        let live = try await LiveServer(cities: ["changji"])
        defer { Task { await live.stop() } }
        let tenant = try live.deployment.open("changji")
        let day = Day("2025-06-01")!
        _ = try tenant.staff.addPerson(id: "CJ-G1", name: "阿依古丽", birthDate: Day("1985-03-01"), citizenship: "CN", phone: nil, on: day)
        _ = try tenant.staff.appoint("CJ-G1", role: "township_government", unit: "652301001000", department: nil, on: day)
        let token = try tenant.access.issueToken(staff: "CJ-G1").token
        try tenant.close()
        let csv = Data("code,name,kind,households,area\n652301001001003,延安南路社区第三网格,comprehensive,240,urban\n".utf8)
        let path = "/t/changji/api/v1/org/divisions?parent=652301001001"
        let byCentre = try await live.send("POST", path, token: live.token("changji", "CJ-0005"), raw: csv, contentType: "text/csv")
        #expect(byCentre.status == 403 && byCentre.rule == "actor-role")
        let divided = try await live.send("POST", path, token: token, raw: csv, contentType: "text/csv")
        #expect(divided.status == 201)
        let id = try #require((divided.object["division"] as? [String: Any])?["id"] as? String)
        #expect(divided.object["created"] as? [String] == ["652301001001003"])
        let bad = try await live.send("POST", "/t/changji/api/v1/org/divisions/\(id)/actions", token: token, json: ["action": "archive"])
        #expect(bad.status == 400 && bad.object["field"] as? String == "action")
        let filed = try await live.send("POST", "/t/changji/api/v1/org/divisions/\(id)/actions", token: live.token("changji", "CJ-0007"),
                                        json: ["action": "file", "note": "已备案"])
        #expect(filed.status == 200 && (filed.object["division"] as? [String: Any])?["status"] as? String == "filed")
        let shown = try await live.send("GET", "/t/changji/api/v1/org/divisions/\(id)", token: token)
        #expect((shown.object["history"] as? [[String: Any]])?.compactMap { $0["actor"] as? String } == ["CJ-G1", "CJ-0007"])
    }
}
