import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// The cookies of the staff console, built and read with Hummingbird's `Cookie`: the
/// session, and the sign-in form's CSRF token (a double-submit cookie, since there is no
/// session yet to keep it in). Both are HttpOnly, SameSite=Lax, limited to the console's
/// path, and Secure when the request came over TLS (directly or through a proxy that says so).
enum ConsoleCookies {
    static let session = "wangge_session"
    static let signIn = "wangge_signin"

    /// Where the tenant's console lives: `/t/<key>/console`, or `/console` by host name.
    static func path(_ call: Call) -> String { WebPage.base(call) + "/console" }

    static func secure(_ call: Call) -> Bool {
        call.request.head.scheme == "https" || call.request.headers[.xForwardedProto]?.lowercased() == "https"
    }

    static func make(_ name: String, _ value: String, maxAge: Int, _ call: Call) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path(call), secure: secure(call), httpOnly: true, sameSite: .lax)
    }

    /// A cookie that tells the browser to forget `name`.
    static func clear(_ name: String, _ call: Call) -> Cookie { make(name, "", maxAge: 0, call) }
}

/// Reading console forms: URL-encoded with Hummingbird's decoder, and refused unless
/// they carry the CSRF token of the session (or of the sign-in cookie).
enum ConsoleForms {
    /// The form in the body, as `T`, checked against `expected` (the CSRF token this form must carry).
    static func decode<T: Decodable & CSRFCarrying>(_ type: T.Type, _ call: Call, expected: String?) throws -> T {
        let form: T
        do {
            form = try URLEncodedFormDecoder().decode(T.self, from: try call.text)
        } catch let problem as HTTPProblem {
            throw problem
        } catch {
            throw HTTPProblem(.badRequest, "malformed-form", "send the form as application/x-www-form-urlencoded")
        }
        guard let expected, let sent = form.csrf, Secrets.equal(sent, expected) else {
            throw HTTPProblem(.forbidden, "csrf", "this form is out of date or was not sent from this console; reload the page and send it again")
        }
        return form
    }
}

/// A form that carries a CSRF token.
protocol CSRFCarrying {
    var csrf: String? { get }
}

extension HTTPField.Name {
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
