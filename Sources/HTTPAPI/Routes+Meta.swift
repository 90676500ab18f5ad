import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// Health, metrics and the API's own description.
enum MetaRoutes {
    static func all(pool: TenantPool, metrics: APIMetrics) -> [Route] {
        [
            Route(.get, "/healthz", auth: .none) { _ in
                let open = pool.openTenants
                let damaged = open.compactMap { key, served in served.damage.map { _ in key } }.sorted()
                var health = Health(status: damaged.isEmpty ? "ok" : "degraded", tenants: pool.keys.count, open: open.count, damaged: damaged)
                health.versions = pool.schedules()
                // Hooks whose last delivery failed, of the tenants served: case handling goes on, their events wait.
                for (key, served) in open where served.damage == nil {
                    guard let plugins = try? await served.lane.run({ try served.tenant.plugins().list() }) else { continue }
                    for plugin in plugins where plugin.enabled && plugin.failing {
                        health.pluginsFailing.append(PluginHealth(tenant: key, plugin: plugin.name, failures: plugin.failures,
                                                                  error: plugin.lastError, nextAttempt: plugin.nextAttempt))
                    }
                }
                health.pluginsFailing.sort { ($0.tenant, $0.plugin) < ($1.tenant, $1.plugin) }
                if let horizon = pool.deployment.nationalCalendarHorizon() {
                    health.calendarKnownThrough = horizon.lastDay.description
                    if horizon.daysLeft < Health.calendarWarningDays {
                        health.warnings.append(pool.deployment.calendarHorizonAdvice(horizon))
                    }
                }
                return try JSON.response(health, status: damaged.isEmpty ? .ok : .serviceUnavailable)
            },
            Route(.get, "/metrics", auth: .none) { _ in
                // Only tenants already served are read: a scrape opens none, and reads each on its own lane.
                for (key, served) in pool.openTenants {
                    metrics.setDamaged(tenant: key, served.damage != nil)
                    guard let counts = try? await served.lane.run({ try served.tenant.cases.counts() }) else { continue }
                    metrics.setCases(tenant: key, byStatus: counts.byStatus, overdue: counts.overdue)
                    if let plugins = try? await served.lane.run({ try served.tenant.plugins().list() }) { metrics.setPlugins(tenant: key, plugins) }
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

/// What `/healthz` says: `ok`, or `degraded` (503) while a tenant served is damaged,
/// with the tenants registered and those open.
struct Health: Encodable {
    var status: String
    var tenants: Int
    var open: Int
    /// Tenants whose database failed its integrity check: served read-only.
    var damaged: [String]
    /// For each tenant: the profile version in force and the next one adopted.
    var versions: [String: VersionSchedule] = [:]
    /// The last day whose national holidays the working calendar knows.
    var calendarKnownThrough: String?
    /// Things to act on soon that do not degrade service yet.
    var warnings: [String] = []
    /// Hooks of open tenants whose last delivery failed (crashed, timed out, refused): their
    /// events wait and are tried again with backoff.
    var pluginsFailing: [PluginHealth] = []

    /// How many days before the calendar's end `/healthz` starts to warn.
    static let calendarWarningDays = 60
}

/// The OpenAPI document shipped with the server (`Resources/openapi.yaml`).
public enum OpenAPIDocument {
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}

/// A hook failing for a tenant, as `/healthz` lists it.
struct PluginHealth: Encodable {
    var tenant: String
    var plugin: String
    var failures: Int
    var error: String?
    var nextAttempt: Date?
}
