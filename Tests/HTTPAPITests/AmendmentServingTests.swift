import Foundation
import Testing
import Ordinance

/// A running server takes in an amendment adopted while it serves, without a restart.
@Suite("Amendments on a live server")
struct AmendmentServingTests {
    @Test("a draft adopted while the server runs is taken in within seconds: /healthz names it as the next version, with its decision")
    func adoptedWhileServing() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wangge-amendment-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ordinances.appendingPathComponent("city2023"), to: root.appendingPathComponent("city2023"))
        let live = try await LiveServer(cities: ["city2023"], profiles: root)
        defer { Task { await live.stop() } }
        // Before any request opens it, the tenant's versions are read from its folder.
        let versions = (try await live.send("GET", "/healthz").object["versions"] as? [String: Any])?["city2023"] as? [String: Any]
        #expect(versions?["in_force"] as? String == "2023-01-01" && versions?["next"] == nil)

        let file = root.appendingPathComponent("city2023/2027-01-01.yaml")
        let decision = Decision(title: "某市人民代表大会常务委员会关于修改《某市社会治理网格化服务管理条例》的决定", body: "某市人大常委会",
                                date: Day("2026-11-20"))
        try Adoption.adopt(try String(contentsOf: file, encoding: .utf8), file: "2027-01-01.yaml", decision: decision)
            .write(to: file, atomically: true, encoding: .utf8)
        var next: [String: Any]?
        _ = try await live.send("GET", "/t/city2023/api/v1/catalogue")  // open now: the pool follows the folder
        for _ in 0..<50 where next == nil {
            try await Task.sleep(for: .milliseconds(200))
            next = ((try await live.send("GET", "/healthz").object["versions"] as? [String: Any])?["city2023"] as? [String: Any])?["next"] as? [String: Any]
        }
        #expect(next?["effective"] as? String == "2027-01-01")
        #expect((next?["decision"] as? String)?.hasPrefix(decision.title) == true)
        #expect((next?["days_left"] as? Int ?? 0) > 0)
    }

    @Test("the console shows the versions, the one in force and the next, and two versions side by side with the article of each change")
    func consolePage() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let office = ConsoleClient(live, tenant: "lhasa")
        _ = try await office.signIn(live.token("lhasa", "LS-0006"))
        let page = try await office.request("GET", "/console/ordinance")
        #expect(page.status == 200)
        #expect(page.text.contains("条例版本") && page.text.contains("2023-11-01") && page.text.contains("草案"))
        // By default the version in force beside the latest other: the draft amendment.
        #expect(page.text.contains("<th scope=\"col\">2023-11-01</th><th scope=\"col\">2027-01-01</th>"))
        #expect(page.text.contains("<td>24h</td><td class=\"changed\"><mark>12h</mark></td><td class=\"article\">拉萨市网格化服务管理条例 第十七条第二款</td>"))
        let same = try await office.request("GET", "/console/ordinance?from=2023-11-01&to=2023-11-01")
        #expect(same.status == 200 && same.text.contains("两个版本内容相同"))
        let unknown = try await office.request("GET", "/console/ordinance?from=1999-01-01")
        #expect(unknown.status == 422 && unknown.text.contains("effective date of a version"))
    }
}
