import Foundation
import Testing

/// Complaints over HTTP: taken down by the handling body, seen only by it (and administrators).
@Suite("Complaint API on a live server")
struct ComplaintAPITests {
    @Test("Changji: the township centre files and handles a complaint; the worker complained about cannot read it (第十六条第二款)")
    func complaintVisibility() async throws {
        let live = try await LiveServer(cities: ["changji"])
        defer { Task { await live.stop() } }
        let centre = live.token("changji", "CJ-0005")
        let filed = try await live.send("POST", "/t/changji/api/v1/complaints", token: centre,
                                        json: ["about": "CJ-0002", "matter": "态度蛮横", "complainant": ["name": "李四", "phone": "13900000001"]])
        #expect(filed.status == 201)
        let id = try #require((filed.object["complaint"] as? [String: Any])?["id"] as? String)
        let byWorker = try await live.send("GET", "/t/changji/api/v1/complaints/\(id)", token: live.token("changji", "CJ-0002"))
        #expect(byWorker.status == 403 && !byWorker.text.contains("李四"))
        let workerList = try await live.send("GET", "/t/changji/api/v1/complaints", token: live.token("changji", "CJ-0002"))
        #expect(workerList.status == 200 && !workerList.text.contains(id))
        let shown = try await live.send("GET", "/t/changji/api/v1/complaints/\(id)", token: centre)
        #expect(shown.status == 200 && shown.text.contains("李四"))
        let handled = try await live.send("POST", "/t/changji/api/v1/complaints/\(id)/actions", token: centre,
                                          json: ["action": "dismiss", "result": "经核实不属实"])
        #expect(handled.status == 200 && (handled.object["complaint"] as? [String: Any])?["status"] as? String == "dismissed")
        let again = try await live.send("POST", "/t/changji/api/v1/complaints/\(id)/actions", token: centre,
                                        json: ["action": "uphold", "result": "改为属实"])
        #expect(again.status == 409 && again.rule == "complaint-closed")
    }
}
