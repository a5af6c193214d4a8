// The desktop app's core (app/host.ts, run by main/core-worker.ts): a database
// that cannot be opened answers every call with why, instead of the app hanging,
// and a restore still works, opening the app on the restored data.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CoreHost } from '../../app/host';
import { listAutomaticBackups } from '../../app/store/backup';
import { LATEST_VERSION } from '../../app/store/migrations';
import type { MonthsInfo } from '../../app/api-types';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

function closedDb(): string {
  const db = path.join(tempDir(), 'flex-billing.db');
  expect(flexbill(db, 'demo').code).toBe(0);
  expect(flexbill(db, 'close', '--month', '2026-10').code).toBe(0);
  return db;
}

describe('the core of the desktop app', () => {
  it('on a damaged database: every call answers why, and Restore… brings it back', async () => {
    const db = closedDb();
    const latest = listAutomaticBackups(db)[0]!;
    const bytes = fs.readFileSync(db);
    bytes.fill(0x20, 0, 100);
    fs.writeFileSync(db, bytes);

    const host = new CoreHost(db);
    expect(host.api).toBeNull();
    expect(host.problem).toMatch(/is damaged .* it was opened read-only and nothing was written to it: restore the latest backup/);
    await expect(host.call('months', {})).rejects.toThrow(host.problem!);
    await expect(host.call('importFiles', { paths: ['x.csv'] })).rejects.toThrow(/is damaged/);
    await expect(host.call('restore', {})).rejects.toThrow(/Bad input for restore/);

    await host.call('restore', { path: latest.path });
    expect(host.problem).toBeNull();
    const months = (await host.call('months', {})) as MonthsInfo;
    expect(months.closed).toEqual([]); // the backup made before the closing
    expect(months.months).toEqual(['2026-09', '2026-10']);
    host.close();
  });

  it('on a newer version\'s database: every call names both versions', async () => {
    const db = closedDb();
    const d = new Database(db);
    d.pragma(`user_version = ${LATEST_VERSION + 1}`);
    d.close();
    const host = new CoreHost(db);
    await expect(host.call('preview', { month: '2026-10' })).rejects.toThrow(/made by a newer version of Flex Billing .* this is Flex Billing 0\.1\.0/);
    host.close();
  });

  it('on a good database: the method table as always, restore included, on the data restored', async () => {
    const db = closedDb();
    const host = new CoreHost(db);
    const saved = path.join(path.dirname(db), 'saved.db');
    await host.call('backup', { path: saved });
    await host.call('reopenMonth', { month: '2026-10' });
    expect(((await host.call('months', {})) as MonthsInfo).closed).toEqual([]);
    await host.call('restore', { path: saved });
    expect(((await host.call('months', {})) as MonthsInfo).closed).toEqual(['2026-10']);
    host.close();
  });
});
