import { describe, expect, it } from 'vitest';
import {
  applyRule,
  asCents,
  asIsoDate,
  billMonth,
  datesOfMonth,
  daysInMonth,
  formatUsd,
  type ApplyRuleInput,
  type DailyCount,
  type IsoMonth,
} from '../../app/billing';
import { day, daysOf, info, key, month, random, randomInt, shuffle } from './helpers';

const oct = month('2026-10');

function input(over: Partial<ApplyRuleInput> & { days: DailyCount[] }): ApplyRuleInput {
  return {
    license: key('KEY'),
    name: 'mail01',
    month: oct,
    droppedDays: 2,
    rate: asCents(100),
    distinctMailboxes: null,
    info: null,
    ...over,
  };
}

/** A full month: day d counts base + d, so the days are all different. */
function fullMonth(m: IsoMonth, base = 100): DailyCount[] {
  return datesOfMonth(m).map((date, i) => ({ date, count: base + i + 1 }));
}

/**
 * The rule written the slow, obvious way: a day's rank is the number of days that
 * come before it (a higher count, or the same count on an earlier date).
 */
function reference(days: DailyCount[], droppedDays: number) {
  const rank = (d: DailyCount) => days.filter((o) => o.count > d.count || (o.count === d.count && o.date < d.date)).length;
  const drop = days.length === 0 ? 0 : Math.min(droppedDays, days.length - 1);
  const byRank = (r: number) => days.find((d) => rank(d) === r) ?? null;
  const dropped: DailyCount[] = [];
  for (let r = 0; r < drop; r++) dropped.push(byRank(r) as DailyCount);
  const peak = days.length === 0 ? null : Math.max(...days.map((d) => d.count));
  return { dropped, billedDay: byRank(drop), peak };
}

