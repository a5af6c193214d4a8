import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyRule,
  asCents,
  asIsoDate,
  buildPreview,
  datesOfMonth,
  formatUsd,
  previewToJson,
  rateFor,
  type Cents,
  type DailyCount,
  type IsoMonth,
  type LicenseMonth,
  type RateChange,
} from '../../app/billing';
import { day, daysOf, key, month } from './helpers';

const oct = month('2026-10');

function licenseMonth(license: string, days: DailyCount[], m: IsoMonth = oct, rate: Cents = asCents(100)): LicenseMonth {
  return applyRule({ license: key(license), name: null, month: m, days, droppedDays: 2, rate, distinctMailboxes: null, info: null });
}

/** The worked example over a whole October: every other day below 1,244. */
function workedExampleDays(): DailyCount[] {
  const top: Record<string, number> = { '14': 1320, '15': 1301, '03': 1250, '20': 1250, '07': 1244 };
  return datesOfMonth(oct).map((date, i) => ({ date, count: top[date.slice(8)] ?? 1000 + i }));
}

describe('buildPreview', () => {
  it('sorts licenses by key, as plain strings', () => {
    const keys = ['b', 'B', 'a', '9', '10', 'Z-1'];
    const preview = buildPreview(oct, 2, asCents(100), keys.map((k) => licenseMonth(k, daysOf(oct, { 1: 1 }))));
    expect(preview.licenses.map((l) => l.license)).toEqual(['10', '9', 'B', 'Z-1', 'a', 'b']);
  });

  it('totals licenses, billable counts and amounts', () => {
    const licenses = [
      licenseMonth('K2', daysOf(oct, { 1: 10, 2: 20, 3: 30 })), // bills 10
      licenseMonth('K1', workedExampleDays()), // bills 1,250
      licenseMonth('K3', daysOf(oct, { 5: 7 })), // bills 7
    ];
    const preview = buildPreview(oct, 2, asCents(100), licenses);
    expect(preview).toMatchObject({ month: '2026-10', daysInMonth: 31, droppedDays: 2, rate: 100, currency: 'USD' });
    expect(preview.totals).toEqual({ licenses: 3, billable: 1267, amount: 126700 });
    expect(formatUsd(preview.totals.amount)).toBe('$1,267.00');
  });

  it('totals exact cents at a rate of $0.85', () => {
    const rate = asCents(85);
    const licenses = [1333, 1, 2].map((count, i) =>
      licenseMonth(`K${i}`, datesOfMonth(oct).map((date) => ({ date, count })), oct, rate),
    );
    const preview = buildPreview(oct, 2, rate, licenses);
    expect(preview.totals.billable).toBe(1336);
    expect(preview.totals.amount).toBe(113560);
    expect(formatUsd(preview.totals.amount)).toBe('$1,135.60');
  });

  it('is empty for a month without data', () => {
    const preview = buildPreview(month('2026-02'), 2, asCents(100), []);
    expect(preview.licenses).toEqual([]);
    expect(preview.daysInMonth).toBe(28);
    expect(preview.totals).toEqual({ licenses: 0, billable: 0, amount: 0 });
    expect(previewToJson(preview).totals).toEqual({ licenses: 0, billable: 0, amount: '0.00' });
  });

  it('does not reorder its input, and refuses a license twice', () => {
    const licenses = [licenseMonth('B', []), licenseMonth('A', [])];
    buildPreview(oct, 2, asCents(100), licenses);
    expect(licenses.map((l) => l.license)).toEqual(['B', 'A']);
    expect(() => buildPreview(oct, 2, asCents(100), [licenseMonth('A', []), licenseMonth('A', [])])).toThrow(/appears twice/);
  });
});

describe('a rate that changes from a given month', () => {
  it('bills each month at its own rate', () => {
    const changes: RateChange[] = [{ from: month('2026-11'), rate: asCents(85) }];
    const bill = (m: IsoMonth) => {
      const rate = rateFor(m, changes);
      const days = datesOfMonth(m).map((date) => ({ date, count: 1333 }));
      return buildPreview(m, 2, rate, [licenseMonth('K', days, m, rate)]);
    };
    const october = previewToJson(bill(oct));
    const november = previewToJson(bill(month('2026-11')));
    expect(october.rate).toBe('1.00');
    expect(october.totals.amount).toBe('1333.00');
    expect(november.rate).toBe('0.85');
    expect(november.licenses[0]?.rate).toBe('0.85');
    expect(november.totals.amount).toBe('1133.05');
  });
});

