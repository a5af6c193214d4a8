// The quote workbook (SPEC §11): one sheet for the customer to read. It shows
// our price, never what the mailboxes cost us from the vendor nor our margin:
// those stay in the app, with the account manager.

import ExcelJS from 'exceljs';
import type { CompanyBilled } from '../api-types';
import { formatCount, formatUsd } from '../billing';
import type { Quote } from '../billing/quote';
import { ColumnWidths, FORMAT, RULE_COLOR, cellRef, font, footerText, writeHeader, writeTitleLines, type ColumnSpec, type TitleLine } from './layout';
import { excelDollars, longDate, parseTimestamp } from './text';
import { writeWorkbookAtomically } from './write';

const QUOTE_SHEET = 'Quote';
const QUOTE_TITLE = 'Quote: Exchange ActiveSync mailboxes';
const QUOTE_ITEM = 'Exchange ActiveSync mailbox, per month';
/** How long a quote holds. */
const QUOTE_VALID_DAYS = 30;

export interface QuoteMeta {
  /** Who makes the quote: our company, as set up for the invoices. */
  company: CompanyBilled;
  /** When the quote was made (ISO timestamp). */
  madeAt: string;
}

// Column positions; the formulas are made from them (monthly = mailboxes × price, total = monthly × months).
const COL = { description: 1, mailboxes: 2, price: 3, months: 4, monthly: 5, total: 6 } as const;

const SPECS: ColumnSpec[] = [
  { header: 'Description', max: 44, min: 20, wrap: true },
  { header: 'Mailboxes', max: 12, numFmt: FORMAT.count },
  { header: 'Price per mailbox per month', max: 12, numFmt: FORMAT.usd },
  { header: 'Months', max: 8, numFmt: FORMAT.count },
  { header: 'Monthly price', max: 16, numFmt: FORMAT.usd },
  { header: 'Total', max: 16, numFmt: FORMAT.usd },
];

// One line of figures: no autofilter, so the headers need no room for its button.
const NO_FILTER = { filterButton: false } as const;

function titleLines(quote: Quote, meta: QuoteMeta, madeAt: Date): TitleLine[] {
  const lines: TitleLine[] = [[QUOTE_TITLE, font({ bold: true, size: 16 })], ['', font()]];
  const customer = quote.customer.trim();
  if (customer !== '') lines.push([`For: ${customer}`, font({ bold: true, size: 12 })]);
  const from = [meta.company.name, ...meta.company.address.split(/\r?\n/)].map((s) => s.trim()).filter((s) => s !== '');
  if (from.length > 0) lines.push([`From: ${from.join(', ')}`, font()]);
  const until = new Date(madeAt.getTime());
  until.setDate(until.getDate() + QUOTE_VALID_DAYS);
  lines.push([`Date: ${longDate(madeAt)}`, font()]);
  lines.push([`Valid for ${QUOTE_VALID_DAYS} days, until ${longDate(until)}.`, font()]);
  return lines;
}

/** The one-sheet quote workbook, for the customer: price, mailboxes, months, totals. */
export function buildQuoteWorkbook(quote: Quote, meta: QuoteMeta): ExcelJS.Workbook {
  const madeAt = parseTimestamp(meta.madeAt, 'The time the quote was made');
  const workbook = new ExcelJS.Workbook();
  const company = meta.company.name.trim();
  const customer = quote.customer.trim();
  workbook.title = customer === '' ? QUOTE_TITLE : `${QUOTE_TITLE} — ${customer}`;
  workbook.company = company;
  workbook.creator = company === '' ? 'Flex Billing' : company;
  workbook.lastModifiedBy = 'Flex Billing';
  workbook.created = madeAt;
  workbook.modified = madeAt;

  const sheet = workbook.addWorksheet(QUOTE_SHEET, { views: [{ showGridLines: false }] });
  const widths = new ColumnWidths(SPECS, NO_FILTER);
  const lines = titleLines(quote, meta, madeAt);
  const headerRow = lines.length + 2;
  const r = headerRow + 1;

  const row = sheet.getRow(r);
  row.getCell(COL.description).value = QUOTE_ITEM;
  row.getCell(COL.mailboxes).value = quote.mailboxes;
  row.getCell(COL.price).value = excelDollars(quote.price);
  row.getCell(COL.months).value = quote.months;
  // Results from integer cents, so they are exactly the quote's figures.
  row.getCell(COL.monthly).value = { formula: `${cellRef(COL.mailboxes, r)}*${cellRef(COL.price, r)}`, result: excelDollars(quote.monthlyRevenue) };
  row.getCell(COL.total).value = { formula: `${cellRef(COL.monthly, r)}*${cellRef(COL.months, r)}`, result: excelDollars(quote.totalRevenue) };
  widths.note(COL.description - 1, QUOTE_ITEM);
  widths.note(COL.mailboxes - 1, formatCount(quote.mailboxes));
  widths.note(COL.price - 1, formatUsd(quote.price));
  widths.note(COL.months - 1, formatCount(quote.months));
  widths.note(COL.monthly - 1, formatUsd(quote.monthlyRevenue));
  widths.note(COL.total - 1, formatUsd(quote.totalRevenue), true);
  const columnWidths = widths.apply(sheet);
  row.getCell(COL.total).font = font({ bold: true });
  for (let c = 1; c <= SPECS.length; c++) {
    row.getCell(c).border = { bottom: { style: 'thin', color: RULE_COLOR } };
  }

  let next = r + 2;
  const notes: string[] = [];
  const basis = quote.basis?.trim() ?? '';
  if (basis !== '') notes.push(`Based on: ${basis}`);
  notes.push('Prices are in US dollars.');
  const tableWidth = columnWidths.reduce((a, b) => a + b, 0);
  for (const note of notes) {
    sheet.mergeCells(next, 1, next, SPECS.length);
    const cell = sheet.getCell(next, 1);
    cell.value = note;
    cell.font = font({ italic: true });
    cell.alignment = { vertical: 'top', wrapText: true };
    next++;
  }

  writeHeader(sheet, headerRow, SPECS, NO_FILTER);
  writeTitleLines(sheet, lines, SPECS.length, tableWidth);

  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation: 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 1,
    horizontalCentered: true,
    margins: { left: 0.7, right: 0.7, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
  };
  const footer = `${QUOTE_TITLE}${customer === '' ? '' : ` for ${customer}`}, ${longDate(madeAt)}`;
  sheet.headerFooter = { oddFooter: `&L&9${footerText(footer)}` };
  return workbook;
}

/** Builds the quote workbook and saves it at `outPath`, all at once (see writeWorkbookAtomically). */
export async function writeQuote(quote: Quote, meta: QuoteMeta, outPath: string): Promise<void> {
  await writeWorkbookAtomically(buildQuoteWorkbook(quote, meta), outPath, 'quote');
}
