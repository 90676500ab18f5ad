import Foundation
import Testing

/// Cases over HTTP: who may see and do what, masking and the audit log, idempotent
/// reports, and versions for safe concurrent updates.
@Suite("Case API on a live server")
struct CaseAPITests {
    let report: [String: Any] = [
        "item": "LS-06", "grid": "540102002001001", "channel": "citizen", "note": "楼道堆放杂物",
        "reporter": ["name": "张三", "phone": "13900000000", "id_number": "540102199001011234"],
    ]

    @Test("a worker reports; a retry with the same key files nothing new; the key reused for another report is refused")
    func idempotentReport() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let worker = live.token("lhasa", "LS-0003")
        let first = try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: report, headers: ["Idempotency-Key": "k-1"])
        #expect(first.status == 201)
        let id = (first.object["state"] as? [String: Any])?["id"] as? String
        #expect(first.header("Location") == "/t/lhasa/api/v1/cases/\(id ?? "")")
        #expect(first.header("ETag") == "\"v1\"")
        let retry = try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: report, headers: ["Idempotency-Key": "k-1"])
        #expect(retry.status == 200)
        #expect((retry.object["state"] as? [String: Any])?["id"] as? String == id)
        var other = report
        other["note"] = "另一件事"
        let reused = try await live.send("POST", "/t/lhasa/api/v1/cases", token: worker, json: other, headers: ["Idempotency-Key": "k-1"])
        #expect(reused.status == 422 && reused.rule == "idempotency-key-reused")
        let list = try await live.send("GET", "/t/lhasa/api/v1/cases", token: worker)
        #expect((list.object["items"] as? [Any])?.count == 1)
    }

    @Test("Changji over HTTP: a report with no item goes to triage (第二十三条第一款); the centre files it under an item with the triage action")
    func triageOverHTTP() async throws {
        let live = try await LiveServer(cities: ["changji"])
        defer { Task { await live.stop() } }
        let raised = try await live.send("POST", "/t/changji/api/v1/cases", token: live.token("changji", "CJ-0002"),
                                         json: ["grid": "652301001001001", "channel": "citizen", "note": "小区门口道路塌陷"])
        #expect(raised.status == 201)
        let state = try #require(raised.object["state"] as? [String: Any])
        let id = try #require(state["id"] as? String)
        #expect(state["pending"] as? [String] == ["triage"])
        let centre = live.token("changji", "CJ-0005")
        let unknown = try await live.send("POST", "/t/changji/api/v1/cases/\(id)/actions", token: centre, json: ["action": "triage", "item": "CJ-99"])
        #expect(unknown.status == 422 && unknown.rule == "item-outside-catalogue")
        let filed = try await live.send("POST", "/t/changji/api/v1/cases/\(id)/actions", token: centre, json: ["action": "triage", "item": "CJ-05"])
        #expect(filed.status == 200)
        #expect((filed.object["state"] as? [String: Any])?["item"] as? String == "CJ-05")
        #expect((filed.object["state"] as? [String: Any])?["pending"] as? [String] == ["dispatch", "escalate"])
    }

    @Test("query values are percent-decoded once: ?grid=50%2525 asks for the grid '50%25'")
    func queryDecodedOnce() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let reply = try await live.send("GET", "/t/lhasa/api/v1/cases?grid=50%2525", token: live.token("lhasa", "LS-0006"))
        #expect(reply.status == 404)
        #expect((reply.object["detail"] as? String)?.contains("'50%25'") == true)
    }

    @Test("a worker sees only its grid's cases, personal data by tier; every access to personal data is logged")
    func scopeMaskingAudit() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let filed = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"), json: report)
        let id = try #require((filed.object["state"] as? [String: Any])?["id"] as? String)

        // LS-0005 is 网格长 of the second grid: another grid's case is refused, and not listed.
        let outsider = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0005"))
        #expect(outsider.status == 403 && outsider.rule == "forbidden")
        #expect(outsider.header("Content-Type")?.hasPrefix("application/problem+json") == true)
        let outsiderList = try await live.send("GET", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0005"))
        #expect((outsiderList.object["items"] as? [Any])?.isEmpty == true)

        // The worker of the grid sees name and phone; the ID number is masked.
        let worker = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0003"))
        let reporter = (worker.object["state"] as? [String: Any])?["reporter"] as? [String: Any]
        #expect(reporter?["name"] as? String == "张三" && reporter?["phone"] as? String == "13900000000")
        #expect(reporter?["id_number"] as? String == "5401**********1234")
        // The township office sees everything under it; the public-security handler sees nothing until dispatched.
        let office = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0006"))
        #expect(((office.object["state"] as? [String: Any])?["reporter"] as? [String: Any])?["id_number"] as? String == "540102199001011234")
        let handler = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0007"))
        #expect(handler.status == 403)

        let log = try await live.send("GET", "/t/lhasa/api/v1/access-log?subject=\(id)", token: live.token("lhasa", "LS-0006")).list
        #expect(try await live.send("GET", "/t/lhasa/api/v1/access-log", token: live.token("lhasa", "LS-0003")).status == 403)
        #expect(log.map { "\($0["staff_id"] as? String ?? "") \($0["action"] as? String ?? "") \(($0["fields"] as? [String] ?? []).joined(separator: ","))" } == [
            "LS-0006 case.show reporter_name,reporter_phone,reporter_id_number",
            "LS-0003 case.show reporter_name,reporter_phone",
            "LS-0003 case.show reporter_name,reporter_phone",  // the report's own response
        ])
    }

    @Test("acting on a version read earlier is refused with 412; the law's refusals carry the article")
    func versionsAndRefusals() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let filed = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"), json: report)
        let id = try #require((filed.object["state"] as? [String: Any])?["id"] as? String)
        let office = live.token("lhasa", "LS-0006")
        let accepted = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office, json: ["action": "accept"],
                                           headers: ["If-Match": "\"v1\""])
        #expect(accepted.status == 200 && accepted.header("ETag") == "\"v2\"")
        let stale = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office,
                                        json: ["action": "dispatch", "lead": "public-security"], headers: ["If-Match": "\"v1\""])
        #expect(stale.status == 412 && stale.rule == "version-mismatch")
        let wrongActor = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: live.token("lhasa", "LS-0003"),
                                             json: ["action": "dispatch", "lead": "public-security"])
        #expect(wrongActor.status == 403 && wrongActor.rule == "actor-role")
        #expect((wrongActor.object["article"] as? String)?.hasPrefix("拉萨市网格化服务管理条例 第") == true)
        let illegal = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office, json: ["action": "close"])
        #expect(illegal.status == 409 && illegal.rule == "illegal-transition")
        let dispatched = try await live.send("POST", "/t/lhasa/api/v1/cases/\(id)/actions", token: office,
                                             json: ["action": "dispatch", "lead": "public-security"], headers: ["If-Match": "\"v2\""])
        #expect(dispatched.status == 200)
        // Now the department sees the case it was dispatched.
        let handler = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0007"))
        #expect(handler.status == 200)
        let history = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)/history", token: office)
        #expect(history.list.map { $0["kind"] as? String } == ["report", "accept", "dispatch"])
    }

    @Test("bad requests get the right 4xx, name the field, and change nothing")
    func badRequests() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let worker = live.token("lhasa", "LS-0003")
        let path = "/t/lhasa/api/v1/cases"
        let malformed = try await live.send("POST", path, token: worker, raw: Data("{\"item\": ".utf8), contentType: "application/json")
        #expect(malformed.status == 400 && malformed.rule == "malformed-json")
        var wrongType = report
        wrongType["emergency"] = "yes"
        let typed = try await live.send("POST", path, token: worker, json: wrongType)
        #expect(typed.status == 400 && typed.rule == "wrong-type" && typed.object["field"] as? String == "emergency")
        var unknown = report
        unknown["priority"] = 1
        let extra = try await live.send("POST", path, token: worker, json: unknown)
        #expect(extra.status == 400 && extra.rule == "unknown-field" && extra.object["field"] as? String == "priority")
        var nested = report
        nested["reporter"] = ["name": "张三", "email": "x@example.com"]
        let nestedUnknown = try await live.send("POST", path, token: worker, json: nested)
        #expect(nestedUnknown.status == 400 && nestedUnknown.object["field"] as? String == "reporter.email")
        let missing = try await live.send("POST", path, token: worker, json: ["grid": "540102002001001"])
        #expect(missing.status == 400 && missing.rule == "missing-field" && missing.object["field"] as? String == "item")
        var huge = report
        huge["note"] = String(repeating: "很", count: 30_000)
        let tooLarge = try await live.send("POST", path, token: worker, json: huge)
        #expect(tooLarge.status == 413 && tooLarge.rule == "body-too-large")
        var outside = report
        outside["item"] = "LS-99"
        let law = try await live.send("POST", path, token: worker, json: outside)
        #expect(law.status == 422 && law.rule == "item-outside-catalogue" && (law.object["article"] as? String)?.contains("第二十二条") == true)
        let badQuery = try await live.send("GET", path + "?status=pending", token: worker)
        #expect(badQuery.status == 400 && badQuery.rule == "invalid-query" && badQuery.object["field"] as? String == "status")
        #expect(try await live.send("GET", path + "?limit=0", token: worker).status == 400)
        let method = try await live.send("DELETE", path, token: worker)
        #expect(method.status == 405)
        let list = try await live.send("GET", path, token: worker)
        #expect((list.object["items"] as? [Any])?.isEmpty == true)
    }
}
