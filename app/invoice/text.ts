// The sentences and cell texts of the invoice workbook.

import { formatCount, shortDate } from '../billing';
import type { Cents, DailyCount, IsoMonth } from '../billing/types';

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** "October 2026". */
export function monthTitle(month: IsoMonth): string {
  const [y, m] = month.split('-');
  const name = MONTH_NAMES[Number(m) - 1];
  if (name === undefined || y === undefined) throw new Error(`Not a month (YYYY-MM): "${month}"`);
  return `${name} ${Number(y)}`;
}

// The words the workbook shares with the other faces live in app/words.
export { ruleSentence, plural as countOf } from '../words';

/** "Oct 14 (1,320), Oct 15 (1,301)". */
export function droppedDaysText(dropped: readonly DailyCount[]): string {
  return dropped.map((d) => `${shortDate(d.date)} (${formatCount(d.count)})`).join(', ');
}

/** A timestamp as a Date, or an Error naming what was wrong. */
export function parseTimestamp(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`${what} is not a timestamp: "${iso}"`);
  return d;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-02 14:05" in the local time of this computer: the clerk's clock. */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * A Date whose UTC fields are the local fields of `d`. exceljs writes a Date
 * as the Excel serial of its UTC time, and Excel serials have no time zone:
 * this makes the cell show the clerk's local time.
 */
export function excelLocalDateTime(d: Date): Date {
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()));
}

/** Cents as the number a money cell holds: dollars, shown with a currency format. */
export function excelDollars(c: Cents): number {
  return c / 100;
}

/** A calendar date `YYYY-MM-DD` as the Date exceljs writes as that day's serial. */
export function excelDate(date: string): Date {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return new Date(Date.UTC(y, m - 1, d));
}

/** "November 2, 2026": the local date of `d`, written out for a customer. */
export function longDate(d: Date): string {
  return `${MONTH_NAMES[d.getMonth()] ?? ''} ${d.getDate()}, ${d.getFullYear()}`;
}

