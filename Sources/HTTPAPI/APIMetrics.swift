import Foundation
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