describe('billMonth (SPEC §2)', () => {
  it('drops the two highest days and bills the third', () => {
    const days = daysOf(oct, { 1: 10, 2: 50, 3: 30, 4: 40, 5: 20 });
    expect(billMonth(days, 2)).toEqual({
      dropped: [day('2026-10-02', 50), day('2026-10-04', 40)],
      billedDay: day('2026-10-03', 30),
      peak: 50,
    });
  });

  it('bills the value of equal counts: 900, 900, 900, 800 bills 900', () => {
    const days = daysOf(oct, { 1: 800, 2: 900, 3: 900, 4: 900, 5: 700 });
    const result = billMonth(days, 2);
    expect(result.billedDay?.count).toBe(900);
    expect(result.peak).toBe(900);
  });

  it('drops the earlier dates among equal counts, whatever the input order', () => {
    const days = [day('2026-10-20', 900), day('2026-10-09', 900), day('2026-10-01', 800), day('2026-10-03', 900)];
    const result = billMonth(days, 2);
    expect(result.dropped).toEqual([day('2026-10-03', 900), day('2026-10-09', 900)]);
    expect(result.billedDay).toEqual(day('2026-10-20', 900));
  });

  it('orders the dropped days highest first', () => {
    const result = billMonth(daysOf(oct, { 1: 5, 2: 7, 3: 9, 4: 6 }), 3);
    expect(result.dropped.map((d) => d.count)).toEqual([9, 7, 6]);
    expect(result.billedDay).toEqual(day('2026-10-01', 5));
  });

  it('follows the worked example', () => {
    const days = daysOf(oct, { 14: 1320, 15: 1301, 3: 1250, 20: 1250, 7: 1244, 8: 1100, 9: 900 });
    const result = billMonth(days, 2);
    expect(result.dropped).toEqual([day('2026-10-14', 1320), day('2026-10-15', 1301)]);
    expect(result.billedDay).toEqual(day('2026-10-03', 1250));
    expect(result.peak).toBe(1320);
  });

  it('with 2 days reported bills the lower one', () => {
    const result = billMonth(daysOf(oct, { 4: 70, 9: 90 }), 2);
    expect(result.dropped).toEqual([day('2026-10-09', 90)]);
    expect(result.billedDay).toEqual(day('2026-10-04', 70));
  });

  it('with 2 equal days reported drops the earlier and bills the later', () => {
    const result = billMonth(daysOf(oct, { 4: 70, 9: 70 }), 2);
    expect(result.dropped).toEqual([day('2026-10-04', 70)]);
    expect(result.billedDay).toEqual(day('2026-10-09', 70));
  });

  it('with 1 day reported bills that day', () => {
    expect(billMonth(daysOf(oct, { 17: 42 }), 2)).toEqual({ dropped: [], billedDay: day('2026-10-17', 42), peak: 42 });
  });

  it('with no day reported bills nothing', () => {
    expect(billMonth([], 2)).toEqual({ dropped: [], billedDay: null, peak: null });
    expect(billMonth([], 0)).toEqual({ dropped: [], billedDay: null, peak: null });
  });

  it('follows the dropped-days setting: 0, 1, 3', () => {
    const days = daysOf(oct, { 1: 10, 2: 60, 3: 30, 4: 40, 5: 50, 6: 20 });
    expect(billMonth(days, 0)).toMatchObject({ dropped: [], billedDay: day('2026-10-02', 60) });
    expect(billMonth(days, 1)).toMatchObject({ dropped: [day('2026-10-02', 60)], billedDay: day('2026-10-05', 50) });
    expect(billMonth(days, 3).dropped.map((d) => d.count)).toEqual([60, 50, 40]);
    expect(billMonth(days, 3).billedDay).toEqual(day('2026-10-03', 30));
    // 3 dropped with 3 days reported: drop 2, bill the lowest.
    expect(billMonth(daysOf(oct, { 1: 1, 2: 2, 3: 3 }), 3)).toMatchObject({ billedDay: day('2026-10-01', 1) });
  });

  it('counts zero as a value (it is reported, not a gap)', () => {
    expect(billMonth(daysOf(oct, { 1: 0, 2: 0, 3: 0 }), 2).billedDay).toEqual(day('2026-10-03', 0));
  });

  it('neither reorders nor changes its input', () => {
    const days = daysOf(oct, { 5: 3, 1: 9, 3: 7, 2: 9 });
    const before = structuredClone(days);
    const result = billMonth(days, 2);
    expect(days).toEqual(before);
    result.dropped[0]!.count = -1;
    expect(days).toEqual(before);
  });

  it('refuses a day given twice and counts that are not whole numbers >= 0', () => {
    expect(() => billMonth([day('2026-10-01', 5), day('2026-10-01', 6)], 2)).toThrow(/given twice/);
    expect(() => billMonth([day('2026-10-01', -1)], 2)).toThrow(/whole number/);
    expect(() => billMonth([day('2026-10-01', 1.5)], 2)).toThrow(/whole number/);
    expect(() => billMonth([], -1)).toThrow(/Dropped days/);
    expect(() => billMonth([], 1.5)).toThrow(/Dropped days/);
  });

  it('agrees with a brute-force reference on random months, in any input order', () => {
    const rnd = random(2026);
    const months = ['2026-02', '2028-02', '2026-09', '2026-10'].map(month);
    for (let trial = 0; trial < 600; trial++) {
      const m = months[trial % months.length] as IsoMonth;
      const dates = datesOfMonth(m).filter(() => rnd() < (trial % 5 === 0 ? 0.1 : 0.8));
      // Few distinct values, so ties are common.
      const maxCount = randomInt(rnd, 0, trial % 3 === 0 ? 3 : 2000);
      const days = dates.map((date) => ({ date, count: randomInt(rnd, 0, maxCount) }));
      const droppedDays = randomInt(rnd, 0, 4);
      const expected = reference(days, droppedDays);
      expect(billMonth(days, droppedDays)).toEqual(expected);
      expect(billMonth(shuffle(rnd, days), droppedDays)).toEqual(expected);
      // The billable count is a value: at most `drop` days are above it, at least drop+1 at or above.
      if (expected.billedDay) {
        const billable = expected.billedDay.count;
        const drop = Math.min(droppedDays, days.length - 1);
        expect(days.filter((d) => d.count > billable).length).toBeLessThanOrEqual(drop);
        expect(days.filter((d) => d.count >= billable).length).toBeGreaterThanOrEqual(drop + 1);
      }
    }
  });
});

