import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asCents, asLicenseKey, reconcile, type Cents, type LicenseMonth, type VendorLine } from '../../app/billing';
import { buildInvoiceWorkbook, writeInvoice, type InvoiceData } from '../../app/invoice';
import { countsSentence } from '../../app/invoice/reconciliation';
import { fullMonth, invoiceData, tempFolder } from './helpers';
import { cachedFormula, fillOf, formula, headerRowOf, localStamp, readWorkbook, rowTexts, sheetOf, sheetXml, text, titleTexts } from './read';

const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const HEADER = ['License', 'Name', 'Status', 'Vendor count', 'Our count', 'Difference', 'Vendor amount', 'Our amount', 'Difference ($)'];
const STATUS = { differs: 'Differs', 'vendor-only': 'Only on vendor invoice', 'ours-only': 'Only in our usage', match: 'Matches' } as const;
const IMPORTED_AT = '2026-11-03T10:12:00.000Z';

function month(): InvoiceData {
  return invoiceData('2026-10', [
    { key: 'R-1', name: 'matches', counts: fullMonth(31, 1) },
    { key: 'R-2', name: 'vendor counts more', counts: fullMonth(31, 2) },
    { key: 'R-3', name: 'vendor counts less', counts: fullMonth(31, 3) },
    { key: 'R-4', name: 'only ours', counts: fullMonth(31, 4) },
    { key: 'R-5', name: 'same count, other amount', counts: fullMonth(31, 5) },
    { key: 'R-6', name: 'matches too', counts: fullMonth(31, 6) },
  ], { rate: 85 });
}

function billable(data: InvoiceData, key: string): LicenseMonth {
  const l = data.preview.licenses.find((x) => x.license === key);
  if (!l) throw new Error(`no license ${key}`);
  return l;
}

/** The vendor's lines against `data`: two counts differ, one amount differs, one license only on each side. */
function vendorLines(data: InvoiceData): VendorLine[] {
  const line = (key: string, count: number, amount: number | null = null): VendorLine => ({ license: asLicenseKey(key), count, amount: amount === null ? null : asCents(amount) });
  return [
    line('R-6', billable(data, 'R-6').billable),
    line('R-1', billable(data, 'R-1').billable, billable(data, 'R-1').amount),
    line('R-2', billable(data, 'R-2').billable + 12),
    line('R-3', billable(data, 'R-3').billable - 5),
    line('R-5', billable(data, 'R-5').billable, billable(data, 'R-5').amount + 150),
    line('V-9', 250, 21250),
  ];
}

function withReview(): InvoiceData {
  const data = month();
  data.reconciliation = { ...reconcile(data.preview, vendorLines(data)), vendorFile: 'vendor October.csv', vendorImportedAt: IMPORTED_AT };
  return data;
}

