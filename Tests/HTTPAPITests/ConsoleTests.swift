import Foundation
import Testing
import Hummingbird
import Kernel
@testable import HTTPAPI
import Platform

/// The staff console on a live server: a token exchanged for a session cookie, the inbox
/// of the caller's scope, a case acted on through its forms, and what is refused.
@Suite("Staff console on a live server")
struct ConsoleTests {
    /// Reports a case in a Lhasa grid through the API, as the grid's worker; returns its id.
    func report(_ live: LiveServer, grid: String, as staff: String) async throws -> String {
        let body: [String: Any] = ["item": "LS-06", "grid": grid, "channel": "citizen", "reporter": ["name": "张三", "phone": "13900000000"]]
        let reply = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", staff), json: body)
        return (reply.object["state"] as? [String: Any])?["id"] as? String ?? ""
    }

    /// Files a report through the public form (the platform's channel), as a citizen; returns its case id.
    func filePublicly(_ live: LiveServer, grid: String) async throws -> String {
        let filed = try await live.send("POST", "/t/lhasa/report", raw: Data("item=LS-06&grid=\(grid)&note=%E5%99%AA%E9%9F%B3&name=%E5%BC%A0%E4%B8%89".utf8),
                                        contentType: "application/x-www-form-urlencoded")
        let receipt = filed.text
        guard let range = receipt.range(of: #"lhasa-\d{4}-\d{6}"#, options: .regularExpression) else { return "" }
        return String(receipt[range])
    }

    @Test("a worker signs in with a token; the session cookie is HttpOnly, SameSite and limited to the console; the inbox shows only their grid")
    func signInAndInbox() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let mine = try await report(live, grid: "540102002001001", as: "LS-0003")
        let other = try await filePublicly(live, grid: "540102002001002")
        let worker = ConsoleClient(live, tenant: "lhasa")
        let before = try await worker.request("GET", "/console")
        #expect(before.status == 303 && before.location == "/t/lhasa/console/sign-in?next=/t/lhasa/console")
        let signedIn = try await worker.signIn(live.token("lhasa", "LS-0003"))
        #expect(signedIn.status == 303 && signedIn.location == "/t/lhasa/console")
        let cookie = worker.setCookies.first { $0.hasPrefix("wangge_session=") } ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/t/lhasa/console"))
        #expect(!cookie.contains("wg_"))  // the session's own secret, never the token
        let inbox = try await worker.request("GET", "/console")
        #expect(inbox.status == 200)
        #expect(inbox.text.contains("扎西") && inbox.text.contains(mine))
        #expect(!inbox.text.contains(other))
        let foreign = try await worker.request("GET", "/console/cases/\(other)")
        #expect(!other.isEmpty && foreign.status == 403 && !foreign.text.contains("张三"))

        // A case overdue for acceptance: its 4 work hours are a local value, and the inbox and case page say so.
        let tenant = try live.deployment.open("lhasa")
        let late = try await tenant.cases.report(item: "LS-06", grid: "540102002001001", as: "LS-0003", reporter: Reporter(channel: .worker),
                                                 at: Date().addingTimeInterval(-7 * 86_400)).state.id
        try tenant.close()
        let overdue = try await worker.request("GET", "/console")
        #expect(overdue.text.contains(late) && overdue.text.contains("（本地时限，非条例规定）"))
        #expect(try await worker.request("GET", "/console/cases/\(late)").text.contains("（本地时限，非条例规定）"))
    }

    @Test("the case page offers only the steps the kernel allows this caller; acting redirects back; a refusal shows its rule and article")
    func actOnCase() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let id = try await report(live, grid: "540102002001001", as: "LS-0003")
        let office = ConsoleClient(live, tenant: "lhasa")
        try await office.signIn(live.token("lhasa", "LS-0006"))
        let page = try await office.request("GET", "/console/cases/\(id)")
        #expect(page.text.contains(#"id="action-accept""#) && !page.text.contains(#"id="action-resolve_on_site""#))
        #expect(page.text.contains("第十七条第一款"))  // the report's article in the timeline
        let csrf = try #require(page.csrf)
        let accepted = try await office.request("POST", "/console/cases/\(id)/actions",
                                                form: [("csrf", csrf), ("action", "accept"), ("version", "1"), ("note", "受理")])
        #expect(accepted.status == 303 && accepted.location == "/t/lhasa/console/cases/\(id)?done=accept")
        let dispatch = try await office.request("GET", "/console/cases/\(id)")
        #expect(dispatch.text.contains(#"id="action-dispatch""#) && dispatch.text.contains(#"<option value="public-security">"#))
        let refused = try await office.request("POST", "/console/cases/\(id)/actions",
                                               form: [("csrf", csrf), ("action", "dispatch"), ("version", "2"), ("lead", "no-such-unit")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("[unknown-department]") && refused.text.contains("拉萨市网格化服务管理条例 第十七条"))
        // A form read before someone else acted is refused, not applied to the newer case.
        let stale = try await office.request("POST", "/console/cases/\(id)/actions", form: [("csrf", csrf), ("action", "accept"), ("version", "1")])
        #expect(stale.status == 412 && stale.text.contains("[version-mismatch]"))
        // The worker sees the case masked by tier, and may not accept it.
        let worker = ConsoleClient(live, tenant: "lhasa")
        try await worker.signIn(live.token("lhasa", "LS-0007"))
        #expect(try await worker.request("GET", "/console/cases/\(id)").status == 403)  // not yet dispatched to public security
    }

