import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// Signing in and out of the console. A tenant admin issues the token
/// (`wangge -t <key> token issue`); the form exchanges it for a session cookie, so the
/// token itself never sits in the browser.
enum SignInPages {
    struct FormPage {
        var csrf: String
        var next: String
        var problem: String?
        var expired: Bool
    }

    struct SignInForm: Decodable, CSRFCarrying {
        var csrf: String?
        var token: String?
        var next: String?
    }

    struct SignOutForm: Decodable, CSRFCarrying {
        var csrf: String?
    }

    /// The sign-in form, with a fresh double-submit CSRF cookie.
    @Sendable static func form(_ call: Call) async throws -> Response {
        if call.session != nil, call.query("next") == nil { return see(ConsoleCookies.path(call), call) }
        let expired = call.session == nil && call.request.cookies[ConsoleCookies.session] != nil
        return try render(call, problem: nil, expired: expired, next: call.query("next"), status: .ok)
    }

    static func render(_ call: Call, problem: String?, expired: Bool, next: String?, status: HTTPResponse.Status) throws -> Response {
        let csrf = Secrets.random(bytes: 24)
        let (language, languages) = try Console.language(call)
        let page = FormPage(csrf: csrf, next: safeNext(next, call), problem: problem, expired: expired)
        let words = WebPage.words(call, language) ?? [:]
        var response = WebPage.response(try WebPage.render("sign-in", title: words["console_sign_in"] ?? "", page: page, language: language,
                                                           languages: languages, call: call), status: status)
        response.setCookie(ConsoleCookies.make(ConsoleCookies.signIn, csrf, maxAge: 3600, call))
        if expired { response.setCookie(ConsoleCookies.clear(ConsoleCookies.session, call)) }
        return response
    }

    /// Exchanges the token for a session. A wrong token counts against the address's
    /// failed authentications, as a wrong bearer token does.
    @Sendable static func signIn(_ call: Call) async throws -> Response {
        if let wait = call.limits.failedAuth?.check(call.client) {
            throw HTTPProblem.tooMany("too many failed sign-ins from this address", wait: wait)
        }
        let form = try ConsoleForms.decode(SignInForm.self, call, expected: call.request.cookies[ConsoleCookies.signIn]?.value)
        let session: WebSession
        do {
            session = try call.tenant.access.signIn(token: form.token ?? "", lifetime: call.settings.sessionLifetime, at: call.now)
        } catch let error as PlatformError where error.problems.first?.kind == .unauthorized {
            _ = call.limits.failedAuth?.spend(call.client)
            return try render(call, problem: error.problems.first?.message, expired: false, next: form.next, status: .unauthorized)
        }
        var response = see(safeNext(form.next, call), call)
        let seconds = max(1, Int(session.expiresAt.timeIntervalSince(call.now)))
        response.setCookie(ConsoleCookies.make(ConsoleCookies.session, session.secret, maxAge: seconds, call))
        response.setCookie(ConsoleCookies.clear(ConsoleCookies.signIn, call))
        return response
    }

    @Sendable static func signOut(_ call: Call) async throws -> Response {
        guard let session = call.session else { return redirect(call) }
        _ = try ConsoleForms.decode(SignOutForm.self, call, expected: session.csrf)
        try call.tenant.access.signOut(session.secret, at: call.now)
        var response = see(ConsoleCookies.path(call) + "/sign-in", call)
        response.setCookie(ConsoleCookies.clear(ConsoleCookies.session, call))
        return response
    }

    /// To the sign-in page, coming back here after (GET pages only: a form's data is not kept).
    static func redirect(_ call: Call) -> Response {
        let here = call.request.method == .get ? call.request.uri.path : ConsoleCookies.path(call)
        let next = here.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.~"))) ?? ""
        return see(ConsoleCookies.path(call) + "/sign-in?next=" + next, call)
    }

    /// Where to go after signing in: a console page of this tenant, never another site.
    static func safeNext(_ next: String?, _ call: Call) -> String {
        let console = ConsoleCookies.path(call)
        guard let next, next == console || next.hasPrefix(console + "/"), !next.contains("//"), !next.contains("\\"),
              !next.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }), !next.hasSuffix("/sign-in") else { return console }
        return next
    }

    static func see(_ location: String, _ call: Call) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
