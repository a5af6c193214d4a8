// One license's screen (issue 12): the last 12 months count back from its latest
// month with data, not the month picked; a closed month names this license's waiting change.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApi } from '../helpers/api';

const KEY = 'HIST0-ABCDE-FGHJK-LMNPQ';
const month = (m: string, count: number) => Array.from({ length: 28 }, (_, i) => `${KEY},${m}-${String(i + 1).padStart(2, '0')},${count}`);

describe('licenseDetail', () => {
  it('the last 12 months end at the latest month with data, so later months stay in view', async () => {
    const { api, dir } = openApi();
    fs.writeFileSync(path.join(dir, 'a.csv'), ['license_key,date,eas_mailboxes', ...month('2026-08', 10), ...month('2026-10', 30), ...month('2026-11', 40)].join('\n'));
    await api.importFiles({ paths: [path.join(dir, 'a.csv')] });
    const aug = await api.licenseDetail({ license: KEY, month: '2026-08' });
    expect(aug.history).toHaveLength(12);
    expect(aug.history.at(-1)).toMatchObject({ month: '2026-11', billable: 40 });
    expect(aug.history.find((h) => h.month === '2026-10')?.billable).toBe(30);
    expect(aug.usage?.billable).toBe(10);
    expect(aug.waiting).toBeNull();
    api.close();
  });

  it('a closed month: the change that waits for this license, before and after', async () => {
    const { api, dir } = openApi();
    fs.writeFileSync(path.join(dir, 'a.csv'), ['license_key,date,eas_mailboxes', ...month('2026-10', 30)].join('\n'));
    await api.importFiles({ paths: [path.join(dir, 'a.csv')] });
    await api.closeMonth({ month: '2026-10' });
    expect((await api.licenseDetail({ license: KEY, month: '2026-10' })).waiting).toBeNull();
    fs.writeFileSync(path.join(dir, 'b.csv'), ['license_key,date,eas_mailboxes', ...month('2026-10', 35)].join('\n'));
    await api.importFiles({ paths: [path.join(dir, 'b.csv')] });
    const detail = await api.licenseDetail({ license: KEY, month: '2026-10' });
    expect(detail.closed).toBe(true);
    expect(detail.usage?.billable).toBe(30);
    expect(detail.waiting).toMatchObject({ license: KEY, before: 30, after: 35 });
    api.close();
  });
});
