import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Platform
import ServiceLifecycle

/// The HTTP front end of a deployment: one process serving every tenant under
/// `/t/<tenant>/…` (or by host name), with health, metrics and its OpenAPI document.
public struct APIServer: Sendable {
    let pool: TenantPool
    let metrics = APIMetrics()

    public init(deployment: Deployment) throws {
        pool = try TenantPool(deployment: deployment)
    }

    /// Every route, as served.
    var routes: [Route] {
        MetaRoutes.all(pool: pool, metrics: metrics) + CaseRoutes.all + CatalogueRoutes.all + OrgRoutes.all + AssignmentRoutes.all
            + Open311Routes.all
    }

    /// Method and path template of every route, for checking the OpenAPI document.
    public var routeTable: [(method: String, path: String)] { routes.map { ($0.method.rawValue, $0.path) } }

    /// The application: `port` 0 picks a free port, reported to `onRunning`. With a
    /// `sweepInterval`, overdue cases of every tenant are supervised (督办) on that beat.
    public func application(host: String = "127.0.0.1", port: Int, sweepInterval: Duration? = .seconds(60),
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "wangge.http", factory: { WarningLogHandler(label: $0) })
        logger.logLevel = .warning
        let services: [any Service] = sweepInterval.map { [SupervisionService(pool: pool, interval: $0, logger: logger)] } ?? []
        return Application(responder: APIResponder(routes: routes, pool: pool, metrics: metrics, logger: logger),
                           configuration: .init(address: .hostname(host, port: port), serverName: "wangge"),
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

/// Runs the supervision sweep (督办) of every tenant on a fixed beat until shutdown.
struct SupervisionService: Service {
    let pool: TenantPool
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            for key in pool.keys {
                do {
                    _ = try pool.tenant(key)?.sweep()
                } catch {
                    logger.warning("supervision sweep of \(key) failed: \(error)")
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

    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
             function: String, line: UInt) {
        let all = metadata.merging(extra ?? [:]) { _, new in new }
        let context = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        FileHandle.standardError.write(Data("\(ISO8601DateFormatter().string(from: Date())) \(level) \(label):\(context) \(message)\n".utf8))
    }
}
