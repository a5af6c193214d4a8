import { describe, expect, it } from 'vitest';
import { Store } from '../../app/store';
import { asIsoMonth } from '../../app/billing/types';
import { tempDb } from '../helpers/tmp';
import { parsedCounts, parsedMailboxes } from '../helpers/parsed';

const oct = asIsoMonth('2026-10');
const counts = (s: Store) => Object.fromEntries(s.usage.daysOfMonth(oct).map((d) => [`${d.license} ${d.date}`, d.count]));

describe('store: applying imports', () => {
  it('adds days, then a later import replaces them and keeps the old value in history', () => {
    const s = new Store(tempDb());
    const a = s.imports.apply(parsedCounts({ L1: { '2026-10-01': 10, '2026-10-02': 20 } }), null);
    expect(a).toMatchObject({ status: 'imported', daysAdded: 2, daysReplaced: 0, daysUnchanged: 0, dateFrom: '2026-10-01', dateTo: '2026-10-02', licenses: ['L1'] });
    const b = s.imports.apply(parsedCounts({ L1: { '2026-10-02': 25, '2026-10-01': 10, '2026-10-03': 5 } }), null);
    expect(b).toMatchObject({ daysAdded: 1, daysReplaced: 1, daysUnchanged: 1 });
    expect(b.replacements).toEqual([{ license: 'L1', date: '2026-10-02', old: 20, new: 25 }]);
    expect(counts(s)).toEqual({ 'L1 2026-10-01': 10, 'L1 2026-10-02': 25, 'L1 2026-10-03': 5 });
    const hist = s.db.prepare('SELECT license, date, count, import_id, replaced_by FROM daily_history').all();
    expect(hist).toEqual([{ license: 'L1', date: '2026-10-02', count: 20, import_id: a.id, replaced_by: b.id }]);
    s.close();
  });

  it('undo removes what an import added and restores what it replaced', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedCounts({ L1: { '2026-10-01': 10, '2026-10-02': 20 } }), null);
    const b = s.imports.apply(parsedCounts({ L1: { '2026-10-02': 25, '2026-10-03': 5 } }), null);
    s.imports.undo(b.id);
    expect(counts(s)).toEqual({ 'L1 2026-10-01': 10, 'L1 2026-10-02': 20 });
    expect(s.imports.get(b.id)?.status).toBe('undone');
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM daily_history').get()).toEqual({ n: 0 });
    expect(() => s.imports.undo(b.id)).toThrow(/already undone/);
    s.close();
  });

  it('undo of a middle import keeps the later value and hands it the older one', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedCounts({ L1: { '2026-10-01': 1 } }), null);
    const b = s.imports.apply(parsedCounts({ L1: { '2026-10-01': 2 } }), null);
    const c = s.imports.apply(parsedCounts({ L1: { '2026-10-01': 3 } }), null);
    s.imports.undo(b.id);
    expect(counts(s)).toEqual({ 'L1 2026-10-01': 3 });
    s.imports.undo(c.id);
    expect(counts(s)).toEqual({ 'L1 2026-10-01': 1 });
    s.close();
  });

  it('mailbox data is kept as a bit per day; distinct mailboxes and the domain split follow', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedMailboxes({ M: {
      '2026-10-01': ['a@x.com', 'b@x.com', 'c@y.com'],
      '2026-10-02': ['a@x.com', 'd@y.com'],
    } }), null);
    expect(counts(s)).toEqual({ 'M 2026-10-01': 3, 'M 2026-10-02': 2 });
    expect(s.usage.distinctMailboxes(oct).get('M' as never)).toBe(4);
    expect(s.usage.domainSplit('M', '2026-10-01' as never)).toEqual([
      { domain: 'x.com', billed: 2, distinct: 2 },
      { domain: 'y.com', billed: 1, distinct: 2 },
    ]);
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM mailbox_months').get()).toEqual({ n: 4 });
    s.close();
  });

  it('a later mailbox import replaces the whole set of that day, and undo restores it', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedMailboxes({ M: { '2026-10-01': ['a@x.com', 'b@x.com'], '2026-10-02': ['a@x.com'] } }), null);
    const same = s.imports.apply(parsedMailboxes({ M: { '2026-10-02': ['A@x.com '] } }), null);
    expect(same).toMatchObject({ daysUnchanged: 1, daysReplaced: 0 });
    const b = s.imports.apply(parsedMailboxes({ M: { '2026-10-01': ['c@x.com', 'b@x.com'] } }), null);
    expect(b).toMatchObject({ daysReplaced: 1, daysAdded: 0 });
    expect(s.usage.domainSplit('M', '2026-10-01' as never)).toEqual([{ domain: 'x.com', billed: 2, distinct: 3 }]);
    expect(s.usage.distinctMailboxes(oct).get('M' as never)).toBe(3);
    s.imports.undo(b.id);
    expect(s.usage.distinctMailboxes(oct).get('M' as never)).toBe(2);
    const day1 = s.db.prepare(`SELECT address FROM mailbox_months WHERE (days & 1) = 1 ORDER BY 1`).all();
    expect(day1).toEqual([{ address: 'a@x.com' }, { address: 'b@x.com' }]);
    s.close();
  });

  it('a count import over a mailbox day replaces the set; undo brings the set back', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedMailboxes({ M: { '2026-10-01': ['a@x.com', 'b@x.com'] } }), null);
    const b = s.imports.apply(parsedCounts({ M: { '2026-10-01': 7 } }), null);
    expect(counts(s)).toEqual({ 'M 2026-10-01': 7 });
    expect(s.usage.distinctMailboxes(oct).size).toBe(0);
    s.imports.undo(b.id);
    expect(counts(s)).toEqual({ 'M 2026-10-01': 2 });
    expect(s.usage.distinctMailboxes(oct).get('M' as never)).toBe(2);
    s.close();
  });

  it('a failure in the middle of applying a file leaves nothing behind', () => {
    const s = new Store(tempDb());
    const bad = parsedCounts({ L1: { '2026-10-01': 10 }, L2: { '2026-10-01': -5 } });
    expect(() => s.imports.apply(bad, null)).toThrow();
    expect(counts(s)).toEqual({});
    expect(s.imports.list()).toEqual([]);
    expect(s.licenses.list()).toEqual([]);
    s.close();
  });

  it('lists the months with data and the license date ranges', () => {
    const s = new Store(tempDb());
    s.imports.apply(parsedCounts({ L1: { '2026-09-30': 1, '2026-10-01': 2, '2027-01-15': 3 }, L2: { '2026-12-31': 4 } }), null);
    expect(s.usage.monthsWithData()).toEqual(['2026-09', '2026-10', '2026-12', '2027-01']);
    expect(Object.fromEntries(s.usage.dateRangesByLicense())).toEqual({ L1: ['2026-09-30', '2027-01-15'], L2: ['2026-12-31', '2026-12-31'] });
    s.close();
  });

  it('user edits to a license survive later imports', () => {
    const s = new Store(tempDb());
    const f = parsedCounts({ L1: { '2026-10-01': 1 } });
    f.licenses[0]!.meta = { name: 'from-file', edition: 'Enterprise' };
    s.imports.apply(f, null);
    s.licenses.update('L1', { name: 'Edited by hand' });
    const g = parsedCounts({ L1: { '2026-10-02': 1 } });
    g.licenses[0]!.meta = { name: 'from-file-2', version: '100.0.1' };
    s.imports.apply(g, null);
    expect(s.licenses.get('L1')).toMatchObject({ name: 'Edited by hand', edition: 'Enterprise', version: '100.0.1' });
    s.close();
  });
});
