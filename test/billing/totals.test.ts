// Sums the screens show besides the preview's own: the totals of the licenses a
// filter leaves, how many licenses a vendor invoice does not match, and the
// limits of a quote.
import { describe, expect, it } from 'vitest';
import {
  applyRule,
  asCents,
  buildPreview,
  computeQuote,
  mismatches,
  QUOTE_LIMITS,
  reconcile,
  totalsOf,
  type LicenseMonth,
} from '../../app/billing';
import { daysOf, key, month } from './helpers';

const oct = month('2026-10');

function licenseMonth(license: string, counts: Record<number, number>, rate = 100): LicenseMonth {
  return applyRule({
    license: key(license), name: null, month: oct, days: daysOf(oct, counts), droppedDays: 2,
    rate: asCents(rate), distinctMailboxes: null, info: null,
  });
}

describe('totalsOf', () => {
  const a = licenseMonth('A', { 1: 10, 2: 20, 3: 30, 4: 5 }); // billed 10
  const b = licenseMonth('B', { 1: 7 }, 125); // one day: billed 7 at $1.25
  const c = licenseMonth('C', {}); // no day: 0

  it('adds up the licenses, their billable mailboxes and their amount', () => {
    expect(totalsOf([a, b, c])).toEqual({ licenses: 3, billable: 17, amount: 1000 + 875 });
    expect(totalsOf([b])).toEqual({ licenses: 1, billable: 7, amount: 875 });
    expect(totalsOf([])).toEqual({ licenses: 0, billable: 0, amount: 0 });
  });

  it('gives the preview its totals', () => {
    const preview = buildPreview(oct, 2, asCents(100), [c, b, a]);
    expect(preview.totals).toEqual(totalsOf([a, b, c]));
  });

  it('refuses an amount too large for whole cents, naming the total', () => {
    const huge = { ...a, amount: asCents(Number.MAX_SAFE_INTEGER) };
    expect(() => totalsOf([huge, b], 'The total of 2026-10')).toThrow('The total of 2026-10 is too large');
    expect(() => buildPreview(oct, 2, asCents(100), [huge, b])).toThrow(/2026-10 is too large/);
  });
});

describe('mismatches', () => {
  it('counts the licenses that differ or are on one side only', () => {
    const preview = buildPreview(oct, 2, asCents(100), [
      licenseMonth('SAME', { 1: 5 }),
      licenseMonth('MORE', { 1: 5 }),
      licenseMonth('OURS', { 1: 5 }),
    ]);
    const r = reconcile(preview, [
      { license: key('SAME'), count: 5, amount: null },
      { license: key('MORE'), count: 6, amount: null },
      { license: key('VENDOR'), count: 1, amount: null },
    ]);
    expect(mismatches(r.totals)).toBe(3);
    const same = reconcile(preview, preview.licenses.map((l) => ({ license: l.license, count: l.billable, amount: null })));
    expect(mismatches(same.totals)).toBe(0);
  });
});

describe('QUOTE_LIMITS', () => {
  it('keep every figure of the largest quote a whole number of cents', () => {
    const q = computeQuote({
      customer: 'Largest', mailboxes: QUOTE_LIMITS.mailboxes, months: QUOTE_LIMITS.months,
      vendorRate: asCents(QUOTE_LIMITS.cents), price: asCents(QUOTE_LIMITS.cents - 1),
    });
    for (const v of [q.monthlyCost, q.monthlyRevenue, q.monthlyMargin, q.totalCost, q.totalRevenue, q.totalMargin]) {
      expect(Number.isSafeInteger(v)).toBe(true);
    }
    expect(q.totalCost).toBe(QUOTE_LIMITS.mailboxes * QUOTE_LIMITS.cents * QUOTE_LIMITS.months);
  });
});
