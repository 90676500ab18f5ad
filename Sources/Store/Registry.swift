import Foundation
import GRDB

/// The registry of a deployment: which tenants exist, where their profiles and
/// databases are, and which host names route to them. A small SQLite database
/// (`registry.sqlite` in the deployment folder), so that updates are atomic and the CLI
/// and the server can read it at the same time.
public final class Registry: Sendable {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens the registry at `path`, creating it if needed.
    public init(path: String) throws {
        self.path = path
        var config = TenantDatabase.configuration()
        config.journalMode = .wal
        queue = try DatabaseQueue(path: path, configuration: config)
        // As for tenants: GRDB's WAL setup chose NORMAL; registry changes are durable too.
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tenants") { db in
            try db.execute(sql: """
                CREATE TABLE tenant (
                    key TEXT PRIMARY KEY,
                    display_name TEXT NOT NULL,
                    profile_folder TEXT NOT NULL,
                    database_file TEXT NOT NULL UNIQUE,
                    hosts TEXT NOT NULL DEFAULT '',
                    onboarded_at TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-host-access") { db in
            // The provincial host's own tokens and console sessions: only digests of secrets.
            try db.execute(sql: """
                CREATE TABLE host_token (
                    id TEXT PRIMARY KEY,
                    digest TEXT NOT NULL UNIQUE,
                    issued_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    revoked_at REAL,
                    note TEXT
                );
                CREATE TABLE host_session (
                    digest TEXT PRIMARY KEY,
                    token_id TEXT NOT NULL REFERENCES host_token(id),
                    csrf TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    ended_at REAL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-operators") { db in
            // The people who run the command line on this deployment's machine, by login
            // name: who took a decision there is recorded with the staff member named.
            try db.execute(sql: """
                CREATE TABLE local_operator (
                    user TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    registered_at REAL NOT NULL,
                    removed_at REAL
                );
                """)
        }
        migrator.registerMigration("v4-hook-tenants") { db in
            // Tenants that may have hooks enabled: a server opens them to deliver their outbox
            // though no request comes for them (set before a hook is enabled, cleared once none is).
            try db.execute(sql: "CREATE TABLE hook_tenant (key TEXT PRIMARY KEY) WITHOUT ROWID;")
        }
        try migrator.migrate(queue)
    }

    /// Reads the registry's own tables (host tokens and sessions: `Registry+HostAccess`).
    func read<T>(_ body: (Database) throws -> T) throws -> T { try queue.read(body) }
    func write<T>(_ body: (Database) throws -> T) throws -> T { try queue.write(body) }

    public func all() throws -> [TenantEntry] {
        try queue.read { try TenantEntry.order(Column("key")).fetchAll($0) }
    }

    public func entry(_ key: String) throws -> TenantEntry? {
        try queue.read { try TenantEntry.fetchOne($0, key: key) }
    }

    /// The tenant a host name routes to, if any.
    public func entry(forHost host: String) throws -> TenantEntry? {
        try all().first { $0.hostNames.contains(host.lowercased()) }
    }

    public func insert(_ entry: TenantEntry) throws {
        try queue.write { try entry.insert($0) }
    }

    /// Removes a tenant; returns false when there was none.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        try queue.write { try TenantEntry.deleteOne($0, key: key) }
    }
}

/// One tenant as the registry knows it.
public struct TenantEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "tenant"

    public var key: String
    public var displayName: String
    /// The tenant's profile folder (`ordinances/<key>`), as an absolute path.
    public var profileFolder: String
    /// The database file, relative to the deployment folder.
    public var databaseFile: String
    /// Host names, comma-separated, that route HTTP requests to this tenant.
    public var hosts: String
    public var onboardedAt: String

    public init(key: String, displayName: String, profileFolder: String, databaseFile: String,
                hosts: [String], onboardedAt: String) {
        self.key = key
        self.displayName = displayName
        self.profileFolder = profileFolder
        self.databaseFile = databaseFile
        self.hosts = hosts.map { $0.lowercased() }.joined(separator: ",")
        self.onboardedAt = onboardedAt
    }

    public var hostNames: [String] { hosts.split(separator: ",").map(String.init) }

    enum CodingKeys: String, CodingKey {
        case key
        case displayName = "display_name"
        case profileFolder = "profile_folder"
        case databaseFile = "database_file"
        case hosts
        case onboardedAt = "onboarded_at"
    }
}
