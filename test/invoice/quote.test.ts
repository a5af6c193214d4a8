import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { asCents, computeQuote, type Quote } from '../../app/billing';
import { InputError } from '../../app/errors';
import { buildQuoteWorkbook, writeQuote } from '../../app/invoice';
import { tempFolder } from './helpers';
import { cachedFormula, formula, headerRowOf, readWorkbook, rowTexts, sheetOf, sheetXml, text, titleTexts } from './read';

const root = tempFolder();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEADER = ['Description', 'Mailboxes', 'Price per mailbox per month', 'Months', 'Monthly price', 'Total'];
const META = { company: { name: 'Example Hosting Ltd', address: '1 Main Street\nSpringfield, IL 62701' }, madeAt: '2026-11-02T14:05:00.000Z' };

// 250 mailboxes at $1.75 for 12 months; the vendor charges us $1.10.
const quote: Quote = computeQuote({
  customer: 'Riverside Dental Group', mailboxes: 250, months: 12, vendorRate: asCents(110), price: asCents(175), basis: 'domain riverside-dental.com, October 2026',
});

/** The local calendar date of `iso` plus `days`, written out: "November 2, 2026". */
function longDate(iso: string, days = 0): string {
  const d = new Date(iso);
  d.setDate(d.getDate() + days);
  return d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric' });
}

function everyCell(sheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => { cells.push(cell); }));
  return cells;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('the quote workbook', () => {
  it('is one sheet, Quote, with the title block the customer reads', async () => {
    const file = path.join(root, 'quote.xlsx');
    await writeQuote(quote, META, file);
    const wb = await readWorkbook(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Quote']);
    const sheet = sheetOf(wb, 'Quote');
    const h = headerRowOf(sheet, 'Description');
    expect(titleTexts(sheet, h)).toEqual([
      'Quote: Exchange ActiveSync mailboxes',
      'For: Riverside Dental Group',
      'From: Example Hosting Ltd, 1 Main Street, Springfield, IL 62701',
      `Date: ${longDate(META.madeAt)}`,
      `Valid for 30 days, until ${longDate(META.madeAt, 30)}.`,
    ]);
    expect(sheet.getCell(1, 1).font?.name).toBe('Calibri');
    expect(sheet.getCell(1, 1).font?.bold).toBe(true);
  });

  it('prices 250 mailboxes at $1.75 for 12 months: $437.50 a month, $5,250.00 in all, as formulas with their results', async () => {
    expect(quote.monthlyRevenue).toBe(43750);
    expect(quote.totalRevenue).toBe(525000);
    const file = path.join(root, 'figures.xlsx');
    await writeQuote(quote, META, file);
    const sheet = sheetOf(await readWorkbook(file), 'Quote');
    const h = headerRowOf(sheet, 'Description');
    const r = h + 1;
    expect(rowTexts(sheet.getRow(h), HEADER.length)).toEqual(HEADER);
    expect(rowTexts(sheet.getRow(r), 4)).toEqual(['Exchange ActiveSync mailbox, per month', '250', '1.75', '12']);
    expect(formula(sheet.getCell(r, 5))).toEqual({ formula: `B${r}*C${r}`, result: 437.5 });
    expect(formula(sheet.getCell(r, 6))).toEqual({ formula: `E${r}*D${r}`, result: 5250 });
    const xml = sheetXml(file, 1);
    expect(cachedFormula(xml, `E${r}`)).toEqual({ f: `B${r}*C${r}`, v: 437.5 });
    expect(cachedFormula(xml, `F${r}`)).toEqual({ f: `E${r}*D${r}`, v: 5250 });
    expect(sheet.getCell(r, 3).numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(r, 6).numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(r, 2).numFmt).toBe('#,##0');
    expect(text(sheet.getCell(r + 2, 1))).toBe('Based on: domain riverside-dental.com, October 2026');
    // Printed on one page.
    expect(sheet.pageSetup).toMatchObject({ orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
  });

  it('shows no cost and no margin: neither the words nor the figures', async () => {
    const file = path.join(root, 'no-cost.xlsx');
    await writeQuote(quote, META, file);
    const wb = await readWorkbook(file);
    const ours = [quote.vendorRate, quote.monthlyCost, quote.totalCost, quote.monthlyMargin, quote.totalMargin].map((c) => c / 100);
    expect(ours).toEqual([1.1, 275, 3300, 162.5, 1950]);
    for (const cell of everyCell(sheetOf(wb, 'Quote'))) {
      const v = cell.value;
      const n = typeof v === 'number' ? v : typeof v === 'object' && v !== null && 'result' in v ? Number(v.result) : null;
      if (n !== null) {
        expect(ours, cell.address).not.toContain(n);
        expect(n, cell.address).not.toBe(quote.marginPercent);
      }
      expect(text(cell), cell.address).not.toMatch(/margin|cost|vendor/i);
    }
    // Nowhere in the file either: not in a cell, a property or a hidden sheet
    // (whole words: the XML has a <pageMargins> element).
    const everything = execFileSync('unzip', ['-p', file], { encoding: 'utf8' });
    expect(everything).not.toMatch(/\b(margins?|costs?|vendor)\b/i);
    for (const figure of ['1.1', '275', '3300', '162.5', '1950', '37.1']) expect(everything).not.toContain(`<v>${figure}</v>`);
  });

  it('leaves out the lines it has nothing for', () => {
    const bare = computeQuote({ customer: '  ', mailboxes: 3, months: 1, vendorRate: asCents(100), price: asCents(200) });
    const sheet = buildQuoteWorkbook(bare, { company: { name: '', address: '' }, madeAt: META.madeAt }).getWorksheet('Quote');
    if (!sheet) throw new Error('no Quote');
    const h = headerRowOf(sheet, 'Description');
    expect(titleTexts(sheet, h)).toEqual([
      'Quote: Exchange ActiveSync mailboxes',
      `Date: ${longDate(META.madeAt)}`,
      `Valid for 30 days, until ${longDate(META.madeAt, 30)}.`,
    ]);
    const after = Array.from({ length: 4 }, (_, i) => text(sheet.getCell(h + 2 + i, 1)));
    expect(after.some((s) => s.startsWith('Based on'))).toBe(false);
    expect(formula(sheet.getCell(h + 1, 6)).result).toBe(6);
  });

  it('is saved all at once, and a missing folder is said in a sentence', async () => {
    const folder = path.join(root, 'save');
    mkdirSync(folder);
    await writeQuote(quote, META, path.join(folder, 'quote.xlsx'));
    expect(readdirSync(folder)).toEqual(['quote.xlsx']);

    const missing = path.join(root, 'missing', 'deeper');
    const e = await failure(writeQuote(quote, META, path.join(missing, 'quote.xlsx')));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(`Cannot save the quote: the folder ${missing} does not exist.`);
    expect(readdirSync(root)).not.toContain('missing');

    const target = path.join(folder, 'a-folder.xlsx');
    mkdirSync(target);
    const e2 = await failure(writeQuote(quote, META, target));
    expect(e2).toBeInstanceOf(InputError);
    expect(e2.message).toBe(`Cannot save the quote: ${target} is a folder; choose a file name such as quote.xlsx.`);
    expect(readdirSync(folder).sort()).toEqual(['a-folder.xlsx', 'quote.xlsx']);
  });
});
