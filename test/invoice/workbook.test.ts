import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { datesOfMonth, formatCount, shortDate, type LicenseMonth } from '../../app/billing';
import { buildInvoiceWorkbook, writeInvoice, type InvoiceData } from '../../app/invoice';
import { fullMonth, importRecord, invoiceData, tempFolder, type LicenseInput } from './helpers';
import { cachedFormula, fillOf, formula, headerRowOf, localStamp, packageFile, rowTexts, sheetXml, text, titleTexts } from './read';

const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const HEADER = ['License', 'Name', 'Days reported', 'Peak', 'Dropped days', 'Billable mailboxes', 'Rate', 'Amount', 'Notes'];
const DAILY_HEADER = ['License', 'Name', 'Date', 'Count', 'Status', 'Import #'];
const USD = '"$"#,##0.00';
const COUNT = '#,##0';
const LONG_NAME = 'Mail [EU]: *west*/?\\ "primary" cluster with a very long name';

// The worked example of SPEC §2 in a 31-day month, plus quieter days.
function workedExample(): Record<number, number> {
  const counts: Record<number, number> = {};
  for (let d = 1; d <= 31; d++) counts[d] = 1100 + d;
  Object.assign(counts, { 14: 1320, 15: 1301, 3: 1250, 20: 1250, 7: 1244 });
  return counts;
}

const october: LicenseInput[] = [
  { key: 'ACME-0001', name: 'mail01', counts: workedExample(), importId: 3 },
  // Gaps: days 11-14, 16-19 and 26-31 have no data; ties among the rest.
  { key: 'ACME-0002', name: 'mail02.example.net', counts: { 1: 10, 2: 40, 3: 40, 4: 40, 5: 30, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5, 15: 40, 20: 1, 21: 1, 22: 1, 23: 1, 24: 1, 25: 1 }, importId: 4 },
  // Short month: 2 days, the lower one is billed.
  { key: 'ACME-0003', name: null, counts: { 9: 500, 10: 400 }, importId: 4 },
  // Equal counts are values, not days: 900, 900, 900, 800 bills 900.
  { key: 'ACME-0004', name: 'ties', counts: { ...Object.fromEntries(Array.from({ length: 31 }, (_, i) => [i + 1, 700])), 5: 900, 6: 900, 7: 900, 8: 800 }, importId: 3 },
  // Characters Excel forbids in sheet names, and longer than 31 characters, in the key and name.
  { key: 'KEY/with:odd*chars?[1]', name: LONG_NAME, counts: fullMonth(31, 5), info: { edition: 'Professional', version: '12.2.1000' }, importId: 5 },
  // One day only.
  { key: 'ACME-0000', name: 'one day', counts: { 31: 1234567 }, importId: 5 },
];

