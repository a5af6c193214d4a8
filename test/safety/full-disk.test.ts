// A full disk, for real (SPEC §13): a 2 MB tmpfs that an import, an export and a
// backup overflow. Each gives one sentence naming the file; the database and the
// earlier files are as they were. Needs root on Linux (mount); skipped, with the
// reason, elsewhere.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { canMountSmallDisk, cliBundle, countsOf, fillDisk, fingerprint, integrityOf, listDir, mountSmallDisk, sha256, writeCounts } from './helpers';

const disk = canMountSmallDisk();
const built = fs.existsSync(cliBundle);
const reason = !disk.ok ? disk.reason : !built ? 'the command line is not built (npm run build:core)' : '';
if (reason) console.warn(`Skipping the full-disk tests: ${reason}.`);

/** Runs `test` with a mounted 2 MB disk, unmounted after whatever happens. */
function withSmallDisk(test: (dir: string) => void): void {
  const mounted = mountSmallDisk(2);
  if ('reason' in mounted) throw new Error(mounted.reason);
  try {
    test(mounted.dir);
  } finally {
    mounted.unmount();
  }
}

function expectOneSentence(stderr: string, sentence: string): void {
  expect(stderr.trim()).toBe(`flexbill: ${sentence}`);
}

describe.skipIf(reason !== '')(`a full disk (skipped where no tmpfs can be mounted${reason ? `: ${reason}` : ''})`, () => {
  it('an import that overflows it: one sentence, the database as it was (integrity, counts), and usable after', () => {
    const big = path.join(tempDir(), 'big.csv');
    writeCounts(big, 'DD', 1000, 300); // some 7 MB of database pages: more than the disk holds
    withSmallDisk((dir) => {
      const db = path.join(dir, 'flex-billing.db');
      expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
      const before = countsOf(db);
      const bytes = fingerprint(db);

      const r = flexbill(db, 'import', big);
      expect(r.code).toBe(1);
      expectOneSentence(r.stderr, `Cannot save the import of big.csv: the disk holding ${db} is full; nothing of it was saved and the database is as it was; free some space and try again.`);
      expect(integrityOf(db)).toBe('ok');
      expect(countsOf(db)).toEqual(before);
      expect(fingerprint(db)).toEqual(bytes);
      // Still a working database: a small file fits.
      const small = flexbill(db, 'import', fixture('mailbox-rows.csv'));
      expect(small.stderr).toBe('');
      expect(small.code).toBe(0);
      expect(countsOf(db).imports).toBe(before.imports + 1);
    });
  });

  it('an export onto it: one sentence naming the folder, the earlier workbook and the database as they were', () => {
    const db = path.join(tempDir(), 'flex-billing.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    withSmallDisk((dir) => {
      const out = path.join(dir, 'invoice-2026-10.xlsx');
      expect(flexbill(db, 'export', '--month', '2026-10', '--out', out).code).toBe(0);
      const earlier = sha256(out);
      expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0); // the next export differs
      const dbBytes = fingerprint(db);
      fillDisk(dir, 4096);

      const r = flexbill(db, 'export', '--month', '2026-10', '--out', out);
      expect(r.code).toBe(1);
      expectOneSentence(r.stderr, `Cannot save the invoice: the disk of ${dir} is full.`);
      expect(sha256(out)).toBe(earlier);
      expect(listDir(dir)).toEqual(['filler.bin', 'invoice-2026-10.xlsx']); // no temporary file left
      expect(fingerprint(db)).toEqual(dbBytes); // the export was not recorded
    });
  });

  it('a backup onto it: one sentence naming the file, the earlier backup as it was, nothing else left', () => {
    const db = path.join(tempDir(), 'flex-billing.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    withSmallDisk((dir) => {
      const out = path.join(dir, 'backup.db');
      expect(flexbill(db, 'backup', '--out', out).code).toBe(0);
      const earlier = sha256(out);
      expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
      const dbBytes = fingerprint(db);
      fillDisk(dir, 16 * 1024);

      const again = flexbill(db, 'backup', '--out', out);
      expect(again.code).toBe(1);
      expectOneSentence(again.stderr, `Cannot back up to ${out}: the disk is full; the earlier file there is as it was.`);
      expect(sha256(out)).toBe(earlier);
      expect(integrityOf(out)).toBe('ok');

      const fresh = path.join(dir, 'another.db');
      const other = flexbill(db, 'backup', '--out', fresh);
      expect(other.code).toBe(1);
      expectOneSentence(other.stderr, `Cannot back up to ${fresh}: the disk is full; nothing was written.`);
      expect(listDir(dir)).toEqual(['backup.db', 'filler.bin']);
      expect(fingerprint(db)).toEqual(dbBytes);
    });
  });

  it('the automatic backup before a closing cannot be written: the month is not closed, and the sentence says why', () => {
    withSmallDisk((dir) => {
      const db = path.join(dir, 'flex-billing.db');
      expect(flexbill(db, 'demo').code).toBe(0);
      fillDisk(dir, 64 * 1024); // room for SQLite's -shm, not for a copy of the database

      const r = flexbill(db, 'close', '--month', '2026-10');
      expect(r.code).toBe(1);
      expectOneSentence(r.stderr, `Cannot back ${db} up into ${path.join(dir, 'backups')} first (the disk is full), so 2026-10 was not closed; free some space or make the folder writable and try again.`);
      expect(countsOf(db).closedMonths).toBe(0);
      expect(listDir(path.join(dir, 'backups'))).toEqual([]);
      expect(integrityOf(db)).toBe('ok');
    });
  });

  it('a restore that cannot copy the backup beside the database: one sentence, the database as it was', () => {
    const good = path.join(tempDir(), 'good.db');
    withSmallDisk((dir) => {
      const db = path.join(dir, 'flex-billing.db');
      expect(flexbill(db, 'demo').code).toBe(0);
      expect(flexbill(db, 'backup', '--out', good).code).toBe(0);
      expect(flexbill(db, 'close', '--month', '2026-10').code).toBe(0);
      const bytes = fingerprint(db);
      const files = listDir(dir);
      fillDisk(dir, 16 * 1024);

      const r = flexbill(db, 'restore', good);
      expect(r.code).toBe(1);
      expectOneSentence(r.stderr, `Cannot restore ${good}: it could not be copied beside ${db} (the disk is full); the database is as it was.`);
      expect(fingerprint(db)).toEqual(bytes);
      expect(listDir(dir)).toEqual([...files, 'filler.bin'].sort());
      // (Reading it needs room for SQLite's -shm: the disk is given some back.)
      fs.rmSync(path.join(dir, 'filler.bin'));
      expect(countsOf(db).closedMonths).toBe(1);
      expect(integrityOf(db)).toBe('ok');
    });
  });

  it('a read-only folder: the export and the backup say so, the earlier files as they were', () => {
    const db = path.join(tempDir(), 'flex-billing.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    withSmallDisk((dir) => {
      const invoice = path.join(dir, 'invoice.xlsx');
      const saved = path.join(dir, 'backup.db');
      expect(flexbill(db, 'export', '--month', '2026-10', '--out', invoice).code).toBe(0);
      expect(flexbill(db, 'backup', '--out', saved).code).toBe(0);
      const before = [sha256(invoice), sha256(saved)];
      // Root may write anywhere a mode forbids; a file system mounted read-only, not.
      expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);

      const e = flexbill(db, 'export', '--month', '2026-10', '--out', invoice);
      expect(e.code).toBe(1);
      expectOneSentence(e.stderr, `Cannot save the invoice: the folder ${dir} is read-only; choose another folder.`);
      const b = flexbill(db, 'backup', '--out', saved);
      expect(b.code).toBe(1);
      expectOneSentence(b.stderr, `Cannot back up to ${saved}: the folder is read-only; the earlier file there is as it was.`);
      expect([sha256(invoice), sha256(saved)]).toEqual(before);
    });
  });
});
