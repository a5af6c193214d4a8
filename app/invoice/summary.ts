// Sheet "Summary" (SPEC §7): the title block, one row per license sorted by
// license, a Total row. Amounts are formulas that carry their computed results.

import type ExcelJS from 'exceljs';
import { formatCount, formatUsd } from '../billing';
import type { LicenseMonth } from '../billing/types';
import {
  ColumnWidths,
  FORMAT,
  LINE_HEIGHT,
  cellRef,
  columnRange,
  finishTable,
  font,
  styleTotalRow,
  wrappedLines,
  writeHeader,
  writeTitleLines,
  type ColumnSpec,
  type TitleLine,
} from './layout';
import { countOf, droppedDaysText, excelDollars, localDateTime, monthTitle, parseTimestamp, ruleSentence } from './text';
import type { InvoiceData } from './types';

const SUMMARY_SHEET = 'Summary';
export const SUMMARY_TITLE = 'Flex Billing for Exchange ActiveSync — Summary invoice';

// Column positions; the formulas are made from them (Amount is Billable × Rate).
const COL = { license: 1, name: 2, days: 3, peak: 4, dropped: 5, billable: 6, rate: 7, amount: 8, notes: 9 } as const;

function columns(daysInMonth: number): ColumnSpec[] {
  return [
    { header: 'License', max: 40, min: 10 },
    { header: 'Name', max: 36, min: 10 },
    // A number (the days reported) shown as "28 / 31".
    { header: 'Days reported', max: 9, numFmt: `0" / ${daysInMonth}"` },
    { header: 'Peak', max: 12, numFmt: FORMAT.count },
    { header: 'Dropped days', max: 32, wrap: true, indent: true },
    { header: 'Billable mailboxes', max: 12, numFmt: FORMAT.count },
    { header: 'Rate', max: 10, numFmt: FORMAT.usd },
    { header: 'Amount', max: 16, numFmt: FORMAT.usd },
    // Wide enough for the longest sentence about gaps on one line.
    { header: 'Notes', max: 64, min: 12, wrap: true, indent: true },
  ];
}

/** Title lines above the table: [text, font]. */
function titleLines(data: InvoiceData): TitleLine[] {
  const { preview, company } = data;
  const name = company.name.trim();
  const lines: TitleLine[] = [
    [SUMMARY_TITLE, font({ bold: true, size: 14 })],
    [monthTitle(preview.month), font({ bold: true, size: 12 })],
    [`Company billed: ${name === '' ? '(not set: see Settings)' : name}`, font({ bold: true })],
  ];
  for (const line of company.address.split(/\r?\n/)) {
    if (line.trim() !== '') lines.push([line.trim(), font()]);
  }
  lines.push([`Made on ${localDateTime(parseTimestamp(data.madeAt, 'The time the invoice was made'))}`, font()]);
  lines.push([ruleSentence(preview.droppedDays, preview.rate), font({ italic: true })]);
  return lines;
}

/** The texts of a license's row that may wrap. */
interface WrappingTexts {
  dropped: string;
  notes: string;
}

function writeLicenseRow(row: ExcelJS.Row, l: LicenseMonth, widths: ColumnWidths): WrappingTexts {
  const r = row.number;
  const notes = l.flags.map((f) => f.message).join('; ');
  const dropped = droppedDaysText(l.dropped);
  row.getCell(COL.license).value = l.license;
  row.getCell(COL.name).value = l.name ?? '';
  row.getCell(COL.days).value = l.daysReported;
  row.getCell(COL.peak).value = l.peak;
  row.getCell(COL.dropped).value = dropped;
  row.getCell(COL.billable).value = l.billable;
  row.getCell(COL.rate).value = excelDollars(l.rate);
  // The result from integer cents, so it is exactly the preview's amount.
  row.getCell(COL.amount).value = { formula: `${cellRef(COL.billable, r)}*${cellRef(COL.rate, r)}`, result: excelDollars(l.amount) };
  row.getCell(COL.notes).value = notes;

  widths.note(COL.license - 1, l.license);
  widths.note(COL.name - 1, l.name ?? '');
  widths.note(COL.days - 1, `${l.daysReported} / ${l.daysInMonth}`);
  if (l.peak !== null) widths.note(COL.peak - 1, formatCount(l.peak));
  widths.note(COL.dropped - 1, dropped);
  widths.note(COL.billable - 1, formatCount(l.billable));
  widths.note(COL.rate - 1, formatUsd(l.rate));
  widths.note(COL.amount - 1, formatUsd(l.amount));
  widths.note(COL.notes - 1, notes);
  return { dropped, notes };
}

function writeTotalRow(row: ExcelJS.Row, data: InvoiceData, first: number, last: number, widths: ColumnWidths): void {
  const { totals } = data.preview;
  row.getCell(COL.license).value = 'Total';
  row.getCell(COL.name).value = countOf(totals.licenses, 'license');
  if (last >= first) {
    row.getCell(COL.billable).value = { formula: `SUM(${columnRange(COL.billable, first, last)})`, result: totals.billable };
    row.getCell(COL.amount).value = { formula: `SUM(${columnRange(COL.amount, first, last)})`, result: excelDollars(totals.amount) };
  } else {
    row.getCell(COL.billable).value = 0;
    row.getCell(COL.amount).value = 0;
  }
  widths.note(COL.billable - 1, formatCount(totals.billable));
  widths.note(COL.amount - 1, formatUsd(totals.amount));
  styleTotalRow(row, COL.notes);
}

export function addSummarySheet(workbook: ExcelJS.Workbook, data: InvoiceData): void {
  const { preview } = data;
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  const specs = columns(preview.daysInMonth);
  const widths = new ColumnWidths(specs);

  const lines = titleLines(data);
  const headerRow = lines.length + 2;

  const first = headerRow + 1;
  const texts = preview.licenses.map((l, i) => writeLicenseRow(sheet.getRow(first + i), l, widths));
  const last = first + preview.licenses.length - 1;
  writeTotalRow(sheet.getRow(last + 1), data, first, last, widths);

  const columnWidths = widths.apply(sheet);
  // Rows whose dropped days or notes wrap get the height they need: Excel and
  // LibreOffice do not always fit it when opening the file.
  const dropWidth = columnWidths[COL.dropped - 1] ?? 10;
  const notesWidth = columnWidths[COL.notes - 1] ?? 10;
  texts.forEach(({ dropped, notes }, i) => {
    const rowLines = Math.max(wrappedLines(dropped, dropWidth, true), wrappedLines(notes, notesWidth, true));
    if (rowLines > 1) sheet.getRow(first + i).height = LINE_HEIGHT * rowLines;
  });
  // After the column styles, which would otherwise override the header's alignment.
  writeHeader(sheet, headerRow, specs);
  const tableWidth = columnWidths.reduce((a, b) => a + b, 0);
  // The title lines span the table's columns, so their length never widens column A.
  writeTitleLines(sheet, lines, specs.length, tableWidth);

  finishTable(sheet, headerRow, specs.length, last, 'landscape', `Summary invoice ${monthTitle(preview.month)}`);
}
