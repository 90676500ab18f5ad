import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Platform
import Store

/// The request context: Hummingbird's core storage and the client's address, which the
/// rate limits key on.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let client: String
    /// True when the request came on a tenant's host name (`HostRouting` gave it the tenant's prefix).
    var byHostName = false

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// What every route's request goes through once Hummingbird's router has matched it
/// (`APIRouter`): the rate limits, the tenant (opened on first use), the rest of the
/// request on the tenant's own lane — authentication, the body within the route's limit,
/// the handler.
struct APIResponder: Sendable {
    let pool: TenantPool
    let metrics: APIMetrics
    let logger: Logger
    let limits: RateLimiters
    let settings: ServerSettings
    let responses = ResponseCache(capacity: 10_000)
    let pages = PageCache(capacity: 2_000)
    let fragments = FragmentCache(capacity: 10_000)

    init(pool: TenantPool, metrics: APIMetrics, settings: ServerSettings, logger: Logger) {
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
        self.settings = settings
        self.limits = RateLimiters(settings.rates)
    }

    /// Answers a request the router matched to `route`, with the path's captures (percent-decoded).
    func answer(_ request: Request, route: Route, parameters: [String: String], client: String, byHostName: Bool) async throws -> Response {
        var call = Call(request: request, parameters: parameters, queries: try QueryString(request.uri.query), byHostName: byHostName,
                        tenant: nil, caller: nil, session: nil, client: client, limits: limits, settings: settings, packs: pool.deployment.packs,
                        body: ByteBuffer(), responses: responses, pages: pages, fragments: fragments)
        let bearer = try Self.bearer(request, auth: route.auth)
        let cookie = route.auth == .session ? request.cookies[ConsoleCookies.session]?.value : nil
        try admit(bearer: bearer ?? cookie, client: client, method: request.method, keyed: route.keyed)
        guard route.isTenantRoute else {
            if request.method == .post { call.body = try await Self.collect(request.body, limit: route.maxBody) }
            return try await route.handle(call)
        }

        let key = parameters["tenant"] ?? ""
        let served = try await serve(key)
        if served.damage != nil, request.method != .get, request.method != .head {
            throw HTTPProblem(.serviceUnavailable, "tenant-damaged",
                              "tenant '\(key)' is read-only: its database failed an integrity check and the operator has been told")
        }
        call.tenant = served.tenant
        let prepared = call
        let lane = served.lane(for: route)
        let handled = try await lane.run {
            var call = prepared
            if let cookie {
                call.session = try? served.tenant.access.session(cookie, at: call.now)
                call.caller = call.session?.caller
                if let caller = call.caller, let wait = self.limits.perToken?.spend("\(served.tenant.key)/\(caller.tokenId ?? caller.staffId)") {
                    throw HTTPProblem.tooMany("too many requests with this session", wait: wait)
                }
            } else {
                call.caller = try self.authenticate(bearer, tenant: served.tenant, auth: route.auth, client: client)
            }
            if request.method == .post || request.method == .put || request.method == .patch {
                call.body = try await Self.collect(request.body, limit: route.maxBody)
            }
            return try await route.handle(call)
        }
        guard let handled else {
            throw HTTPProblem(.serviceUnavailable, "tenant-busy", "tenant '\(key)' has \(lane.capacity) such requests under way; try again shortly",
                              retryAfter: 1)
        }
        return handled
    }

    /// The refusal of a path no route has: an unknown tenant, or no such resource.
    func notFound(_ request: Request) -> HTTPProblem {
        let parts = request.uri.path.split(separator: "/")
        if parts.first == "t", parts.count > 1 {
            let key = String(parts[1]).removingPercentEncoding ?? String(parts[1])
            if !pool.isRegistered(key) { return HTTPProblem(.notFound, "unknown-tenant", "no tenant '\(key)' here") }
        }
        return HTTPProblem(.notFound, "not-found", "no such resource: \(request.uri.path)")
    }

