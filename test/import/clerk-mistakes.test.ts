// Mistakes a clerk makes, caught before they reach an invoice (issue 9): a license
// typed by hand, the same file given to the wrong license, a stray future date, a day
// far above the usual level, a file whose dates read both ways.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLicenseKey, defaultMonth, outlierDays } from '../../app/billing/checks';
import type { IsoDate, IsoMonth } from '../../app/billing/types';
import { manualClock } from '../../app/clock';
import { openCore } from '../../app/core';
import { checkedApi, createHandlers, dispatch } from '../../app/handlers';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

/** Today is 1 December 2026 (local time, mid-morning in any time zone near UTC). */
function setUp() {
  const dir = tempDir();
  const core = openCore(path.join(dir, 'a.db'), { clock: manualClock('2026-12-01T10:00:00.000Z') });
  const api = checkedApi(createHandlers(core));
  const file = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  return { api, core, dir, file };
}

const october = (count: (day: number) => number): string =>
  'date,count\n' + Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')},${count(i + 1)}`).join('\n') + '\n';

describe('a license typed by hand', () => {
  it('is trimmed; spaces inside or fewer than 5 characters are no key', () => {
    expect(checkLicenseKey('  ABCDE-12345 ')).toEqual({ key: 'ABCDE-12345' });
    expect(checkLicenseKey('hello world')).toEqual({ problem: expect.stringContaining('has no spaces in it') });
    expect(checkLicenseKey('abc')).toEqual({ problem: expect.stringContaining('at least 5 characters') });
    expect(checkLicenseKey('   ')).toEqual({ problem: expect.stringContaining('empty') });
  });

  it('the api refuses "hello world" before reading any file, and the method table too', async () => {
    const { api, core, file } = setUp();
    const f = file('nolic.csv', october(() => 10));
    await expect(api.importFiles({ paths: [f], license: 'hello world' })).rejects.toThrow('"hello world" is not a license key');
    const handlers = createHandlers(core, {});
    await expect(dispatch(handlers, 'importFiles', { paths: [f], license: 'abc' })).rejects.toThrow('at least 5 characters');
    expect((await api.imports({}))).toEqual([]);
    expect((await api.licenses({}))).toEqual([]);
  });

  it('a new key is said to be new; a known one is not', async () => {
    const { api, file } = setUp();
    const [first] = await api.importFiles({ paths: [file('a.csv', october(() => 10))], license: '  NEW01-KEY ' });
    expect(first).toMatchObject({ status: 'imported', newLicense: 'NEW01-KEY' });
    expect(first?.message).toContain('New license NEW01-KEY: it was created by this import.');
    const [second] = await api.importFiles({ paths: [file('b.csv', october(() => 11))], license: 'NEW01-KEY' });
    expect(second?.status).toBe('imported');
    expect(second?.newLicense).toBeUndefined();
  });

  it('the same bytes under the wrong license are offered again, and imported again as another, the earlier import undone', async () => {
    const { api, file } = setUp();
    const f = file('oct.csv', october((d) => 100 + d));
    const [wrong] = await api.importFiles({ paths: [f], license: 'WRONG-0001' });
    const earlierId = wrong?.record?.id as number;
    const [dup] = await api.importFiles({ paths: [f], license: 'RIGHT-0001' });
    expect(dup).toMatchObject({ status: 'duplicate', reimport: { earlierId, earlierLicenses: ['WRONG-0001'] } });
    expect((await api.preview({ month: '2026-10' })).licenses.map((l) => l.license)).toEqual(['WRONG-0001']);

    const [again] = await api.importFiles({ paths: [f], license: 'RIGHT-0001', replacing: earlierId });
    expect(again?.status).toBe('imported');
    expect(again?.message).toContain(`It replaces import #${earlierId} of the same file for license WRONG-0001, which was undone.`);
    const preview = (await api.preview({ month: '2026-10' }));
    expect(preview.licenses.map((l) => [l.license, l.billable])).toEqual([['RIGHT-0001', 129]]);
    expect((await api.imports({})).find((r) => r.id === earlierId)?.status).toBe('undone');
  });

  it('a file that names its license is a plain duplicate: nothing to offer', async () => {
    const { api, file } = setUp();
    const f = file('named.csv', 'license,date,count\nNAMED-0001,2026-10-01,5\n');
    await api.importFiles({ paths: [f] });
    const [dup] = await api.importFiles({ paths: [f], license: 'OTHER-0001' });
    expect(dup?.status).toBe('duplicate');
    expect(dup?.reimport).toBeUndefined();
  });

  it('flexbill import --license says "new license", and refuses a key with spaces (exit 2)', () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.db');
    const f = path.join(dir, 'x.csv');
    fs.writeFileSync(f, october(() => 7));
    const bad = flexbill(db, 'import', f, '--license', 'hello world');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"hello world" is not a license key');
    const ok = flexbill(db, 'import', f, '--license', 'CLI01-KEY');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('New license CLI01-KEY');
  });
});

