// A license's days counted from its mailboxes' bits (app/import/mailboxes.ts): the
// distinct addresses of each day, and each address's days of a month, checked against
// a plain count over random sets, with date ids beyond 32 and two spellings of a date.
import { describe, expect, it } from 'vitest';
import { DayCounts } from '../../app/import/day-counts';
import { buildMonths, countDays, MailboxSet, monthGroups } from '../../app/import/mailboxes';
import type { ResolvedDates } from '../../app/import/dates';
import { seededRandom } from '../../app/random';

/** Date ids in a scrambled order over two months; some ids spell a date another id has. */
function dates(r: () => number): { resolved: ResolvedDates; ids: number } {
  const all: [string, number][] = [];
  for (const month of ['2026-09', '2026-10']) for (let d = 1; d <= (month === '2026-09' ? 30 : 31); d++) all.push([month, d]);
  for (let i = 0; i < 12; i++) all.push(all[Math.floor(r() * all.length)]!); // second spellings
  all.sort(() => r() - 0.5);
  const date = all.map(([m, d]) => `${m}-${String(d).padStart(2, '0')}`);
  const canonical = new Int32Array(all.length).map((_, i) => date.indexOf(date[i]!));
  return {
    ids: all.length,
    resolved: { date: date as never, canonical, merged: true, month: all.map(([m]) => m), day: Int8Array.from(all.map(([, d]) => d)) },
  };
}

describe('days counted from the bits of mailboxes', () => {
  it('are the distinct addresses of each day, and each address its days, for random sets', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const r = seededRandom(seed);
      const { resolved, ids } = dates(r);
      const set = new MailboxSet();
      const present = new Map<string, Set<string>>(); // date -> addresses
      const n = 1 + Math.floor(r() * 300);
      for (let a = 0; a < n; a++) {
        for (let id = 0; id < ids; id++) {
          if (r() < 0.3) continue;
          set.add(`u${a}@d${a % 3}.example`, id);
          const day = resolved.date[id]!;
          if (!present.has(day)) present.set(day, new Set());
          present.get(day)!.add(`u${a}@d${a % 3}.example`);
        }
      }
      const groups = monthGroups(set, resolved);
      const counted = new DayCounts();
      countDays(set, resolved, groups, counted);
      expect(Object.fromEntries([...counted]), `seed ${seed}`).toEqual(Object.fromEntries([...present].map(([d, s]) => [d, s.size]).sort()));

      for (const m of buildMonths(set, resolved, groups)) {
        m.addresses.forEach((address, i) => {
          const want = [...present].filter(([d, s]) => d.startsWith(m.month) && s.has(address)).reduce((bits, [d]) => bits | (1 << (Number(d.slice(8)) - 1)), 0) >>> 0;
          expect(m.days[i], `seed ${seed} ${m.month} ${address}`).toBe(want);
        });
        const inMonth = new Set([...present].filter(([d]) => d.startsWith(m.month)).flatMap(([, s]) => [...s]));
        expect(m.addresses.length).toBe(inMonth.size);
      }
    }
  });
});