describe('the Reconciliation sheet', () => {
  it('is left out without a vendor invoice, and comes right after Summary with one', async () => {
    const data = month();
    expect(buildInvoiceWorkbook(data).worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
    expect(buildInvoiceWorkbook({ ...data, reconciliation: null }).worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
    const file = path.join(folder, 'order.xlsx');
    await writeInvoice(withReview(), file);
    expect((await readWorkbook(file)).worksheets.map((s) => s.name)).toEqual(['Summary', 'Reconciliation', 'Daily', 'Sources']);
  });

  it('shows the figures of reconcile(), in its order, with statuses in words and the missing side empty', async () => {
    const data = withReview();
    const rec = data.reconciliation;
    if (!rec) throw new Error('no review');
    // The hand-made case, as reconcile() sees it.
    expect(rec.lines.map((l) => [l.license, l.status])).toEqual([
      ['R-2', 'differs'], ['R-3', 'differs'], ['R-5', 'differs'], ['V-9', 'vendor-only'], ['R-4', 'ours-only'], ['R-1', 'match'], ['R-6', 'match'],
    ]);

    const file = path.join(folder, 'review.xlsx');
    await writeInvoice(data, file);
    const sheet = sheetOf(await readWorkbook(file), 'Reconciliation');
    const xml = sheetXml(file, 2);
    const h = headerRowOf(sheet);
    expect(rowTexts(sheet.getRow(h), HEADER.length)).toEqual(HEADER);
    rec.lines.forEach((l, i) => {
      const r = h + 1 + i;
      const row = sheet.getRow(r);
      const at = `row ${r} (${l.license})`;
      expect(row.getCell(1).value, at).toBe(l.license);
      expect(text(row.getCell(2)), at).toBe(l.name ?? '');
      expect(row.getCell(3).value, at).toBe(STATUS[l.status]);
      expect(row.getCell(4).value ?? null, at).toBe(l.vendor);
      expect(row.getCell(5).value ?? null, at).toBe(l.ours);
      // From the XML: exceljs reads a stored result of 0 back as no result.
      expect(cachedFormula(xml, `F${r}`), at).toEqual({ f: `D${r}-E${r}`, v: l.difference });
      expect(row.getCell(7).value ?? null, at).toBe(l.vendorAmount === null ? null : l.vendorAmount / 100);
      expect(row.getCell(8).value ?? null, at).toBe(l.oursAmount === null ? null : l.oursAmount / 100);
      expect(cachedFormula(xml, `I${r}`), at).toEqual({ f: `G${r}-H${r}`, v: l.amountDifference / 100 });
      // The lines that need a look are shaded, across the row; the matching ones are not.
      for (let c = 1; c <= 9; c++) {
        if (l.status === 'match') expect(fillOf(row.getCell(c)), at).toBeUndefined();
        else expect(fillOf(row.getCell(c)), at).toBeDefined();
      }
    });
    const v9 = sheet.getRow(h + 4);
    expect(rowTexts(v9, 5)).toEqual(['V-9', '', 'Only on vendor invoice', '250', '']);
    expect(v9.getCell(8).value ?? null).toBeNull();
    const r4 = sheet.getRow(h + 5);
    expect(r4.getCell(4).value ?? null).toBeNull();
    expect(r4.getCell(7).value ?? null).toBeNull();
    expect(r4.getCell(5).value).toBe(billable(data, 'R-4').billable);
    expect(formula(r4.getCell(6)).result).toBe(-billable(data, 'R-4').billable);
    expect(formula(sheet.getRow(h + 3).getCell(9)).result).toBe(1.5);

    expect(sheet.getCell(h + 1, 6).numFmt).toBe('+#,##0;-#,##0;0');
    expect(sheet.getCell(h + 1, 7).numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(h + 1, 9).numFmt).toBe('+"$"#,##0.00;-"$"#,##0.00;"$"0.00');
  });

  it('ends with a Total of SUM formulas whose stored results are the totals of reconcile()', async () => {
    const data = withReview();
    const rec = data.reconciliation;
    if (!rec) throw new Error('no review');
    const file = path.join(folder, 'totals.xlsx');
    await writeInvoice(data, file);
    const sheet = sheetOf(await readWorkbook(file), 'Reconciliation');
    const xml = sheetXml(file, 2);
    const h = headerRowOf(sheet);
    const t = h + 1 + rec.lines.length;
    expect(rowTexts(sheet.getRow(t), 2)).toEqual(['Total', '7 licenses']);
    const { totals } = rec;
    const want: [string, number][] = [
      ['D', totals.vendor], ['E', totals.ours], ['F', totals.difference],
      ['G', totals.vendorAmount / 100], ['H', totals.oursAmount / 100], ['I', totals.amountDifference / 100],
    ];
    for (const [col, v] of want) {
      expect(cachedFormula(xml, `${col}${t}`), col).toEqual({ f: `SUM(${col}${h + 1}:${col}${t - 1})`, v });
    }
    // The totals add up from the lines, as a viewer that recalculates would find.
    expect(totals.difference).toBe(totals.vendor - totals.ours);
    expect(totals.amountDifference).toBe((totals.vendorAmount - totals.oursAmount) as Cents);
    expect(sheet.getCell(t, 9).font?.bold).toBe(true);
    expect(text(sheet.getCell(t + 1, 1))).toBe('');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: h });
    expect(String(sheet.autoFilter)).toBe(`A${h}:I${t - 1}`);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  });

  it('has a title block: the month, the vendor file and when it was imported, the counts', async () => {
    const file = path.join(folder, 'title.xlsx');
    await writeInvoice(withReview(), file);
    const sheet = sheetOf(await readWorkbook(file), 'Reconciliation');
    const lines = titleTexts(sheet, headerRowOf(sheet));
    expect(lines.slice(0, 3)).toEqual([
      'Vendor invoice review — October 2026',
      `Vendor invoice: vendor October.csv, imported ${localStamp(IMPORTED_AT)}`,
      "3 licenses differ, 1 only on the vendor's invoice, 1 only in our usage, 2 match.",
    ]);
  });

  it('writes an empty review with a Total of zero', async () => {
    const data = invoiceData('2026-10', []);
    data.reconciliation = { ...reconcile(data.preview, []), vendorFile: 'empty.csv', vendorImportedAt: IMPORTED_AT };
    const sheet = buildInvoiceWorkbook(data).getWorksheet('Reconciliation');
    if (!sheet) throw new Error('no Reconciliation');
    const h = headerRowOf(sheet);
    expect(text(sheet.getCell(h + 1, 1))).toBe('Total');
    expect(sheet.getCell(h + 1, 9).value).toBe(0);
    expect(titleTexts(sheet, h)[2]).toBe("Neither the vendor's invoice nor our usage has a license this month.");
  });
});

describe('countsSentence', () => {
  const totals = (differing: number, vendorOnly: number, oursOnly: number, matching: number) => ({
    vendor: 0, ours: 0, difference: 0, vendorAmount: asCents(0), oursAmount: asCents(0), amountDifference: asCents(0),
    differing, vendorOnly, oursOnly, matching,
  });

  it('counts each kind of line, in the singular or plural, leaving out kinds with none', () => {
    expect(countsSentence(totals(3, 1, 1, 40))).toBe("3 licenses differ, 1 only on the vendor's invoice, 1 only in our usage, 40 match.");
    expect(countsSentence(totals(1, 0, 2, 1))).toBe('1 license differs, 2 only in our usage, 1 matches.');
    expect(countsSentence(totals(0, 2, 0, 5))).toBe("2 licenses only on the vendor's invoice, 5 match.");
    expect(countsSentence(totals(0, 0, 0, 45))).toBe('All 45 licenses match.');
    expect(countsSentence(totals(0, 0, 0, 1))).toBe('The one license matches.');
  });
});
