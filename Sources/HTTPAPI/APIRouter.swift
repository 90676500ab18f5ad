import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The server's routes on Hummingbird's router: each `Route` is an endpoint of a
/// `Router`, whose trie matches paths (literal segments before captures, `{code}.json`
/// captures inside a segment); a path served for other methods answers 405 with `Allow`.
/// One router middleware records every request in the metrics under its route template and
/// turns refusals into problem details. Requests on a tenant's host name are given the
/// tenant's prefix before routing (`HostRouting`).
enum APIRouter {
    static func responder(routes: [Route], core: APIResponder) -> HostRouting<RouterResponder<APIContext>> {
        let router = Router(context: APIContext.self)
        router.add(middleware: OutcomeMiddleware(core: core))
        var methods: [String: [HTTPRequest.Method]] = [:]
        for route in routes {
            router.on(RouterPath(route.path), method: route.method, responder: RouteResponder(route: route, core: core))
            methods[route.path, default: []].append(route.method)
        }
        let all: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        for (path, allowed) in methods {
            for method in all where !allowed.contains(method) {
                router.on(RouterPath(path), method: method, responder: MethodNotAllowed(allowed: allowed.map(\.rawValue)))
            }
        }
        return HostRouting(router: router.buildResponder(), pool: core.pool)
    }
}

/// A route's endpoint: hands the request and the path's captures (percent-decoded) to the core.
struct RouteResponder: HTTPResponder {
    let route: Route
    let core: APIResponder

    func respond(to request: Request, context: APIContext) async throws -> Response {
        var parameters: [String: String] = [:]
        for (name, value) in context.parameters {
            parameters[String(name)] = value.utf8.contains(UInt8(ascii: "%")) ? String(value).removingPercentEncoding ?? String(value) : String(value)
        }
        return try await core.answer(request, route: route, parameters: parameters, client: context.client, byHostName: context.byHostName)
    }
}

/// The endpoint of a path for a method it is not served for.
struct MethodNotAllowed: HTTPResponder {
    let allowed: [String]

    func respond(to request: Request, context: APIContext) async throws -> Response {
        var problem = HTTPProblem(.methodNotAllowed, "method-not-allowed",
                                  "\(request.method.rawValue) is not allowed here (allowed: \(allowed.joined(separator: ", ")))")
        problem.headers[.allow] = allowed.joined(separator: ", ")
        throw problem
    }
}

/// Records each request in the metrics under its route template, whatever its outcome,
/// and answers every refusal as problem details (a path no route has: unknown tenant or
/// not found).
struct OutcomeMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let core: APIResponder

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch is ClientAbort {
            // The client went away mid-request: nobody reads an answer, and it is not the server's failure.
            core.metrics.record(method: request.method.rawValue, route: label(context), status: 499, duration: ContinuousClock.now - started)
            return HTTPProblem(.badRequest, "client-abort", "the request was not received whole").response
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            _ = error
            response = Self.answer(core.notFound(request), to: request)
        } catch {
            let problem = HTTPProblem.from(error)
            if problem.status == .internalServerError { core.logger.error("\(request.method) \(request.uri.path): \(error)") }
            response = Self.answer(problem, to: request)
        }
        core.metrics.record(method: request.method.rawValue, route: label(context), status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    /// A refusal as problem details, or under a tenant's Open311 endpoint as the spec's
    /// error list in the path's format.
    static func answer(_ problem: HTTPProblem, to request: Request) -> Response {
        guard Open311Routes.serves(request.uri.path) else { return problem.response }
        return problem.open311Response(Open311Format(path: request.uri.path))
    }

    private func label(_ context: APIContext) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
        return path
    }
}

/// Gives requests that came on a tenant's host name (`lhasa.example.cn/…`) the tenant's
/// path prefix (`/t/lhasa/…`) before the router sees them; the deployment's own paths
/// (`/healthz`, `/host` …) stay as they are.
struct HostRouting<Routed: HTTPResponder>: HTTPResponder where Routed.Context == APIContext {
    let router: Routed
    let pool: TenantPool

    func respond(to request: Request, context: APIContext) async throws -> Response {
        let path = request.uri.path
        guard !path.hasPrefix("/t/"), !APIResponder.globalPaths.contains(path), let host = request.head.authority,
              let key = pool.tenantKey(forHost: host) else {
            return try await router.respond(to: request, context: context)
        }
        var head = request.head
        head.path = "/t/\(key)" + (head.path ?? "/")
        var context = context
        context.byHostName = true
        return try await router.respond(to: Request(head: head, body: request.body), context: context)
    }
}
