import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations } from '../../app/store/migrations';
import { openDatabase } from '../../app/store/db';
import { resolveDbPath, defaultDataDir } from '../../app/store/paths';
import { tempDb } from '../helpers/tmp';

describe('migrations', () => {
  it('are numbered 1, 2, 3... without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('migration 1 makes the tables the store needs', () => {
    const db = new Database(tempDb());
    expect(migrate(db, 1)).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['daily_history', 'usage_months', 'exports', 'imports', 'licenses', 'mailbox_months', 'rates', 'settings']));
    db.close();
  });

  it('migration 2 adds vendor invoices and closed months to a database with data, keeping the data', () => {
    const db = new Database(tempDb());
    migrate(db, 1);
    db.prepare(`INSERT INTO imports (file_name, size, sha256, status, imported_at) VALUES ('a.csv', 1, 'x', 'imported', '2026-11-01')`).run();
    db.prepare(`INSERT INTO usage_months (month, license, counts, imports) VALUES ('2026-10', 'L', x'05000000', x'01000000')`).run();
    expect(migrate(db, 2)).toBe(2);
    expect(db.prepare('SELECT hex(counts) AS c FROM usage_months').get()).toEqual({ c: '05000000' });
    db.prepare(`INSERT INTO closed_months (month, closed_at, snapshot) VALUES ('2026-10', 'now', '{}')`).run();
    db.prepare(`INSERT INTO vendor_invoices (month, file_name, sha256, imported_at, lines) VALUES ('2026-10', 'v.csv', 'y', 'now', '[]')`).run();
    expect(() => db.prepare(`INSERT INTO closed_months (month, closed_at, snapshot) VALUES ('2026-10', 'again', '{}')`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('migration 3 keeps the data, versions the closings, and makes daily history reference its imports', () => {
    const db = new Database(tempDb());
    migrate(db, 2);
    db.prepare(`INSERT INTO imports (id, file_name, size, sha256, status, imported_at) VALUES (1, 'a.csv', 1, 'x', 'imported', 'then'), (2, 'b.csv', 1, 'y', 'imported', 'later')`).run();
    db.prepare(`INSERT INTO daily_history (license, date, count, import_id, replaced_by, replaced_at, mailboxes) VALUES ('L', '2026-10-01', 5, 1, 2, 'later', NULL)`).run();
    const snapshot = { preview: { licenses: [{ license: 'L', billable: 7, amount: 700 }, { license: 'M', billable: 1, amount: 100 }] }, daily: [], sources: [] };
    db.prepare(`INSERT INTO closed_months (month, closed_at, snapshot) VALUES ('2026-10', 'now', ?)`).run(JSON.stringify(snapshot));
    expect(migrate(db, 3)).toBe(3);
    expect(db.prepare('SELECT license, date, count, import_id, replaced_by FROM daily_history').all()).toEqual([{ license: 'L', date: '2026-10-01', count: 5, import_id: 1, replaced_by: 2 }]);
    expect(db.prepare('SELECT snapshot_version AS v FROM closed_months').get()).toEqual({ v: 1 });
    expect(db.prepare('SELECT license, billable, amount FROM closed_license_months ORDER BY license').all()).toEqual([
      { license: 'L', billable: 7, amount: 700 }, { license: 'M', billable: 1, amount: 100 },
    ]);
    // The pragma now has something to check.
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare(`INSERT INTO daily_history (license, date, count, import_id, replaced_by, replaced_at) VALUES ('L', '2026-10-02', 1, 1, 99, 'x')`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM closed_months`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM closed_license_months').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('each migration applies on the schema before it, and again is a no-op', () => {
    const file = tempDb();
    const db = new Database(file);
    for (const m of migrations) expect(migrate(db, m.version)).toBe(m.version);
    expect(migrate(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database from a newer version', () => {
    const db = new Database(tempDb());
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer version/);
    db.close();
  });

  it('opens in WAL mode', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('database location', () => {
  it('follows the platform, FLEXBILL_DB, and --db', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Flex Billing');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Flex Billing$/);
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/conf' }, 'linux')).toBe('/x/conf/flex-billing');
    expect(defaultDataDir({}, 'linux')).toMatch(/\.config\/flex-billing$/);
    expect(resolveDbPath(undefined, { FLEXBILL_DB: '/tmp/a.db' }, 'linux')).toBe('/tmp/a.db');
    expect(resolveDbPath('/tmp/b.db', { FLEXBILL_DB: '/tmp/a.db' }, 'linux')).toBe('/tmp/b.db');
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/x/conf' }, 'linux')).toBe('/x/conf/flex-billing/flex-billing.db');
  });
});
