// Calendar dates and months as plain strings (`YYYY-MM-DD`, `YYYY-MM`). No Date
// objects and no time zones: a usage day is the calendar date as written, and
// converting through a local-time Date is how days shift by one.

import type { IsoDate, IsoMonth } from './types';

const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInYearMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** A real Gregorian date with a four-digit year (0001-9999). */
export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInYearMonth(y, m);
}

export function makeIsoDate(y: number, m: number, d: number): IsoDate {
  if (!isValidDate(y, m, d)) throw new Error(`Not a calendar date: year ${y}, month ${m}, day ${d}`);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}` as IsoDate;
}

function makeIsoMonth(y: number, m: number): IsoMonth {
  if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR || !Number.isInteger(m) || m < 1 || m > 12) {
    throw new Error(`Not a calendar month: year ${y}, month ${m}`);
  }
  return `${pad4(y)}-${pad2(m)}` as IsoMonth;
}

const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strictly `YYYY-MM` with a month 01-12 (and a year 0001-9999). */
export function isIsoMonth(s: string): s is IsoMonth {
  const m = ISO_MONTH.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= MIN_YEAR && month >= 1 && month <= 12;
}

/** Strictly `YYYY-MM-DD` and a real date. */
export function isIsoDate(s: string): s is IsoDate {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  return isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function splitMonth(month: IsoMonth): [number, number] {
  const m = ISO_MONTH.exec(month);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  if (!m || y < MIN_YEAR || mo < 1 || mo > 12) throw new Error(`Not a month (YYYY-MM): "${month}"`);
  return [y, mo];
}

function splitDate(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  if (!m || !isValidDate(y, mo, d)) throw new Error(`Not a date (YYYY-MM-DD): "${date}"`);
  return [y, mo, d];
}

export function daysInMonth(month: IsoMonth): number {
  const [y, m] = splitMonth(month);
  return daysInYearMonth(y, m);
}

/** Every date of the month, in order. */
export function datesOfMonth(month: IsoMonth): IsoDate[] {
  const [y, m] = splitMonth(month);
  const n = daysInYearMonth(y, m);
  const dates: IsoDate[] = [];
  for (let d = 1; d <= n; d++) dates.push(`${month}-${pad2(d)}` as IsoDate);
  return dates;
}

export function monthOf(date: IsoDate): IsoMonth {
  const [y, m] = splitDate(date);
  return makeIsoMonth(y, m);
}

export function dayOfMonth(date: IsoDate): number {
  return splitDate(date)[2];
}

export function addMonths(month: IsoMonth, n: number): IsoMonth {
  if (!Number.isInteger(n)) throw new Error(`Months to add must be a whole number, got ${n}`);
  const [y, m] = splitMonth(month);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return makeIsoMonth(year, index - year * 12 + 1);
}

export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [y, m] = splitMonth(month);
  return makeIsoDate(y, m, daysInYearMonth(y, m));
}

/** The date `days` days after 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
function dateFromEpochDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

/** Days from 1899-12-30 (Excel's day 0 for serials >= 61) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;
/** 9999-12-31, the last date Excel knows. */
const EXCEL_MAX_SERIAL = 2958465;

/**
 * An Excel (1900 date system) serial day number as a date; a time of day (the
 * fraction) is ignored. Excel counts a 1900-02-29 that never was (serial 60),
 * so serials 1-59 are one day later than a plain count from 1899-12-30 would give;
 * serial 60 itself is no real date and gives null, like non-finite, < 1 or past 9999.
 */
export function excelSerialToIsoDate(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const day = Math.floor(serial);
  if (day === 60 || day > EXCEL_MAX_SERIAL) return null;
  const fromEpoch = day - EXCEL_EPOCH_OFFSET + (day < 60 ? 1 : 0);
  const [y, m, d] = dateFromEpochDays(fromEpoch);
  return makeIsoDate(y, m, d);
}

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "Oct 5": the short form used in sentences for the clerk. */
export function shortDate(date: IsoDate): string {
  const [, m, d] = splitDate(date);
  return `${MONTH_ABBREVIATIONS[m - 1] ?? '?'} ${d}`;
}

/** `date` moved by `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  const d = new Date(t);
  return makeIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The computer's local calendar date (not UTC: a clerk's "today"). */
export function localToday(now: Date): IsoDate {
  return makeIsoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
