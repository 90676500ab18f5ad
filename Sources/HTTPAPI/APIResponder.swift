import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Platform

/// Answers every request: finds the tenant (by `/t/<key>/…`, or by host name where the
/// registry maps one), matches the route, authenticates, reads the body within the
/// route's limit, runs the handler, and turns any refusal into problem details. Records
/// each request in the metrics.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let pool: TenantPool
    let metrics: APIMetrics
    let logger: Logger
    let responses = ResponseCache()
    private let routes: RouteTable

    init(routes: [Route], pool: TenantPool, metrics: APIMetrics, logger: Logger) {
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
        self.routes = RouteTable(routes)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var label = "unmatched"
        let response: Response
        do {
            let (matched, call) = try await prepare(request)
            label = matched.path
            response = try await matched.handle(call)
        } catch {
            let problem = HTTPProblem.from(error)
            if problem.status == .internalServerError { logger.error("\(request.method) \(request.uri.path): \(error)") }
            response = problem.response
        }
        metrics.record(method: request.method.rawValue, route: label, status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    private func prepare(_ request: Request) async throws -> (Route, Call) {
        var path = request.uri.path
        if !path.hasPrefix("/t/"), !Self.globalPaths.contains(path), let host = request.head.authority,
           let key = pool.tenantKey(forHost: host) {
            path = "/t/\(key)" + path
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            part.utf8.contains(UInt8(ascii: "%")) ? String(part).removingPercentEncoding ?? String(part) : String(part)
        }
        let (route, parameters): (Route, [String: String])
        switch routes.match(request.method, parts) {
        case .found(let found, let captures):
            (route, parameters) = (found, captures)
        case .methodNotAllowed(let allowed):
            throw HTTPProblem(.methodNotAllowed, "method-not-allowed", "\(request.method.rawValue) is not allowed here (allowed: \(allowed.joined(separator: ", ")))")
        case .notFound:
            if parts.first == "t", parts.count > 1, pool.keys.contains(parts[1]) == false {
                throw HTTPProblem(.notFound, "unknown-tenant", "no tenant '\(parts[1])' here")
            }
            throw HTTPProblem(.notFound, "not-found", "no such resource: \(request.uri.path)")
        }
        var call = Call(request: request, parameters: parameters, tenant: nil, caller: nil, body: ByteBuffer(), responses: responses)
        if route.isTenantRoute {
            let key = parameters["tenant"] ?? ""
            let tenant: Tenant?
            do {
                tenant = try pool.tenant(key)
            } catch {
                // The reason (a file path, a schema version) is for the operator's log, not the caller.
                logger.error("tenant \(key) cannot be opened: \(error)")
                throw HTTPProblem(.serviceUnavailable, "tenant-unavailable", "tenant '\(key)' cannot be served now; the operator has been told")
            }
            guard let tenant else { throw HTTPProblem(.notFound, "unknown-tenant", "no tenant '\(key)' here") }
            call.tenant = tenant
            call.caller = try authenticate(request, tenant: tenant, auth: route.auth)
        }
        if request.method == .post || request.method == .put || request.method == .patch {
            call.body = try await collect(request.body, limit: route.maxBody)
        }
        return (route, call)
    }

    private func authenticate(_ request: Request, tenant: Tenant, auth: Route.Auth) throws -> Caller? {
        guard auth != .none else { return nil }
        guard let header = request.headers[.authorization] else {
            if auth == .optional { return nil }
            throw HTTPProblem(.unauthorized, "unauthorized", "this needs a bearer token (Authorization: Bearer …); a tenant admin issues one with 'wangge -t \(tenant.key) token issue'")
        }
        let scheme = header.prefix(7)
        guard scheme == "Bearer " || scheme.lowercased() == "bearer ", header.utf8.count > 7 else {
            throw HTTPProblem(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        }
        return try tenant.authenticate(bearer: String(header.dropFirst(7).drop { $0 == " " }))
    }

    private func collect(_ body: RequestBody, limit: Int) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await part in body {
            guard collected.readableBytes + part.readableBytes <= limit else {
                throw HTTPProblem(.contentTooLarge, "body-too-large", "the body is larger than \(limit) bytes allowed here")
            }
            var part = part
            collected.writeBuffer(&part)
        }
        return collected
    }

    /// Paths that never belong to a tenant.
    static let globalPaths: Set<String> = ["/healthz", "/metrics", "/openapi.yaml"]
}
