// Two writers (SPEC §13): the desktop app and flexbill importing into the same
// database at once both land, one after the other; neither says "locked".
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FlexApi } from './legacy';
import { DatabaseError } from '../../app/errors';
import { backup } from '../../app/domains/safety';
import { Store } from '../../app/store';
import { fixture, flexbill } from '../helpers/cli';
import { parsedCounts } from '../helpers/parsed';
import { tempDir } from '../helpers/tmp';
import { cliBundle, countsOf, integrityOf, runCli, writeCounts, type DbCounts } from './helpers';

const built = fs.existsSync(cliBundle);

describe('two programs importing into one database at once', () => {
  it.skipIf(!built)('both land, in turn, while a third holds the write lock longer than the old 5-second wait; the counts add up', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'flex-billing.db');
    const a = writeCounts(path.join(dir, 'usage-a.csv'), 'AA', 1000, 300);
    const b = writeCounts(path.join(dir, 'usage-b.csv'), 'BB', 1000, 300);
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const before = countsOf(db);

    // The desktop app in the middle of a long import: it holds the write lock for 8 s.
    const app = new Database(db);
    app.exec('BEGIN IMMEDIATE');
    app.prepare(`INSERT INTO settings (key, value) VALUES ('app-import', 'running')`).run();
    const one = runCli(['--db', db, 'import', path.join(dir, 'usage-a.csv')]);
    const two = runCli(['--db', db, 'import', path.join(dir, 'usage-b.csv')]);
    await new Promise((resolve) => setTimeout(resolve, 8000));
    // Both were waiting for their turn, not finished, and not failed.
    expect(one.exited()).toBe(false);
    expect(two.exited()).toBe(false);
    app.exec('COMMIT');
    app.close();

    const [r1, r2] = await Promise.all([one.done, two.done]);
    for (const [r, file] of [[r1, 'usage-a.csv'], [r2, 'usage-b.csv']] as const) {
      expect(r.stderr).not.toMatch(/locked|busy/i);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^✓ ${file.replace('.', '\\.')}: imported as #\\d — 1000 licenses, 2026-01-01 to 2026-10-27 — 300,000 days added`));
    }
    expect(countsOf(db)).toEqual({ ...before, licenses: before.licenses + a.licenses + b.licenses, days: before.days + a.rows + b.rows, imports: before.imports + 2 });
    expect(integrityOf(db)).toBe('ok');
  });

  it('a write that cannot get its turn within the wait says so in a sentence, stores nothing, and goes through later', () => {
    const db = path.join(tempDir(), 'flex-billing.db');
    const store = new Store(db);
    store.db.pragma('busy_timeout = 300'); // the wait, shortened from 10 minutes for the test
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    const file = parsedCounts({ 'L1111-AAAAA': { '2026-10-01': 5, '2026-10-02': 6 } }, 'late.csv');
    let error: unknown;
    try {
      store.imports.apply(file, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).problem).toBe('locked');
    expect((error as Error).message).toBe(`Cannot save the import of late.csv: another program (the desktop app or flexbill) has been writing to ${db} for 1 second; nothing was saved; try again when it has finished.`);
    other.exec('COMMIT');
    other.close();
    expect(store.imports.list()).toEqual([]);
    const r = store.imports.apply(file, null);
    expect(r.daysAdded).toBe(2);
    expect(store.usage.daysOfMonth('2026-10' as never)).toHaveLength(2);
    store.close();
  });
});

describe('a backup taken while another process imports', () => {
  it.skipIf(!built)('holds the state before or after that import, never half of it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'flex-billing.db');
    writeCounts(path.join(dir, 'big.csv'), 'CC', 1000, 300);
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const before = countsOf(db);

    const api = new FlexApi(db); // the desktop app, backing up
    const importing = runCli(['--db', db, 'import', path.join(dir, 'big.csv')]);
    const fromCli = runCli(['--db', db, 'backup', '--out', path.join(dir, 'cli-backup.db')]);
    const taken: { file: string; duringImport: boolean }[] = [];
    for (let i = 0; !importing.exited() && i < 500; i++) {
      const file = path.join(dir, `backup-${i}.db`);
      await backup(api.core, file);
      taken.push({ file, duringImport: !importing.exited() });
    }
    const r = await importing.done;
    expect(r.code).toBe(0);
    expect((await fromCli.done).code).toBe(0);
    api.close();
    const after = countsOf(db);
    expect(after.days).toBe(before.days + 300_000);

    expect(taken.filter((t) => t.duringImport).length).toBeGreaterThan(0);
    const seen: DbCounts[] = [];
    for (const file of [...taken.map((t) => t.file), path.join(dir, 'cli-backup.db')]) {
      expect(integrityOf(file)).toBe('ok');
      const c = countsOf(file);
      expect([before, after]).toContainEqual(c);
      seen.push(c);
    }
    // What the backups saw (for the record of the run): how many before, how many after.
    const n = seen.filter((c) => c.days === before.days).length;
    console.info(`backups during the import: ${n} hold the state before it, ${seen.length - n} the state after it`);
  });
});
