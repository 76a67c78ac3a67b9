import GRDB

/// The store's schema, as named forward-only migrations. A shipped migration is never edited; add a new one.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-30-initial") { db in
            try db.execute(sql: initialSchema)
        }
        // The drainer asks for a vendor's pending entries in id order: with only `outbox_due` SQLite sorted every
        // pending entry of the vendor for each batch (600,000 after a 1M first pass). This index hands them in order.
        migrator.registerMigration("2026-11-30-outbox-pending-order") { db in
            try db.execute(sql: "CREATE INDEX outbox_pending ON outbox(vendor, id) WHERE status = 'pending'")
        }
        return migrator
    }

    private static let initialSchema = """
        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            revision INTEGER NOT NULL DEFAULT 0,
            merged_into INTEGER REFERENCES persons(id),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE identities (
            vendor TEXT NOT NULL,
            record_key TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            aliases TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (vendor, record_key)
        ) WITHOUT ROWID;
        CREATE INDEX identities_person ON identities(person_id);
        CREATE TABLE emails (
            email TEXT PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id)
        ) WITHOUT ROWID;
        CREATE INDEX emails_person ON emails(person_id);
        CREATE TABLE attributes (
            person_id INTEGER NOT NULL REFERENCES persons(id),
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            at INTEGER NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (person_id, field)
        ) WITHOUT ROWID;
        CREATE TABLE consent (
            person_id INTEGER NOT NULL REFERENCES persons(id),
            channel TEXT NOT NULL,
            topic TEXT NOT NULL,
            state TEXT NOT NULL,
            at INTEGER NOT NULL,
            source TEXT NOT NULL,
            legal_basis TEXT,
            evidence TEXT,
            PRIMARY KEY (person_id, channel, topic)
        ) WITHOUT ROWID;
        CREATE TABLE consent_history (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL,
            channel TEXT NOT NULL,
            topic TEXT NOT NULL,
            state TEXT NOT NULL,
            at INTEGER NOT NULL,
            source TEXT NOT NULL,
            legal_basis TEXT,
            evidence TEXT,
            reason TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX consent_history_person ON consent_history(person_id);
        CREATE TRIGGER consent_history_append_only_update BEFORE UPDATE ON consent_history
            BEGIN SELECT RAISE(ABORT, 'consent_history is append-only'); END;
        CREATE TRIGGER consent_history_append_only_delete BEFORE DELETE ON consent_history
            BEGIN SELECT RAISE(ABORT, 'consent_history is append-only'); END;
        CREATE TABLE suppressions (
            person_id INTEGER NOT NULL REFERENCES persons(id),
            channel TEXT NOT NULL,
            reason TEXT NOT NULL,
            at INTEGER NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (person_id, channel, reason)
        ) WITHOUT ROWID;
        CREATE TABLE send_events (
            vendor TEXT NOT NULL,
            event_key TEXT NOT NULL,
            person_id INTEGER REFERENCES persons(id),
            type TEXT NOT NULL,
            at INTEGER NOT NULL,
            email TEXT,
            campaign TEXT,
            vendor_type TEXT,
            PRIMARY KEY (vendor, event_key)
        ) WITHOUT ROWID;
        CREATE INDEX send_events_person ON send_events(person_id);
        CREATE TABLE mirrors (
            vendor TEXT NOT NULL,
            record_key TEXT NOT NULL,
            person_id INTEGER NOT NULL,
            state TEXT NOT NULL,
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (vendor, record_key)
        ) WITHOUT ROWID;
        CREATE TABLE cursors (
            vendor TEXT NOT NULL,
            stream TEXT NOT NULL,
            version INTEGER NOT NULL,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (vendor, stream)
        ) WITHOUT ROWID;
        CREATE TABLE diffs (
            id INTEGER PRIMARY KEY,
            run_id INTEGER,
            person_id INTEGER NOT NULL,
            vendor TEXT NOT NULL,
            stream TEXT NOT NULL,
            subject TEXT NOT NULL,
            old TEXT,
            new TEXT,
            source TEXT NOT NULL,
            at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX diffs_person ON diffs(person_id);
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            idempotency_key TEXT NOT NULL UNIQUE,
            vendor TEXT NOT NULL,
            person_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            slot TEXT NOT NULL,
            mutation TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_due ON outbox(vendor, status, next_attempt_at);
        CREATE INDEX outbox_slot ON outbox(slot, status);
        CREATE TABLE dead_letters (
            id INTEGER PRIMARY KEY,
            direction TEXT NOT NULL,
            vendor TEXT NOT NULL,
            stream TEXT NOT NULL,
            record_key TEXT,
            reason TEXT NOT NULL,
            payload TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX dead_letters_open ON dead_letters(fingerprint) WHERE status = 'open';
        CREATE TABLE dirty_persons (
            person_id INTEGER PRIMARY KEY
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            status TEXT NOT NULL DEFAULT 'running',
            summary TEXT
        );
        """
}
