// Usage dates as written (SPEC §4.4), turned into small integer ids so rows can be
// aggregated before the file's slash-date order is known.
//
// `10/1/2026` is month/day/year unless the same file proves day/month/year: some
// slash date has a first number above 12 and none has a second number above 12.
// A slash date whose two numbers are both 12 or less is ambiguous until then, so it
// gets a pending id, resolved when the whole file has been read (`resolve`). Once a
// file has shown its order, later ambiguous dates resolve at once; a file showing
// both orders is rejected, naming both places.
//
// Every distinct text is parsed once (`byText` cache); the hot path of a reader is
// one Map lookup per row, or none when the text repeats the previous row's.

import { dayOfMonth, excelSerialToIsoDate, isValidDate, makeIsoDate, monthOf } from '../billing/calendar';
import type { IsoDate } from '../billing/types';
import { InputError } from '../errors';
import { quote, type Place } from './place';

const ISO = /^(\d+)-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d+)(?: .*)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d+)(?: .*)?$/;
const SERIAL = /^\d+$/;

const TEXT_CACHE_LIMIT = 50_000;

const EXPECTED = 'expected a date like 2026-10-01, 10/1/2026 or 1.10.2026, or an Excel day number';

/** The first date that shows the file's order, and where it is. */
interface Evidence {
  text: string;
  position: number;
  column: number;
}

/** A resolved view of every id: its date, and the id that stands for that date. */
export interface ResolvedDates {
  date: IsoDate[];
  /** The first id with the same date: `10/1/2026` and `2026-10-01` in one file become one day. */
  canonical: Int32Array;
  /** Whether two ids share a date (rows must then be merged by date, not by id). */
  merged: boolean;
  /** `YYYY-MM` and day of month of each id. */
  month: string[];
  day: Int8Array;
}

export class DateTable {
  private readonly byText = new Map<string, number>();
  private readonly byDate = new Map<string, number>();
  private readonly bySerial = new Map<number, number>();
  private readonly byPending = new Map<string, number>();
  /** Per id: the date, or null while an ambiguous slash date waits for the file's order. */
  private readonly dates: (IsoDate | null)[] = [];
  /** Per pending id: [first number, second number, year]. */
  private readonly pending = new Map<number, [number, number, number]>();
  private dayFirst: Evidence | null = null;
  private monthFirst: Evidence | null = null;

  constructor(private readonly place: Place) {}

  /** The id of a date written as text (a CSV field, a text cell, a JSON string). */
  fromText(raw: string, position: number, column: number): number {
    const known = this.byText.get(raw);
    if (known !== undefined) return known;
    const id = this.parse(raw.trim(), position, column);
    // Texts with a time of day can all differ: the cache must not grow with the file.
    if (this.byText.size >= TEXT_CACHE_LIMIT) this.byText.clear();
    this.byText.set(detach(raw), id);
    return id;
  }

  /** An Excel serial day number (a number cell or a JSON number); a time fraction is ignored. */
  fromSerial(serial: number, position: number, column: number): number {
    const known = this.bySerial.get(serial);
    if (known !== undefined) return known;
    const date = excelSerialToIsoDate(serial);
    if (date === null) {
      throw new InputError(`${this.place.at(position, column)}: date ${serial} is not a date (${EXPECTED})`);
    }
    const id = this.idOfDate(date);
    this.bySerial.set(serial, id);
    return id;
  }

  /** A spreadsheet date cell: its calendar date as stored (UTC parts, no time zone). */
  fromDateValue(value: Date, position: number, column: number): number {
    const t = value.getTime();
    if (!Number.isFinite(t)) throw new InputError(`${this.place.at(position, column)}: the date cell holds no valid date`);
    const y = value.getUTCFullYear();
    const m = value.getUTCMonth() + 1;
    const d = value.getUTCDate();
    if (!isValidDate(y, m, d)) throw new InputError(`${this.place.at(position, column)}: date ${value.toISOString()} is out of range`);
    return this.idOfDate(makeIsoDate(y, m, d));
  }

  /** The date of an id already resolved (not a pending one); for messages during reading. */
  textOf(id: number): string {
    const date = this.dates[id];
    if (date) return date;
    const p = this.pending.get(id);
    return p ? `${p[0]}/${p[1]}/${p[2]}` : `#${id}`;
  }

  private idOfDate(date: IsoDate): number {
    let id = this.byDate.get(date);
    if (id === undefined) {
      id = this.dates.length;
      this.dates.push(date);
      this.byDate.set(date, id);
    }
    return id;
  }

