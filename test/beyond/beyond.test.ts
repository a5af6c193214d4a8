import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openApi } from '../helpers/api';
import { computeQuote, type Cents } from '../../app/billing';
import { flexbill, fixture } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const open = () => openApi().api;

describe('vendor invoice review', () => {
  it('reconcile --json shows differences, and licenses on one side only (difference = vendor − ours)', () => {
    const db = path.join(tempDir(), 'a.db');
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const r = flexbill(db, 'reconcile', '--month', '2026-10', fixture('vendor-invoice-2026-10.csv'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { month: string; lines: { license: string; vendor: number | null; ours: number | null; difference: number; status: string; amountDifference: string }[]; totals: Record<string, unknown> };
    expect(j.month).toBe('2026-10');
    const byKey = Object.fromEntries(j.lines.map((l) => [l.license, l]));
    expect(byKey['V9X6U-EH4LX-K94CE-WXY97']).toMatchObject({ vendor: 540, ours: 530, difference: 10, status: 'differs', amountDifference: '10.00' });
    expect(byKey['NOTOU-RSXXX-XXXXX-XXXXX']).toMatchObject({ vendor: 75, ours: null, difference: 75, status: 'vendor-only' });
    expect(byKey['333G8-3DNEP-6LHXD-GAKGZ']).toMatchObject({ vendor: null, ours: 2915, difference: -2915, status: 'ours-only' });
    expect(byKey['WK3DE-GZDPC-F54ER-F5DHQ']).toMatchObject({ vendor: 2735, ours: 2735, difference: 0, status: 'match' });
    expect(j.lines.map((l) => l.status)).toEqual(['differs', 'vendor-only', 'ours-only', 'match', 'match']);
    expect(j.totals).toMatchObject({ vendor: 4616, ours: 2735 + 530 + 1266 + 2915, difference: 4616 - (2735 + 530 + 1266 + 2915), differing: 1, vendorOnly: 1, oursOnly: 1, matching: 2 });
    const text = flexbill(db, 'reconcile', '--month', '2026-10', fixture('vendor-invoice-2026-10.csv'));
    expect(text.stdout).toContain('1 differ, 1 only on the vendor\'s invoice, 1 only in our usage, 2 match.');
  });

  it('a bad vendor file gets a line-numbered error and exit 1', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    flexbill(db, 'import', fixture('counts-plain.csv'));
    fs.writeFileSync(path.join(dir, 'vendor.csv'), 'license,qty\nA,10\nB,ten\n');
    const r = flexbill(db, 'reconcile', '--month', '2026-10', path.join(dir, 'vendor.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('vendor.csv line 3: count "ten" is not a whole number');
    fs.writeFileSync(path.join(dir, 'nothing.csv'), 'hello,world\n1,2\n');
    expect(flexbill(db, 'reconcile', '--month', '2026-10', path.join(dir, 'nothing.csv')).stderr).toContain('is not a vendor invoice');
  });

  it('the exported workbook gains a Reconciliation sheet when the month has a vendor invoice', async () => {
    const api = open();
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    const out = path.join(tempDir(), 'inv.xlsx');
    await api.exportInvoice({ month: '2026-10', path: out });
    let wb = await new ExcelJS.Workbook().xlsx.readFile(out);
    expect(wb.getWorksheet('Reconciliation')).toBeUndefined();
    await api.reconcile({ month: '2026-10', path: fixture('vendor-invoice-2026-10.csv') });
    await api.exportInvoice({ month: '2026-10', path: out });
    wb = await new ExcelJS.Workbook().xlsx.readFile(out);
    expect(wb.getWorksheet('Reconciliation')).toBeDefined();
    api.close();
  });
});

describe('closed months', () => {
  it('close → import → figures unchanged with the changes listed → reopen → new figures', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const close = flexbill(db, 'close', '--month', '2026-10');
    expect(close.code).toBe(0);
    expect(close.stdout).toContain('Closed 2026-10: 4 licenses, 7,446 billable mailboxes, $7,446.00.');
    const out1 = path.join(dir, 'at-closing.xlsx');
    expect(flexbill(db, 'export', '--month', '2026-10', '--out', out1).code).toBe(0);

    // A correction arrives: every day of one license goes up by 100, and a new license appears.
    const rows = ['license,date,count'];
    for (let d = 1; d <= 31; d++) rows.push(`V9X6U-EH4LX-K94CE-WXY97,2026-10-${String(d).padStart(2, '0')},${600 + d}`);
    rows.push('NEW00-LICEN-SE000-00000,2026-10-05,12');
    fs.writeFileSync(path.join(dir, 'late.csv'), rows.join('\n'));
    const imp = flexbill(db, 'import', path.join(dir, 'late.csv'));
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('2026-10 is closed');

    const closed = JSON.parse(flexbill(db, 'preview', '--month', '2026-10', '--json').stdout) as { totals: { billable: number }; closed: { waiting: { license: string; before: number | null; after: number | null }[] } };
    expect(closed.totals.billable).toBe(7446);
    expect(closed.closed.waiting).toEqual([
      expect.objectContaining({ license: 'NEW00-LICEN-SE000-00000', before: null, after: 12 }),
      expect.objectContaining({ license: 'V9X6U-EH4LX-K94CE-WXY97', before: 530, after: 629 }),
    ]);
    expect(flexbill(db, 'preview', '--month', '2026-10').stdout).toMatch(/closed/i);

    // An export of the closed month has the figures of the closing.
    const out2 = path.join(dir, 'later.xlsx');
    expect(flexbill(db, 'export', '--month', '2026-10', '--out', out2).code).toBe(0);
    const figures = async (file: string) => {
      const wb = await new ExcelJS.Workbook().xlsx.readFile(file);
      const out: unknown[] = [];
      for (const name of ['Summary', 'Daily']) {
        wb.getWorksheet(name)!.eachRow((row, n) => {
          const values = (row.values as unknown[]).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v));
          if (!String(values[1] ?? '').startsWith('Made on') && !(name === 'Summary' && n < 8 && String(values[1] ?? '').includes('Made'))) out.push([name, values.join('|')]);
        });
      }
      return out.filter((r) => !String(r).includes('Made on'));
    };
    expect(await figures(out2)).toEqual(await figures(out1));

    expect(flexbill(db, 'reopen', '--month', '2026-10').code).toBe(0);
    const open2 = JSON.parse(flexbill(db, 'preview', '--month', '2026-10', '--json').stdout) as { totals: { billable: number }; closed?: unknown };
    expect(open2.totals.billable).toBe(7446 - 530 + 629 + 12);
    expect(open2.closed).toBeUndefined();
    expect(flexbill(db, 'reopen', '--month', '2026-10').stderr).toContain('2026-10 is not closed.');
  });
});

