// The vendor's summary invoice (SPEC §11): a license column, a count column
// (the usage names of §4.2, or quantity / qty) and optionally an amount. These
// files are small (one line per license), so they are read whole. Delimited text
// is split, and its delimiter found, as usage files are (records.ts).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { centsOfDollars, parseAmount } from '../billing/money';
import { asLicenseKey, type Cents } from '../billing/types';
import type { VendorLine } from '../billing/reconcile';
import { InputError } from '../errors';
import { cellText, shownValue } from './cells';
import { normalizeName, roleOf } from './columns';
import { linePlace, quote, sheetPlace, type Place } from './place';
import { findHeaderRow, parseRecord } from './records';
import { detectEncoding } from './source';
import { countFromNumber, countFromText } from './values';

const MAX_VENDOR_FILE = 50 * 1024 * 1024;
const COUNT_EXTRA = new Set(['quantity', 'qty', 'billablemailboxes', 'billable', 'units'].map(normalizeName));
const AMOUNT_NAMES = new Set(['amount', 'total', 'line total', 'extended price', 'amount usd', 'price'].map(normalizeName));

export interface VendorFile {
  fileName: string;
  sha256: string;
  lines: VendorLine[];
}

interface Header { license: number; count: number; amount: number }

/** A cell: text from delimited text or a text cell, a number from a number cell. */
type Cell = string | number | null;

/** The rows below the header row, each with its line (or sheet row) number. */
interface Table {
  header: Header;
  rows: { position: number; cells: Cell[] }[];
  place: Place;
}

function findHeader(cells: readonly string[]): Header | null {
  const h: Header = { license: -1, count: -1, amount: -1 };
  cells.forEach((cell, i) => {
    const n = normalizeName(cell);
    const role = roleOf(cell);
    if (role === 'license' && h.license === -1) h.license = i;
    else if ((role === 'count' || COUNT_EXTRA.has(n)) && h.count === -1) h.count = i;
    else if (AMOUNT_NAMES.has(n) && h.amount === -1) h.amount = i;
  });
  return h.license >= 0 && h.count >= 0 ? h : null;
}

const textOf = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c));

function amountOf(cell: Cell | undefined, place: Place, position: number, column: number): Cents | null {
  if (cell === null || cell === undefined) return null;
  const t = typeof cell === 'number' ? String(cell) : cell.trim();
  if (t === '') return null;
  try {
    return typeof cell === 'number' ? centsOfDollars(cell) : parseAmount(t);
  } catch {
    throw new InputError(`${place.at(position, column)}: amount ${quote(t)} is not an amount of money`);
  }
}

function invoiceLines({ header, rows, place }: Table): VendorLine[] {
  const lines: VendorLine[] = [];
  const seen = new Map<string, number>();
  for (const { position, cells } of rows) {
    const text = cells.map(textOf);
    if (text.every((c) => c.trim() === '')) continue;
    const license = text[header.license]?.trim() ?? '';
    if (license === '') {
      // A total line at the bottom of an invoice has no license: it is not a line.
      if (/total/i.test(text.join(' '))) continue;
      throw new InputError(`${place.at(position, header.license)}: the license is empty`);
    }
    if (/^(sub)?total$/i.test(license)) continue;
    const countCell = cells[header.count];
    const count = typeof countCell === 'number' ? countFromNumber(countCell, place, position, header.count) : countFromText(textOf(countCell), place, position, header.count);
    const amount = header.amount >= 0 ? amountOf(cells[header.amount], place, position, header.amount) : null;
    const before = seen.get(license);
    if (before !== undefined) throw new InputError(`${place.at(position, header.license)}: license ${license} is on the invoice twice (also ${place.short(before)})`);
    seen.set(license, position);
    lines.push({ license: asLicenseKey(license), count, amount });
  }
  if (lines.length === 0) throw new InputError(`${place.fileName} has a header but no invoice lines.`);
  return lines;
}

function textTable(text: string, fileName: string): Table {
  const place = linePlace(fileName);
  const found = findHeaderRow(text, true, place, findHeader);
  if (found === null) {
    throw new InputError(`${fileName} is not a vendor invoice: no header row with a license column and a count (or quantity) column was found.`);
  }
  const rows: Table['rows'] = [];
  const breaks = { n: 0 };
  for (let pos = found.end, line = found.nextLine; pos < text.length; line += breaks.n + 1) {
    const cells: string[] = [];
    pos = parseRecord(text, pos, found.delimiter, cells, true, breaks, place, line);
    rows.push({ position: line, cells });
  }
  return { header: found.header, rows, place };
}

function rowCells(row: ExcelJS.Row, formulaType: ExcelJS.ValueType): Cell[] {
  const cells: Cell[] = [];
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    const v = shownValue(cell, formulaType);
    cells[col - 1] = v === null || typeof v === 'number' || typeof v === 'string' ? v : cellText(v);
  });
  return Array.from(cells, (c) => c ?? null);
}

/** The first sheet with a header row. */
async function workbookTable(bytes: Buffer, fileName: string): Promise<Table> {
  // exceljs is large: loaded only when a workbook is read, so the command line starts fast.
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    // The bytes already read (and hashed): exceljs types them as an ArrayBuffer, and reads a Node Buffer as is.
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw new InputError(`${fileName} could not be read as an Excel workbook.`);
  }
  for (const ws of wb.worksheets) {
    // A hidden sheet (last month's, kept for reference) is not the invoice.
    if (ws.state === 'hidden' || ws.state === 'veryHidden') continue;
    let header = null as Header | null;
    const rows: Table['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, position) => {
      const cells = rowCells(row, ExcelJS.ValueType.Formula);
      if (header !== null) rows.push({ position, cells });
      else header = findHeader(cells.map(textOf));
    });
    if (header !== null) return { header, rows, place: sheetPlace(fileName, ws.name) };
  }
  throw new InputError(`${fileName} is not a vendor invoice: no visible sheet has a header row with a license column and a count (or quantity) column.`);
}

/** Reads and checks a vendor invoice file; nothing is stored. */
export async function readVendorInvoice(file: string, displayName = path.basename(file)): Promise<VendorFile> {
  if ((await fs.stat(file)).size > MAX_VENDOR_FILE) throw new InputError(`${displayName} is too large for a summary invoice (over 50 MB).`);
  const bytes = await fs.readFile(file);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0) throw new InputError(`${displayName} is empty.`);
  let table: Table;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    table = await workbookTable(bytes, displayName);
  } else {
    const { encoding, bom } = detectEncoding(bytes);
    const text = new TextDecoder(encoding).decode(bom ? bytes.subarray(encoding === 'utf-8' ? 3 : 2) : bytes);
    if (text.includes('\u0000')) throw new InputError(`${displayName} is not a text table or an Excel workbook.`);
    // Line ends of old Mac programs (CR alone) are taken too, as they always were here.
    table = textTable(text.includes('\n') ? text : text.replace(/\r/g, '\n'), displayName);
  }
  return { fileName: displayName, sha256, lines: invoiceLines(table) };
}
