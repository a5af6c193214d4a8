// One license-month of daily counts, as the store keeps it (see migration 1):
// 31 counts (-1 for a day without data) and the import each came from. The
// blobs are the typed arrays' bytes, little-endian (every platform the app
// ships for is little-endian; `os.endianness()` is checked at start).
import os from 'node:os';
import { Slab } from '../slab';

export const DAYS = 31;
const BYTES = DAYS * 4;

if (os.endianness() !== 'LE') throw new Error('Flex Billing stores daily counts little-endian and runs on little-endian machines only.');

export interface MonthRow {
  counts: Int32Array;
  imports: Uint32Array;
  /** bit d-1 set: day d has mailbox-level data. */
  mailboxDays: number;
}

const EMPTY_COUNTS = new Int32Array(DAYS).fill(-1);

const countRows = new Slab((n) => new Int32Array(n));
const importRows = new Slab((n) => new Uint32Array(n));

export function emptyMonthRow(): MonthRow {
  const counts = countRows.take(DAYS);
  counts.set(EMPTY_COUNTS);
  return { counts, imports: importRows.take(DAYS), mailboxDays: 0 };
}

export function decodeMonthRow(counts: Buffer, imports: Buffer, mailboxDays: number): MonthRow {
  const row = emptyMonthRow();
  new Uint8Array(row.counts.buffer, row.counts.byteOffset, BYTES).set(counts.subarray(0, BYTES));
  new Uint8Array(row.imports.buffer, row.imports.byteOffset, BYTES).set(imports.subarray(0, BYTES));
  row.mailboxDays = mailboxDays;
  return row;
}

/** The row's counts as bytes: a view, not a copy (the row is not changed after). */
export function encodeCounts(row: MonthRow): Buffer {
  return Buffer.from(row.counts.buffer, row.counts.byteOffset, BYTES);
}

export function encodeImports(row: MonthRow): Buffer {
  return Buffer.from(row.imports.buffer, row.imports.byteOffset, BYTES);
}

export function isEmptyRow(row: MonthRow): boolean {
  for (let i = 0; i < DAYS; i++) if (row.counts[i]! >= 0) return false;
  return true;
}

/** "2026-10" and day 5 → "2026-10-05". */
export function dateOf(month: string, day: number): string {
  return `${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Months from `from` to `to` (YYYY-MM, inclusive). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${m < 10 ? '0' : ''}${m}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