describe('applyRule', () => {
  it('follows the worked example of SPEC §2 in a 30-day month', () => {
    const sep = month('2026-09');
    const counts: Record<number, number> = {};
    for (let d = 1; d <= 30; d++) counts[d] = 1000 + d; // all below 1,244
    Object.assign(counts, { 14: 1320, 15: 1301, 3: 1250, 20: 1250, 7: 1244 });
    const result = applyRule(input({ month: sep, days: daysOf(sep, counts) }));
    expect(result.daysInMonth).toBe(30);
    expect(result.daysReported).toBe(30);
    expect(result.gaps).toEqual([]);
    expect(result.dropped).toEqual([day('2026-09-14', 1320), day('2026-09-15', 1301)]);
    expect(result.billedDay).toEqual(day('2026-09-03', 1250));
    expect(result.billable).toBe(1250);
    expect(result.amount).toBe(125000);
    expect(formatUsd(result.amount)).toBe('$1,250.00');
    expect(result.flags).toEqual([]);
  });

  it('gives every field of a license month', () => {
    const days = daysOf(oct, { 1: 10, 2: 50, 3: 30, 4: 40, 5: 20 });
    const result = applyRule(input({ days, distinctMailboxes: 61 }));
    expect(result).toEqual({
      license: 'KEY',
      name: 'mail01',
      daysReported: 5,
      daysInMonth: 31,
      gaps: datesOfMonth(oct).slice(5),
      peak: 50,
      dropped: [day('2026-10-02', 50), day('2026-10-04', 40)],
      billedDay: day('2026-10-03', 30),
      billable: 30,
      rate: 100,
      amount: 3000,
      distinctMailboxes: 61,
      flags: [{ code: 'gaps', message: '26 days without data: Oct 6, Oct 7, Oct 8, Oct 9, Oct 10 and 21 more' }],
    });
  });

  it('lists gaps and never fills them', () => {
    // Two days reported out of 31: filled with zeros, the month would bill 0.
    const result = applyRule(input({ days: daysOf(oct, { 10: 50, 12: 40 }) }));
    expect(result.daysReported).toBe(2);
    expect(result.gaps).toHaveLength(29);
    expect(result.gaps).not.toContain('2026-10-10');
    expect(result.gaps).not.toContain('2026-10-12');
    expect([...result.gaps].sort()).toEqual(result.gaps);
    expect(result.billedDay).toEqual(day('2026-10-12', 40));
    expect(result.billable).toBe(40);
  });

  it('names the gaps in the flag', () => {
    const days = fullMonth(oct).filter((d) => !['2026-10-05', '2026-10-06', '2026-10-20'].includes(d.date));
    const result = applyRule(input({ days }));
    expect(result.gaps).toEqual(['2026-10-05', '2026-10-06', '2026-10-20']);
    expect(result.flags).toEqual([{ code: 'gaps', message: '3 days without data: Oct 5, Oct 6, Oct 20' }]);

    const one = applyRule(input({ days: fullMonth(oct).filter((d) => d.date !== '2026-10-31') }));
    expect(one.flags).toEqual([{ code: 'gaps', message: '1 day without data: Oct 31' }]);

    const five = applyRule(input({ days: fullMonth(oct).slice(5) }));
    expect(five.flags[0]?.message).toBe('5 days without data: Oct 1, Oct 2, Oct 3, Oct 4, Oct 5');
    const six = applyRule(input({ days: fullMonth(oct).slice(6) }));
    expect(six.flags[0]?.message).toBe('6 days without data: Oct 1, Oct 2, Oct 3, Oct 4, Oct 5 and 1 more');
  });

  it('flags a short month with 2, 1 or 0 days reported', () => {
    const two = applyRule(input({ days: daysOf(oct, { 4: 70, 9: 90 }) }));
    expect(two.billable).toBe(70);
    expect(two.dropped).toEqual([day('2026-10-09', 90)]);
    expect(two.flags[0]).toEqual({ code: 'short-month', message: 'Only 2 days reported: dropped 1 instead of 2' });
    expect(two.flags.map((f) => f.code)).toEqual(['short-month', 'gaps']);

    const one = applyRule(input({ days: daysOf(oct, { 17: 42 }) }));
    expect(one.billable).toBe(42);
    expect(one.amount).toBe(4200);
    expect(one.flags[0]).toEqual({ code: 'short-month', message: 'Only 1 day reported: dropped 0 instead of 2' });

    const none = applyRule(input({ days: [] }));
    expect(none).toMatchObject({ daysReported: 0, peak: null, dropped: [], billedDay: null, billable: 0, amount: 0 });
    expect(none.gaps).toHaveLength(31);
    expect(none.flags[0]).toEqual({ code: 'short-month', message: 'No days reported: nothing billed' });
    expect(none.flags[1]?.message).toBe('31 days without data: Oct 1, Oct 2, Oct 3, Oct 4, Oct 5 and 26 more');
  });

  it('flags a short month against the dropped-days setting', () => {
    const three = daysOf(oct, { 1: 3, 2: 2, 3: 1 });
    expect(applyRule(input({ days: three, droppedDays: 2 })).flags.map((f) => f.code)).toEqual(['gaps']);
    expect(applyRule(input({ days: three, droppedDays: 3 })).flags[0]).toEqual({
      code: 'short-month',
      message: 'Only 3 days reported: dropped 2 instead of 3',
    });
    expect(applyRule(input({ days: daysOf(oct, { 1: 3 }), droppedDays: 0 })).flags.map((f) => f.code)).toEqual(['gaps']);
    expect(applyRule(input({ days: daysOf(oct, { 1: 3, 2: 4 }), droppedDays: 1 })).flags.map((f) => f.code)).toEqual(['gaps']);
    expect(applyRule(input({ days: [], droppedDays: 0 })).flags.map((f) => f.code)).toEqual(['short-month', 'gaps']);
  });

  it('follows the dropped-days setting over a full month', () => {
    const days = fullMonth(oct); // Oct d counts 100 + d
    expect(applyRule(input({ days, droppedDays: 0 })).billable).toBe(131);
    expect(applyRule(input({ days, droppedDays: 1 })).billable).toBe(130);
    expect(applyRule(input({ days, droppedDays: 2 })).billable).toBe(129);
    expect(applyRule(input({ days, droppedDays: 3 })).billable).toBe(128);
    expect(applyRule(input({ days, droppedDays: 3 })).dropped.map((d) => d.date)).toEqual(['2026-10-31', '2026-10-30', '2026-10-29']);
  });

  it('knows months of 28, 29, 30 and 31 days', () => {
    for (const [m, n] of [['2026-02', 28], ['2028-02', 29], ['2100-02', 28], ['2026-11', 30], ['2026-10', 31]] as const) {
      const result = applyRule(input({ month: month(m), days: fullMonth(month(m)) }));
      expect(result.daysInMonth, m).toBe(n);
      expect(result.daysReported, m).toBe(n);
      expect(result.gaps, m).toEqual([]);
      expect(result.flags, m).toEqual([]);
      expect(result.billable, m).toBe(100 + n - 2);
    }
    const feb2028 = applyRule(input({ month: month('2028-02'), days: daysOf(month('2028-02'), { 1: 5 }) }));
    expect(feb2028.gaps.at(-1)).toBe('2028-02-29');
    const feb2026 = applyRule(input({ month: month('2026-02'), days: daysOf(month('2026-02'), { 1: 5 }) }));
    expect(feb2026.gaps.at(-1)).toBe('2026-02-28');
    expect(feb2026.gaps).toHaveLength(27);
  });

  it('refuses a day outside the month, or no date at all', () => {
    expect(() => applyRule(input({ days: [day('2026-11-01', 5)] }))).toThrow('License KEY: day 2026-11-01 is not in 2026-10');
    expect(() => applyRule(input({ days: [day('2025-10-01', 5)] }))).toThrow(/not in 2026-10/);
    expect(() => applyRule(input({ month: month('2026-02'), days: [day('2026-02-29', 5)] }))).toThrow(/not a date/);
    expect(() => applyRule(input({ days: [day('2026-10-1', 5)] }))).toThrow(/not a date/);
    expect(() => applyRule(input({ month: month('2026-13'), days: [] }))).toThrow(/Not a month/);
    expect(() => applyRule(input({ days: [day('2026-10-01', 1), day('2026-10-01', 2)] }))).toThrow(/given twice/);
    expect(() => applyRule(input({ days: [], rate: asCents(-100) }))).toThrow(/rate/);
    expect(() => applyRule(input({ days: [], rate: asCents(0.5) }))).toThrow(/rate/);
  });

  it('bills in cents: 1,333 mailboxes at $0.85 is $1,133.05', () => {
    const days = datesOfMonth(oct).map((date) => ({ date, count: 1333 }));
    const result = applyRule(input({ days, rate: asCents(85) }));
    expect(result.billable).toBe(1333);
    expect(result.rate).toBe(85);
    expect(result.amount).toBe(113305);
    expect(formatUsd(result.amount)).toBe('$1,133.05');
  });

  it('gives the flags in order: short month, gaps, eligibility, replaced after export', () => {
    const result = applyRule(
      input({
        days: daysOf(oct, { 4: 70, 9: 90 }),
        info: info({ edition: 'Professional', version: '12.2.1000', maintenanceExpires: asIsoDate('2026-10-20') }),
        replacedAfterExport: 'Oct 4 changed from 65 to 70 after the invoice of 2026-11-02',
      }),
    );
    expect(result.flags.map((f) => f.code)).toEqual([
      'short-month',
      'gaps',
      'not-enterprise',
      'version-too-old',
      'maintenance-expired',
      'replaced-after-export',
    ]);
    expect(result.flags.at(-1)?.message).toBe('Oct 4 changed from 65 to 70 after the invoice of 2026-11-02');
    // Not eligible is a flag: the usage is still computed and billed.
    expect(result.billable).toBe(70);
    expect(result.amount).toBe(7000);
  });

  it('flags a replacement after export only when there is something to say', () => {
    const days = fullMonth(oct);
    for (const replacedAfterExport of [undefined, null, '', '   ']) {
      expect(applyRule(input({ days, replacedAfterExport })).flags).toEqual([]);
    }
  });

  it('passes name and distinct mailboxes through', () => {
    expect(applyRule(input({ days: [], name: null })).name).toBeNull();
    expect(applyRule(input({ days: [], distinctMailboxes: null })).distinctMailboxes).toBeNull();
    expect(applyRule(input({ days: [], distinctMailboxes: 0 })).distinctMailboxes).toBe(0);
  });

  it('does not depend on the order of the days, nor change them', () => {
    const rnd = random(99);
    for (let trial = 0; trial < 200; trial++) {
      const m = month(`2026-${String((trial % 12) + 1).padStart(2, '0')}`);
      const days = datesOfMonth(m)
        .filter(() => rnd() < 0.7)
        .map((date) => ({ date, count: randomInt(rnd, 0, 50) }));
      const before = structuredClone(days);
      const droppedDays = randomInt(rnd, 0, 3);
      const expected = applyRule(input({ month: m, days, droppedDays }));
      expect(days).toEqual(before);
      expect(applyRule(input({ month: m, days: shuffle(rnd, days), droppedDays }))).toEqual(expected);
      // Reported days and gaps split the month between them.
      expect(expected.daysReported + expected.gaps.length).toBe(daysInMonth(m));
      expect(new Set([...expected.gaps, ...days.map((d) => d.date)]).size).toBe(daysInMonth(m));
      expect(expected.amount).toBe(expected.billable * 100);
    }
  });
});
