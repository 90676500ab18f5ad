import Foundation
import Logging
import Platform
import ServiceLifecycle

/// Offers each served tenant's outbox to its enabled hooks on a fixed beat, each tenant in a
/// task of its own and apart from the tenants' lanes: a slow or failing hook delays only its
/// own deliveries, never a request.
struct PluginDeliveryService: Service {
    let pool: TenantPool
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
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