describe('dates a clerk did not mean', () => {
  it('a stray 2027 row rejects the file; the default month is the latest not after this one', async () => {
    const { api, file } = setUp();
    const [stray] = await api.importFiles({ paths: [file('stray.csv', 'license,date,count\nSTRAY-0001,2026-11-02,5\nSTRAY-0001,2027-03-05,7\n')] });
    expect(stray?.status).toBe('rejected');
    expect(stray?.message).toBe('stray.csv line 3: date 2027-03-05 is in the future (after 2026-12-02); no server can have reported it yet: check the date');
    expect((await api.months({})).months).toEqual([]);
    expect(defaultMonth(['2026-10', '2026-11', '2027-03'] as IsoMonth[], '2026-12' as IsoMonth)).toBe('2026-11');
    expect(defaultMonth(['2027-01'] as IsoMonth[], '2026-12' as IsoMonth)).toBe('2027-01');
    // Tomorrow is the latest a server can have reported (another time zone's today).
    await api.importFiles({ paths: [file('tomorrow.csv', 'license,date,count\nSTRAY-0001,2026-11-30,5\nSTRAY-0001,2026-12-02,7\n')] });
    expect((await api.months({}))).toMatchObject({ months: ['2026-11', '2026-12'], latest: '2026-12' });
  });

  it('a file whose dates read both ways is refused with both readings; import --dates settles it', async () => {
    const { api, file } = setUp();
    const f = file('one-day.csv', 'license,date,count\nDATES-0001,05/10/2026,9\n');
    const [asked] = await api.importFiles({ paths: [f] });
    expect(asked).toMatchObject({ status: 'rejected', dateOrder: { dmy: { from: '2026-10-05' }, mdy: { from: '2026-05-10' } } });
    const [dmy] = await api.importFiles({ paths: [f], dates: 'dmy' });
    expect(dmy?.record?.dateFrom).toBe('2026-10-05');
    const cli = flexbill(path.join(tempDir(), 'd.db'), 'import', f);
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain('--dates dmy or --dates mdy');
    expect(flexbill(path.join(tempDir(), 'e.db'), 'import', f, '--dates', 'ymd').status).toBe(2);
  });
});

describe('outliers', () => {
  it('a day more than 10× the month median is named in the report and flagged, and still counts', async () => {
    const { api, file } = setUp();
    const [out] = await api.importFiles({ paths: [file('spike.csv', october((d) => (d === 14 ? 12_500 : d === 15 ? 13_000 : d === 16 ? 12_900 : 1_200 + d)))], license: 'SPIKE-0001' });
    expect(out?.record?.warnings).toEqual([
      "license SPIKE-0001, 2026-10-14: 12,500 is more than 10× the month's median (1,219); only the two highest days are dropped, so check it",
      "license SPIKE-0001, 2026-10-15: 13,000 is more than 10× the month's median (1,219); only the two highest days are dropped, so check it",
      "license SPIKE-0001, 2026-10-16: 12,900 is more than 10× the month's median (1,219); only the two highest days are dropped, so check it",
    ]);
    const l = (await api.preview({ month: '2026-10' })).licenses[0];
    expect(l?.billable).toBe(12_500);
    expect(l?.flags.map((f) => f.code)).toContain('outlier');
    expect(outlierDays([{ date: '2026-10-01' as IsoDate, count: 50 }])).toEqual([]);
  });
});
