// Restore (SPEC §13): a file is checked before it replaces anything, and each
// refusal gives its reason and leaves the database as it was.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FlexApi } from './legacy';
import { restore, backup } from '../../app/domains/safety';
import { LATEST_VERSION } from '../../app/store/migrations';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { countsOf, fingerprint, integrityOf, listDir } from './helpers';

/** A database with the demo data and a closed month, made by the command line; and a good backup of it. */
function setUp(): { dir: string; db: string; good: string } {
  const dir = tempDir();
  const db = path.join(dir, 'flex-billing.db');
  expect(flexbill(db, 'demo').code).toBe(0);
  expect(flexbill(db, 'close', '--month', '2026-10').code).toBe(0);
  const good = path.join(dir, 'good-backup.db');
  const r = flexbill(db, 'backup', '--out', good);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { dir, db, good };
}

/** `flexbill restore` refused: exit 1, one sentence matching `reason`, the database and its backups as they were. */
function expectRefused(db: string, file: string, reason: RegExp): void {
  const before = fingerprint(db);
  const backupsBefore = listDir(path.join(path.dirname(db), 'backups'));
  const r = flexbill(db, 'restore', file);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(fingerprint(db)).toEqual(before);
  // No backup of the current database was made for a restore that did not happen,
  // and no temporary copy was left beside it.
  expect(listDir(path.join(path.dirname(db), 'backups'))).toEqual(backupsBefore);
  expect(listDir(path.dirname(db)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('restore refuses, with its reason, a file that is not a whole backup of ours', () => {
  it('a SQLite database of another program', () => {
    const { dir, db, good } = setUp();
    const other = path.join(dir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES (\'Northwind\')');
    o.close();
    expectRefused(db, other, /^flexbill: .*other\.db is not a Flex Billing database: it has none of its tables \(it has customers\); nothing was restored\.$/m);

    // One that says it is at our schema but lacks our tables, or their columns, is not ours either.
    const lookalike = path.join(dir, 'lookalike.db');
    const l = new Database(lookalike);
    l.exec('CREATE TABLE licenses (key TEXT PRIMARY KEY)');
    l.pragma(`user_version = ${LATEST_VERSION}`);
    l.close();
    expectRefused(db, lookalike, /lookalike\.db is not a Flex Billing database: it lacks the tables closed_license_months, closed_months, daily_history, exports, imports, mailbox_months, rates, server_audit, server_collections, servers, settings, usage_months, vendor_invoices; nothing was restored\./);
    const altered = path.join(dir, 'altered.db');
    fs.copyFileSync(good, altered);
    const a = new Database(altered);
    a.exec('ALTER TABLE rates DROP COLUMN cents');
    a.close();
    expectRefused(db, altered, /altered\.db is not a Flex Billing database: its table rates has no column cents; nothing was restored\./);
  });

  it('a text file', () => {
    const { dir, db } = setUp();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'license_key,date,eas_mailboxes\n'.repeat(500));
    expectRefused(db, text, /notes\.txt is not a Flex Billing backup: it is not a SQLite database at all; nothing was restored\./);
  });

  it('a truncated backup (a copy cut short)', () => {
    const { dir, db, good } = setUp();
    const cut = path.join(dir, 'cut.db');
    const bytes = fs.readFileSync(good);
    expect(bytes.length).toBeGreaterThan(8 * 4096);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectRefused(db, cut, /cut\.db is damaged \(SQLite's integrity check found: .+\), perhaps cut short when it was copied; nothing was restored\./);
  });

  it('a newer version\'s backup', () => {
    const { dir, db, good } = setUp();
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();
    expectRefused(db, newer, new RegExp(`newer\\.db was made by a newer version of Flex Billing \\(its schema is ${LATEST_VERSION + 1}; this is Flex Billing 0\\.1\\.0, which knows schemas up to ${LATEST_VERSION}\\): update the app to restore it; nothing was restored\\.`));
  });

  it('no such file, and the database itself', () => {
    const { dir, db } = setUp();
    expectRefused(db, path.join(dir, 'missing.db'), /missing\.db: no such file; nothing was restored\./);
    expectRefused(db, db, /it is the database itself; choose a backup file/);
  });

  it('in the app too: refused, and the app goes on with the data as it was', async () => {
    const { dir, db } = setUp();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    const api = new FlexApi(db);
    const before = api.preview('2026-10');
    await expect(restore(api.core, text)).rejects.toThrow(/is not a SQLite database at all/);
    expect(api.preview('2026-10')).toEqual(before);
    api.close();
  });
});

describe('restore of a good backup', () => {
  it('puts the backup\'s data in place, keeps the database as it was in backups/, and the app reopens on it', async () => {
    const { dir, db } = setUp();
    const api = new FlexApi(db);
    const saved = await backup(api.core, path.join(dir, 'before-reconcile.db'));
    const atBackup = countsOf(db);
    expect(atBackup.closedMonths).toBe(1);
    expect(saved.summary).toEqual({ schema: LATEST_VERSION, imports: atBackup.imports, licenses: atBackup.licenses, closedMonths: 1 });
    expect(countsOf(saved.path)).toEqual(atBackup);
    api.reopenMonth('2026-10');
    api.setRate('2026-11', '1.25');
    const changed = countsOf(db);
    expect(changed.closedMonths).toBe(0);

    const r = await restore(api.core, saved.path);
    // The app works on the restored data at once: the month is closed again, the rate gone.
    expect(api.months().closed).toEqual(['2026-10']);
    expect(api.settings().rates).toEqual([]);
    expect(r.previous).not.toBeNull();
    expect(path.dirname(r.previous!)).toBe(path.join(dir, 'backups'));
    expect(path.basename(r.previous!)).toMatch(/^flex-billing\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.before-restore\.db$/);
    // The backup of the database as it was holds it as it was (reopened, the rate).
    expect(countsOf(r.previous!)).toEqual(changed);
    expect(integrityOf(r.previous!)).toBe('ok');
    api.close();
    expect(countsOf(db)).toEqual({ ...changed, closedMonths: 1 });
    expect(integrityOf(db)).toBe('ok');
  });

  it('from the command line, in one sentence', () => {
    const { db, good } = setUp();
    expect(flexbill(db, 'reopen', '--month', '2026-10').code).toBe(0);
    const r = flexbill(db, 'restore', good);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = countsOf(good);
    expect(r.stdout.trim()).toMatch(new RegExp(`^Restored .*flex-billing\\.db from .*good-backup\\.db: ${c.imports} imports, ${c.licenses} licenses, 1 closed month; the database as it was is kept in .*backups/flex-billing\\..*\\.before-restore\\.db\\.$`));
    expect(countsOf(db).closedMonths).toBe(1);
  });

  it('onto a computer without a database yet', () => {
    const { good } = setUp();
    const fresh = path.join(tempDir(), 'new', 'flex-billing.db');
    const r = flexbill(fresh, 'restore', good);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/there was no database there before\.$/m);
    expect(countsOf(fresh)).toEqual(countsOf(good));
  });

  it('is refused while another program has the database open (it would go on writing to the file replaced)', () => {
    const { db, good } = setUp();
    expect(flexbill(db, 'reopen', '--month', '2026-10').code).toBe(0);
    const other = new FlexApi(db); // the desktop app, say
    try {
      const r = flexbill(db, 'restore', good);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^flexbill: Cannot restore over .*flex-billing\.db: it is open in another program \(the desktop app, flexbill serve, or an import\); close it and restore again; nothing was changed\.$/m);
      expect(other.months().closed).toEqual([]);
    } finally {
      other.close();
    }
    expect(countsOf(db).closedMonths).toBe(0);
    expect(listDir(path.join(path.dirname(db), 'backups')).filter((f) => f.includes('before-restore'))).toEqual([]);
  });
});
