import Foundation
import GRDB
import Testing
import Platform
import Store

/// Upgrading every tenant's schema: one that fails is left untouched, the others upgraded.
@Suite("Migrations")
struct MigrationTests {
    /// The binary's migrations plus one more, as a newer release would bring.
    static let newer = DatabaseMigratorFactory {
        TenantSchema.migrator(extra: [("v3-notice-board", { db in
            try db.execute(sql: "CREATE TABLE notice_board (grid_id INTEGER PRIMARY KEY REFERENCES grid(unit_id), published_at TEXT)")
        })])
    }

    @Test("migrate --all upgrades every tenant; a failing one is reported and left as it was")
    func oneFails() throws {
        let deployment = try deployment(with: ["changji", "lhasa", "luzhou"])
        // Luzhou's database already has a table of that name, so the new migration fails there.
        let luzhouPath = deployment.folder.appendingPathComponent("tenants/luzhou.sqlite").path
        let queue = try DatabaseQueue(path: luzhouPath)
        try queue.write { try $0.execute(sql: "CREATE TABLE notice_board (x TEXT); INSERT INTO notice_board VALUES ('kept')") }
        try queue.close()

        let results = try deployment.migrate(keys: nil, using: Self.newer)
        #expect(results.map(\.tenant) == ["changji", "lhasa", "luzhou"])
        #expect(results[0].applied == ["v3-notice-board"] && results[0].error == nil)
        #expect(results[1].applied == ["v3-notice-board"] && results[1].error == nil)
        #expect(results[2].applied == [] && results[2].error?.contains("notice_board already exists") == true)

        let luzhou = try DatabaseQueue(path: luzhouPath)
        let (applied, rows) = try luzhou.read { db in
            (try TenantSchema.migrator().appliedIdentifiers(db), try String.fetchAll(db, sql: "SELECT x FROM notice_board"))
        }
        #expect(Set(applied) == ["v1-org-and-staff", "v2-cases", "v3-live-catalogue", "v4-api-access", "v5-public-texts", "v6-case-receipts", "v7-web-sessions",
                                "v8-catalogue-editions", "v9-department-levels", "v10-profile-corrections", "v11-open311-locations", "v12-case-facts",
                                "v13-fact-rollup", "v14-amendment-effects", "v15-outbox-and-plugins", "v16-plugin-settings", "v17-sub-grids"])
        #expect(rows == ["kept"])
        // A second run changes nothing for the upgraded ones.
        let again = try deployment.migrate(keys: ["lhasa"], using: Self.newer)
        #expect(again[0].applied == [] && again[0].error == nil)
    }

    @Test("a binary refuses a database a newer binary has migrated, and one that is behind")
    func schemaVersions() throws {
        let deployment = try deployment(with: ["lhasa"])
        _ = try deployment.migrate(keys: ["lhasa"], using: Self.newer)
        #expect(refusal { _ = try deployment.open("lhasa") }.first?
            .hasSuffix("was written by a newer Wangge (migrations v3-notice-board are unknown to this binary); upgrade Wangge [tenant-database]") == true)

        let path = deployment.folder.appendingPathComponent("tenants/lhasa.sqlite").path
        #expect(throws: StoreError.schemaBehind(path: path, pending: ["v4-later"])) {
            _ = try TenantDatabase.open(at: path, tenant: "lhasa", migrator: TenantSchema.migrator(extra: [("v3-notice-board", { _ in }), ("v4-later", { _ in })]))
        }
    }
}
