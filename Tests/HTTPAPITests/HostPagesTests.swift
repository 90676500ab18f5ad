import Foundation
import Testing
import HTTPAPI
import Platform

/// The provincial host's overview of a deployment, behind its own sign-in.
@Suite("Host overview on a live server")
struct HostPagesTests {
    @Test("the host signs in with a host token and sees every tenant: version in force, health, cases, overdue, onboarding")
    func overview() async throws {
        let live = try await LiveServer(cities: ["lhasa", "yongzhou"])
        defer { Task { await live.stop() } }
        _ = try await live.send("POST", "/t/lhasa/api/v1/cases", token: live.token("lhasa", "LS-0003"),
                                json: ["item": "LS-06", "grid": "540102002001001"])
        let host = ConsoleClient(live, tenant: "")
        let before = try await host.request("GET", "/host")
        #expect(before.status == 303 && before.location == "/host/sign-in")
        let token = try live.deployment.issueHostToken().token
        let form = try await host.request("GET", "/host/sign-in")
        let signedIn = try await host.request("POST", "/host/sign-in", form: [("csrf", form.csrf ?? ""), ("token", token)])
        #expect(signedIn.status == 303 && host.setCookies.contains { $0.hasPrefix("wangge_host=") && $0.contains("HttpOnly") })
        let page = try await host.request("GET", "/host")
        #expect(page.status == 200)
        #expect(page.text.contains(#"id="tenant-lhasa""#) && page.text.contains(#"id="tenant-yongzhou""#))
        #expect(page.text.contains("2023-11-01 现行"))  // Lhasa's version in force
        #expect(page.text.contains("<td>1 / 0</td>"))  // Lhasa: one open case, none closed
        #expect(page.text.contains("已就绪"))
        // A tenant's staff token is not a host token, and a host session opens no tenant's console.
        let staff = ConsoleClient(live, tenant: "")
        let refused = try await staff.request("POST", "/host/sign-in",
                                              form: [("csrf", (try await staff.request("GET", "/host/sign-in")).csrf ?? ""), ("token", live.token("lhasa", "LS-0008"))])
        #expect(refused.status == 401)
        let console = ConsoleClient(live, tenant: "lhasa")
        console.set("wangge_session", host.cookies["wangge_host"] ?? "")
        #expect(try await console.request("GET", "/console").status == 303)
    }

    @Test("revoking the host token ends its sessions; sign-out needs the session's CSRF token")
    func endings() async throws {
        let live = try await LiveServer(cities: ["lhasa"])
        defer { Task { await live.stop() } }
        let issued = try live.deployment.issueHostToken()
        let host = ConsoleClient(live, tenant: "")
        let form = try await host.request("GET", "/host/sign-in")
        _ = try await host.request("POST", "/host/sign-in", form: [("csrf", form.csrf ?? ""), ("token", issued.token)])
        #expect(try await host.request("POST", "/host/sign-out", form: [("csrf", "forged")]).status == 403)
        #expect(try await host.request("GET", "/host").status == 200)
        _ = try live.deployment.revokeHostToken(issued.id)
        #expect(try await host.request("GET", "/host").status == 303)
    }
}
