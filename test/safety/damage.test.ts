// A damaged file (SPEC §13): a byte flipped in a page of a closed database is
// found when it is opened; it is not written to, and the latest backup is named.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FlexApi } from './legacy';
import { DatabaseError } from '../../app/errors';
import { listAutomaticBackups } from '../../app/store/backup';
import { fixture, flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { countsOf, fingerprint, integrityOf, listDir } from './helpers';

/** The demo data, a month closed (so an automatic backup exists); the database closed. */
function closedDb(): string {
  const db = path.join(tempDir(), 'flex-billing.db');
  expect(flexbill(db, 'demo').code).toBe(0);
  expect(flexbill(db, 'close', '--month', '2026-10').code).toBe(0);
  expect(listDir(path.dirname(db))).toEqual(['backups', 'flex-billing.db']); // closed: no -wal left
  return db;
}

/**
 * Flips one byte in the middle of a leaf page of a table's b-tree: in its index
 * of cells (the cell pointer array), the middle entry. (A byte flipped inside a
 * stored value is not something SQLite can see: its pages carry no checksum.)
 */
function flipByteInTablePage(db: string, table: string): { page: number; offset: number } {
  const d = new Database(db, { readonly: true });
  const pageSize = d.pragma('page_size', { simple: true }) as number;
  const pages = d.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).all(table) as { pageno: number }[];
  d.close();
  expect(pages.length).toBeGreaterThan(0);
  const page = pages[Math.floor(pages.length / 2)]!.pageno;
  const bytes = fs.readFileSync(db);
  const start = (page - 1) * pageSize;
  const cells = bytes.readUInt16BE(start + 3);
  expect(cells).toBeGreaterThan(0);
  const offset = start + 8 + 2 * Math.floor(cells / 2); // the high byte of the middle cell's pointer
  bytes[offset] = bytes[offset]! ^ 0x5a;
  fs.writeFileSync(db, bytes);
  return { page, offset };
}

describe('a database with a flipped byte in a page', () => {
  it('is detected on open, not written to, and the latest automatic backup is named', () => {
    const db = closedDb();
    const latest = listAutomaticBackups(db)[0]!;
    flipByteInTablePage(db, 'usage_months');
    const before = fingerprint(db);
    const files = listDir(path.dirname(db));

    for (const args of [['preview', '--month', '2026-10'], ['import', fixture('counts-plain.csv')], ['reopen', '--month', '2026-10'], ['backup', '--out', path.join(path.dirname(db), 'b.db')]]) {
      const r = flexbill(db, ...args);
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1);
      expect(r.stderr).toMatch(/^flexbill: .*flex-billing\.db is damaged \(SQLite's check found: .+\); it was opened read-only and nothing was written to it: restore the latest backup, made \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: flexbill restore ".+" \(or Restore… in the app\)\.$/m);
      expect(r.stderr).toContain(`flexbill restore "${latest.path}"`);
    }
    expect(fingerprint(db)).toEqual(before);
    expect(listDir(path.dirname(db))).toEqual(files);
  });

  it('is refused by the app with the kind that makes it offer the backup', () => {
    const db = closedDb();
    flipByteInTablePage(db, 'imports');
    const before = fingerprint(db);
    let error: unknown;
    try {
      new FlexApi(db).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).problem).toBe('damaged');
    expect(fingerprint(db)).toEqual(before);
  });

  it('is restored from the backup it names, the damaged file kept aside', () => {
    const db = closedDb();
    const latest = listAutomaticBackups(db)[0]!;
    flipByteInTablePage(db, 'usage_months');
    const damaged = fs.readFileSync(db);
    const r = flexbill(db, 'restore', latest.path);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(integrityOf(db)).toBe('ok');
    expect(countsOf(db)).toEqual(countsOf(latest.path));
    // Kept aside page for page (the online backup copies pages; only the header
    // page differs, in its change counter and journal mode).
    const aside = listAutomaticBackups(db).find((b) => b.reason === 'before-restore')!;
    const pageSize = damaged.readUInt16BE(16);
    expect(fs.readFileSync(aside.path).subarray(pageSize).equals(damaged.subarray(pageSize))).toBe(true);
    expect(integrityOf(aside.path)).not.toBe('ok');
    expect(flexbill(db, 'preview', '--month', '2026-10').code).toBe(0);
  });

  it('a file whose first page is garbage is refused too, and can still be restored over', () => {
    const db = closedDb();
    const latest = listAutomaticBackups(db)[0]!;
    const bytes = fs.readFileSync(db);
    bytes.fill(0x20, 0, 100); // the database header
    fs.writeFileSync(db, bytes);
    const before = fingerprint(db);
    const r = flexbill(db, 'licenses');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/flex-billing\.db is damaged \(SQLite's check found: file is not a database\); it was opened read-only and nothing was written to it/);
    expect(fingerprint(db)).toEqual(before);

    const restored = flexbill(db, 'restore', latest.path);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(countsOf(db)).toEqual(countsOf(latest.path));
    // No reader can copy a file SQLite cannot read: its bytes are kept as they were.
    const aside = listAutomaticBackups(db).find((b) => b.reason === 'before-restore-damaged')!;
    expect(fs.readFileSync(aside.path).equals(bytes)).toBe(true);
  });
});
