import Foundation
import HTTPTypes
import Hummingbird
import Kernel
import Ordinance
import Platform

/// One endpoint of the API: method, path template (`{name}` captures a segment, also
/// inside one, as in `{code}.json`), who may call it, and its handler. The table of
/// routes is what the server serves and what the OpenAPI test compares the document with.
struct Route: Sendable {
    enum Auth: Sendable {
        /// Anyone (health, metrics, the published catalogue, Open311 reads).
        case none
        /// A bearer token if one is given (Open311 reports: anonymous reports come from the platform).
        case optional
        /// A valid bearer token of the tenant.
        case staff
        /// The staff console: a session cookie if one is sent (pages without one send the
        /// browser to sign in); forms also carry the session's CSRF token.
        case session
    }

    var method: HTTPRequest.Method
    var path: String
    var auth: Auth
    /// The largest body accepted, in bytes.
    var maxBody: Int = 64 * 1024
    /// Work that reads or writes much of a tenant (verification, imports, exports, long
    /// lists): run on the tenant's heavy lane, which yields the processor to other work.
    var heavy = false
    /// Writes authenticated by a client key in the body (Open311's `api_key`): limited per
    /// key by the handler, and a wrong key counts as a failed authentication.
    var keyed = false
    var handle: @Sendable (Call) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, auth: Auth, maxBody: Int = 64 * 1024,
         _ handle: @escaping @Sendable (Call) async throws -> Response) {
        self.method = method
        self.path = path
        self.auth = auth
        self.maxBody = maxBody
        self.handle = handle
    }

    /// The same route, marked heavy.
    var heavyWork: Route {
        var route = self
        route.heavy = true
        return route
    }

    /// The same route, its writes authenticated by a client key.
    var keyedWrites: Route {
        var route = self
        route.keyed = true
        return route
    }

    /// Whether the route belongs to a tenant (`/t/{tenant}/…`).
    var isTenantRoute: Bool { path == "/t/{tenant}" || path.hasPrefix("/t/{tenant}/") }
}

/// What a handler gets: the request, the path's captures, the tenant, the caller and the body.
struct Call: Sendable {
    var request: Request
    var parameters: [String: String]
    /// The query string's values, decoded once.
    var queries: QueryString
    /// Whether the request came on the tenant's host name rather than under `/t/<key>/`.
    var byHostName = false
    var tenant: Tenant!
    var caller: Caller?
    /// The console session the request's cookie stands for, on `.session` routes.
    var session: WebSession?
    /// The client's address, and the server's limits and settings (sign-in spends the failed-authentication limit).
    var client: String
    var limits: RateLimiters
    var settings: ServerSettings
    /// The deployment's language and calendar packs (a tenant's call uses the tenant's own
    /// view of them, taken when it was opened).
    var packs: PackSource
    var body: ByteBuffer
    var responses: ResponseCache
    /// Public pages as rendered, kept a second.
    var pages: PageCache
    /// Console content and layouts as rendered, split where each caller's own text goes.
    var fragments: FragmentCache
    let now = Date()

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The packs this call uses: its tenant's, else the deployment's.
    var shelf: PackShelf { tenant?.packs ?? packs.current() }

    /// A query value; empty counts as absent, as in Open311 clients that send every parameter.
    func query(_ name: String) -> String? {
        queries.values[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    func intQuery(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPProblem(.badRequest, "invalid-query", "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)", place: name)
        }
        return number
    }

    /// An optional query value that must be one of an enumeration's raw values.
    func choiceQuery<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = query(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw HTTPProblem(.badRequest, "invalid-query", "'\(name)' is one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))", place: name)
        }
        return value
    }

    func boolQuery(_ name: String) throws -> Bool {
        switch query(name) {
        case nil, "false", "0": return false
        case "true", "1": return true
        default: throw HTTPProblem(.badRequest, "invalid-query", "'\(name)' is true or false", place: name)
        }
    }

    /// The caller; routes marked `.staff` always have one.
    /// How the archive names who entered a decision over HTTP: the bearer token (or the
    /// console session's token) used.
    var operatedBy: String? { (caller ?? session?.caller)?.tokenId.map { "token:\($0)" } }

    var requireCaller: Caller {
        get throws {
            guard let caller else { throw HTTPProblem(.unauthorized, "unauthorized", "this needs a bearer token (Authorization: Bearer …)") }
            return caller
        }
    }

    /// The caller's scope and tier.
    func access() throws -> Access { try tenant.access.scope(for: try requireCaller) }

    func json(keys: Set<String>) throws -> JSONInput { try JSONInput(body, keys: keys) }

    /// The body as UTF-8 text.
    var text: String {
        get throws {
            guard let text = String(bytes: body.readableBytesView, encoding: .utf8) else {
                throw HTTPProblem(.badRequest, "encoding", "the body is not UTF-8 text")
            }
            return text
        }
    }
}
