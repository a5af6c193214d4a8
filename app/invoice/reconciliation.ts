// Sheet "Reconciliation" (SPEC §11): the vendor's invoice against our usage,
// license by license, in the order the review gives (differences first), with
// the lines that need a look shaded.

import type ExcelJS from 'exceljs';
import { formatCount, formatUsd, type Cents } from '../billing';
import type { ReconcileLine, ReconcileStatus, Reconciliation } from '../billing/reconcile';
import {
  ColumnWidths,
  FILL,
  FORMAT,
  cellRef,
  columnRange,
  finishTable,
  font,
  solidFill,
  styleTotalRow,
  writeHeader,
  writeTitleLines,
  type ColumnSpec,
  type TitleLine,
} from './layout';
import { countOf, excelDollars, localDateTime, monthTitle, parseTimestamp } from './text';
import type { IsoMonth } from '../billing/types';
import type { VendorReview } from './types';

const RECONCILIATION_SHEET = 'Reconciliation';

/** The status of a line in the clerk's words. */
const STATUS_TEXT: Record<ReconcileStatus, string> = {
  differs: 'Differs',
  'vendor-only': 'Only on vendor invoice',
  'ours-only': 'Only in our usage',
  match: 'Matches',
};

const STATUS_FILL: Record<ReconcileStatus, string | null> = {
  differs: FILL.differs,
  'vendor-only': FILL.oneSide,
  'ours-only': FILL.oneSide,
  match: null,
};

// Column positions; the formulas are made from them (the differences are vendor − ours).
const COL = { license: 1, name: 2, status: 3, vendor: 4, ours: 5, difference: 6, vendorAmount: 7, oursAmount: 8, amountDifference: 9 } as const;

const SPECS: ColumnSpec[] = [
  { header: 'License', max: 40, min: 10 },
  { header: 'Name', max: 36, min: 10 },
  { header: 'Status', max: 24, indent: true },
  { header: 'Vendor count', max: 12, numFmt: FORMAT.count },
  { header: 'Our count', max: 12, numFmt: FORMAT.count },
  { header: 'Difference', max: 12, numFmt: FORMAT.signedCount },
  { header: 'Vendor amount', max: 16, numFmt: FORMAT.usd },
  { header: 'Our amount', max: 16, numFmt: FORMAT.usd },
  { header: 'Difference ($)', max: 16, numFmt: FORMAT.signedUsd },
];

/** "+3", "-2", "0" and "+$3.00": as the signed formats show them. */
const signedCount = (n: number): string => (n > 0 ? `+${formatCount(n)}` : formatCount(n));
const signedUsd = (c: Cents): string => (c > 0 ? `+${formatUsd(c)}` : formatUsd(c));

/** "3 licenses differ, 1 only on the vendor's invoice, 1 only in our usage, 40 match." */
export function countsSentence(totals: Reconciliation['totals']): string {
  const { differing, vendorOnly, oursOnly, matching } = totals;
  const all = differing + vendorOnly + oursOnly + matching;
  if (all === 0) return "Neither the vendor's invoice nor our usage has a license this month.";
  if (matching === all) return all === 1 ? 'The one license matches.' : `All ${formatCount(all)} licenses match.`;
  const parts: { n: number; one: string; many: string }[] = [
    { n: differing, one: 'differs', many: 'differ' },
    { n: vendorOnly, one: "only on the vendor's invoice", many: "only on the vendor's invoice" },
    { n: oursOnly, one: 'only in our usage', many: 'only in our usage' },
    { n: matching, one: 'matches', many: 'match' },
  ].filter((p) => p.n > 0);
  // The first part names what is counted: "3 licenses differ, 1 only in our usage".
  return `${parts.map((p, i) => `${i === 0 ? countOf(p.n, 'license') : formatCount(p.n)} ${p.n === 1 ? p.one : p.many}`).join(', ')}.`;
}

function titleLines(month: IsoMonth, rec: VendorReview): TitleLine[] {
  const imported = localDateTime(parseTimestamp(rec.vendorImportedAt, "The time the vendor's invoice was imported"));
  return [
    [`Vendor invoice review — ${monthTitle(month)}`, font({ bold: true, size: 14 })],
    [`Vendor invoice: ${rec.vendorFile}, imported ${imported}`, font({ bold: true })],
    [countsSentence(rec.totals), font()],
    ["Differences are the vendor's figure minus ours: a positive difference is billed by the vendor beyond our usage.", font({ italic: true })],
  ];
}