    /// The tenant's handle, opened on a thread of its own the first time (opening reads
    /// the profile and checks the file, which must not hold a cooperative thread).
    private func serve(_ key: String) async throws -> TenantPool.Served {
        if let open = pool.openServed(key) { return open }
        let pool = self.pool
        let logger = self.logger
        let served: TenantPool.Served?
        do {
            served = try await NIOThreadPool.singleton.runIfActive { try pool.served(key) }
        } catch {
            // The reason (a file path, a schema version) is for the operator's log, not the caller.
            logger.error("tenant \(key) cannot be opened: \(error)")
            throw HTTPProblem(.serviceUnavailable, "tenant-unavailable", "tenant '\(key)' cannot be served now; the operator has been told",
                              retryAfter: 30)
        }
        guard let served else { throw HTTPProblem(.notFound, "unknown-tenant", "no tenant '\(key)' here") }
        return served
    }

    /// The bearer token a request carries, if the route looks at tokens.
    private static func bearer(_ request: Request, auth: Route.Auth) throws -> String? {
        guard auth != .none, auth != .session, let header = request.headers[.authorization] else { return nil }
        let scheme = header.prefix(7)
        guard scheme == "Bearer " || scheme.lowercased() == "bearer ", header.utf8.count > 7 else {
            throw HTTPProblem(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        }
        return String(header.dropFirst(7).drop { $0 == " " })
    }

    /// Applies the per-client limits that need no database: anonymous requests and writes
    /// (writes of routes that take a client key are limited per key by their handler), and
    /// clients that failed to authenticate too often.
    private func admit(bearer: String?, client: String, method: HTTPRequest.Method, keyed: Bool) throws {
        if bearer != nil {
            if let wait = limits.failedAuth?.check(client) {
                throw HTTPProblem.tooMany("too many failed authentications from this address", wait: wait)
            }
            return
        }
        if let wait = limits.anonymous?.spend(client) {
            throw HTTPProblem.tooMany("too many requests without a token from this address", wait: wait)
        }
        if keyed, let wait = limits.failedAuth?.check(client) {
            throw HTTPProblem.tooMany("too many failed authentications from this address", wait: wait)
        }
        if method != .get, method != .head, !keyed, let wait = limits.anonymousWrites?.spend(client) {
            throw HTTPProblem.tooMany("too many anonymous reports from this address; staff report with a token", wait: wait)
        }
    }

    private func authenticate(_ bearer: String?, tenant: Tenant, auth: Route.Auth, client: String) throws -> Caller? {
        guard let bearer else {
            guard auth != .staff else {
                throw HTTPProblem(.unauthorized, "unauthorized",
                                  "this needs a bearer token (Authorization: Bearer …); a tenant admin issues one with 'wangge -t \(tenant.key) token issue'")
            }
            return nil
        }
        let caller: Caller
        do {
            caller = try tenant.access.authenticate(bearer: bearer)
        } catch let error as PlatformError where error.problems.first?.rule == "unauthorized" {
            _ = limits.failedAuth?.spend(client)
            throw error
        }
        if let wait = limits.perToken?.spend("\(tenant.key)/\(caller.tokenId ?? caller.staffId)") {
            throw HTTPProblem.tooMany("too many requests with this token", wait: wait)
        }
        return caller
    }

    private static func collect(_ body: RequestBody, limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        do {
            for try await part in body {
                guard collected.readableBytes + part.readableBytes <= limit else {
                    throw HTTPProblem(.contentTooLarge, "body-too-large", "the body is larger than \(limit) bytes allowed here")
                }
                var part = part
                collected.writeBuffer(&part)
            }
        } catch let problem as HTTPProblem {
            throw problem
        } catch {
            throw ClientAbort()
        }
        return collected
    }

    /// Paths that never belong to a tenant.
    static let globalPaths: Set<String> = ["/healthz", "/metrics", "/openapi.yaml", "/static/wangge.css", "/host", "/host/sign-in", "/host/sign-out"]
}

/// The client closed the connection before its request arrived whole.
struct ClientAbort: Error {}
