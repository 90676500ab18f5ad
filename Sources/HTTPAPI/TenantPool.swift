import Foundation
import Platform
import Store

/// The tenants one server serves: opened on first use and kept open. The registry is
/// read into memory, so an unknown tenant key is answered without opening any database;
/// it is read again at most every few seconds, so tenants onboarded meanwhile appear. A
/// tenant that fails to open fails alone, and is tried again on a later request.
final class TenantPool: @unchecked Sendable {
    let deployment: Deployment
    private struct State {
        var entries: [String: TenantEntry] = [:]
        var hosts: [String: String] = [:]
        var open: [String: Tenant] = [:]
        var readAt = Date.distantPast
    }
    private let lock = NSLock()
    private var _state = State()
    private static let rereadAfter: TimeInterval = 5

    init(deployment: Deployment) throws {
        self.deployment = deployment
        try reread(force: true)
    }

    /// The tenant serving `key`, opened if need be; nil when there is no such tenant.
    func tenant(_ key: String) throws -> Tenant? {
        if let tenant = withState({ $0.open[key] }) { return tenant }
        guard (try? TenantKey.validate(key)) != nil else { return nil }
        if withState({ $0.entries[key] }) == nil {
            try reread(force: false)
            guard withState({ $0.entries[key] }) != nil else { return nil }
        }
        // Opening reads the profile and the database: done outside the lock, so one slow
        // tenant does not hold up the others; if two requests race, the first one kept wins.
        let opened = try deployment.open(key)
        return withState { state in
            if let existing = state.open[key] {
                try? opened.close()
                return existing
            }
            state.open[key] = opened
            return opened
        }
    }

    /// The tenant a host name is mapped to in the registry.
    func tenantKey(forHost host: String) -> String? {
        let name = host.split(separator: ":").first.map { String($0).lowercased() } ?? ""
        return withState { $0.hosts[name] }
    }

    /// Registered tenant keys.
    var keys: [String] { withState { $0.entries.keys.sorted() } }

    /// Tenants open now.
    var openTenants: [Tenant] { withState { Array($0.open.values) } }

    func closeAll() {
        let tenants = withState { state -> [Tenant] in
            defer { state.open = [:] }
            return Array(state.open.values)
        }
        for tenant in tenants { try? tenant.close() }
    }

    /// Everything below reads and changes the state only here, under the lock.
    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&_state)
    }

    private func reread(force: Bool) throws {
        let due = withState { Date().timeIntervalSince($0.readAt) > Self.rereadAfter }
        guard force || due else { return }
        let entries = try deployment.tenants()
        withState { state in
            state.readAt = Date()
            state.entries = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            state.hosts = [:]
            for entry in entries {
                for host in entry.hosts.split(separator: ",") { state.hosts[host.trimmingCharacters(in: .whitespaces).lowercased()] = entry.key }
            }
        }
    }
}
