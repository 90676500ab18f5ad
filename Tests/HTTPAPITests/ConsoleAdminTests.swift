import Foundation
import Testing
import HTTPAPI

/// The console pages of grid offices and deciders: org review, catalogue decisions and
/// imports that are previewed before they are applied.
@Suite("Console: org and catalogue administration")
struct ConsoleAdminTests {
    @Test("the grid office sees every grid with its staff and the understaffed ones first (第十三条第一款); a worker may not")
    func org() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let office = ConsoleClient(live, tenant: "lhasa")
        try await office.signIn(live.token("lhasa", "LS-0006"))
        let page = try await office.request("GET", "/console/org")
        #expect(page.status == 200)
        #expect(page.text.contains("冲赛康社区第二网格 has 0 专职网格员 (at least 1)"))
        #expect(page.text.contains("拉萨市网格化服务管理条例 第十三条第一款"))
        let flagged = try #require(page.text.range(of: "540102002001002"))
        let staffed = try #require(page.text.range(of: "540102002001001"))
        #expect(flagged.lowerBound < staffed.lowerBound)
        let worker = ConsoleClient(live, tenant: "lhasa")
        try await worker.signIn(live.token("lhasa", "LS-0003"))
        #expect(try await worker.request("GET", "/console/org").status == 403)
    }

    @Test("a department's application is approved by the 主管部门 through the console (第二十二条第二款); the office may not decide it")
    func decide() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let application: [String: Any] = ["action": "admit", "code": "LS-09", "names": ["zh": "寺庙周边安全隐患排查", "bo": "དགོན་པའི་ཁོར་ཡུག"],
                                          "category": "public-safety", "department": "public-security", "time_limit": "2 workdays", "reason": "节庆期间安全"]
        let applied = try await live.send("POST", "/t/lhasa/api/v1/catalogue/applications", token: live.token("lhasa", "LS-0007"), json: application)
        let id = try #require((applied.object["application"] as? [String: Any])?["id"] as? String)
        let office = ConsoleClient(live, tenant: "lhasa")
        try await office.signIn(live.token("lhasa", "LS-0006"))
        let officePage = try await office.request("GET", "/console/catalogue")
        let refused = try await office.request("POST", "/console/catalogue/applications/\(id)", form: [("csrf", officePage.csrf ?? ""), ("decision", "approve")])
        #expect(refused.status == 403 && refused.text.contains("第二十二条第二款"))
        let decider = ConsoleClient(live, tenant: "lhasa")
        try await decider.signIn(live.token("lhasa", "LS-0008"))
        let page = try await decider.request("GET", "/console/catalogue")
        #expect(page.text.contains("寺庙周边安全隐患排查") && page.text.contains(#"value="approve""#))
        let approved = try await decider.request("POST", "/console/catalogue/applications/\(id)", form: [("csrf", page.csrf ?? ""), ("decision", "approve")])
        #expect(approved.status == 303)
        #expect(try await live.send("GET", "/t/lhasa/api/v1/catalogue/items/LS-09").status == 200)
    }

    @Test("the county office previews an import (nothing written), submits it; the decider sees old → new and approves; the office reverts it")
    func importPreview() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let office = ConsoleClient(live, tenant: "lhasa")
        try await office.signIn(live.token("lhasa", "LS-0009"))
        let csv = try await live.send("GET", "/t/lhasa/api/v1/catalogue/export?format=csv", token: live.token("lhasa", "LS-0008")).text
        let amended = csv.replacingOccurrences(of: "公共安全隐患排查", with: "公共安全隐患排查整治")
        #expect(amended != csv)
        var page = try await office.request("GET", "/console/catalogue")
        let preview = try await office.request("POST", "/console/catalogue/import",
                                               form: [("csrf", page.csrf ?? ""), ("csv", amended), ("reason", "名称调整"), ("mode", "preview")])
        #expect(preview.status == 200 && preview.text.contains("LS-06") && preview.text.contains("name.zh: 公共安全隐患排查 → 公共安全隐患排查整治"))
        let item = { (try await live.send("GET", "/t/lhasa/api/v1/catalogue/items/LS-06").object["entry"] as? [String: Any])?["names"].map { "\($0)" } ?? "" }
        #expect(try await !item().contains("整治"))
        let broken = amended.replacingOccurrences(of: "public-security", with: "no-such-department")
        let refused = try await office.request("POST", "/console/catalogue/import",
                                               form: [("csrf", page.csrf ?? ""), ("csv", broken), ("reason", "名称调整"), ("mode", "preview")])
        #expect(refused.status == 422 && refused.text.components(separatedBy: "no-such-department").count > 2)
        let submitted = try await office.request("POST", "/console/catalogue/import",
                                                 form: [("csrf", page.csrf ?? ""), ("csv", amended), ("reason", "名称调整"), ("mode", "submit")])
        #expect(submitted.status == 200 && submitted.text.contains("已提交审定 <span class=\"code\">DR-"))
        #expect(try await !item().contains("整治"))

        let decider = ConsoleClient(live, tenant: "lhasa")
        try await decider.signIn(live.token("lhasa", "LS-0008"))
        page = try await decider.request("GET", "/console/catalogue")
        let id = try #require(page.text.firstMatch(of: /DR-\d{4}-\d{4}/)).0
        #expect(page.text.contains("name.zh: 公共安全隐患排查 → 公共安全隐患排查整治"))
        let approved = try await decider.request("POST", "/console/catalogue/applications/\(id)", form: [("csrf", page.csrf ?? ""), ("decision", "approve")])
        #expect(approved.status == 303)
        #expect(try await item().contains("整治"))
        // The archive records the token each step was entered with.
        let archived = try await live.send("GET", "/t/lhasa/api/v1/catalogue/imports/\(id)", token: live.token("lhasa", "LS-0008")).text
        #expect(archived.components(separatedBy: #""operated_by":"token:"#).count == 3)
        // The item's revisions side by side, the changed cell marked; the catalogue compared across days.
        let revisions = try await office.request("GET", "/console/catalogue/items/LS-06")
        #expect(revisions.status == 200 && revisions.text.contains("<mark>公共安全隐患排查整治</mark>") && revisions.text.contains("r2"))
        let compared = try await office.request("GET", "/console/catalogue?from=2020-01-01&to=2099-01-01")
        #expect(compared.text.components(separatedBy: "<li>纳入 <span class=\"code\">LS-").count == 9)

        page = try await office.request("GET", "/console/catalogue")
        #expect(page.text.contains(#"value="revert""#))
        let reverted = try await office.request("POST", "/console/catalogue/applications/\(id)",
                                                form: [("csrf", page.csrf ?? ""), ("decision", "revert"), ("note", "名称恢复")])
        #expect(reverted.status == 303)
        page = try await decider.request("GET", "/console/catalogue")
        let revert = try #require(page.text.matches(of: /DR-\d{4}-\d{4}/).map { String($0.0) }.first { $0 != String(id) })
        let undone = try await decider.request("POST", "/console/catalogue/applications/\(revert)", form: [("csrf", page.csrf ?? ""), ("decision", "approve")])
        #expect(undone.status == 303, "\(undone.text)")
        #expect(try await !item().contains("整治"))
    }
}
