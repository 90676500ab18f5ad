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
        #expect(try await live.send("GET", "/t/city2023/api/v1/catalogue").status == 200)
        let versions = (try await live.send("GET", "/healthz").object["versions"] as? [String: Any])?["city2023"] as? [String: Any]
        #expect(versions?["in_force"] as? String == "2023-01-01" && versions?["next"] == nil)

        let file = root.appendingPathComponent("city2023/2027-01-01.yaml")
        let decision = Decision(title: "某市人民代表大会常务委员会关于修改《某市社会治理网格化服务管理条例》的决定", body: "某市人大常委会",
                                date: Day("2026-11-20"))
        try Adoption.adopt(try String(contentsOf: file, encoding: .utf8), file: "2027-01-01.yaml", decision: decision)
            .write(to: file, atomically: true, encoding: .utf8)
        var next: [String: Any]?
        for _ in 0..<50 where next == nil {
            try await Task.sleep(for: .milliseconds(200))
            _ = try await live.send("GET", "/t/city2023/api/v1/catalogue")  // the tenant is opened anew with the versions now there
            next = ((try await live.send("GET", "/healthz").object["versions"] as? [String: Any])?["city2023"] as? [String: Any])?["next"] as? [String: Any]
        }
        #expect(next?["effective"] as? String == "2027-01-01")
        #expect((next?["decision"] as? String)?.hasPrefix(decision.title) == true)
        #expect((next?["days_left"] as? Int ?? 0) > 0)
    }
}
