import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdCore
import NIOPosix
import Platform
import ServiceLifecycle

/// How a server protects itself and its tenants: connection limits and timeouts, rate
/// limits, and each tenant's lane.
public struct ServerSettings: Sendable {
    public var connections = ConnectionLimits()
    public var rates = RateLimits()
    /// Threads of each open tenant's lane, for its ordinary requests (heavy work has a lane
    /// of its own, one low-priority thread): as many as the machine has cores.
    public var threadsPerTenant = ProcessInfo.processInfo.activeProcessorCount
    /// Requests of one tenant under way at once; more are refused with 503 and Retry-After.
    public var requestsPerTenant = 256
    /// How long a console session lasts (never beyond its token's expiry).
    public var sessionLifetime: TimeInterval = AccessService.defaultSessionLifetime
    /// How often the outbox is offered to the hooks tenants enabled (nil: never); the hooks
    /// are the deployment's plugins.
    public var deliveryInterval: Duration? = .seconds(1)

    public init() {}
}

/// The HTTP front end of a deployment: one process serving every tenant under
/// `/t/<tenant>/…` (or by host name), with health, metrics and its OpenAPI document.
public struct APIServer: Sendable {
    let pool: TenantPool
    let metrics = APIMetrics()
    let settings: ServerSettings
    let logger: Logger

    public init(deployment: Deployment, settings: ServerSettings = ServerSettings()) throws {
        var logger = Logger(label: "wangge.http", factory: { WarningLogHandler(label: $0) })
        logger.logLevel = .warning
        self.logger = logger
        self.settings = settings
        pool = try TenantPool(deployment: deployment,
                              settings: .init(threadsPerTenant: settings.threadsPerTenant, requestsPerTenant: settings.requestsPerTenant),
                              logger: logger)
    }

    /// The deployment served.
    public var deployment: Deployment { pool.deployment }

    /// Every route, as served.
    var routes: [Route] {
        MetaRoutes.all(pool: pool, metrics: metrics) + CaseRoutes.all + CatalogueRoutes.all + OrgRoutes.all + DivisionRoutes.all + ComplaintRoutes.all + PeriodRoutes.all + AssignmentRoutes.all
            + Open311Routes.all + LocationRoutes.all + StatsRoutes.all + PluginRoutes.all + WebRoutes.all + ConsoleRoutes.all + HostPages.all(pool: pool)
    }

    /// Method and path template of every route, for checking the OpenAPI document.
    public var routeTable: [(method: String, path: String)] { routes.map { ($0.method.rawValue, $0.path) } }

    /// The application: `port` 0 picks a free port, reported to `onRunning`. With a
    /// `sweepInterval`, overdue cases of the tenants served are supervised (督办) on that beat.
    public func application(host: String = "127.0.0.1", port: Int, sweepInterval: Duration? = .seconds(60),
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let services: [any Service] = (sweepInterval.map { [SupervisionService(pool: pool, interval: $0, logger: logger)] } ?? [])
            + (settings.deliveryInterval.map { [PluginDeliveryService(pool: pool, interval: $0, logger: logger)] } ?? [])
        let limits = settings.connections
        let clients = ClientConnections()
        let core = APIResponder(pool: pool, metrics: metrics, settings: settings, logger: logger)
        return Application(responder: APIRouter.responder(routes: routes, core: core),
                           server: HTTPServerBuilder { responder in GuardedHTTP1Channel(responder: responder, limits: limits, clients: clients) },
                           configuration: .init(address: .hostname(host, port: port), serverName: "wangge",
                                                availableConnectionsDelegate: MaximumAvailableConnections(limits.total, logger: logger)),
                           services: services,
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                           logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, lets requests in flight finish, then closes the tenants.
    public func run(host: String, port: Int, sweepInterval: Duration? = .seconds(60),
                    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { pool.closeAll() }
        try await application(host: host, port: port, sweepInterval: sweepInterval, onRunning: onRunning).runService()
    }

    /// Closes every tenant the server opened.
    public func close() { pool.closeAll() }
}

/// Runs the supervision sweep (督办) on a fixed beat until shutdown: every tenant served
/// now, each on its own lane, and on each beat one tenant not yet served is opened and
/// swept too, so overdue cases everywhere are supervised without opening every tenant at once.
/// Before its sweep each tenant applies an amendment that has come into force; after it,
/// its evaluation rollup takes in the days that have ended.
struct SupervisionService: Service {
    let pool: TenantPool
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var next = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let keys = pool.keys
            let open = pool.openTenants
            let closed = keys.filter { open[$0] == nil }
            var due = Array(open)
            if !closed.isEmpty {
                let key = closed[next % closed.count]
                next += 1
                if let served = try? await NIOThreadPool.singleton.runIfActive({ try pool.served(key) }) { due.append((key, served)) }
            }
            for (key, served) in due where served.damage == nil {
                do {
                    // An amendment coming into force at midnight changes the catalogue before the sweep.
                    _ = try await served.lane.run { try served.tenant.amendments.takeEffect() }
                    _ = try await served.lane.run { try served.tenant.cases.sweep() }
                    try await served.lane.run { try served.tenant.evaluation.rollUp() }
                } catch {
                    logger.warning("amendment, supervision sweep or evaluation rollup of \(key) failed: \(error)")
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Writes warnings and errors to standard error. Hummingbird sets a request id in the
/// logger's metadata on every request; the standard stream handler renders its metadata
/// each time one is set, which showed in profiles, so this one renders only what it logs.
struct WarningLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let (level, message) = (event.level, event.message)
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let context = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("\(ISO8601DateFormatter().string(from: Date())) \(level) \(label):\(context) \(message)\n".utf8))
    }
}
