import Foundation
import Logging
import Platform
import ServiceLifecycle

/// Offers each served tenant's outbox to its enabled hooks on a fixed beat, each tenant in a
/// task of its own and apart from the tenants' lanes: a slow or failing hook delays only its
/// own deliveries, never a request. Tenants the registry marks as having hooks are opened for
/// it, so their events flow after a restart even before any request for them.
struct PluginDeliveryService: Service {
    let pool: TenantPool
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            // Tenants with hooks are opened for delivery though no request came for them (after a restart).
            for key in (try? pool.deployment.tenantsWithHooks()) ?? [] where pool.openServed(key) == nil {
                do {
                    _ = try pool.served(key)
                } catch {
                    logger.warning("tenant \(key), which has hooks enabled, could not be opened to deliver them: \(error)")
                }
            }
            await withTaskGroup(of: Void.self) { group in
                for (key, served) in pool.openTenants where served.damage == nil {
                    group.addTask {
                        for delivery in await served.tenant.plugins().deliver() {
                            if let error = delivery.error { logger.warning("plugin \(delivery.plugin) of \(key): \(error)") }
                        }
                    }
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
