// Sheet "Domains" (SPEC §11): the billed day's mailboxes of each license split
// by domain, with each domain's distinct mailboxes over the month. An ISP bills
// its own customers from it, so each license has a subtotal that equals its
// billable count, and the sheet a Total.

import type ExcelJS from 'exceljs';
import { domainCharges, formatCount, formatUsd, hasDomains, type DomainCharge, type DomainCharges } from '../billing';
import {
  ColumnWidths,
  FORMAT,
  LINE_HEIGHT,
  cellRef,
  columnRange,
  finishTable,
  font,
  styleSubtotalRow,
  styleTotalRow,
  wrappedLines,
  writeHeader,
  writeTitleLines,
  type ColumnSpec,
  type TitleLine,
} from './layout';
import { countOf, excelDollars, monthTitle } from './text';
import type { InvoiceData } from './types';

const DOMAINS_SHEET = 'Domains';
const DOMAINS_EXPLANATION = "The billed day's mailboxes of each license, split by domain: what an ISP charges its own customers.";
/** The Domain cell of mailboxes whose address has no domain. */
const NO_DOMAIN = '(no domain)';
const SUBTOTAL = 'Subtotal';

const QUIET = font({ color: { argb: 'FF595959' } });

// Column positions; the formulas are made from them (Amount is Mailboxes × Rate).
const COL = { license: 1, name: 2, domain: 3, billed: 4, distinct: 5, rate: 6, amount: 7 } as const;

const SPECS: ColumnSpec[] = [
  { header: 'License', max: 40, min: 10 },
  { header: 'Name', max: 36, min: 10 },
  // A domain has no spaces to wrap at: a very long one breaks across lines.
  { header: 'Domain', max: 48, min: 12, wrap: true },
  { header: 'Mailboxes on billed day', max: 12, numFmt: FORMAT.count },
  { header: 'Distinct mailboxes in month', max: 12, numFmt: FORMAT.count },
  { header: 'Rate', max: 10, numFmt: FORMAT.usd },
  { header: 'Amount', max: 16, numFmt: FORMAT.usd },
];

