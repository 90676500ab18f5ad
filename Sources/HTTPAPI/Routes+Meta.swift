import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// Health, metrics and the API's own description.
enum MetaRoutes {
    static func all(pool: TenantPool, metrics: APIMetrics) -> [Route] {
        [
            Route(.get, "/healthz", auth: .none) { _ in
                try JSON.response(Health(status: "ok", tenants: pool.keys.count, open: pool.openTenants.count))
            },
            Route(.get, "/metrics", auth: .none) { _ in
                for key in pool.keys {
                    // Opening a tenant that cannot be opened is reported by its own requests, not here.
                    guard let tenant = try? pool.tenant(key), let counts = try? tenant.caseCounts() else { continue }
                    metrics.setCases(tenant: key, byStatus: counts.byStatus, overdue: counts.overdue)
                }
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
            },
            Route(.get, "/openapi.yaml", auth: .none) { _ in
                var headers = HTTPFields()
                headers[.contentType] = "application/yaml; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
            },
        ]
    }
}

/// What `/healthz` says: up, with the tenants registered and those open.
struct Health: Encodable {
    var status: String
    var tenants: Int
    var open: Int
}

/// The OpenAPI document shipped with the server (`Resources/openapi.yaml`).
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}