    @Test("Changji: the township centre triages a matter not in the catalogue from its console: filed under a listed item, or answered (第二十六条)")
    func triageInConsole() async throws {
        let live = try await LiveServer(cities: ["changji"])
        defer { Task { await live.stop() } }
        var ids: [String] = []
        for note in ["小区门口道路塌陷", "要求查处无证经营"] {
            let raised = try await live.send("POST", "/t/changji/api/v1/cases", token: live.token("changji", "CJ-0002"),
                                             json: ["grid": "652301001001001", "channel": "citizen", "note": note])
            ids.append(try #require((raised.object["state"] as? [String: Any])?["id"] as? String))
        }
        let centre = ConsoleClient(live, tenant: "changji")
        try await centre.signIn(live.token("changji", "CJ-0005"))
        let page = try await centre.request("GET", "/console/cases/\(ids[0])")
        #expect(page.text.contains(#"id="action-triage""#) && page.text.contains(#"<option value="CJ-05">"#))
        let csrf = try #require(page.csrf)
        let filed = try await centre.request("POST", "/console/cases/\(ids[0])/actions",
                                             form: [("csrf", csrf), ("action", "triage"), ("version", "1"), ("item", "CJ-05")])
        #expect(filed.status == 303)
        #expect(try await centre.request("GET", "/console/cases/\(ids[0])").text.contains(#"id="action-dispatch""#))
        let answered = try await centre.request("POST", "/console/cases/\(ids[1])/actions",
                                                form: [("csrf", csrf), ("action", "triage"), ("version", "1"), ("item", ""), ("note", "属行政执法事项，已告知向市场监管部门反映")])
        #expect(answered.status == 303)
        #expect(try await centre.request("GET", "/console/cases/\(ids[1])").text.contains("已答复（不属于网格事项）"))
    }

    @Test("Lhasa: the worker's console offers the on-site check and a form to skip it with the reason (第十七条第二款 需要现场核实的)")
    func skipOptionalCheck() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let id = try await report(live, grid: "540102002001001", as: "LS-0003")
        let tenant = try live.deployment.open("lhasa")
        let now = Date()
        _ = try await tenant.cases.act(id, .accept(note: nil), as: "LS-0006", at: now)
        _ = try await tenant.cases.act(id, .dispatch(lead: "public-security", participants: [], note: nil), as: "LS-0006", at: now)
        _ = try await tenant.cases.act(id, .handle(unit: "public-security", result: "已处理"), as: "LS-0007", at: now)
        _ = try await tenant.cases.act(id, .feedBack(note: "已告知"), as: "LS-0003", at: now)
        try tenant.close()
        let worker = ConsoleClient(live, tenant: "lhasa")
        try await worker.signIn(live.token("lhasa", "LS-0003"))
        let page = try await worker.request("GET", "/console/cases/\(id)")
        #expect(page.text.contains(#"id="action-verify""#) && page.text.contains(#"id="action-skip-verify""#))
        let skipped = try await worker.request("POST", "/console/cases/\(id)/actions",
                                               form: [("csrf", try #require(page.csrf)), ("action", "skip"), ("step", "verify"), ("version", "5"),
                                                      ("note", "电话核实即可，无需现场核实")])
        #expect(skipped.status == 303)
        #expect(try await worker.request("GET", "/console/cases/\(id)").text.contains("无需此环节"))
    }

    @Test("a form without the session's CSRF token is refused and changes nothing; so is a sign-in without its cookie")
    func csrf() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let id = try await report(live, grid: "540102002001001", as: "LS-0003")
        let office = ConsoleClient(live, tenant: "lhasa")
        try await office.signIn(live.token("lhasa", "LS-0006"))
        for sent in [nil, "forged", ""] as [String?] {
            let form = [("action", "accept"), ("version", "1")] + (sent.map { [("csrf", $0)] } ?? [])
            let refused = try await office.request("POST", "/console/cases/\(id)/actions", form: form)
            #expect(refused.status == 403 && refused.text.contains("csrf"))
        }
        let state = try await live.send("GET", "/t/lhasa/api/v1/cases/\(id)", token: live.token("lhasa", "LS-0006"))
        #expect((state.object["state"] as? [String: Any])?["version"] as? Int == 1)
        // Signing in from a page the server never served (no double-submit cookie) is refused.
        let stranger = ConsoleClient(live, tenant: "lhasa")
        let forged = try await stranger.request("POST", "/console/sign-in", form: [("csrf", "x"), ("token", live.token("lhasa", "LS-0006"))])
        #expect(forged.status == 403 && stranger.cookies["wangge_session"] == nil)
    }

