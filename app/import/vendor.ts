// The vendor's summary invoice (SPEC §11): a license column, a count column
// (the usage names of §4.2, or quantity / qty) and optionally an amount. These
// files are small (one line per license), so they are read whole.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAmount } from '../billing/money';
import { asLicenseKey, type Cents } from '../billing/types';
import type { VendorLine } from '../billing/reconcile';
import { InputError } from '../errors';
import { normalizeName, roleOf } from './columns';
import { linePlace, quote, sheetPlace, type Place } from './place';
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

function findHeader(cells: string[]): Header | null {
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

/** RFC 4180 records of a delimited text, each with the line it starts on. */
function records(text: string, delimiter: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      out.push({ line: start, cells });
      cells = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    out.push({ line: start, cells });
  }
  return out;
}

function amountOf(raw: string, place: Place, position: number, column: number): Cents | null {
  const t = raw.trim();
  if (t === '') return null;
  try {
    return parseAmount(t);
  } catch {
    throw new InputError(`${place.at(position, column)}: amount ${quote(t)} is not an amount of money`);
  }
}

function fromRows(rows: { position: number; cells: (string | number | null)[] }[], place: Place): VendorLine[] {
  let header: Header | null = null;
  const lines: VendorLine[] = [];
  const seen = new Map<string, number>();
  for (const { position, cells } of rows) {
    const text = cells.map((c) => (c === null ? '' : String(c)));
    if (!header) {
      header = findHeader(text);
      continue;
    }
    if (text.every((c) => c.trim() === '')) continue;
    const license = text[header.license]?.trim() ?? '';
    if (license === '') {
      // A total line at the bottom of an invoice has no license: it is not a line.
      if (/total/i.test(text.join(' '))) continue;
      throw new InputError(`${place.at(position, header.license)}: the license is empty`);
    }
    if (/^(sub)?total$/i.test(license)) continue;
    const countCell = cells[header.count];
    const count = typeof countCell === 'number' ? countFromNumber(countCell, place, position, header.count) : countFromText(String(countCell ?? ''), place, position, header.count);
    const amountCell = header.amount >= 0 ? cells[header.amount] : null;
    const amount = amountCell === null || amountCell === undefined ? null
      : typeof amountCell === 'number' ? (Math.round(amountCell * 100) as Cents) : amountOf(amountCell, place, position, header.amount);
    const before = seen.get(license);
    if (before !== undefined) throw new InputError(`${place.at(position, header.license)}: license ${license} is on the invoice twice (also ${place.short(before)})`);
    seen.set(license, position);
    lines.push({ license: asLicenseKey(license), count, amount });
  }
  if (!header) throw new InputError(`${place.fileName} is not a vendor invoice: no header row with a license column and a count (or quantity) column was found.`);
  if (lines.length === 0) throw new InputError(`${place.fileName} has a header but no invoice lines.`);
  return lines;
}

async function xlsxRows(file: string, fileName: string): Promise<{ rows: { position: number; cells: (string | number | null)[] }[]; place: Place }> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch {
    throw new InputError(`${fileName} could not be read as an Excel workbook.`);
  }
  for (const ws of wb.worksheets) {
    const rows: { position: number; cells: (string | number | null)[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: (string | number | null)[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const v = cell.value;
        let out: string | number | null = null;
        if (typeof v === 'number' || typeof v === 'string') out = v;
        else if (v && typeof v === 'object' && 'result' in v) out = typeof v.result === 'number' || typeof v.result === 'string' ? v.result : null;
        else if (v && typeof v === 'object' && 'richText' in v) out = v.richText.map((t) => t.text).join('');
        else if (v !== null && v !== undefined) out = String(cell.text);
        cells[col - 1] = out;
      });
      rows.push({ position: n, cells: Array.from(cells, (c) => c ?? null) });
    });
    if (rows.some((r) => findHeader(r.cells.map((c) => (c === null ? '' : String(c)))))) return { rows, place: sheetPlace(fileName, ws.name) };
  }
  throw new InputError(`${fileName} is not a vendor invoice: no sheet has a header row with a license column and a count (or quantity) column.`);
}

/** Reads and checks a vendor invoice file; nothing is stored. */
export async function readVendorInvoice(file: string, displayName = path.basename(file)): Promise<VendorFile> {
  const bytes = await fs.readFile(file);
  if (bytes.length > MAX_VENDOR_FILE) throw new InputError(`${displayName} is too large for a summary invoice (over 50 MB).`);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0) throw new InputError(`${displayName} is empty.`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const { rows, place } = await xlsxRows(file, displayName);
    return { fileName: displayName, sha256, lines: fromRows(rows, place) };
  }
  const { encoding, bom } = detectEncoding(bytes);
  const text = new TextDecoder(encoding).decode(bom ? bytes.subarray(encoding === 'utf-8' ? 3 : 2) : bytes);
  if (text.includes('\u0000')) throw new InputError(`${displayName} is not a text table or an Excel workbook.`);
  const firstLines = text.split(/\r?\n/, 20).join('\n');
  const delimiter = [',', ';', '\t', '|'].map((d) => [d, firstLines.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const rows = records(text, delimiter).map((r) => ({ position: r.line, cells: r.cells as (string | number | null)[] }));
  return { fileName: displayName, sha256, lines: fromRows(rows, linePlace(displayName)) };
}
