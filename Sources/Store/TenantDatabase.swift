import Foundation
import GRDB

/// One tenant's SQLite database: WAL, foreign keys on, a busy timeout so the CLI and the
/// server can share the file, and `synchronous = FULL` so that a commit that has been
/// acknowledged survives a power loss, not only a crash of the process.
public final class TenantDatabase: Sendable {
    public let tenant: String
    public let path: String
    public let pool: DatabasePool
    /// Read-only connections for short lookups on hot paths, outside the pool.
    public let lookups: LookupConnections

    private init(tenant: String, path: String, pool: DatabasePool) {
        self.tenant = tenant
        self.path = path
        self.pool = pool
        self.lookups = LookupConnections(path: path, configuration: Self.configuration())
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        return config
    }

    /// Opens a pool in WAL mode with durable commits. GRDB switches a pool's writer to
    /// `synchronous = NORMAL` when it sets up WAL, after `prepareDatabase` has run, so
    /// FULL is set here, on the writer, once the pool exists.
    static func durablePool(at path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration())
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    /// The writer's `synchronous` setting: 2 is FULL.
    public func synchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Creates a new database for `tenant` at `path`, with the whole schema.
    public static func create(at path: String, tenant: String) throws -> TenantDatabase {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.alreadyExists(path: path) }
        let pool = try durablePool(at: path)
        try TenantSchema.migrator().migrate(pool)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO tenant_info (key, value) VALUES ('tenant', ?)", arguments: [tenant])
        }
        return TenantDatabase(tenant: tenant, path: path, pool: pool)
    }

    /// Opens the existing database of `tenant`; refuses a missing or foreign file and a
    /// schema that is behind or ahead of this binary.
    public static func open(at path: String, tenant: String, migrator: DatabaseMigrator = TenantSchema.migrator()) throws -> TenantDatabase {
        let pool = try openPool(at: path)
        try pool.read { db in
            let applied = try migrator.appliedIdentifiers(db)
            let unknown = applied.subtracting(migrator.migrations)
            if !unknown.isEmpty { throw StoreError.schemaAhead(path: path, unknown: unknown.sorted()) }
            let pending = migrator.migrations.filter { !applied.contains($0) }
            if !pending.isEmpty { throw StoreError.schemaBehind(path: path, pending: pending) }
            try checkTenant(db, path: path, expected: tenant)
        }
        return TenantDatabase(tenant: tenant, path: path, pool: pool)
    }

    /// Applies pending migrations to the database of `tenant`. Returns the migrations
    /// applied. Each runs in its own transaction: one that fails leaves the database as it was.
    public static func migrate(at path: String, tenant: String, migrator: DatabaseMigrator = TenantSchema.migrator()) throws -> [String] {
        let pool = try openPool(at: path)
        defer { try? pool.close() }
        let before = try pool.read { db in
            try checkTenant(db, path: path, expected: tenant)
            return try migrator.appliedIdentifiers(db)
        }
        let unknown = before.subtracting(migrator.migrations)
        if !unknown.isEmpty { throw StoreError.schemaAhead(path: path, unknown: unknown.sorted()) }
        try migrator.migrate(pool)
        return migrator.migrations.filter { !before.contains($0) }
    }

    private static func openPool(at path: String) throws -> DatabasePool {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missingFile(path: path) }
        do {
            let pool = try durablePool(at: path)
            _ = try pool.read { try $0.tableExists("grdb_migrations") }
            return pool
        } catch let error as DatabaseError {
            throw StoreError.notADatabase(path: path, reason: error.message ?? "\(error)")
        }
    }

    private static func checkTenant(_ db: Database, path: String, expected: String) throws {
        guard try db.tableExists("tenant_info") else {
            throw StoreError.notADatabase(path: path, reason: "it has no tenant_info table")
        }
        let found = try String.fetchOne(db, sql: "SELECT value FROM tenant_info WHERE key = 'tenant'") ?? ""
        if found != expected { throw StoreError.wrongTenant(path: path, expected: expected, found: found) }
    }

    /// What SQLite's `quick_check` finds wrong with the file: empty when the file is sound.
    /// It reads every page once (about a second per few hundred MB), so it runs when a
    /// server opens the tenant, not on every request.
    public func integrityProblems() throws -> [String] {
        let found = try pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        return found == ["ok"] ? [] : found
    }

    /// From now on this handle refuses every write (SQLite answers `SQLITE_READONLY`):
    /// used for a file that failed its integrity check, so that nothing more is written
    /// into a damaged file while its readable data can still be read and backed up.
    public func refuseWrites() throws {
        try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = ON") }
    }

    /// Copies the database into a new file at `path` with SQLite's online backup: the copy
    /// is one consistent snapshot even while others write, and it is durable when this returns.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.alreadyExists(path: path) }
        let copy = try DatabaseQueue(path: path, configuration: Self.configuration())
        defer { try? copy.close() }
        try pool.backup(to: copy)
        try copy.writeWithoutTransaction { db in
            // A standalone file: no -wal beside it to lose, then fsync'd.
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
    }

    /// Closes the database; further use fails.
    public func close() throws {
        try lookups.close()
        try pool.close()
    }
}
