import Foundation
import Platform
import Prometheus
import Synchronization

/// Prometheus metrics of the server: requests and their latency by route and status, and,
/// read at each scrape, cases by state and overdue cases per tenant.
final class APIMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                              .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1)]

    /// The counter and histogram of each method, route and status, made once: making them
    /// through the registry on every request (labels built, looked up under its lock)
    /// showed in profiles of the server.
    private let series = Mutex<[Series: (requests: Counter, duration: DurationHistogram)]>([:])

    // Descriptors are not Sendable, so they are made where used rather than kept.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", subsystem: "http", metricName: "requests", unitName: "total",
                                                       helpText: "HTTP requests answered, by method, route and status")
    }
    private static var duration: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                                       helpText: "Time to answer an HTTP request, by route")
    }
    private static var cases: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", metricName: "cases", unitName: "",
                                                    helpText: "Cases of an open tenant by status, read at the last supervision sweep")
    }
    private static var overdue: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", metricName: "cases_overdue", unitName: "",
                                                      helpText: "Open cases of an open tenant marked overdue")
    }
    private static var damaged: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", metricName: "tenant_damaged", unitName: "",
                                                      helpText: "1 when an open tenant's database failed its integrity check and is read-only")
    }

    private static var pluginFailures: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", subsystem: "plugin", metricName: "failures", unitName: "",
                             helpText: "Failed delivery attempts in a row of a hook enabled for an open tenant (0 when its last delivery succeeded)")
    }
    private static var pluginPending: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", subsystem: "plugin", metricName: "pending", unitName: "events",
                             helpText: "Events in the outbox a hook enabled for an open tenant has not had yet")
    }
    private static var pluginDead: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "wangge", subsystem: "plugin", metricName: "dead_letters", unitName: "",
                             helpText: "Events a hook gave up on, waiting to be replayed")
    }

    /// Sets the gauges of one tenant's enabled hooks.
    func setPlugins(tenant: String, _ plugins: [PluginService.PluginView]) {
        for plugin in plugins where plugin.enabled {
            let labels = [("tenant", tenant), ("plugin", plugin.name)]
            registry.makeGauge(descriptor: Self.pluginFailures, labels: labels).set(Double(plugin.failures))
            registry.makeGauge(descriptor: Self.pluginPending, labels: labels).set(Double(plugin.pending))
            registry.makeGauge(descriptor: Self.pluginDead, labels: labels).set(Double(plugin.deadLetters))
        }
    }

    private struct Series: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = Series(method: method, route: route, status: status)
        let made = series.withLock { series in
            if let made = series[key] { return made }
            let made = (registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]),
                        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets))
            series[key] = made
            return made
        }
        made.requests.increment()
        made.duration.record(duration)
    }

    /// Sets the per-tenant case gauges from counts read now.
    func setCases(tenant: String, byStatus: [String: Int], overdue: Int) {
        for (status, count) in byStatus {
            registry.makeGauge(descriptor: Self.cases, labels: [("tenant", tenant), ("status", status)]).set(Double(count))
        }
        registry.makeGauge(descriptor: Self.overdue, labels: [("tenant", tenant)]).set(Double(overdue))
    }

    /// Marks a tenant damaged (its database failed the integrity check) or sound.
    func setDamaged(tenant: String, _ damaged: Bool) {
        registry.makeGauge(descriptor: Self.damaged, labels: [("tenant", tenant)]).set(Double(damaged ? 1 : 0))
    }

    /// The text exposition format.
    func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