describe('domains', () => {
  it("each license's split of the billed day adds up exactly to its billable count", async () => {
    const dir = tempDir();
    const api = openApi(path.join(dir, 'a.db')).api;
    // Generated mailbox data: 3 licenses, 7 domains, mailboxes that come and go.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lines = ['license,date,email'];
    for (let l = 0; l < 3; l++) {
      for (let d = 1; d <= 30; d++) {
        for (let m = 0; m < 150; m++) {
          if (rnd() < 0.2) continue;
          lines.push(`DOM${l},2026-11-${String(d).padStart(2, '0')},${rnd() < 0.1 ? 'USER' : 'user'}${m}@d${m % 7}.example`);
        }
      }
    }
    fs.writeFileSync(path.join(dir, 'mbx.csv'), lines.join('\n'));
    const [o] = await api.importFiles({ paths: [path.join(dir, 'mbx.csv')] });
    expect(o?.status).toBe('imported');
    const p = await api.preview({ month: '2026-11' });
    expect(p.licenses).toHaveLength(3);
    for (const l of p.licenses) {
      expect(l.domains).not.toBeNull();
      expect(l.domains!.reduce((s, d) => s + d.billed, 0)).toBe(l.billable);
      expect(l.domains!.reduce((s, d) => s + d.distinct, 0)).toBe(l.distinctMailboxes);
      expect(l.domains!.map((d) => d.domain)).toEqual(['d0.example', 'd1.example', 'd2.example', 'd3.example', 'd4.example', 'd5.example', 'd6.example']);
    }
    // The same split in preview --json and in the License view.
    const detail = await api.licenseDetail({ license: 'DOM1', month: '2026-11' });
    expect(detail.domains).toEqual(p.licenses[1]!.domains);
    api.close();
  });

  it('count-only data has no domain split', async () => {
    const api = open();
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    expect((await api.preview({ month: '2026-10' })).licenses.every((l) => l.domains === null)).toBe(true);
    api.close();
  });
});

describe('quotes', () => {
  it("computes a quote's monthly cost, revenue and margin in cents", () => {
    const q = computeQuote({ customer: 'Riverside', mailboxes: 250, months: 12, vendorRate: 100 as Cents, price: 175 as Cents });
    expect(q).toMatchObject({ monthlyCost: 25000, monthlyRevenue: 43750, monthlyMargin: 18750, marginPercent: 42.9, totalCost: 300000, totalRevenue: 525000, totalMargin: 225000 });
    expect(computeQuote({ customer: '', mailboxes: 3, months: 1, vendorRate: 100 as Cents, price: 0 as Cents }).marginPercent).toBeNull();
    expect(() => computeQuote({ customer: '', mailboxes: 1.5, months: 1, vendorRate: 100 as Cents, price: 1 as Cents })).toThrow(/whole number/);
  });

  it('exports a one-sheet quote workbook a customer can read', async () => {
    const api = open();
    await api.setCompany({ name: 'Example Hosting', address: '1 Main St' });
    const out = path.join(tempDir(), 'q.xlsx');
    await api.exportQuote({ quote: { customer: 'Riverside Dental', mailboxes: 250, months: 12, vendorRate: 100, price: 175 }, path: out });
    const wb = await new ExcelJS.Workbook().xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Quote']);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('Riverside Dental');
    expect(text).toContain('5250');
    expect(text.toLowerCase()).not.toContain('margin');
    api.close();
  });
});

describe('a closed month on the License view', () => {
  it('shows the figures of the closing, as the Month view does', async () => {
    const dir = tempDir();
    const api = openApi(path.join(dir, 'a.db')).api;
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    const key = 'V9X6U-EH4LX-K94CE-WXY97';
    const before = await api.licenseDetail({ license: key, month: '2026-10' });
    await api.closeMonth({ month: '2026-10' });
    const rows = ['license,date,count'];
    for (let d = 1; d <= 31; d++) rows.push(`${key},2026-10-${String(d).padStart(2, '0')},${700 + d}`);
    fs.writeFileSync(path.join(dir, 'late.csv'), rows.join('\n'));
    await api.importFiles({ paths: [path.join(dir, 'late.csv')] });
    const closed = await api.licenseDetail({ license: key, month: '2026-10' });
    expect(closed.closed).toBe(true);
    expect(closed.usage?.billable).toBe(before.usage?.billable);
    expect(closed.days.map((d) => d.count)).toEqual(before.days.map((d) => d.count));
    expect(closed.history.at(-1)?.billable).toBe(before.usage?.billable);
    await api.reopenMonth({ month: '2026-10' });
    const open = await api.licenseDetail({ license: key, month: '2026-10' });
    expect(open.closed).toBe(false);
    expect(open.usage?.billable).toBe(729);
    api.close();
  });
});
