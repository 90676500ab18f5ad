import Foundation
import Testing

/// Open311 GeoReport v2: existing clients file and follow reports.
@Suite("Open311 GeoReport v2 on a live server")
struct Open311Tests {
    @Test("services are the catalogue; a form-encoded report is filed through the platform and can be followed without personal data")
    func fileAndFollow() async throws {
        let live = try await LiveServer(cities: ["lhasa", "luzhou"])
        defer { Task { await live.stop() } }
        let services = try await live.send("GET", "/t/lhasa/open311/v2/services.json")
        #expect(services.list.count == 8)
        #expect(services.list.first?["service_code"] as? String == "LS-01" && services.list.first?["service_name"] as? String == "政策法规宣传")
        let tibetan = try await live.send("GET", "/t/lhasa/open311/v2/services.json?locale=bo")
        #expect(tibetan.list.first?["service_name"] as? String == "སྲིད་ཇུས་དང་ཁྲིམས་སྲོལ་དྲིལ་བསྒྲགས།")
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/services/LS-06.json").object["service_code"] as? String == "LS-06")
        #expect(try await live.send("GET", "/t/lhasa/open311/v2/services/LS-99.json").status == 404)

        // The description names people: "赵六反映邻居王五家中漏水".
        let form = "service_code=LS-06&address_id=540102002001001&description=%E8%B5%B5%E5%85%AD%E5%8F%8D%E6%98%A0%E9%82%BB%E5%B1%85%E7%8E%8B%E4%BA%94%E5%AE%B6%E4%B8%AD%E6%BC%8F%E6%B0%B4&first_name=%E4%B8%89&last_name=%E5%BC%A0&phone=13900000000"
        let posted = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: Data(form.utf8),
                                         contentType: "application/x-www-form-urlencoded")
        #expect(posted.status == 201)
        let id = try #require(posted.list.first?["service_request_id"] as? String)
        let followed = try await live.send("GET", "/t/lhasa/open311/v2/requests/\(id).json")
        let request = try #require(followed.list.first)
        #expect(request["status"] as? String == "open" && request["service_code"] as? String == "LS-06")
        #expect(request["address_id"] as? String == "540102002001001")
        // Public reads show no personal data: not the reporter, and not free text that may name people.
        #expect(followed.text.contains("13900000000") == false && followed.text.contains("张") == false)
        let listed = try await live.send("GET", "/t/lhasa/open311/v2/requests.json?status=open&service_code=LS-06")
        #expect(listed.list.map { $0["service_request_id"] as? String } == [id])
        for read in [followed, listed] { #expect(!read.text.contains("赵六") && !read.text.contains("王五") && request["description"] == nil) }
        // The case entered the kernel as a report through the platform, and staff see it.
        let office = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0006"))
        #expect(((office.object["state"] as? [String: Any])?["reporter"] as? [String: Any])?["channel"] as? String == "platform")

        // Luzhou's 第十六条 says how workers report and does not restrict reports made online (before, refused with report-channel).
        let luzhou = try await live.send("POST", "/t/luzhou/open311/v2/requests.json", raw: Data("service_code=LZ-04&address_id=510502001001001".utf8),
                                         contentType: "application/x-www-form-urlencoded")
        #expect(luzhou.status == 201)
        let noGrid = try await live.send("POST", "/t/lhasa/open311/v2/requests.json", raw: Data("service_code=LS-06&lat=29.65&long=91.13".utf8),
                                         contentType: "application/x-www-form-urlencoded")
        #expect(noGrid.status == 400 && noGrid.object["field"] as? String == "address_id")
    }
}

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
