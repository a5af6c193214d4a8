// The merge of a file's days into a stored license-month, without SQLite.
import { describe, expect, it } from 'vitest';
import { asIsoDate, asLicenseKey } from '../../app/billing/types';
import { countsByMonth, mergeMonth, needsPresence, presenceChanges, presenceOfFile, type Presence } from '../../app/store/merge';
import { DAYS, emptyMonthRow, type MonthRow } from '../../app/store/packed';

/** Day-indexed counts from {day: count}. */
function counts(days: Record<number, number>): Int32Array {
  const out = new Int32Array(DAYS).fill(-1);
  for (const [d, c] of Object.entries(days)) out[Number(d) - 1] = c;
  return out;
}

function stored(days: Record<number, [count: number, importId: number]>, mailboxDays = 0): MonthRow {
  const row = emptyMonthRow();
  for (const [d, [c, i]] of Object.entries(days)) {
    row.counts[Number(d) - 1] = c;
    row.imports[Number(d) - 1] = i;
  }
  row.mailboxDays = mailboxDays;
  return row;
}

const presence = (entries: Record<string, [days: number, domain: string]>): Map<string, Presence> =>
  new Map(Object.entries(entries).map(([a, [days, domain]]) => [a, { days, domain }]));

describe('merging a month of counts', () => {
  it('adds missing days, leaves equal ones, replaces others and says what it replaced', () => {
    const row = stored({ 1: [10, 1], 2: [20, 1] });
    const m = mergeMonth(row, counts({ 1: 10, 2: 25, 3: 5 }), 2, new Map(), null);
    expect(m).toEqual({ added: 1, unchanged: 1, replaced: [{ day: 2, old: 20, oldImport: 1, new: 25, mailboxes: null }], replaceMask: 0b110 });
    expect([...row.counts.slice(0, 4)]).toEqual([10, 25, 5, -1]);
    expect([...row.imports.slice(0, 4)]).toEqual([1, 2, 2, 0]);
  });

  it('a bare count equal to a mailbox day leaves the richer set in place', () => {
    const row = stored({ 1: [2, 1] }, 0b1);
    const old = presence({ 'a@x.com': [0b1, 'x.com'], 'b@x.com': [0b1, 'x.com'] });
    expect(needsPresence(row, 0b1, null)).toBe(true);
    const m = mergeMonth(row, counts({ 1: 2 }), 2, old, null);
    expect(m).toMatchObject({ unchanged: 1, replaced: [], replaceMask: 0 });
    expect(row.mailboxDays).toBe(0b1);
  });

  it('another count over a mailbox day replaces the set: the old mailboxes are kept for undo', () => {
    const row = stored({ 1: [2, 1] }, 0b1);
    const old = presence({ 'a@x.com': [0b1, 'x.com'], 'b@y.com': [0b1, 'y.com'] });
    const m = mergeMonth(row, counts({ 1: 7 }), 2, old, null);
    expect(m.replaced).toEqual([{ day: 1, old: 2, oldImport: 1, new: 7, mailboxes: [['a@x.com', 'x.com'], ['b@y.com', 'y.com']] }]);
    expect(row.mailboxDays).toBe(0);
    // The day's bits leave every mailbox, which then has no day left.
    expect(presenceChanges(old, new Map(), m.replaceMask)).toEqual([
      { address: 'a@x.com', domain: 'x.com', days: 0 },
      { address: 'b@y.com', domain: 'y.com', days: 0 },
    ]);
  });

  it('mailboxes: the same count with another set is a replacement; the same set is unchanged', () => {
    const row = stored({ 1: [2, 1], 2: [1, 1] }, 0b11);
    const old = presence({ 'a@x.com': [0b11, 'x.com'], 'b@x.com': [0b01, 'x.com'] });
    const file = presenceOfFile({ month: '2026-10', addresses: ['a@x.com', 'c@x.com', 'a@x.com'], domains: ['x.com', 'x.com', 'x.com'], days: [0b01, 0b01, 0b10] });
    expect(file.get('a@x.com')).toEqual({ days: 0b11, domain: 'x.com' });
    const m = mergeMonth(row, counts({ 1: 2, 2: 1 }), 2, old, file);
    expect(m).toMatchObject({ added: 0, unchanged: 1, replaceMask: 0b01 });
    expect(m.replaced).toEqual([{ day: 1, old: 2, oldImport: 1, new: 2, mailboxes: [['a@x.com', 'x.com'], ['b@x.com', 'x.com']] }]);
    expect(row.mailboxDays).toBe(0b11);
    // b leaves day 1; c arrives on day 1 (new mailboxes last, in address order).
    expect(presenceChanges(old, file, m.replaceMask)).toEqual([
      { address: 'b@x.com', domain: 'x.com', days: 0 },
      { address: 'c@x.com', domain: 'x.com', days: 0b01 },
    ]);
  });
});

describe('a file license by month', () => {
  it('is split into day-indexed months, and a count the packed row cannot hold is refused', () => {
    const lic = { key: asLicenseKey('L'), meta: {}, mailboxes: null, days: new Map([[asIsoDate('2026-09-30'), 4], [asIsoDate('2026-10-01'), 5], [asIsoDate('2026-10-31'), 6]]) };
    const months = countsByMonth(lic);
    expect([...months.keys()]).toEqual(['2026-09', '2026-10']);
    expect(months.get('2026-09')![29]).toBe(4);
    expect([months.get('2026-10')![0], months.get('2026-10')![30], months.get('2026-10')![1]]).toEqual([5, 6, -1]);
    lic.days.set(asIsoDate('2026-10-02'), -5);
    expect(() => countsByMonth(lic)).toThrow('license L, 2026-10-02: the count -5 is not a daily count we can store (a whole number from 0 to 2,147,483,647)');
  });
});
