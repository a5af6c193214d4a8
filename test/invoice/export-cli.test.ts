// `flexbill export` as a clerk uses it: the demo month read back and compared
// with `preview`, and the sentences for what cannot be done.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const cellValue = (v: ExcelJS.CellValue): unknown => (v && typeof v === 'object' && 'result' in v ? v.result : v);

describe('flexbill export', () => {
  it('the demo month: every Summary and Daily figure equals preview --json', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    const out = path.join(dir, 'invoice.xlsx');
    const r = flexbill(db, 'export', '--month', '2026-10', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('7 licenses, total $5,823.00');
    const preview = JSON.parse(flexbill(db, 'preview', '--month', '2026-10', '--json').stdout) as {
      licenses: { license: string; billable: number; amount: string; peak: number; daysReported: number; dropped: { date: string }[]; billedDay: { date: string }; gaps: string[] }[];
      totals: { billable: number; amount: string };
    };
    const wb = await new ExcelJS.Workbook().xlsx.readFile(out);
    const summary = wb.getWorksheet('Summary')!;
    let headerRow = 0;
    summary.eachRow((row, n) => {
      if (row.getCell(1).value === 'License') headerRow = n;
    });
    const headers = (summary.getRow(headerRow).values as unknown[]).slice(1);
    expect(headers.slice(0, 8)).toEqual(['License', 'Name', 'Days reported', 'Peak', 'Dropped days', 'Billable mailboxes', 'Rate', 'Amount']);
    preview.licenses.forEach((l, i) => {
      const row = summary.getRow(headerRow + 1 + i);
      expect(row.getCell(1).value).toBe(l.license);
      expect(cellValue(row.getCell(4).value)).toBe(l.peak);
      expect(cellValue(row.getCell(6).value)).toBe(l.billable);
      expect(cellValue(row.getCell(8).value)).toBeCloseTo(Number(l.amount), 2);
    });
    const total = summary.getRow(headerRow + 1 + preview.licenses.length);
    expect(total.getCell(1).value).toBe('Total');
    expect(cellValue(total.getCell(6).value)).toBe(preview.totals.billable);
    expect(cellValue(total.getCell(8).value)).toBeCloseTo(Number(preview.totals.amount), 2);

    // Daily: 31 rows per license, statuses as the preview says.
    const daily = wb.getWorksheet('Daily')!;
    const statuses = new Map<string, string>();
    daily.eachRow((row, n) => {
      if (n === 1) return;
      const date = row.getCell(3).value;
      const iso = date instanceof Date ? date.toISOString().slice(0, 10) : String(date);
      statuses.set(`${String(row.getCell(1).value)} ${iso}`, String(row.getCell(5).value));
    });
    expect(statuses.size).toBe(7 * 31);
    for (const l of preview.licenses) {
      expect(statuses.get(`${l.license} ${l.billedDay.date}`)).toBe('billed');
      for (const d of l.dropped) expect(statuses.get(`${l.license} ${d.date}`)).toBe('dropped');
      for (const g of l.gaps) expect(statuses.get(`${l.license} ${g}`)).toBe('gap');
    }
    // Domains: the demo's mailbox-level license.
    expect(wb.getWorksheet('Domains')).toBeDefined();
    // Sources: the two October files, with the days each gave (6 count licenses' and 31 mailbox days).
    const sources: string[] = [];
    wb.getWorksheet('Sources')!.eachRow((row) => {
      const file = String(row.getCell(2).value);
      if (file.endsWith('.csv')) sources.push(`${file} ${String(row.getCell(7).value)}`);
    });
    expect(sources).toEqual(['demo-usage-2026-10.csv 154', 'demo-mailboxes-2026-10.csv 31']);
  });

  it('a month with no data is exit 1 with a sentence, and no file', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    flexbill(db, 'demo');
    const out = path.join(dir, 'none.xlsx');
    const r = flexbill(db, 'export', '--month', '2027-03', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('There is no usage for 2027-03, so there is nothing to invoice. Months with data: 2026-09, 2026-10.');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('a folder that does not exist is a sentence; a target that is not .xlsx is wrong usage', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    flexbill(db, 'demo');
    const r = flexbill(db, 'export', '--month', '2026-10', '--out', path.join(dir, 'no', 'such', 'x.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot save the invoice: the folder .* does not exist\./);
    expect(flexbill(db, 'export', '--month', '2026-10', '--out', path.join(dir, 'x.pdf')).code).toBe(2);
  });
});
