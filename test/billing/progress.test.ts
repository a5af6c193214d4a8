// Is the month complete, and what the month under way will bill at least (issue 12).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { floorSoFar, quietLicenses } from '../../app/billing/progress';
import type { Cents, DailyCount, IsoDate, IsoMonth } from '../../app/billing/types';
import { manualClock } from '../../app/clock';
import { openCore } from '../../app/core';
import { checkedApi, createHandlers } from '../../app/handlers';
import { tempDir } from '../helpers/tmp';

const day = (d: number, count: number): DailyCount => ({ date: `2026-12-${String(d).padStart(2, '0')}` as IsoDate, count });

describe('the month under way', () => {
  it('the third-highest day so far is a floor: adding days never lowers it', () => {
    const days = [day(1, 100), day(2, 120), day(3, 90), day(4, 110)];
    const floor = floorSoFar(days, '2026-12' as IsoMonth, 2, 100 as Cents, '2026-12-04' as IsoDate);
    expect(floor).toEqual({ atLeast: 100, amount: 10_000, daysToGo: 27 });
    for (const extra of [0, 95, 105, 500]) {
      const later = floorSoFar([...days, day(5, extra)], '2026-12' as IsoMonth, 2, 100 as Cents, '2026-12-05' as IsoDate);
      expect(later!.atLeast).toBeGreaterThanOrEqual(floor!.atLeast);
    }
  });

  it('no floor with fewer days than dropped + 1 (a low day could still be billed), nor for another month', () => {
    expect(floorSoFar([day(1, 100), day(2, 50)], '2026-12' as IsoMonth, 2, 100 as Cents, '2026-12-02' as IsoDate)).toBeNull();
    expect(floorSoFar([day(1, 100), day(2, 50), day(3, 60)], '2026-12' as IsoMonth, 2, 100 as Cents, '2027-01-02' as IsoDate)).toBeNull();
  });

  it('licenses that reported last month and not this one, with their last day', () => {
    expect(quietLicenses(['A', 'B', 'C'], ['B'], new Map([['A', '2026-11-20' as IsoDate]]))).toEqual([
      { license: 'A', lastDate: '2026-11-20' },
      { license: 'C', lastDate: null },
    ]);
  });

  it('completeness through the api: quiet licenses, last file, gaps so far, the floor of the month', async () => {
    const dir = tempDir();
    const core = openCore(path.join(dir, 'p.db'), { clock: manualClock('2026-12-05T10:00:00.000Z') });
    const api = checkedApi(createHandlers(core));
    const nov = ['license,date,count', ...Array.from({ length: 30 }, (_, i) => `QUIET-0001,2026-11-${String(i + 1).padStart(2, '0')},40`),
      ...Array.from({ length: 30 }, (_, i) => `BUSY0-0001,2026-11-${String(i + 1).padStart(2, '0')},70`)];
    fs.writeFileSync(path.join(dir, 'nov.csv'), nov.join('\n'));
    fs.writeFileSync(path.join(dir, 'dec.csv'), 'license,date,count\nBUSY0-0001,2026-12-01,70\nBUSY0-0001,2026-12-02,75\nBUSY0-0001,2026-12-04,72\n');
    await api.importFiles({ paths: [path.join(dir, 'nov.csv'), path.join(dir, 'dec.csv')] });
    const c = await api.completeness({ month: '2026-12' });
    expect(c.quiet).toEqual([{ license: 'QUIET-0001', lastDate: '2026-11-30' }]);
    expect(c.licenses).toEqual([expect.objectContaining({ license: 'BUSY0-0001', lastDate: '2026-12-04', lastFile: 'dec.csv', gapsSoFar: ['2026-12-03', '2026-12-05'], atLeast: 70 })]);
    expect(c.soFar).toEqual({ atLeast: 70, amount: 7000, daysToGo: 26, licenses: 1 });
    const v = (await api.changes({})).version;
    expect(typeof v).toBe('number');
    core.close();
  });

  it("'changes' moves with another connection's write and with the core's own, and stays put otherwise", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.db');
    const core = openCore(db, { clock: manualClock('2026-12-05T10:00:00.000Z') });
    const api = checkedApi(createHandlers(core));
    const v0 = (await api.changes({})).version;
    expect((await api.changes({})).version).toBe(v0);
    // Another process (the command line) imports: SQLite's data_version moves.
    const other = openCore(db, { clock: manualClock('2026-12-05T10:00:00.000Z') });
    fs.writeFileSync(path.join(dir, 'a.csv'), 'license,date,count\nLIVE0-0001,2026-12-01,70\n');
    await checkedApi(createHandlers(other)).importFiles({ paths: [path.join(dir, 'a.csv')] });
    other.close();
    const v1 = (await api.changes({})).version;
    expect(v1).not.toBe(v0);
    // The core's own write (a collection in the desktop's core) moves it too.
    fs.writeFileSync(path.join(dir, 'b.csv'), 'license,date,count\nLIVE0-0001,2026-12-02,75\n');
    await api.importFiles({ paths: [path.join(dir, 'b.csv')] });
    expect((await api.changes({})).version).not.toBe(v1);
    core.close();
  });
});

describe('a domain against its EAS limit', () => {
  it('is over it, at it, or neither (no limit, or below)', async () => {
    const { limitState } = await import('../../app/billing/checks');
    expect([limitState(3, 2), limitState(2, 2), limitState(1, 2), limitState(50, null)]).toEqual(['over', 'at', null, null]);
  });
});
