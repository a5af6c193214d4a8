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