function writeLine(row: ExcelJS.Row, l: ReconcileLine, widths: ColumnWidths): void {
  const r = row.number;
  const status = STATUS_TEXT[l.status];
  row.getCell(COL.license).value = l.license;
  row.getCell(COL.name).value = l.name ?? '';
  row.getCell(COL.status).value = status;
  // A side the license is missing from stays empty; the formulas count it as 0, as the review does.
  row.getCell(COL.vendor).value = l.vendor;
  row.getCell(COL.ours).value = l.ours;
  row.getCell(COL.difference).value = { formula: `${cellRef(COL.vendor, r)}-${cellRef(COL.ours, r)}`, result: l.difference };
  row.getCell(COL.vendorAmount).value = l.vendorAmount === null ? null : excelDollars(l.vendorAmount);
  row.getCell(COL.oursAmount).value = l.oursAmount === null ? null : excelDollars(l.oursAmount);
  row.getCell(COL.amountDifference).value = { formula: `${cellRef(COL.vendorAmount, r)}-${cellRef(COL.oursAmount, r)}`, result: excelDollars(l.amountDifference) };

  const fill = STATUS_FILL[l.status];
  if (fill) {
    for (let c = 1; c <= SPECS.length; c++) row.getCell(c).fill = solidFill(fill);
  }

  widths.note(COL.license - 1, l.license);
  widths.note(COL.name - 1, l.name ?? '');
  widths.note(COL.status - 1, status);
  if (l.vendor !== null) widths.note(COL.vendor - 1, formatCount(l.vendor));
  if (l.ours !== null) widths.note(COL.ours - 1, formatCount(l.ours));
  widths.note(COL.difference - 1, signedCount(l.difference));
  if (l.vendorAmount !== null) widths.note(COL.vendorAmount - 1, formatUsd(l.vendorAmount));
  if (l.oursAmount !== null) widths.note(COL.oursAmount - 1, formatUsd(l.oursAmount));
  widths.note(COL.amountDifference - 1, signedUsd(l.amountDifference));
}

function writeTotalRow(row: ExcelJS.Row, rec: Reconciliation, first: number, last: number, widths: ColumnWidths): void {
  const { totals } = rec;
  row.getCell(COL.license).value = 'Total';
  row.getCell(COL.name).value = countOf(rec.lines.length, 'license');
  const sums: [number, number][] = [
    [COL.vendor, totals.vendor],
    [COL.ours, totals.ours],
    [COL.difference, totals.difference],
    [COL.vendorAmount, excelDollars(totals.vendorAmount)],
    [COL.oursAmount, excelDollars(totals.oursAmount)],
    [COL.amountDifference, excelDollars(totals.amountDifference)],
  ];
  for (const [col, result] of sums) {
    row.getCell(col).value = last >= first ? { formula: `SUM(${columnRange(col, first, last)})`, result } : result;
  }
  widths.note(COL.vendor - 1, formatCount(totals.vendor), true);
  widths.note(COL.ours - 1, formatCount(totals.ours), true);
  widths.note(COL.difference - 1, signedCount(totals.difference), true);
  widths.note(COL.vendorAmount - 1, formatUsd(totals.vendorAmount), true);
  widths.note(COL.oursAmount - 1, formatUsd(totals.oursAmount), true);
  widths.note(COL.amountDifference - 1, signedUsd(totals.amountDifference), true);
  styleTotalRow(row, SPECS.length);
}

export function addReconciliationSheet(workbook: ExcelJS.Workbook, month: IsoMonth, rec: VendorReview): void {
  const sheet = workbook.addWorksheet(RECONCILIATION_SHEET);
  const widths = new ColumnWidths(SPECS);
  const lines = titleLines(month, rec);
  const headerRow = lines.length + 2;
  const first = headerRow + 1;
  rec.lines.forEach((l, i) => writeLine(sheet.getRow(first + i), l, widths));
  const last = first + rec.lines.length - 1;
  writeTotalRow(sheet.getRow(last + 1), rec, first, last, widths);

  const columnWidths = widths.apply(sheet);
  // After the column styles, which would otherwise override the header's alignment.
  writeHeader(sheet, headerRow, SPECS);
  writeTitleLines(sheet, lines, SPECS.length, columnWidths.reduce((a, b) => a + b, 0));
  finishTable(sheet, headerRow, SPECS.length, last, 'landscape', `Vendor invoice review ${monthTitle(month)}`);
}