describe('previewToJson (SPEC §6)', () => {
  it('prints the example of SPEC §6', () => {
    const license = applyRule({
      license: key('KEY'),
      name: 'mail01',
      month: oct,
      days: workedExampleDays(),
      droppedDays: 2,
      rate: asCents(100),
      distinctMailboxes: null,
      info: null,
    });
    const json = previewToJson(buildPreview(oct, 2, asCents(100), [license]));
    const spec = JSON.parse(`{"month": "2026-10", "daysInMonth": 31, "droppedDays": 2,
      "rate": "1.00", "currency": "USD",
      "licenses": [{"license": "KEY", "name": "mail01", "daysReported": 31,
        "gaps": [], "peak": 1320,
        "dropped": [{"date": "2026-10-14", "count": 1320}, {"date": "2026-10-15", "count": 1301}],
        "billedDay": {"date": "2026-10-03", "count": 1250},
        "billable": 1250, "amount": "1250.00", "distinctMailboxes": null,
        "flags": []}],
      "totals": {"licenses": 1, "billable": 1250, "amount": "1250.00"}}`) as Record<string, unknown>;

    // Every field of the spec, with the spec's value; extra fields are allowed.
    expect(json).toMatchObject(spec);
    expect(json.licenses[0]).toEqual({ ...(spec.licenses as object[])[0], daysInMonth: 31, rate: '1.00', domains: null });

    // The keys in the spec's order.
    const inSpecOrder = (actual: object, expected: object) =>
      expect(Object.keys(actual).filter((k) => k in expected)).toEqual(Object.keys(expected));
    inSpecOrder(json, spec);
    inSpecOrder(json.licenses[0] as object, (spec.licenses as object[])[0] as object);
    inSpecOrder(json.totals, spec.totals as object);
    expect(Object.keys(json.licenses[0]?.dropped[0] ?? {})).toEqual(['date', 'count']);
    expect(Object.keys(json.licenses[0]?.billedDay ?? {})).toEqual(['date', 'count']);
  });

  it('writes flags as {code, message}, gaps as dates, a missing billed day as null', () => {
    const license = applyRule({
      license: key('K'),
      name: null,
      month: oct,
      days: [],
      droppedDays: 2,
      rate: asCents(100),
      distinctMailboxes: 12,
      info: null,
      replacedAfterExport: 'Changed after export',
    });
    const json = previewToJson(buildPreview(oct, 2, asCents(100), [license]));
    const l = json.licenses[0];
    expect(l?.billedDay).toBeNull();
    expect(l?.peak).toBeNull();
    expect(l?.amount).toBe('0.00');
    expect(l?.distinctMailboxes).toBe(12);
    expect(l?.gaps).toHaveLength(31);
    expect(l?.gaps[0]).toBe('2026-10-01');
    expect(l?.flags).toEqual([
      { code: 'short-month', message: 'No days reported: nothing billed' },
      { code: 'gaps', message: '31 days without data: Oct 1, Oct 2, Oct 3, Oct 4, Oct 5 and 26 more' },
      { code: 'replaced-after-export', message: 'Changed after export' },
    ]);
  });

  it('is plain JSON, and does not share objects with the preview', () => {
    const license = licenseMonth('K', daysOf(oct, { 1: 5, 2: 6, 3: 7 }));
    const preview = buildPreview(oct, 2, asCents(100), [license]);
    const json = previewToJson(preview);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    json.licenses[0]!.dropped[0]!.count = 0;
    json.licenses[0]!.gaps.push('x');
    expect(preview.licenses[0]?.dropped[0]).toEqual(day('2026-10-03', 7));
    expect(preview.licenses[0]?.gaps).toHaveLength(28);
  });
});

describe('the sample exports of test/fixtures', () => {
  const expected = JSON.parse(readFileSync(new URL('../fixtures/expected-2026-10.json', import.meta.url), 'utf8')) as {
    month: string;
    billable: Record<string, Record<string, number>>;
  };

  function billByLicense(rows: { license: string; date: string; count: number }[]): Record<string, number> {
    const byLicense = new Map<string, DailyCount[]>();
    for (const r of rows) {
      const days = byLicense.get(r.license) ?? [];
      days.push({ date: asIsoDate(r.date), count: r.count });
      byLicense.set(r.license, days);
    }
    const m = month(expected.month);
    const licenses = [...byLicense].map(([k, days]) => licenseMonth(k, days, m));
    return Object.fromEntries(buildPreview(m, 2, asCents(100), licenses).licenses.map((l) => [l.license, l.billable]));
  }

  it('bills counts-plain.csv as expected', () => {
    const lines = readFileSync(new URL('../fixtures/counts-plain.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1);
    const rows = lines.map((line) => {
      const [license = '', date = '', count = ''] = line.split(',');
      return { license, date, count: Number(count) };
    });
    expect(billByLicense(rows)).toEqual(expected.billable['counts-plain.csv']);
  });

  it('bills counts-rows.json as expected', () => {
    const rows = JSON.parse(readFileSync(new URL('../fixtures/counts-rows.json', import.meta.url), 'utf8')) as {
      license: string;
      date: string;
      count: number;
    }[];
    expect(billByLicense(rows)).toEqual(expected.billable['counts-rows.json']);
  });
});
