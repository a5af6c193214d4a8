// The api as the desktop app and the browser host use it: settings, flags that
// depend on history, cancel and progress, and the checked method table.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../app/domains/imports';
import { createHandlers, dispatch } from '../app/handlers';
import { openApi } from './helpers/api';
import { fixture, flexbill } from './helpers/cli';
import { tempDir } from './helpers/tmp';

describe('settings', () => {
  it('a rate applies from its month on; earlier months keep theirs; days dropped change the rule', async () => {
    const { api } = openApi();
    await api.loadDemo({});
    const sepBefore = (await api.preview({ month: '2026-09' })).totals;
    await api.setRate({ from: '2026-10', rate: '1.10' });
    const oct = await api.preview({ month: '2026-10' });
    expect(oct.rate).toBe(110);
    expect(oct.totals.amount).toBe(oct.totals.billable * 110);
    expect((await api.preview({ month: '2026-09' })).totals).toEqual(sepBefore);
    await expect(api.setRate({ from: '2026-10', rate: 'one dollar' })).rejects.toThrow('"one dollar" is not a rate');
    await api.deleteRate({ from: '2026-10' });
    expect((await api.preview({ month: '2026-10' })).rate).toBe(100);

    const two = (await api.preview({ month: '2026-10' })).licenses.find((l) => l.license.startsWith('DEMO1'))!;
    await api.setDroppedDays({ droppedDays: 3 });
    const three = (await api.preview({ month: '2026-10' })).licenses.find((l) => l.license.startsWith('DEMO1'))!;
    expect(three.dropped).toHaveLength(3);
    expect(three.billable).toBeLessThanOrEqual(two.billable);
    await expect(api.setDroppedDays({ droppedDays: -1 })).rejects.toThrow(/0 to 10/);
    api.close();
  });

  it('the command line changes the same settings', () => {
    const db = path.join(tempDir(), 'a.db');
    flexbill(db, 'demo');
    const r = flexbill(db, 'settings', '--rate', '1.25', '--from', '2026-10', '--company', 'Northwind Hosting', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { rates: { from: string; rate: string }[]; company: { name: string } };
    expect(s.rates).toEqual([{ from: '2026-10', rate: '1.25' }]);
    expect(s.company.name).toBe('Northwind Hosting');
    const p = JSON.parse(flexbill(db, 'preview', '--month', '2026-10', '--json').stdout) as { rate: string; totals: { billable: number; amount: string } };
    expect(p.rate).toBe('1.25');
    expect(Number(p.totals.amount)).toBeCloseTo(p.totals.billable * 1.25, 2);
    expect(flexbill(db, 'settings', '--rate', '1.25').code).toBe(2);
  });
});

describe('a value replaced after the month was exported', () => {
  it('is flagged on the license, naming the day and the change', async () => {
    const { api, dir, clock } = openApi();
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    expect((await api.preview({ month: '2026-10' })).licenses.every((l) => l.flags.length === 0)).toBe(true);
    await api.exportInvoice({ month: '2026-10', path: path.join(dir, 'inv.xlsx') });
    // Later, by the store's clock: no sleeping.
    clock.advance(5);
    fs.writeFileSync(path.join(dir, 'fix.csv'), 'license_key,date,eas_mailboxes\nV9X6U-EH4LX-K94CE-WXY97,2026-10-05,999\n');
    await api.importFiles({ paths: [path.join(dir, 'fix.csv')] });
    const lic = (await api.preview({ month: '2026-10' })).licenses.find((l) => l.license === 'V9X6U-EH4LX-K94CE-WXY97')!;
    const flag = lic.flags.find((f) => f.code === 'replaced-after-export');
    expect(flag?.message).toMatch(/^Values replaced after the export of .*: Oct 5 \d+ → 999$/);
    // A new export takes the changes in: the flag goes.
    await api.exportInvoice({ month: '2026-10', path: path.join(dir, 'inv2.xlsx') });
    expect((await api.preview({ month: '2026-10' })).licenses.find((l) => l.license === 'V9X6U-EH4LX-K94CE-WXY97')!.flags).toEqual([]);
    api.close();
  });
});

describe('import progress and cancel', () => {
  it('reports bytes read of the total, and a cancel stores nothing of the file or those after it', async () => {
    const { api, dir } = openApi();
    const big = path.join(dir, 'big.csv');
    const lines = ['license,date,email'];
    for (let d = 1; d <= 31; d++) for (let m = 0; m < 18000; m++) lines.push(`BIG,2026-10-${String(d).padStart(2, '0')},user${m}@x.example`);
    fs.writeFileSync(big, lines.join('\n'));
    const size = fs.statSync(big).size;

    const seen: number[] = [];
    const controller = new AbortController();
    const outcomes = await importFiles(api.core, [big, fixture('counts-plain.csv')], {
      signal: controller.signal,
      onProgress: (p) => {
        expect(p.totalBytes).toBe(size);
        seen.push(p.bytesRead);
        if (p.bytesRead > size / 3) controller.abort();
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await api.months({})).months).toEqual([]);
    expect(await api.imports({})).toEqual([]);

    const again = await importFiles(api.core, [big], { onProgress: (p) => seen.push(p.bytesRead) });
    expect(again[0]?.status).toBe('imported');
    expect(seen[seen.length - 1]).toBe(size);
    api.close();
  });
});

describe('the method table (IPC and HTTP)', () => {
  it('checks every input once, with a sentence about the field, never "Bad input for …"', async () => {
    const { api } = openApi();
    const handlers = createHandlers(api.core);
    await expect(dispatch(handlers, 'nope', {})).rejects.toThrow('Unknown operation "nope".');
    await expect(dispatch(handlers, 'preview', { month: '2026-13' })).rejects.toThrow('"2026-13" is not a month: write it as YYYY-MM, for example 2026-10.');
    await expect(dispatch(handlers, 'preview', { month: '2026-10', extra: 1 })).rejects.toThrow('preview does not take "extra".');
    await expect(dispatch(handlers, 'undoImport', { id: 'x' })).rejects.toThrow('The import number is a whole number, as `flexbill imports` lists them.');
    await expect(dispatch(handlers, 'setDroppedDays', { droppedDays: 11 })).rejects.toThrow('Days dropped must be a whole number from 0 to 10, not 11.');
    await expect(dispatch(handlers, 'updateLicense', { license: 'X', fields: { version: 'abc' } })).rejects.toThrow('The version is numbers with dots between them, such as 100.0.6919.');
    await expect(dispatch(handlers, 'setCompany', { name: 'x'.repeat(201), address: '' })).rejects.toThrow('The company name is too long (at most 200).');
    await expect(dispatch(handlers, 'licenseDetail', { month: '2026-10' })).rejects.toThrow('The license key is missing.');
    for (const [name, input] of [['preview', { month: 'Oct' }], ['updateLicense', { license: 'X', fields: { maintenanceExpires: 'soon' } }], ['exportQuote', { quote: {}, path: 'q.xlsx' }]] as const) {
      await expect(dispatch(handlers, name, input)).rejects.not.toThrow(/Bad input|\binput\b|expected/);
    }
    expect(await dispatch(handlers, 'months', {})).toEqual({ months: [], latest: null, closed: [] });
    api.close();
  });
});
