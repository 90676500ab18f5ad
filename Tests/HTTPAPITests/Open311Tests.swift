import Foundation
import Testing

/// Assignments over HTTP: only those involved, and grid offices, see a task.
@Suite("Assignments on a live server")
struct AssignmentAPITests {
    @Test("a worker refuses a task outside the catalogue; another worker cannot see it; the office can")
    func refuseAndSee() async throws {
        let live = try await LiveServer(cities: ["yongzhou"])
        defer { Task { await live.stop() } }
        let given = try await live.send("POST", "/t/yongzhou/api/v1/assignments", token: live.token("yongzhou", "YZ-0005"),
                                        json: ["worker": "YZ-0001", "matter": "协助拆除违章建筑"])
        #expect(given.status == 201)
        let id = try #require((given.object["assignment"] as? [String: Any])?["id"] as? String)
        let refused = try await live.send("POST", "/t/yongzhou/api/v1/assignments/\(id)/answers", token: live.token("yongzhou", "YZ-0001"),
                                          json: ["answer": "refuse", "note": "不在清单内"])
        #expect((refused.object["assignment"] as? [String: Any])?["status"] as? String == "refused")
        let insisted = try await live.send("POST", "/t/yongzhou/api/v1/assignments/\(id)/answers", token: live.token("yongzhou", "YZ-0005"),
                                           json: ["answer": "insist", "note": "必须完成"])
        #expect(insisted.status == 409 && insisted.rule == "refusal-final")
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/assignments/\(id)", token: live.token("yongzhou", "YZ-0003")).status == 403)
        #expect(try await live.send("GET", "/t/yongzhou/api/v1/assignments", token: live.token("yongzhou", "YZ-0003")).list.isEmpty)
        let office = try await live.send("GET", "/t/yongzhou/api/v1/assignments?status=refused", token: live.token("yongzhou", "YZ-0004"))
        #expect(office.list.map { $0["id"] as? String } == [id])
    }
}
