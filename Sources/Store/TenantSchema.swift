import GRDB

/// The schema of a tenant database, as versioned migrations. Each migration runs in
/// its own transaction and is recorded in the database, so a tenant knows which
/// migrations it has seen; a migration that fails leaves the database as it was.
public enum TenantSchema {
    /// The migrator for this binary; `extra` lets tests add a migration after the real ones.
    public static func migrator(extra: [(String, @Sendable (Database) throws -> Void)] = []) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-org-and-staff", migrate: v1)
        migrator.registerMigration("v2-cases", migrate: v2)
        migrator.registerMigration("v3-live-catalogue", migrate: v3)
        migrator.registerMigration("v4-api-access", migrate: v4)
        migrator.registerMigration("v5-public-texts", migrate: v5)
        migrator.registerMigration("v6-case-receipts", migrate: v6)
        migrator.registerMigration("v7-web-sessions", migrate: v7)
        migrator.registerMigration("v8-catalogue-editions", migrate: v8)
        migrator.registerMigration("v9-department-levels", migrate: v9)
        migrator.registerMigration("v10-profile-corrections", migrate: v10)
        migrator.registerMigration("v11-open311-locations", migrate: v11)
        migrator.registerMigration("v12-case-facts", migrate: v12)
        migrator.registerMigration("v13-fact-rollup", migrate: v13)
        migrator.registerMigration("v14-amendment-effects", migrate: v14)
        migrator.registerMigration("v15-outbox-and-plugins", migrate: v15)
        migrator.registerMigration("v16-plugin-settings", migrate: v16)
        migrator.registerMigration("v17-sub-grids", migrate: v17)
        for (identifier, body) in extra { migrator.registerMigration(identifier, migrate: body) }
        return migrator
    }

    private static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tenant_info (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            );
            -- Every profile version this tenant has seen, with a digest of its file, so a
            -- version in force that is edited afterwards is noticed.
            CREATE TABLE profile_version (
                effective TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                file TEXT NOT NULL,
                digest TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            );
            CREATE TABLE org_unit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                parent_id INTEGER REFERENCES org_unit(id) ON DELETE RESTRICT,
                level TEXT NOT NULL,
                name TEXT NOT NULL,
                division_code TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (parent_id, name)
            );
            CREATE INDEX org_unit_parent ON org_unit(parent_id);
            CREATE TABLE grid (
                unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                code TEXT NOT NULL UNIQUE,
                households INTEGER NOT NULL CHECK (households >= 0),
                area TEXT NOT NULL
            );
            CREATE TABLE household_unit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                grid_id INTEGER NOT NULL REFERENCES grid(unit_id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                households INTEGER NOT NULL CHECK (households > 0),
                UNIQUE (grid_id, name)
            );
            CREATE TABLE department (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL
            );
            CREATE TABLE catalogue_item (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                category TEXT NOT NULL,
                department TEXT NOT NULL REFERENCES department(code),
                time_limit TEXT NOT NULL,
                article TEXT,
                profile_version TEXT NOT NULL REFERENCES profile_version(effective)
            );
            CREATE TABLE person (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                birth_date TEXT,
                citizenship TEXT,
                phone TEXT,
                created_at TEXT NOT NULL
            );
            -- Facts that bar a person from some roles (受过刑事处罚 …), by the profile's keys.
            CREATE TABLE person_disqualification (
                person_id TEXT NOT NULL REFERENCES person(id),
                key TEXT NOT NULL,
                PRIMARY KEY (person_id, key)
            );
            CREATE TABLE training (
                person_id TEXT NOT NULL REFERENCES person(id),
                passed_on TEXT NOT NULL,
                PRIMARY KEY (person_id, passed_on)
            );
            CREATE TABLE appointment (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id TEXT NOT NULL REFERENCES person(id),
                role TEXT NOT NULL,
                unit_id INTEGER REFERENCES org_unit(id),
                department TEXT REFERENCES department(code),
                started_on TEXT NOT NULL,
                ended_on TEXT,
                end_reason TEXT,
                CHECK ((unit_id IS NULL) != (department IS NULL)),
                CHECK (ended_on IS NULL OR ended_on >= started_on)
            );
            CREATE INDEX appointment_person ON appointment(person_id);
            CREATE INDEX appointment_active ON appointment(unit_id, role) WHERE ended_on IS NULL;
            """)
    }

    /// Cases: a projection row per case, and the append-only, hash-chained event log.
    private static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE case_record (
                id TEXT PRIMARY KEY,
                profile_version TEXT NOT NULL,
                item TEXT NOT NULL,
                grid_id INTEGER NOT NULL REFERENCES grid(unit_id),
                status TEXT NOT NULL,
                position TEXT NOT NULL,
                office_level TEXT NOT NULL,
                lead TEXT,
                due_at REAL,
                overdue INTEGER NOT NULL DEFAULT 0,
                reported_at REAL NOT NULL,
                version INTEGER NOT NULL,
                last_hash TEXT NOT NULL,
                state TEXT NOT NULL
            );
            CREATE INDEX case_due ON case_record(status, overdue, due_at);
            CREATE INDEX case_grid ON case_record(grid_id, status);
            CREATE TABLE case_department (
                case_id TEXT NOT NULL REFERENCES case_record(id),
                department TEXT NOT NULL,
                PRIMARY KEY (case_id, department)
            ) WITHOUT ROWID;
            CREATE INDEX case_department_by_department ON case_department(department);
            CREATE TABLE case_event (
                case_id TEXT NOT NULL REFERENCES case_record(id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                at REAL NOT NULL,
                actor TEXT NOT NULL,
                body TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (case_id, seq)
            ) WITHOUT ROWID;
            CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
                BEGIN SELECT RAISE(ABORT, 'the case archive is append-only'); END;
            CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
                BEGIN SELECT RAISE(ABORT, 'the case archive is append-only'); END;
            CREATE TABLE case_counter (
                year INTEGER PRIMARY KEY,
                last INTEGER NOT NULL
            );
            """)
    }

    /// The live catalogue: append-only item revisions (the flat v1 table becomes revision 1
    /// of each item and a view of the items in force), and the archive of the procedures
    /// the kernel runs besides cases: catalogue applications and assignments to workers.
    private static func v3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE catalogue_revision (
                code TEXT NOT NULL,
                revision INTEGER NOT NULL CHECK (revision > 0),
                action TEXT NOT NULL,
                entry TEXT NOT NULL,
                category TEXT NOT NULL,
                department TEXT NOT NULL REFERENCES department(code),
                in_catalogue INTEGER NOT NULL,
                effective_at REAL NOT NULL,
                requested_by TEXT NOT NULL,
                decided_by TEXT,
                reason TEXT NOT NULL,
                application_id TEXT,
                PRIMARY KEY (code, revision)
            ) WITHOUT ROWID;
            CREATE TRIGGER catalogue_revision_no_update BEFORE UPDATE ON catalogue_revision
                BEGIN SELECT RAISE(ABORT, 'catalogue revisions are never changed; add a revision'); END;
            CREATE TRIGGER catalogue_revision_no_delete BEFORE DELETE ON catalogue_revision
                BEGIN SELECT RAISE(ABORT, 'catalogue revisions are never deleted; withdraw the item'); END;
            INSERT INTO catalogue_revision
                SELECT code, 1, 'seed',
                       json_object('code', code, 'revision', 1, 'names', json(name), 'category', category,
                                   'department', department, 'timeLimit', time_limit, 'article', article, 'inCatalogue', json('true')),
                       category, department, 1, CAST(strftime('%s', 'now') AS REAL), 'profile', NULL,
                       'seeded from profile version ' || profile_version, NULL
                FROM catalogue_item;
            DROP TABLE catalogue_item;
            CREATE VIEW catalogue_item AS
                SELECT * FROM catalogue_revision AS r
                WHERE revision = (SELECT max(revision) FROM catalogue_revision WHERE code = r.code);
            CREATE TABLE procedure_record (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                subject TEXT NOT NULL,
                opened_at REAL NOT NULL,
                version INTEGER NOT NULL,
                last_hash TEXT NOT NULL,
                state TEXT NOT NULL
            );
            CREATE INDEX procedure_by_kind ON procedure_record(kind, status, opened_at);
            CREATE TABLE procedure_event (
                record_id TEXT NOT NULL REFERENCES procedure_record(id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                at REAL NOT NULL,
                actor TEXT NOT NULL,
                body TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (record_id, seq)
            ) WITHOUT ROWID;
            CREATE TRIGGER procedure_event_no_update BEFORE UPDATE ON procedure_event
                BEGIN SELECT RAISE(ABORT, 'the procedure archive is append-only'); END;
            CREATE TRIGGER procedure_event_no_delete BEFORE DELETE ON procedure_event
                BEGIN SELECT RAISE(ABORT, 'the procedure archive is append-only'); END;
            CREATE TABLE procedure_counter (
                prefix TEXT NOT NULL,
                year INTEGER NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (prefix, year)
            );
            """)
    }

    /// The HTTP front end: bearer tokens (only their SHA-256 is kept), the audit log of
    /// access to personal data, and idempotency keys so a retried report is filed once.
    private static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE api_token (
                id TEXT PRIMARY KEY,
                digest TEXT NOT NULL UNIQUE,
                staff_id TEXT NOT NULL REFERENCES person(id),
                issued_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                revoked_at REAL,
                note TEXT
            );
            CREATE TABLE access_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at REAL NOT NULL,
                staff_id TEXT NOT NULL,
                token_id TEXT,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                fields TEXT NOT NULL
            );
            CREATE INDEX access_log_subject ON access_log(subject);
            CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
            CREATE TABLE idempotency_key (
                key TEXT NOT NULL,
                staff_id TEXT NOT NULL,
                request_digest TEXT NOT NULL,
                case_id TEXT NOT NULL REFERENCES case_record(id),
                created_at REAL NOT NULL,
                PRIMARY KEY (staff_id, key)
            ) WITHOUT ROWID;
            """)
    }

    /// Texts the public pages show, per publication language: names of units and people
    /// in languages beyond the one they were recorded in, a grid's area as published, and
    /// contacts such as a supervision phone (language '' when the same in every language).
    private static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE public_text (
                subject TEXT NOT NULL,   -- 'unit:<id>' or 'person:<id>'
                field TEXT NOT NULL,
                language TEXT NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY (subject, field, language)
            ) WITHOUT ROWID;
            """)
    }

    /// Receipts of reports filed through the public pages: an unguessable token a
    /// citizen follows the case by, since case ids are sequential.
    private static func v6(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE case_receipt (
                token TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES case_record(id),
                created_at REAL NOT NULL
            ) WITHOUT ROWID;
            """)
    }

    /// Staff console sessions: a bearer token exchanged for a cookie. Only the SHA-256 of
    /// the session's secret is kept; revoking the token ends its sessions.
    private static func v7(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE web_session (
                digest TEXT PRIMARY KEY,
                token_id TEXT NOT NULL REFERENCES api_token(id),
                csrf TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                ended_at REAL
            ) WITHOUT ROWID;
            CREATE INDEX web_session_token ON web_session(token_id);
            """)
    }

    /// Published editions of the catalogue: numbered, dated, hash-chained, and immutable
    /// (triggers refuse any change or removal).
    private static func v8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE catalogue_edition (
                number INTEGER PRIMARY KEY,
                published_on TEXT NOT NULL,
                published_at REAL NOT NULL,
                published_by TEXT NOT NULL,
                body TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER catalogue_edition_unchanged BEFORE UPDATE ON catalogue_edition
            BEGIN SELECT RAISE(ABORT, 'published editions of the catalogue cannot be changed'); END;
            CREATE TRIGGER catalogue_edition_kept BEFORE DELETE ON catalogue_edition
            BEGIN SELECT RAISE(ABORT, 'published editions of the catalogue cannot be removed'); END;
            """)
    }

    /// A department post may name the unit whose government the department belongs to (a
    /// county's 公安分局, the city's 公安局): catalogues are compiled per body ("同级"), and a
    /// department applies to the body of its own level. SQLite cannot loosen a CHECK in
    /// place, so the table is rebuilt with its rows and indexes.
    private static func v9(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE appointment_v9 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                person_id TEXT NOT NULL REFERENCES person(id),
                role TEXT NOT NULL,
                unit_id INTEGER REFERENCES org_unit(id),
                department TEXT REFERENCES department(code),
                started_on TEXT NOT NULL,
                ended_on TEXT,
                end_reason TEXT,
                CHECK (unit_id IS NOT NULL OR department IS NOT NULL),
                CHECK (ended_on IS NULL OR ended_on >= started_on)
            );
            INSERT INTO appointment_v9 (id, person_id, role, unit_id, department, started_on, ended_on, end_reason)
                SELECT id, person_id, role, unit_id, department, started_on, ended_on, end_reason FROM appointment;
            DROP TABLE appointment;
            ALTER TABLE appointment_v9 RENAME TO appointment;
            CREATE INDEX appointment_person ON appointment(person_id);
            CREATE INDEX appointment_active ON appointment(unit_id, role) WHERE ended_on IS NULL;
            """)
    }

    /// Corrections of profile versions already in force (a typo fixed in the file): each is
    /// recorded with its reason and the file's digest before and after, never silently.
    private static func v10(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE profile_correction (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                effective TEXT NOT NULL REFERENCES profile_version(effective),
                old_digest TEXT NOT NULL,
                new_digest TEXT NOT NULL,
                reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                operated_by TEXT,
                recorded_at TEXT NOT NULL
            );
            CREATE TRIGGER profile_correction_kept BEFORE DELETE ON profile_correction
                BEGIN SELECT RAISE(ABORT, 'corrections of profile versions are kept'); END;
            CREATE TRIGGER profile_correction_unchanged BEFORE UPDATE ON profile_correction
                BEGIN SELECT RAISE(ABORT, 'corrections of profile versions are not changed'); END;
            """)
    }

    /// Open311 client keys; grid boundaries with an R*Tree of their bounding boxes; the
    /// address register; reports whose place matched no grid, waiting for an office.
    private static func v11(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE open311_key (
                id TEXT PRIMARY KEY,
                digest TEXT NOT NULL UNIQUE,
                client TEXT NOT NULL CHECK (length(trim(client)) > 0),
                channel TEXT NOT NULL,
                issued_at REAL NOT NULL,
                issued_by TEXT,
                revoked_at REAL,
                note TEXT
            );
            CREATE TABLE grid_shape (
                grid_id INTEGER PRIMARY KEY REFERENCES grid(unit_id) ON DELETE CASCADE,
                geometry TEXT NOT NULL,
                imported_at REAL NOT NULL
            );
            CREATE VIRTUAL TABLE grid_shape_index USING rtree(id, min_x, max_x, min_y, max_y);
            CREATE TRIGGER grid_shape_unindexed AFTER DELETE ON grid_shape
                BEGIN DELETE FROM grid_shape_index WHERE id = old.grid_id; END;
            CREATE TABLE address (
                id TEXT PRIMARY KEY,
                address TEXT NOT NULL,
                normalized TEXT NOT NULL,
                grid_id INTEGER NOT NULL REFERENCES grid(unit_id) ON DELETE CASCADE
            );
            CREATE INDEX address_normalized ON address(normalized);
            CREATE TABLE unlocated_report (
                token TEXT PRIMARY KEY,
                received_at REAL NOT NULL,
                service_code TEXT NOT NULL,
                description TEXT,
                reporter TEXT NOT NULL,
                origin TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('waiting', 'placed', 'answered')),
                case_id TEXT,
                decided_by TEXT,
                decided_at REAL,
                decision_note TEXT
            );
            CREATE INDEX unlocated_report_waiting ON unlocated_report(status, received_at);
            -- Updates of many cases by time (Open311's servicerequestupdates).
            CREATE INDEX case_event_at ON case_event(at);
            """)
    }

    /// What evaluation counts, one row per fact of an archived event (a report, an end, a
    /// return …), written with the event: the grid, department and worker it counts for at
    /// that time, and for an end whether it was on time and its working time.
    private static func v12(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE case_fact (
                case_id TEXT NOT NULL REFERENCES case_record(id),
                seq INTEGER NOT NULL,
                kind TEXT NOT NULL,
                at REAL NOT NULL,
                grid_id INTEGER NOT NULL,
                department TEXT,
                worker TEXT,
                on_time INTEGER,
                duration REAL,
                good INTEGER,
                PRIMARY KEY (case_id, seq, kind)
            ) WITHOUT ROWID;
            -- Covers every sum of a window: by kind, then time, with all the columns summed or grouped by.
            CREATE INDEX case_fact_when ON case_fact(kind, at, grid_id, department, worker, on_time, duration, good);
            """)
    }

    /// Evaluation's rollup: the facts of each completed day and month summed by grid, by
    /// worker and grid, and by department, so a year's figures read a few thousand rows
    /// instead of every fact. Built after the day ends (never on a case's write path);
    /// `fact_rollup_dirty` holds facts written for a day already rolled up. Overdue open
    /// cases, a figure of now rather than of a window, get an index of their own.
    private static func v13(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE fact_rollup (
                dimension TEXT NOT NULL,
                period TEXT NOT NULL,
                start REAL NOT NULL,
                key TEXT NOT NULL,
                grid_id INTEGER NOT NULL,
                kind TEXT NOT NULL,
                count INTEGER NOT NULL,
                timed INTEGER NOT NULL,
                on_time INTEGER NOT NULL,
                duration_sum REAL NOT NULL,
                good INTEGER NOT NULL,
                minutes BLOB,
                PRIMARY KEY (dimension, period, start, key, grid_id, kind)
            ) WITHOUT ROWID;
            CREATE TABLE fact_rollup_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                horizon REAL NOT NULL,
                zone TEXT NOT NULL
            );
            CREATE TABLE fact_rollup_dirty (at REAL PRIMARY KEY) WITHOUT ROWID;
            -- Overdue open cases by grid or department, read without visiting the cases:
            -- only cases now overdue are in it.
            CREATE INDEX case_overdue_open ON case_record(grid_id, lead, status, overdue) WHERE status = 'open' AND overdue = 1;
            """)
    }

    /// When each enacted version's own changes (its catalogue items) were applied to the
    /// running city (versions already in force when this was added count as applied), and
    /// the text of each version as recorded and as it was before each correction, so that
    /// `ordinance diff` can show what a correction changed.
    private static func v14(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE profile_version ADD COLUMN applied_at TEXT;
            ALTER TABLE profile_version ADD COLUMN content TEXT;
            ALTER TABLE profile_correction ADD COLUMN old_content TEXT;
            ALTER TABLE profile_correction ADD COLUMN new_content TEXT;
            UPDATE profile_version SET applied_at = recorded_at WHERE status != 'draft' AND effective <= date('now');
            """)
    }

    /// The outbox: every archived case event, in commit order, written by a trigger in the
    /// transaction that archives it (the events already archived first, oldest first); and
    /// the plugins enabled for the tenant, each with its delivery cursor, its failures and
    /// the events it gave up on (dead letters). Enabling and disabling are kept in `plugin_log`.
    private static func v15(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY,
                case_id TEXT NOT NULL,
                case_seq INTEGER NOT NULL
            );
            INSERT INTO outbox (case_id, case_seq) SELECT case_id, seq FROM case_event ORDER BY at, case_id, seq;
            CREATE TRIGGER case_event_outbox AFTER INSERT ON case_event
                BEGIN INSERT INTO outbox (case_id, case_seq) VALUES (NEW.case_id, NEW.seq); END;
            CREATE TABLE plugin (
                name TEXT PRIMARY KEY,
                enabled INTEGER NOT NULL,
                cursor INTEGER NOT NULL,
                failures INTEGER NOT NULL DEFAULT 0,
                next_attempt REAL,
                last_error TEXT,
                delivered INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE plugin_log (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                action TEXT NOT NULL,
                at TEXT NOT NULL,
                by TEXT,
                note TEXT
            );
            CREATE TRIGGER plugin_log_kept BEFORE DELETE ON plugin_log BEGIN SELECT RAISE(ABORT, 'the plugin log is kept'); END;
            CREATE TABLE plugin_dead_letter (
                plugin TEXT NOT NULL,
                outbox_seq INTEGER NOT NULL,
                error TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                at TEXT NOT NULL,
                PRIMARY KEY (plugin, outbox_seq)
            ) WITHOUT ROWID;
            """)
    }

    /// A plugin's settings for this tenant (a webhook's address and secret, a gateway
    /// command), and the staff member it reads personal data for, whose tier masks it.
    private static func v16(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE plugin ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
            ALTER TABLE plugin ADD COLUMN delegate TEXT;
            """)
    }

    /// Sub-grids (微网格): org units below the grid, each with its code and households; the
    /// grid keeps its own row.
    private static func v17(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sub_grid (
                unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id) ON DELETE CASCADE,
                grid_id INTEGER NOT NULL REFERENCES grid(unit_id) ON DELETE CASCADE,
                code TEXT NOT NULL UNIQUE,
                households INTEGER NOT NULL CHECK (households >= 0)
            );
            CREATE INDEX sub_grid_grid ON sub_grid(grid_id);
            """)
    }
}