  private parse(text: string, position: number, column: number): number {
    const bad = (why: string): InputError => new InputError(`${this.place.at(position, column)}: date ${quote(text)} ${why}`);
    if (text === '') throw new InputError(`${this.place.at(position, column)}: date is empty: ${EXPECTED}`);

    if (SERIAL.test(text)) {
      const date = text.length <= 7 ? excelSerialToIsoDate(Number(text)) : null;
      if (date === null) throw bad(`is not a date (${EXPECTED})`);
      return this.idOfDate(date);
    }

    let m = ISO.exec(text);
    if (m) {
      const [y, mo, d] = [m[1] ?? '', Number(m[2]), Number(m[3])];
      if (y.length !== 4) throw bad(y.length === 2 ? 'has a two-digit year: write the year in full (2026)' : `is not a date (${EXPECTED})`);
      if (!isValidDate(Number(y), mo, d)) throw bad('is not a valid date');
      return this.idOfDate(makeIsoDate(Number(y), mo, d));
    }

    m = DOTTED.exec(text);
    if (m) {
      const [d, mo, y] = [Number(m[1]), Number(m[2]), m[3] ?? ''];
      if (y.length !== 4) throw bad(y.length === 2 ? 'has a two-digit year: write the year in full (2026)' : `is not a date (${EXPECTED})`);
      if (!isValidDate(Number(y), mo, d)) throw bad('is not a valid date (day.month.year)');
      return this.idOfDate(makeIsoDate(Number(y), mo, d));
    }

    m = SLASH.exec(text);
    if (m) {
      const [a, b, yText] = [Number(m[1]), Number(m[2]), m[3] ?? ''];
      if (yText.length !== 4) throw bad(yText.length === 2 ? 'has a two-digit year: write the year in full (2026)' : `is not a date (${EXPECTED})`);
      const y = Number(yText);
      if (a < 1 || b < 1 || (a > 12 && b > 12)) throw bad('is not a valid date');
      if (a > 12) {
        // Only day/month/year can read it: the file proves its order.
        this.noteOrder('day', text, position, column);
        if (!isValidDate(y, b, a)) throw bad('is not a valid date (day/month/year)');
        return this.idOfDate(makeIsoDate(y, b, a));
      }
      if (b > 12) {
        this.noteOrder('month', text, position, column);
        if (!isValidDate(y, a, b)) throw bad('is not a valid date (month/day/year)');
        return this.idOfDate(makeIsoDate(y, a, b));
      }
      if (a === b || this.dayFirst !== null || this.monthFirst !== null) {
        // Both numbers are 12 or less: valid either way; the order is known or moot.
        return this.idOfDate(this.dayFirst !== null ? makeIsoDate(y, b, a) : makeIsoDate(y, a, b));
      }
      const key = `${a}/${b}/${y}`;
      let id = this.byPending.get(key);
      if (id === undefined) {
        id = this.dates.length;
        this.dates.push(null);
        this.pending.set(id, [a, b, y]);
        this.byPending.set(key, id);
      }
      return id;
    }

    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text)) throw bad('has a two-digit year: write the year in full (2026)');
    throw bad(`is not a date (${EXPECTED})`);
  }

  private noteOrder(order: 'day' | 'month', text: string, position: number, column: number): void {
    if (order === 'day' && this.dayFirst === null) this.dayFirst = { text, position, column };
    if (order === 'month' && this.monthFirst === null) this.monthFirst = { text, position, column };
    if (this.dayFirst !== null && this.monthFirst !== null) {
      const [first, second] = order === 'day' ? [this.monthFirst, this.dayFirst] : [this.dayFirst, this.monthFirst];
      const firstOrder = order === 'day' ? 'month/day/year' : 'day/month/year';
      const secondOrder = order === 'day' ? 'day/month/year' : 'month/day/year';
      throw new InputError(
        `${this.place.at(second.position, second.column)}: date ${quote(second.text)} can only be ${secondOrder}, ` +
          `but ${this.place.where(first.position, first.column)} has ${quote(first.text)}, ` +
          `which can only be ${firstOrder}; a file must write all its dates in one order`,
      );
    }
  }

  /** After the whole file: every id's date, slash dates read in the order the file proved. */
  resolve(): ResolvedDates {
    const n = this.dates.length;
    const date: IsoDate[] = new Array<IsoDate>(n);
    const dayFirst = this.dayFirst !== null;
    for (let id = 0; id < n; id++) {
      const known = this.dates[id];
      if (known) {
        date[id] = known;
        continue;
      }
      const [a, b, y] = this.pending.get(id) ?? [0, 0, 0];
      const resolved = dayFirst ? makeIsoDate(y, b, a) : makeIsoDate(y, a, b);
      date[id] = resolved;
      // Settled for good: a later look-up (a maintenance date, a message) sees the date.
      this.dates[id] = resolved;
      this.pending.delete(id);
    }
    const canonical = new Int32Array(n);
    const first = new Map<string, number>();
    let merged = false;
    const month: string[] = new Array<string>(n);
    const day = new Int8Array(n);
    for (let id = 0; id < n; id++) {
      const d = date[id] as IsoDate;
      const seen = first.get(d);
      if (seen === undefined) {
        first.set(d, id);
        canonical[id] = id;
      } else {
        canonical[id] = seen;
        merged = true;
      }
      month[id] = monthOf(d);
      day[id] = dayOfMonth(d);
    }
    return { date, canonical, merged, month, day };
  }
}

/**
 * A copy of `s` that does not keep alive the big string it was sliced from (V8 keeps
 * a slice's parent). Used for every string kept past its chunk: cache keys, addresses.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
