// Versions (SPEC §13): a newer version's database is refused whole, and every
// migration runs on the previous version's real file, backed up first, with the
// closed months' kept figures still there after.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FlexApi } from './legacy';
import { DatabaseError } from '../../app/errors';
import { LATEST_VERSION } from '../../app/store/migrations';
import { listAutomaticBackups } from '../../app/store/backup';
import { fixture, flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { countsOf, fingerprint, integrityOf, listDir, userVersionOf } from './helpers';

describe('a database made by a newer version', () => {
  function newerDb(): string {
    const db = path.join(tempDir(), 'flex-billing.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    const d = new Database(db);
    // As a newer version might leave it: not in WAL mode, a schema number above ours.
    d.pragma('journal_mode = DELETE');
    d.pragma(`user_version = ${LATEST_VERSION + 1}`);
    d.close();
    return db;
  }

  it('is refused with a sentence naming both versions, and not opened half-way (not a byte of it changed)', () => {
    const db = newerDb();
    const before = fingerprint(db);
    const files = listDir(path.dirname(db));
    for (const args of [['preview', '--month', '2026-10'], ['import', fixture('counts-plain.csv')], ['close', '--month', '2026-10']]) {
      const r = flexbill(db, ...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr.trim()).toBe(`flexbill: ${db} was made by a newer version of Flex Billing (its schema is ${LATEST_VERSION + 1}; this is Flex Billing 0.1.0, which knows schemas up to ${LATEST_VERSION}): update the app to open it; nothing in the file was changed.`);
    }
    // Byte for byte as it was: in particular still in its own journal mode
    // (header byte 18 is 1, not WAL's 2), and no -wal or -shm left beside it.
    expect(fingerprint(db)).toEqual(before);
    expect(fs.readFileSync(db)[18]).toBe(1);
    expect(listDir(path.dirname(db))).toEqual(files);
  });

  it('is refused by the app with the kind it shows (an update, not a backup, is the way out)', () => {
    const db = newerDb();
    let error: unknown;
    try {
      new FlexApi(db).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).problem).toBe('newer-version');
    expect((error as DatabaseError).message).toContain(`this is Flex Billing 0.1.0, which knows schemas up to ${LATEST_VERSION}`);
  });
});

describe('migrations run on the previous version\'s real file', () => {
  it('this version\'s own file (made by its command line, two months closed) opens with its closed months\' kept figures', () => {
    // test/fixtures/db/flex-billing-0.1.0-schema-2.db was made by Flex Billing 0.1.0's
    // flexbill (see test/fixtures/README.md); a later version's migrations run on it here.
    const db = path.join(tempDir(), 'flex-billing.db');
    fs.copyFileSync(fixture('db/flex-billing-0.1.0-schema-2.db'), db);
    const schemaBefore = userVersionOf(db);
    const countsBefore = countsOf(db);
    const api = new FlexApi(db);
    api.close();
    expect(userVersionOf(db)).toBe(LATEST_VERSION);
    expect(countsOf(db)).toEqual(countsBefore);
    // Backed up before a migration, and only when one ran.
    const backups = listAutomaticBackups(db);
    if (schemaBefore < LATEST_VERSION) {
      expect(backups.map((b) => b.reason)).toEqual([`before-migration-${LATEST_VERSION}`]);
      expect(userVersionOf(backups[0]!.path)).toBe(schemaBefore);
    } else {
      expect(backups).toEqual([]);
    }
    for (const month of ['2026-10', '2026-09']) {
      type Preview = { licenses: unknown[]; totals: unknown; closed: { closedAt: string } | null };
      const kept = JSON.parse(fs.readFileSync(fixture(`db/closed-${month}.json`), 'utf8')) as Preview;
      const r = flexbill(db, 'preview', '--month', month, '--json');
      expect(r.code).toBe(0);
      const now = JSON.parse(r.stdout) as Preview;
      expect(now.closed?.closedAt).toBe(kept.closed?.closedAt);
      expect(now.licenses).toEqual(kept.licenses);
      expect(now.totals).toEqual(kept.totals);
    }
  });

  it('a file at the schema before (1, with data) is backed up, then migrated, its data kept', () => {
    // Made with this code at the previous migration level: migration 2 only added
    // the vendor invoices and closed months, so a schema-1 file is a full database
    // without them.
    // The real 0.1.0 file (schema 2) without migration 2's tables is that file at schema 1;
    // a copy of it opened as it is gives the figures to compare with.
    const dir = tempDir();
    const db = path.join(dir, 'flex-billing.db');
    const reference = path.join(tempDir(), 'reference.db');
    fs.copyFileSync(fixture('db/flex-billing-0.1.0-schema-2.db'), reference);
    const figures = (file: string) => {
      const p = JSON.parse(flexbill(file, 'preview', '--month', '2026-10', '--json').stdout) as { licenses: unknown; totals: unknown };
      return { licenses: p.licenses, totals: p.totals };
    };
    // Without migration 2's tables the file has no closings: its October is the live one.
    expect(flexbill(reference, 'reopen', '--month', '2026-10').code).toBe(0);
    const oct = figures(reference);
    fs.copyFileSync(fixture('db/flex-billing-0.1.0-schema-2.db'), db);
    const d = new Database(db);
    d.exec('DROP TABLE closed_months; DROP TABLE vendor_invoices; PRAGMA user_version = 1');
    d.close();
    const v1 = countsOf(db);

    new FlexApi(db).close();
    expect(userVersionOf(db)).toBe(LATEST_VERSION);
    expect(countsOf(db)).toEqual(v1);
    const backups = listAutomaticBackups(db);
    expect(backups.map((b) => b.reason)).toEqual([`before-migration-${LATEST_VERSION}`]);
    expect(userVersionOf(backups[0]!.path)).toBe(1);
    expect(countsOf(backups[0]!.path)).toEqual(v1);
    expect(integrityOf(backups[0]!.path)).toBe('ok');
    expect(figures(db)).toEqual(oct);

    // Opened again, nothing to migrate: no more backups.
    new FlexApi(db).close();
    expect(listAutomaticBackups(db)).toHaveLength(1);
  });

  it('a new database has nothing to back up', () => {
    const db = path.join(tempDir(), 'flex-billing.db');
    new FlexApi(db).close();
    expect(userVersionOf(db)).toBe(LATEST_VERSION);
    expect(listDir(path.join(path.dirname(db), 'backups'))).toEqual([]);
  });
});