    @Test("expired, signed-out and revoked sessions are refused; a wrong token opens none")
    func sessionsEnd() async throws {
        var settings = LiveServer.testSettings
        settings.sessionLifetime = 1
        let live = try await LiveServer(cities: ["lhasa"], settings: settings)
        defer { Task { await live.stop() } }
        let worker = ConsoleClient(live, tenant: "lhasa")
        try await worker.signIn(live.token("lhasa", "LS-0003"))
        #expect(try await worker.request("GET", "/console").status == 200)
        try await Task.sleep(for: .milliseconds(1_300))
        let expired = try await worker.request("GET", "/console")
        #expect(expired.status == 303 && expired.location?.contains("/sign-in") == true)
        #expect(try await worker.request("GET", expired.location!.replacingOccurrences(of: "/t/lhasa", with: "")).text.contains("会话已过期"))

        let wrong = ConsoleClient(live, tenant: "lhasa")
        let refused = try await wrong.signIn("wg_not-a-token")
        #expect(refused.status == 401 && wrong.cookies["wangge_session"] == nil)
    }

    @Test("sign-out ends the session on the server, not only in the browser")
    func signOut() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let worker = ConsoleClient(live, tenant: "lhasa")
        try await worker.signIn(live.token("lhasa", "LS-0003"))
        let inbox = try await worker.request("GET", "/console")
        let secret = try #require(worker.cookies["wangge_session"])
        let out = try await worker.request("POST", "/console/sign-out", form: [("csrf", inbox.csrf ?? "")])
        #expect(out.status == 303 && worker.cookies["wangge_session"] == nil)
        worker.set("wangge_session", secret)  // a copy of the cookie kept elsewhere
        #expect(try await worker.request("GET", "/console").status == 303)
    }

    @Test("a session of one tenant opens nothing in another; sign-in never sends the browser off the console")
    func walls() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        let lhasa = ConsoleClient(live, tenant: "lhasa")
        try await lhasa.signIn(live.token("lhasa", "LS-0006"))
        let yongzhou = ConsoleClient(live, tenant: "yongzhou")
        yongzhou.set("wangge_session", lhasa.cookies["wangge_session"] ?? "")
        #expect(try await yongzhou.request("GET", "/console").status == 303)
        // A Lhasa token does not sign in to Yongzhou.
        #expect(try await yongzhou.signIn(live.token("lhasa", "LS-0006")).status == 401)
        for next in ["//evil.example/", "https://evil.example/", "/t/yongzhou/console", "/t/lhasa/console/../../yongzhou"] {
            let client = ConsoleClient(live, tenant: "lhasa")
            let form = try await client.request("GET", "/console/sign-in")
            let reply = try await client.request("POST", "/console/sign-in",
                                                 form: [("csrf", form.csrf ?? ""), ("token", live.token("lhasa", "LS-0006")), ("next", next)])
            #expect(reply.location == "/t/lhasa/console", "next=\(next)")
        }
    }

    @Test("a dispatch form names its participating units as participants[], and a missing reason is refused before the kernel")
    func formFields() throws {
        let dispatch = try URLEncodedFormDecoder().decode(CasePage.ActionInput.self,
                                                          from: "csrf=x&action=dispatch&lead=a&participants%5B%5D=b&participants%5B%5D=c")
        #expect(try CasePage.command(dispatch) == .dispatch(lead: "a", participants: ["b", "c"], note: nil))
        let reject = try URLEncodedFormDecoder().decode(CasePage.ActionInput.self, from: "csrf=x&action=reject&note=%20%20")
        #expect(throws: PlatformError.self) { try CasePage.command(reject) }
    }
}
