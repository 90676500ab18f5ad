import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import Platform

/// The provincial host's overview at `/host`: every tenant of the deployment with its
/// profile version in force, health, case and overdue counts and onboarding status. Signed
/// in with a host token (`wangge tenant host-token issue`), exchanged for a session as
/// in a tenant's console; it opens no tenant's cases.
enum HostPages {
    static let sessionCookie = "wangge_host"
    static let signInCookie = "wangge_host_signin"

    static func all(pool: TenantPool) -> [Route] {
        [
            Route(.get, "/host/sign-in", auth: .none) { call in try form(call, pool: pool, problem: nil, status: .ok) },
            Route(.post, "/host/sign-in", auth: .none, maxBody: 8 * 1024) { call in try await signIn(call, pool: pool) },
            Route(.post, "/host/sign-out", auth: .none, maxBody: 8 * 1024) { call in try await signOut(call, pool: pool) },
            Route(.get, "/host", auth: .none) { call in try await overview(call, pool: pool) },
        ]
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int, _ call: Call) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/host", secure: ConsoleCookies.secure(call), httpOnly: true, sameSite: .lax)
    }

    static func session(_ call: Call, pool: TenantPool) -> HostSession? {
        guard let secret = call.request.cookies[sessionCookie]?.value else { return nil }
        return try? pool.deployment.hostSession(secret, at: call.now)
    }

    struct SignInPage {
        var csrf: String
        var problem: String?
    }

    static func form(_ call: Call, pool: TenantPool, problem: String?, status: HTTPResponse.Status) throws -> Response {
        if problem == nil, session(call, pool: pool) != nil { return SignInPages.see("/host", call) }
        let csrf = Secrets.random(bytes: 24)
        var response = WebPage.response(try render("host-sign-in", title: words(call.packs)["host_sign_in"] ?? "", page: SignInPage(csrf: csrf, problem: problem),
                                                   call: call, csrf: nil), status: status)
        response.setCookie(cookie(signInCookie, csrf, maxAge: 3600, call))
        return response
    }

    struct Form: Decodable, CSRFCarrying {
        var csrf: String?
        var token: String?
    }

    static func signIn(_ call: Call, pool: TenantPool) async throws -> Response {
        if let wait = call.limits.failedAuth?.check(call.client) {
            throw HTTPProblem.tooMany("too many failed sign-ins from this address", wait: wait)
        }
        let input: Form
        do {
            input = try ConsoleForms.decode(Form.self, call, expected: call.request.cookies[signInCookie]?.value)
        } catch let problem as HTTPProblem {
            return try page(call, problem: problem)
        }
        do {
            let session = try pool.deployment.hostSignIn(token: input.token ?? "", lifetime: call.settings.sessionLifetime, at: call.now)
            var response = SignInPages.see("/host", call)
            response.setCookie(cookie(sessionCookie, session.secret, maxAge: max(1, Int(session.expiresAt.timeIntervalSince(call.now))), call))
            response.setCookie(cookie(signInCookie, "", maxAge: 0, call))
            return response
        } catch let error as PlatformError {
            _ = call.limits.failedAuth?.spend(call.client)
            return try form(call, pool: pool, problem: error.problems.first?.message, status: .unauthorized)
        }
    }

    static func signOut(_ call: Call, pool: TenantPool) async throws -> Response {
        guard let session = session(call, pool: pool) else { return SignInPages.see("/host/sign-in", call) }
        do {
            _ = try ConsoleForms.decode(Form.self, call, expected: session.csrf)
        } catch let problem as HTTPProblem {
            return try page(call, problem: problem)
        }
        try pool.deployment.hostSignOut(session.secret, at: call.now)
        var response = SignInPages.see("/host/sign-in", call)
        response.setCookie(cookie(sessionCookie, "", maxAge: 0, call))
        return response
    }

    /// One tenant as the host sees it.
    struct Row {
        var key: String
        var name: String
        var hosts: String?
        var onboardedAt: String
        var inForce: String
        var versions: String
        var healthy: Bool
        var health: String
        var open: Int
        var closed: Int
        var overdue: Int
        var late: Bool
        var units: Int
        var grids: Int
        var staff: Int
        var items: Int
        var ready: Bool
        var missing: String
    }

    struct Overview {
        var rows: [Row]
        var tenants: Int
        var healthy: Int
        var open: Int
        var overdue: Int
    }

    static func overview(_ call: Call, pool: TenantPool) async throws -> Response {
        guard let session = session(call, pool: pool) else { return SignInPages.see("/host/sign-in", call) }
        var rows: [Row] = []
        for key in pool.keys {
            rows.append(await row(key, pool: pool))
        }
        let overview = Overview(rows: rows, tenants: rows.count, healthy: rows.filter(\.healthy).count,
                                open: rows.map(\.open).reduce(0, +), overdue: rows.map(\.overdue).reduce(0, +))
        return WebPage.response(try render("host", title: words(call.packs)["host_overview"] ?? "", page: overview, call: call, csrf: session.csrf))
    }

    /// A tenant's state, read on its own lane (opening it on a thread of its own if it is not open yet).
    static func row(_ key: String, pool: TenantPool) async -> Row {
        let words = words(pool.deployment.packs)
        var row = Row(key: key, name: "", hosts: nil, onboardedAt: "", inForce: "", versions: "", healthy: false, health: "", open: 0, closed: 0,
                      overdue: 0, late: false, units: 0, grids: 0, staff: 0, items: 0, ready: false, missing: "")
        do {
            var served = pool.openServed(key)
            if served == nil { served = try await NIOThreadPool.singleton.runIfActive { try pool.served(key) } }
            guard let served else {
                row.health = words["host_unregistered"] ?? ""
                return row
            }
            let facts = try await served.lane.run { () throws -> (TenantInfo, String, [VersionState], (byStatus: [String: Int], overdue: Int), Holdings) in
                let tenant = served.tenant
                return (tenant.info, try tenant.profile().ordinance.effective?.description ?? "", try tenant.versionStates(),
                        try tenant.cases.counts(), try tenant.holdings())
            }
            guard let (info, inForce, versions, counts, holdings) = facts else {
                row.health = words["host_busy"] ?? ""
                return row
            }
            row.name = info.displayName
            row.hosts = info.hosts.isEmpty ? nil : info.hosts.joined(separator: ", ")
            row.onboardedAt = info.onboardedAt
            row.inForce = inForce
            row.versions = versions.map { version in
                "\(version.effective) \(words[version.status] ?? version.status)" + (version.state == .recorded ? "" : " (\(words["version_\(version.state.rawValue)"] ?? version.state.rawValue))")
            }.joined(separator: "、")
            row.healthy = served.damage == nil
            row.health = served.damage.map { "\(words["host_damaged"] ?? ""): \($0)" } ?? (words["host_ok"] ?? "")
            (row.open, row.closed, row.overdue) = (counts.byStatus["open"] ?? 0, counts.byStatus["closed"] ?? 0, counts.overdue)
            row.late = counts.overdue > 0
            (row.units, row.grids, row.staff, row.items) = (holdings.units, holdings.grids, holdings.staff, holdings.items)
            row.ready = holdings.missing.isEmpty
            row.missing = holdings.missing.map { words["host_missing_\($0)"] ?? $0 }.joined(separator: "、")
        } catch {
            row.health = "\(words["host_unavailable"] ?? ""): \(error)"
        }
        return row
    }

    /// The host pages speak Chinese, the deployment's working language (no tenant's profile
    /// applies), in the words of the deployment's zh pack.
    static func words(_ packs: PackSource) -> [String: String] { packs.current().languages["zh"]?.webWords ?? [:] }

    struct HostHeader {
        var csrf: String?
    }

    static func render(_ template: String, title: String, page: Any, call: Call, csrf: String?) throws -> ByteBuffer {
        struct Context {
            var page: Any
            var words: [String: String]
            var language: String
            var pageTitle: String
            var host: HostHeader
            var content: String
        }
        var context = Context(page: page, words: words(call.packs), language: "zh", pageTitle: title, host: HostHeader(csrf: csrf), content: "")
        guard let content = WebPage.library.render(TemplateData.flatten(context), withTemplate: template) else {
            throw HTTPProblem(.internalServerError, "template", "no template '\(template)'")
        }
        context.content = content
        guard let html = WebPage.library.render(TemplateData.flatten(context), withTemplate: "host-layout") else {
            throw HTTPProblem(.internalServerError, "template", "no template 'host-layout'")
        }
        return ByteBuffer(string: html)
    }

    /// A refusal (bad form, CSRF) as a host page.
    static func page(_ call: Call, problem: HTTPProblem) throws -> Response {
        let first = problem.problems.first
        let page = WebPage.ErrorPage(status: Int(problem.status.code), title: problem.status.reasonPhrase, detail: first?.message ?? "",
                                     rule: first?.rule, article: first?.article)
        return WebPage.response(try render("error", title: "\(page.status) \(page.title)", page: page, call: call, csrf: nil), status: problem.status)
    }
}
