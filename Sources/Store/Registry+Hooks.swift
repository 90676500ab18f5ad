import Foundation
import GRDB

/// The tenants that may have hooks enabled, so a server delivers their outbox after a
/// restart though no request opens them.
extension Registry {
    /// Marks `key` as having hooks enabled, or not.
    public func markHooks(_ key: String, _ enabled: Bool) throws {
        try write { db in
            if enabled {
                try db.execute(sql: "INSERT OR IGNORE INTO hook_tenant (key) VALUES (?)", arguments: [key])
            } else {
                try db.execute(sql: "DELETE FROM hook_tenant WHERE key = ?", arguments: [key])
            }
        }
    }

    /// The tenants marked as having hooks enabled.
    public func tenantsWithHooks() throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT key FROM hook_tenant ORDER BY key") }
    }
}
