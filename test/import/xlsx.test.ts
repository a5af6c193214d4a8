// SPEC §4.2 for workbooks: the first sheet with a header row, a preamble above it, date
// cells, serials and date strings; errors name the sheet and cell. The workbooks are
// made here with exceljs, in a temp folder.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days, license, read, rejection, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.remove());

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(t.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const utc = (y: number, m: number, d: number, h = 0): Date => new Date(Date.UTC(y, m - 1, d, h));

describe('xlsx', () => {
  it('skips a sheet without a header; reads date cells, serials, date strings, formulas and rich text', async () => {
    const file = await workbook('mixed.xlsx', (wb) => {
      const notes = wb.addWorksheet('Notes');
      notes.addRow(['Read me first']);
      notes.addRow(['Nothing to bill here', 42]);
      const ws = wb.addWorksheet('Usage');
      ws.addRow(['October usage']);
      ws.addRow(['Version:', '100.0.6919']);
      ws.addRow(['License', 'Date', 'EAS Accounts', 'Edition']);
      ws.addRow(['XL-1', utc(2026, 10, 1), 10, 'Enterprise']);
      ws.addRow(['XL-1', utc(2026, 10, 2, 22), 11]);
      ws.addRow(['XL-1', 46297 + 1, 12]); // a serial number in a number cell: 2026-10-03
      ws.addRow(['XL-1', '10/4/2026', '13']);
      ws.addRow(['XL-1', '2026-10-05', { formula: '7*2', result: 14 }]);
      ws.addRow([{ richText: [{ text: 'XL-' }, { text: '2' }] }, utc(2026, 10, 1), 0]);
      ws.addRow([]);
      ws.getCell('B4').numFmt = 'yyyy-mm-dd';
    });
    const parsed = await read(file);
    expect(parsed).toMatchObject({ format: 'xlsx', detail: 'sheet "Usage"', kind: 'counts', rows: 6 });
    expect(days(license(parsed, 'XL-1'))).toEqual({ '2026-10-01': 10, '2026-10-02': 11, '2026-10-03': 12, '2026-10-04': 13, '2026-10-05': 14 });
    expect(days(license(parsed, 'XL-2'))).toEqual({ '2026-10-01': 0 });
    expect(license(parsed, 'XL-1').meta).toEqual({ edition: 'Enterprise' });
  });

  it('a bad cell is named by sheet and cell', async () => {
    const file = await workbook('bad.xlsx', (wb) => {
      const ws = wb.addWorksheet('Usage');
      ws.addRow(['License', 'Date', 'Count']);
      ws.addRow(['K', utc(2026, 10, 1), 5]);
      ws.addRow(['K', utc(2026, 10, 2), 5]);
      ws.addRow(['K', utc(2026, 10, 3), 'many']);
    });
    expect(await rejection(file)).toBe('bad.xlsx sheet "Usage" cell C4: count "many" is not a whole number');
  });

  it('numeric cells must be whole numbers >= 0; dates must be dates', async () => {
    const fraction = await workbook('fraction.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Report date', 'Serial', 'Mailboxes']);
      ws.addRow([utc(2026, 10, 1), 'K', 12.5]);
    });
    expect(await rejection(fraction)).toBe('fraction.xlsx sheet "Data" cell C2: count 12.5 is not a whole number');
    const date = await workbook('date.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Date', 'License', 'Count']);
      ws.addRow(['soon', 'K', 1]);
    });
    expect(await rejection(date)).toMatch(/^date\.xlsx sheet "Data" cell A2: date "soon" is not a date/);
  });

  it('mailbox rows, and the license from the preamble in two cells', async () => {
    const file = await workbook('mailboxes.xlsx', (wb) => {
      const ws = wb.addWorksheet('EAS');
      ws.addRow(['License Key', 'PRE-XL']);
      ws.addRow(['Server', 'mail7']);
      ws.addRow(['Day', 'User Name']);
      ws.addRow([utc(2026, 10, 1), 'A@x.com']);
      ws.addRow([utc(2026, 10, 1), 'a@x.com']);
      ws.addRow([utc(2026, 10, 2), 'b@y.com']);
    });
    const parsed = await read(file);
    const l = license(parsed, 'PRE-XL');
    expect(parsed.kind).toBe('mailboxes');
    expect(days(l)).toEqual({ '2026-10-01': 1, '2026-10-02': 1 });
    expect(l.meta).toEqual({ name: 'mail7' });
    expect(l.mailboxes?.[0]?.addresses).toEqual(['a@x.com', 'b@y.com']);
  });

  it('a workbook with no header row, and a damaged workbook, are rejected clearly', async () => {
    const none = await workbook('none.xlsx', (wb) => {
      wb.addWorksheet('A').addRow(['just', 'words']);
    });
    expect(await rejection(none)).toBe(
      'none.xlsx is not a usage export: no header row with a date column and a count or mailbox column was found in the first 100 rows of any visible sheet',
    );
    const damaged = path.join(t.dir, 'damaged.xlsx');
    writeFileSync(damaged, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    expect(await rejection(damaged)).toMatch(/^damaged\.xlsx is not a readable Excel workbook \(\.xlsx\)/);
  });
});
