// SPEC §11: the vendor's summary invoice, as delimited text (split and its delimiter
// found as for usage files) or a workbook; nothing is stored.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../app/errors';
import { readVendorInvoice } from '../../app/import/vendor';
import { sample, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.remove());

function write(name: string, content: string | Buffer): string {
  const file = path.join(t.dir, name);
  writeFileSync(file, content);
  return file;
}

async function rejection(file: string): Promise<string> {
  try {
    await readVendorInvoice(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error(`${path.basename(file)} was read, but should have been rejected`);
}

describe('vendor invoice as text', () => {
  it('reads the sample: title lines above the header, amounts in any form, the Total line left out', async () => {
    const file = sample('vendor-invoice-2026-10.csv');
    const invoice = await readVendorInvoice(file, 'October invoice.csv');
    expect(invoice.fileName).toBe('October invoice.csv');
    expect(invoice.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(invoice.lines).toEqual([
      { license: 'WK3DE-GZDPC-F54ER-F5DHQ', count: 2735, amount: 273500 },
      { license: 'V9X6U-EH4LX-K94CE-WXY97', count: 540, amount: 54000 },
      { license: 'R339F-L63TJ-5T4Y2-QKFMK', count: 1266, amount: 126600 },
      { license: 'NOTOU-RSXXX-XXXXX-XXXXX', count: 75, amount: 7500 },
    ]);
  });

  it('takes the delimiter that finds the header, even below a title full of commas', async () => {
    const file = write('semicolon.csv', 'a,b,c,d,e,f\nLicense;Qty\nA;1,234\n');
    expect((await readVendorInvoice(file)).lines).toEqual([{ license: 'A', count: 1234, amount: null }]);
  });

  it('names the line a record starts on, after line ends inside quotes', async () => {
    const file = write('quoted.csv', 'license,note,qty\n"A","two\nlines",1\nB,x,ten\n');
    expect(await rejection(file)).toBe('quoted.csv line 4: count "ten" is not a whole number');
  });

  it('takes line ends of a CR alone; rejects a quote that never closes', async () => {
    expect((await readVendorInvoice(write('mac.csv', 'license,qty\rA,1\rB,2\r'))).lines.map((l) => l.count)).toEqual([1, 2]);
    expect(await rejection(write('unclosed.csv', 'license,qty\nA,1\n"B,2\n'))).toBe('unclosed.csv line 3: a quoted field is not closed (a closing " is missing)');
  });

  it('a file without a license and a count column is no vendor invoice', async () => {
    expect(await rejection(write('nothing.csv', 'hello,world\n1,2\n'))).toMatch(/^nothing\.csv is not a vendor invoice/);
  });
});

describe('vendor invoice as a workbook', () => {
  it('reads the first sheet with a header: numbers, formulas and rich text as shown', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['Vendor invoice']);
    const ws = wb.addWorksheet('Lines');
    ws.addRow(['License Key', 'Quantity', 'Amount']);
    ws.addRow(['A', 10, 10.5]);
    ws.addRow([{ richText: [{ text: 'B' }, { text: '-2' }] }, { formula: '2*3', result: 6 }, '$6.00']);
    ws.addRow([null, 'Total', 16.5]);
    const file = path.join(t.dir, 'vendor.xlsx');
    await wb.xlsx.writeFile(file);
    const invoice = await readVendorInvoice(file);
    expect(invoice.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(invoice.lines).toEqual([
      { license: 'A', count: 10, amount: 1050 },
      { license: 'B-2', count: 6, amount: 600 },
    ]);
  });

  it('names the sheet and cell of a bad count', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('L');
    ws.addRow(['License', 'Count']);
    ws.addRow(['A', new Date(Date.UTC(2026, 9, 1))]);
    const file = path.join(t.dir, 'date.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await rejection(file)).toBe('date.xlsx sheet "L" cell B2: count "2026-10-01" is not a whole number');
  });
});
