import type Database from 'better-sqlite3';
import { newerVersionError } from './version';

/**
 * Numbered schema migrations. The database's `user_version` is the number of the
 * last one applied. Never edit a migration that has shipped: add the next one.
 * Each runs in its own transaction and has its own test (test/store/migrations.test.ts).
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'licenses, imports, daily counts with history, mailbox presence, settings',
    up: (db) => {
      db.exec(`
        CREATE TABLE licenses (
          key TEXT PRIMARY KEY,
          name TEXT,
          edition TEXT,
          version TEXT,
          maintenance_expires TEXT,
          notes TEXT,
          -- fields the user edited by hand; imports no longer overwrite them
          user_fields TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL
        );

        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          file_name TEXT NOT NULL,
          file_path TEXT,
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          format TEXT,
          detail TEXT,
          kind TEXT,
          status TEXT NOT NULL CHECK (status IN ('imported', 'rejected', 'duplicate', 'undone')),
          reason TEXT,
          imported_at TEXT NOT NULL,
          undone_at TEXT,
          licenses TEXT NOT NULL DEFAULT '[]',
          date_from TEXT,
          date_to TEXT,
          rows INTEGER NOT NULL DEFAULT 0,
          days_added INTEGER NOT NULL DEFAULT 0,
          days_replaced INTEGER NOT NULL DEFAULT 0,
          days_unchanged INTEGER NOT NULL DEFAULT 0,
          warnings TEXT NOT NULL DEFAULT '[]',
          replacements TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX imports_sha256 ON imports (sha256) WHERE status = 'imported';

        -- The current daily counts of each license and month, packed: one row per
        -- license-month instead of one per day (a year of 2,000 licenses is 24,000
        -- rows, not 730,000). counts: 31 int32 little-endian, -1 for a day without
        -- data; imports: 31 uint32, the import each day's value came from (0: none);
        -- mailbox_days: bit d-1 set when day d has mailbox-level data.
        CREATE TABLE usage_months (
          month TEXT NOT NULL,
          license TEXT NOT NULL,
          counts BLOB NOT NULL,
          imports BLOB NOT NULL,
          mailbox_days INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (month, license)
        ) WITHOUT ROWID;

        -- Values a later import replaced, kept so that undo can restore them.
        -- mailboxes: the replaced day's mailboxes, JSON [[address, domain], ...], when it had them.
        CREATE TABLE daily_history (
          id INTEGER PRIMARY KEY,
          license TEXT NOT NULL,
          date TEXT NOT NULL,
          count INTEGER NOT NULL,
          import_id INTEGER NOT NULL,
          replaced_by INTEGER NOT NULL,
          replaced_at TEXT NOT NULL,
          mailboxes TEXT
        );
        CREATE INDEX daily_history_replaced_by ON daily_history (replaced_by);
        CREATE INDEX daily_history_import ON daily_history (import_id);
        CREATE INDEX daily_history_date ON daily_history (date);

        -- Mailbox-level data, kept compactly: one row per mailbox and month with a
        -- bit per day (bit d-1 = day d), instead of a row per mailbox per day.
        CREATE TABLE mailbox_months (
          month TEXT NOT NULL,
          license TEXT NOT NULL,
          address TEXT NOT NULL,
          domain TEXT NOT NULL,
          days INTEGER NOT NULL,
          PRIMARY KEY (month, license, address)
        ) WITHOUT ROWID;

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
        -- A rate applies from its month until the next change.
        CREATE TABLE rates (
          from_month TEXT PRIMARY KEY,
          cents INTEGER NOT NULL CHECK (cents >= 0)
        );
        CREATE TABLE exports (
          id INTEGER PRIMARY KEY,
          month TEXT NOT NULL,
          made_at TEXT NOT NULL,
          path TEXT NOT NULL
        );
        CREATE INDEX exports_month ON exports (month, made_at);
      `);
    },
  },
  {
    version: 2,
    name: 'vendor invoices and closed months',
    up: (db) => {
      db.exec(`
        -- The vendor's summary invoices, kept with their month; the latest one counts.
        CREATE TABLE vendor_invoices (
          id INTEGER PRIMARY KEY,
          month TEXT NOT NULL,
          file_name TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          lines TEXT NOT NULL
        );
        CREATE INDEX vendor_invoices_month ON vendor_invoices (month, id);

        -- A closed month keeps the figures it had when closed (the whole invoice
        -- data, as JSON), whatever is imported later, until it is reopened.
        CREATE TABLE closed_months (
          month TEXT PRIMARY KEY,
          closed_at TEXT NOT NULL,
          snapshot TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'closing figures with a version and per license; daily history references its imports',
    up: (db) => {
      db.exec(`
        -- The kept figures' shape, read by the reader of that version (app/domains/closing.ts).
        -- Closings made before this migration are version 1.
        ALTER TABLE closed_months ADD COLUMN snapshot_version INTEGER NOT NULL DEFAULT 1;

        -- Each closed license-month's figures, so that a license's history reads
        -- its rows instead of every closed month's whole snapshot. Goes with its closing.
        CREATE TABLE closed_license_months (
          month TEXT NOT NULL REFERENCES closed_months (month) ON DELETE CASCADE,
          license TEXT NOT NULL,
          billable INTEGER NOT NULL,
          amount INTEGER NOT NULL,
          PRIMARY KEY (license, month)
        ) WITHOUT ROWID;
        INSERT INTO closed_license_months (month, license, billable, amount)
          SELECT c.month, json_extract(l.value, '$.license'), json_extract(l.value, '$.billable'), json_extract(l.value, '$.amount')
          FROM closed_months c, json_each(c.snapshot, '$.preview.licenses') l;

        -- daily_history again, now saying which imports its values came from and
        -- were replaced by (the foreign_keys pragma had nothing to check before).
        -- Imports are never deleted (undo marks them), so every row has both.
        CREATE TABLE daily_history_v3 (
          id INTEGER PRIMARY KEY,
          license TEXT NOT NULL,
          date TEXT NOT NULL,
          count INTEGER NOT NULL,
          import_id INTEGER NOT NULL REFERENCES imports (id),
          replaced_by INTEGER NOT NULL REFERENCES imports (id),
          replaced_at TEXT NOT NULL,
          mailboxes TEXT
        );
        INSERT INTO daily_history_v3 (id, license, date, count, import_id, replaced_by, replaced_at, mailboxes)
          SELECT id, license, date, count, import_id, replaced_by, replaced_at, mailboxes FROM daily_history;
        DROP TABLE daily_history;
        ALTER TABLE daily_history_v3 RENAME TO daily_history;
        CREATE INDEX daily_history_replaced_by ON daily_history (replaced_by);
        CREATE INDEX daily_history_import ON daily_history (import_id);
        CREATE INDEX daily_history_date ON daily_history (date);
      `);
    },
  },
  {
    version: 4,
    name: 'SmarterMail servers, their collections and the audit log of changes made on them',
    up: (db) => {
      db.exec(`
        -- The servers the user added (SPEC §12). The password is never here: it is in
        -- the system's credential store or the owner-only file secret_place names.
        CREATE TABLE servers (
          name TEXT PRIMARY KEY,
          url TEXT NOT NULL,
          license TEXT NOT NULL,
          username TEXT NOT NULL,
          fingerprint TEXT,
          allow_http INTEGER NOT NULL DEFAULT 0,
          secret_place TEXT NOT NULL CHECK (secret_place IN ('keyring', 'file')),
          client_id TEXT NOT NULL,
          created_at TEXT NOT NULL
        );

        -- Every collection tried, kept: the latest per server is its state, and the
        -- days that were and were not collected follow from them.
        CREATE TABLE server_collections (
          id INTEGER PRIMARY KEY,
          server TEXT NOT NULL,
          license TEXT NOT NULL,
          date TEXT NOT NULL,
          collected_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
          error TEXT,
          domains INTEGER,
          mailboxes INTEGER,
          import_id INTEGER,
          snapshot_path TEXT
        );
        CREATE INDEX server_collections_server ON server_collections (server, id);
        CREATE INDEX server_collections_date ON server_collections (date);

        -- Each change made on a server (an EAS limit, EAS off or on for mailboxes):
        -- when, who, where, what, the server's answer, and whether reading it back showed it.
        CREATE TABLE server_audit (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          os_user TEXT NOT NULL,
          server TEXT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('set-limit', 'disable-eas', 'enable-eas')),
          domain TEXT NOT NULL,
          change TEXT NOT NULL,
          answer TEXT NOT NULL,
          verified INTEGER NOT NULL,
          note TEXT
        );
        CREATE INDEX server_audit_at ON server_audit (at);
      `);
    },
  },
];

export const LATEST_VERSION = migrations[migrations.length - 1]?.version ?? 0;

export function migrate(db: Database.Database, upTo: number = LATEST_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) throw newerVersionError(db.name, current, LATEST_VERSION);
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    // IMMEDIATE, and the version read again inside: two programs opening an old
    // database at once (the app and flexbill) apply each migration once, in turn.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