async function writeAndRead(data: InvoiceData, name: string): Promise<{ file: string; wb: ExcelJS.Workbook }> {
  const file = path.join(folder, name);
  await writeInvoice(data, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { file, wb };
}

function checkSummary(sheet: ExcelJS.Worksheet, data: InvoiceData): number {
  const { preview } = data;
  const h = headerRowOf(sheet);
  expect(rowTexts(sheet.getRow(h), HEADER.length)).toEqual(HEADER);

  const keys = preview.licenses.map((l) => l.license as string);
  expect(keys).toEqual([...keys].sort());
  preview.licenses.forEach((l: LicenseMonth, i) => {
    const r = h + 1 + i;
    const row = sheet.getRow(r);
    const at = `row ${r} (${l.license})`;
    expect(row.getCell(1).value, at).toBe(l.license);
    expect(text(row.getCell(2)), at).toBe(l.name ?? '');
    expect(row.getCell(3).value, at).toBe(l.daysReported);
    expect(row.getCell(3).numFmt, at).toBe(`0" / ${preview.daysInMonth}"`);
    expect(row.getCell(4).value ?? null, at).toBe(l.peak);
    expect(row.getCell(4).numFmt, at).toBe(COUNT);
    expect(text(row.getCell(5)), at).toBe(l.dropped.map((d) => `${shortDate(d.date)} (${formatCount(d.count)})`).join(', '));
    expect(row.getCell(6).value, at).toBe(l.billable);
    expect(row.getCell(6).numFmt, at).toBe(COUNT);
    expect(row.getCell(7).value, at).toBe(l.rate / 100);
    expect(row.getCell(7).numFmt, at).toBe(USD);
    expect(formula(row.getCell(8)), at).toEqual({ formula: `F${r}*G${r}`, result: l.amount / 100 });
    expect(row.getCell(8).numFmt, at).toBe(USD);
    expect(text(row.getCell(9)), at).toBe(l.flags.map((f) => f.message).join('; '));
  });

  const t = h + 1 + preview.licenses.length;
  const total = sheet.getRow(t);
  expect(total.getCell(1).value).toBe('Total');
  expect(formula(total.getCell(6))).toEqual({ formula: `SUM(F${h + 1}:F${t - 1})`, result: preview.totals.billable });
  expect(formula(total.getCell(8))).toEqual({ formula: `SUM(H${h + 1}:H${t - 1})`, result: preview.totals.amount / 100 });
  expect(total.getCell(8).numFmt).toBe(USD);
  expect(total.getCell(6).numFmt).toBe(COUNT);
  expect(sheet.getCell(t + 1, 1).value ?? null).toBeNull();

  const view = sheet.views[0] as ExcelJS.WorksheetViewFrozen;
  expect(view.state).toBe('frozen');
  expect(view.ySplit).toBe(h);
  expect(String(sheet.autoFilter)).toBe(`A${h}:I${t - 1}`);
  expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  return h;
}

function checkDaily(sheet: ExcelJS.Worksheet, data: InvoiceData): void {
  const { preview } = data;
  expect(rowTexts(sheet.getRow(1), DAILY_HEADER.length)).toEqual(DAILY_HEADER);
  const dates = datesOfMonth(preview.month);
  let r = 2;
  for (const l of preview.licenses) {
    const dropped = new Set(l.dropped.map((d) => d.date as string));
    const details = data.daily.get(l.license) ?? [];
    for (const date of dates) {
      const row = sheet.getRow(r);
      const at = `Daily row ${r} (${l.license} ${date})`;
      const detail = details.find((d) => d.date === date);
      expect(row.getCell(1).value, at).toBe(l.license);
      expect(text(row.getCell(2)), at).toBe(l.name ?? '');
      const cellDate = row.getCell(3).value;
      expect(cellDate, at).toBeInstanceOf(Date);
      expect((cellDate as Date).toISOString().slice(0, 10), at).toBe(date);
      expect(row.getCell(3).numFmt, at).toBe('yyyy-mm-dd');
      const status = text(row.getCell(5));
      if (l.gaps.includes(date)) {
        expect(status, at).toBe('gap');
        expect(row.getCell(4).value ?? null, at).toBeNull();
        expect(fillOf(row.getCell(4)), at).toBe('FFEDEDED');
      } else {
        expect(row.getCell(4).value, at).toBe(detail?.count);
        const want = dropped.has(date) ? 'dropped' : l.billedDay?.date === date ? 'billed' : 'counted';
        expect(status, at).toBe(want);
        if (want === 'dropped') expect(fillOf(row.getCell(4)), at).toBe('FFFCE4D6');
        if (want === 'billed') {
          expect(fillOf(row.getCell(4)), at).toBe('FFE2EFDA');
          expect(row.getCell(4).value, at).toBe(l.billable);
        }
        if (want === 'counted') expect(fillOf(row.getCell(4)), at).toBeUndefined();
        expect(row.getCell(6).value, at).toBe(detail?.importId);
      }
      r++;
    }
  }
  expect(sheet.getCell(r, 1).value ?? null).toBeNull();
  const view = sheet.views[0] as ExcelJS.WorksheetViewFrozen;
  expect(view.ySplit).toBe(1);
  expect(String(sheet.autoFilter)).toBe(`A1:F${r - 1}`);
}

describe('the summary invoice workbook', () => {
  const data = invoiceData('2026-10', october);

  it('applies the rule as expected in these cases (sanity of the test data)', () => {
    const byKey = new Map(data.preview.licenses.map((l) => [l.license as string, l]));
    expect(byKey.get('ACME-0001')).toMatchObject({ billable: 1250, amount: 125000, peak: 1320, daysReported: 31 });
    expect(byKey.get('ACME-0002')).toMatchObject({ billable: 40, daysReported: 17 });
    expect(byKey.get('ACME-0002')?.gaps).toHaveLength(14);
    expect(byKey.get('ACME-0003')).toMatchObject({ billable: 400, daysReported: 2 });
    expect(byKey.get('ACME-0004')).toMatchObject({ billable: 900 });
    expect(byKey.get('ACME-0000')).toMatchObject({ billable: 1234567, amount: 123456700 });
  });

  it('shows every figure of the preview on Summary and every day on Daily', async () => {
    const { wb } = await writeAndRead(data, 'october.xlsx');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
    const summary = wb.getWorksheet('Summary');
    const daily = wb.getWorksheet('Daily');
    if (!summary || !daily) throw new Error('missing sheets');
    checkSummary(summary, data);
    checkDaily(daily, data);
  });

  it('has a title block: product, month, company, address, when, the rule; merged so it never widens column A', async () => {
    const { wb } = await writeAndRead(data, 'title.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = headerRowOf(sheet);
    const lines = titleTexts(sheet, h);
    const local = localStamp(data.madeAt);
    expect(lines).toEqual([
      'Flex Billing for Exchange ActiveSync — Summary invoice',
      'October 2026',
      'Company billed: Example Hosting Ltd',
      '1 Main Street',
      'Springfield, IL 62701',
      `Made on ${local}`,
      'Each license is billed at its daily count after dropping the 2 highest days of the month; rate $1.00 per mailbox.',
    ]);
    for (let r = 1; r < h - 1; r++) expect(sheet.getCell(r, 9).isMerged, `row ${r}`).toBe(true);
    expect(sheet.getColumn(1).width ?? 0).toBeLessThan(40);
  });

  it('sets the document properties', async () => {
    const { wb } = await writeAndRead(data, 'props.xlsx');
    expect(wb.creator).toBe('Flex Billing');
    expect(wb.company).toBe('Example Hosting Ltd');
    expect(wb.title).toContain('October 2026');
    expect(wb.created.toISOString()).toBe('2026-11-02T14:05:00.000Z');
  });

  it('stores both the formula and its computed result for Amount and Total in the sheet XML', async () => {
    const { file } = await writeAndRead(data, 'xml.xlsx');
    const xml = sheetXml(file, 1);
    const sheet = buildInvoiceWorkbook(data).getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = headerRowOf(sheet);
    data.preview.licenses.forEach((l, i) => {
      const r = h + 1 + i;
      expect(cachedFormula(xml, `H${r}`), `H${r}`).toEqual({ f: `F${r}*G${r}`, v: l.amount / 100 });
    });
    const t = h + 1 + data.preview.licenses.length;
    expect(cachedFormula(xml, `F${t}`)).toEqual({ f: `SUM(F${h + 1}:F${t - 1})`, v: data.preview.totals.billable });
    expect(cachedFormula(xml, `H${t}`)).toEqual({ f: `SUM(H${h + 1}:H${t - 1})`, v: data.preview.totals.amount / 100 });
    // The header is repeated on every printed page.
    const workbookXml = packageFile(file, 'xl/workbook.xml');
    expect(workbookXml).toMatch(new RegExp(`_xlnm.Print_Titles"[^>]*localSheetId="0"[^>]*>(&apos;)?Summary(&apos;)?!\\$${h}:\\$${h}<`));
    expect(xml).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(xml).toMatch(/<pageSetup[^>]*fitToWidth="1"[^>]*fitToHeight="0"|<pageSetup[^>]*fitToHeight="0"[^>]*fitToWidth="1"/);
    expect(xml).toMatch(/<pageSetUpPr fitToPage="1"/);
  });

  it('keeps money exact: 1,333 mailboxes at $0.85 is $1,133.05, and the total is the sum of the cents', async () => {
    const d = invoiceData('2026-10', [
      { key: 'A', name: 'a', counts: { 1: 1333, 2: 5000, 3: 5000 } },
      { key: 'B', name: 'b', counts: { 1: 1, 2: 9, 3: 9 } },
      { key: 'C', name: 'c', counts: { 1: 7, 2: 9, 3: 9 } },
    ], { rate: 85 });
    expect(d.preview.totals.amount).toBe(113305 + 85 + 595);
    const { wb, file } = await writeAndRead(d, 'cents.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = checkSummary(sheet, d);
    expect(formula(sheet.getCell(h + 1, 8)).result).toBe(1133.05);
    expect(formula(sheet.getCell(h + 4, 8)).result).toBe(1139.85);
    expect(cachedFormula(sheetXml(file, 1), `H${h + 4}`)?.v).toBe(1139.85);
    expect(text(sheet.getCell(h - 2, 1))).toContain('rate $0.85 per mailbox');
  });

  it('handles a 28-day February with gaps, a short month and ties', async () => {
    const d = invoiceData('2027-02', [
      { key: 'FEB-1', name: 'full', counts: fullMonth(28, 1) },
      { key: 'FEB-2', name: 'gaps', counts: { 1: 3, 2: 3, 3: 3, 27: 3, 28: 2 } },
      { key: 'FEB-3', name: 'short', counts: { 28: 42 } },
    ]);
    expect(d.preview.daysInMonth).toBe(28);
    const { wb } = await writeAndRead(d, 'february.xlsx');
    const summary = wb.getWorksheet('Summary');
    const daily = wb.getWorksheet('Daily');
    if (!summary || !daily) throw new Error('missing sheets');
    expect(daily.rowCount).toBe(1 + 3 * 28);
    const h = checkSummary(summary, d);
    checkDaily(daily, d);
    expect(text(summary.getCell(2, 1))).toBe('February 2027');
    expect(summary.getCell(h + 2, 6).value).toBe(3);
  });

  it('writes a month with one dropped day as a sentence in the singular', async () => {
    const d = invoiceData('2026-10', [{ key: 'X', name: 'x', counts: fullMonth(31, 2) }], { droppedDays: 1 });
    const { wb } = await writeAndRead(d, 'one-dropped.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = checkSummary(sheet, d);
    expect(text(sheet.getCell(h - 2, 1))).toBe(
      'Each license is billed at its daily count after dropping the highest day of the month; rate $1.00 per mailbox.',
    );
  });

  it('keeps license names and keys with characters sheet names forbid, longer than 31, in cells as written', async () => {
    const { wb } = await writeAndRead(data, 'names.xlsx');
    const summary = wb.getWorksheet('Summary');
    const daily = wb.getWorksheet('Daily');
    if (!summary || !daily) throw new Error('missing sheets');
    const h = headerRowOf(summary);
    const rows = Array.from({ length: data.preview.licenses.length }, (_, i) => summary.getRow(h + 1 + i));
    const odd = rows.find((r) => r.getCell(1).value === 'KEY/with:odd*chars?[1]');
    expect(text(odd?.getCell(2) ?? summary.getCell(1, 1))).toBe(LONG_NAME);
    expect(text(odd?.getCell(9) ?? summary.getCell(1, 1))).toBe('Edition is Professional, not Enterprise; Version 12.2.1000 is older than 12.3.5308');
    let found = 0;
    daily.eachRow((row) => {
      if (row.getCell(1).value === 'KEY/with:odd*chars?[1]') {
        expect(text(row.getCell(2))).toBe(LONG_NAME);
        found++;
      }
    });
    expect(found).toBe(31);
  });

  it('makes rows tall enough for notes that wrap, and leaves the others at the default height', async () => {
    const { wb } = await writeAndRead(data, 'heights.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = headerRowOf(sheet);
    const notesWidth = sheet.getColumn(9).width ?? 0;
    expect(notesWidth).toBeGreaterThan(40);
    expect(notesWidth).toBeLessThan(75);
    let tall = 0;
    data.preview.licenses.forEach((l, i) => {
      const row = sheet.getRow(h + 1 + i);
      const notes = l.flags.map((f) => f.message).join('; ');
      if (notes.length > notesWidth * 1.3) {
        expect(row.height, l.license).toBeGreaterThanOrEqual(30);
        tall++;
      }
      if (notes.length < notesWidth * 0.7) expect(row.height ?? 15, l.license).toBe(15);
    });
    expect(tall).toBeGreaterThan(0);
    expect(sheet.getCell(h + 1, 9).alignment?.wrapText).toBe(true);
  });

  it('keeps a name that looks like a formula as text, and a control character does not spoil the file', async () => {
    const d = invoiceData('2026-10', [
      { key: 'F-1', name: '=HYPERLINK("http://example.com","x")', counts: fullMonth(31, 1) },
      { key: 'F-2', name: 'bell\u0007here', counts: fullMonth(31, 2) },
    ]);
    const { wb, file } = await writeAndRead(d, 'formula-names.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = headerRowOf(sheet);
    expect(sheet.getCell(h + 1, 2).value).toBe('=HYPERLINK("http://example.com","x")');
    expect(text(sheet.getCell(h + 2, 2))).toMatch(/^bell.?here$/);
    expect(sheetXml(file, 1)).not.toContain('<f>HYPERLINK');
  });

  it('lists every import on Sources', async () => {
    const d: InvoiceData = {
      ...data,
      sources: [
        importRecord(5, 'usage-5.csv', { rows: 1200, monthDays: 31, importedAt: '2026-11-01T10:00:00.000Z', format: 'xlsx' }),
        importRecord(3, 'usage Oct & Nov.csv', { rows: 62, monthDays: 31, sha256: 'f'.repeat(64) }),
      ],
    };
    const { wb } = await writeAndRead(d, 'sources.xlsx');
    const sheet = wb.getWorksheet('Sources');
    if (!sheet) throw new Error('no Sources');
    expect(rowTexts(sheet.getRow(1), 7)).toEqual(['Import #', 'File', 'SHA-256', 'Imported at', 'Format', 'Rows', 'Days in this month']);
    expect(sheet.getRow(2).getCell(1).value).toBe(3);
    expect(sheet.getRow(2).getCell(2).value).toBe('usage Oct & Nov.csv');
    expect(sheet.getRow(2).getCell(3).value).toBe('f'.repeat(64));
    expect(sheet.getRow(2).getCell(4).value).toBeInstanceOf(Date);
    expect(sheet.getRow(3).getCell(1).value).toBe(5);
    expect(sheet.getRow(3).getCell(5).value).toBe('xlsx');
    expect(sheet.getRow(3).getCell(6).value).toBe(1200);
    expect(sheet.getRow(3).getCell(7).value).toBe(31);
    expect(sheet.getColumn(3).width ?? 0).toBeGreaterThanOrEqual(64);
    expect((sheet.views[0] as ExcelJS.WorksheetViewFrozen).ySplit).toBe(1);
    expect(String(sheet.autoFilter)).toBe('A1:G3');
  });

  it('exports an empty month with a Total of zero', async () => {
    const d = invoiceData('2026-10', []);
    const { wb } = await writeAndRead(d, 'empty.xlsx');
    const sheet = wb.getWorksheet('Summary');
    if (!sheet) throw new Error('no Summary');
    const h = headerRowOf(sheet);
    expect(sheet.getCell(h + 1, 1).value).toBe('Total');
    expect(sheet.getCell(h + 1, 8).value).toBe(0);
  });

  // SPEC §10's 5 s is a benchmark figure (npm run bench measures it on a quiet
  // machine); here a bound that only a gross regression breaks, so that a busy
  // machine (two cores shared with other work) does not fail the suite.
  it('exports 2,000 licenses, whole, in a time of the order of the 5 s target', async () => {
    const licenses: LicenseInput[] = Array.from({ length: 2000 }, (_, i) => ({
      key: `LIC-${String(i).padStart(5, '0')}`,
      name: `mail${i}.example.net`,
      counts: i % 10 === 0 ? { 1: 5, 2: 6, 3: 7, 10: 9 } : fullMonth(31, i),
      importId: 1 + (i % 4),
    }));
    const d = invoiceData('2026-10', licenses);
    const file = path.join(folder, 'big.xlsx');
    const start = performance.now();
    await writeInvoice(d, file);
    const ms = performance.now() - start;
    console.log(`2,000 licenses × 31 days: invoice written in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(30_000);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const summary = wb.getWorksheet('Summary');
    if (!summary) throw new Error('no Summary');
    const h = checkSummary(summary, d);
    expect(summary.getCell(h + 2001, 1).value).toBe('Total');
    expect(wb.getWorksheet('Daily')?.rowCount).toBe(1 + 2000 * 31);
  });
});