/** Whether the month has mailbox-level data for any license: the sheet is added only then. */
export function hasDomainSplit(data: InvoiceData): boolean {
  return data.preview.licenses.some(hasDomains);
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Domains in alphabetical order (ignoring case), mailboxes without a domain last. */
function sortedDomains(domains: readonly DomainCharge[]): DomainCharge[] {
  return [...domains].sort((a, b) => {
    if ((a.domain === '') !== (b.domain === '')) return a.domain === '' ? 1 : -1;
    return byText(a.domain.toLowerCase(), b.domain.toLowerCase()) || byText(a.domain, b.domain);
  });
}

/** "ACME-1, ACME-2, ACME-3 and 4 more". */
function someKeys(keys: readonly string[], shown = 3): string {
  if (keys.length <= shown) return keys.join(', ');
  return `${keys.slice(0, shown).join(', ')} and ${formatCount(keys.length - shown)} more`;
}

function titleLines(data: InvoiceData, split: DomainCharges): TitleLine[] {
  const lines: TitleLine[] = [
    [`Mailboxes by domain — ${monthTitle(data.preview.month)}`, font({ bold: true, size: 14 })],
    [DOMAINS_EXPLANATION, font()],
  ];
  // The preview's licenses are in key order.
  const without = data.preview.licenses.filter((l) => !hasDomains(l)).map((l) => l.license as string);
  if (without.length > 0) {
    lines.push([
      `Not listed: ${countOf(without.length, 'license')} without mailbox-level data on the billed day (${someKeys(without)}).`,
      font({ italic: true }),
    ]);
  }
  // The split comes from the mailbox list of the billed day, the billable count
  // from the daily count: they agree unless the two were imported apart.
  for (const s of split.licenses) {
    if (s.billed === s.license.billable) continue;
    lines.push([
      `Check ${s.license.license}: its domains add up to ${countOf(s.billed, 'mailbox', 'mailboxes')}, but its billable count is ${formatCount(s.license.billable)}.`,
      font({ bold: true, color: { argb: 'FFC00000' } }),
    ]);
  }
  return lines;
}

/** SUBTOTAL, not SUM: a Total over rows with subtotals among them leaves those out, and a filtered sheet adds up what it shows. */
function subtotal(column: number, first: number, last: number, result: number): ExcelJS.CellValue {
  return last >= first ? { formula: `SUBTOTAL(9,${columnRange(column, first, last)})`, result } : result;
}

export function addDomainsSheet(workbook: ExcelJS.Workbook, data: InvoiceData): void {
  const sheet = workbook.addWorksheet(DOMAINS_SHEET);
  const widths = new ColumnWidths(SPECS);
  const split = domainCharges(data.preview.licenses);

  const lines = titleLines(data, split);
  const headerRow = lines.length + 2;
  const first = headerRow + 1;
  let r = first;
  const domainRows: { row: number; domain: string }[] = [];

  for (const { license: l, domains, billed, distinct, amount } of split.licenses) {
    const name = l.name ?? '';
    const start = r;
    for (const d of sortedDomains(domains)) {
      const row = sheet.getRow(r);
      const domain = d.domain === '' ? NO_DOMAIN : d.domain;
      row.getCell(COL.license).value = l.license;
      row.getCell(COL.name).value = name;
      // Repeated on every row for the filter, but quieter than the subtotal that names the license.
      row.getCell(COL.license).font = QUIET;
      row.getCell(COL.name).font = QUIET;
      row.getCell(COL.domain).value = domain;
      if (d.domain === '') row.getCell(COL.domain).font = font({ italic: true });
      row.getCell(COL.billed).value = d.billed;
      row.getCell(COL.distinct).value = d.distinct;
      row.getCell(COL.rate).value = excelDollars(l.rate);
      // The result from integer cents, so the subtotal is exactly the license's amount.
      row.getCell(COL.amount).value = { formula: `${cellRef(COL.billed, r)}*${cellRef(COL.rate, r)}`, result: excelDollars(d.amount) };
      widths.note(COL.domain - 1, domain);
      widths.note(COL.billed - 1, formatCount(d.billed));
      widths.note(COL.distinct - 1, formatCount(d.distinct));
      widths.note(COL.rate - 1, formatUsd(l.rate));
      widths.note(COL.amount - 1, formatUsd(d.amount));
      domainRows.push({ row: r, domain });
      r++;
    }
    const end = r - 1;

    const row = sheet.getRow(r);
    row.getCell(COL.license).value = l.license;
    row.getCell(COL.name).value = name;
    row.getCell(COL.domain).value = SUBTOTAL;
    row.getCell(COL.billed).value = subtotal(COL.billed, start, end, billed);
    row.getCell(COL.distinct).value = subtotal(COL.distinct, start, end, distinct);
    row.getCell(COL.amount).value = subtotal(COL.amount, start, end, excelDollars(amount));
    styleSubtotalRow(row, SPECS.length);
    widths.note(COL.license - 1, l.license, true);
    widths.note(COL.name - 1, name, true);
    widths.note(COL.billed - 1, formatCount(billed), true);
    widths.note(COL.distinct - 1, formatCount(distinct), true);
    widths.note(COL.amount - 1, formatUsd(amount), true);
    r++;
  }
  const last = r - 1;

  const { totals } = split;
  const total = sheet.getRow(r);
  total.getCell(COL.license).value = 'Total';
  const counted = `${countOf(split.licenses.length, 'license')}, ${countOf(totals.domains, 'domain')}`;
  total.getCell(COL.name).value = counted;
  total.getCell(COL.billed).value = subtotal(COL.billed, first, last, totals.billed);
  total.getCell(COL.distinct).value = subtotal(COL.distinct, first, last, totals.distinct);
  total.getCell(COL.amount).value = subtotal(COL.amount, first, last, excelDollars(totals.amount));
  styleTotalRow(total, SPECS.length);
  widths.note(COL.name - 1, counted, true);
  widths.note(COL.billed - 1, formatCount(totals.billed), true);
  widths.note(COL.distinct - 1, formatCount(totals.distinct), true);
  widths.note(COL.amount - 1, formatUsd(totals.amount), true);

  const columnWidths = widths.apply(sheet);
  // A long domain wraps: its row gets the height it needs.
  const domainWidth = columnWidths[COL.domain - 1] ?? 10;
  for (const { row, domain } of domainRows) {
    const n = wrappedLines(domain, domainWidth);
    if (n > 1) sheet.getRow(row).height = LINE_HEIGHT * n;
  }
  // After the column styles, which would otherwise override the header's alignment.
  writeHeader(sheet, headerRow, SPECS);
  writeTitleLines(sheet, lines, SPECS.length, columnWidths.reduce((a, b) => a + b, 0));
  finishTable(sheet, headerRow, SPECS.length, last, 'landscape', `Domains ${monthTitle(data.preview.month)}`);
}
