// A closed month's kept figures survive upgrades: written in today's shape by a
// database of schema 2, read after the migrations by the reader of their version.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asIsoMonth } from '../../app/billing/types';
import { readSnapshot, SNAPSHOT_VERSION } from '../../app/domains/closing';
import { licenseDetail } from '../../app/domains/licenses';
import { monthSnapshot, preview } from '../../app/domains/months';
import { openCore } from '../../app/core';
import { migrate } from '../../app/store/migrations';
import { openApi } from '../helpers/api';
import { fixture } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const oct = asIsoMonth('2026-10');
const KEY = 'V9X6U-EH4LX-K94CE-WXY97';

describe('closed months across upgrades', () => {
  it('a closing written before snapshot versions is read as version 1 after migration 3', async () => {
    // Today's figures, as a closing of schema 2 kept them.
    const today = openApi().api;
    await today.importFiles({ paths: [fixture('counts-plain.csv')] });
    const snapshot = monthSnapshot(today.core, oct);
    const imported = today.core.store.db.prepare('SELECT * FROM imports').all() as Record<string, unknown>[];
    today.close();

    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    migrate(old, 2);
    for (const r of imported) {
      const cols = Object.keys(r);
      old.prepare(`INSERT INTO imports (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(r);
    }
    old.prepare(`INSERT INTO licenses (key, created_at) VALUES (?, '2026-11-01')`).run(KEY);
    old.prepare('INSERT INTO closed_months (month, closed_at, snapshot) VALUES (?, ?, ?)').run(oct, '2026-11-02T10:00:00.000Z', JSON.stringify(snapshot));
    old.close();

    const core = openCore(file);
    const p = preview(core, oct);
    expect(p.closed?.closedAt).toBe('2026-11-02T10:00:00.000Z');
    expect(p.licenses).toEqual(snapshot.preview.licenses);
    expect(p.totals).toEqual(snapshot.preview.totals);
    // The license's history reads the kept figures that migration 3 copied out.
    const kept = snapshot.preview.licenses.find((l) => l.license === KEY)!;
    const detail = licenseDetail(core, KEY, asIsoMonth('2026-11'));
    expect(detail.history.find((h) => h.month === oct)).toEqual({ month: oct, billable: kept.billable, amount: kept.amount });
    core.close();
  });

  it('a version this app does not know is refused with a sentence, not misread', () => {
    expect(SNAPSHOT_VERSION).toBe(1);
    expect(() => readSnapshot('{}', 2)).toThrow(/closed by a newer version of Flex Billing/);
    expect(() => readSnapshot('{"preview":{}}', 1)).toThrow(/damaged/);
  });

  it("a license's history reads its own kept figures, not every closed month's whole snapshot", async () => {
    const { api, core } = openApi();
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    const before = await api.licenseDetail({ license: KEY, month: '2026-10' });
    await api.closeMonth({ month: '2026-10' });
    // Damage the whole-month snapshot: the history of a later month must not need it.
    core.store.db.prepare(`UPDATE closed_months SET snapshot = 'not json' WHERE month = '2026-10'`).run();
    const nov = await api.licenseDetail({ license: KEY, month: '2026-11' });
    expect(nov.history.find((h) => h.month === oct)?.billable).toBe(before.usage?.billable);
    // Reopening drops the kept figures with the closing.
    core.store.db.prepare(`UPDATE closed_months SET snapshot = ? WHERE month = '2026-10'`).run(JSON.stringify(monthSnapshot(core, oct)));
    await api.reopenMonth({ month: '2026-10' });
    expect(core.store.db.prepare('SELECT COUNT(*) AS n FROM closed_license_months').get()).toEqual({ n: 0 });
    api.close();
  });
});
