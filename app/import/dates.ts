// Usage dates as written (SPEC §4.4), turned into small integer ids so rows can be
// aggregated before the file's slash-date order is known.
//
// `1/10/2026` can be day/month/year or month/day/year. The file proves its order when
// some slash date has a number above 12 in one place (`13/10/2026` is day first); a
// file showing both orders is rejected, naming both places. Otherwise the order under
// which all the file's dates fall in one calendar month wins (a UK weekly export of
// 01/10/2026 ... 07/10/2026 is seven days of October, not the tenth of seven months).
// When nothing decides (a file of one date such as 05/10/2026), the file is not
// guessed: a DateOrderError says so, with both readings, and the import is tried
// again with the order given (`dates: 'dmy' | 'mdy'`). Until the order is known an
// ambiguous date gets a pending id, settled when the whole file has been read.
//
// Every distinct text is parsed once (`byText` cache); the hot path of a reader is
// one Map lookup per row, or none when the text repeats the previous row's.

import { addDays, dayOfMonth, excelSerialToIsoDate, isValidDate, localToday, makeIsoDate, monthOf } from '../billing/calendar';
import type { IsoDate } from '../billing/types';
import { InputError } from '../errors';
import { quote, type Place } from './place';
import type { DateOrder, DateReadings } from './types';

const ISO = /^(\d+)-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/;
/** `2026/10/29` (Gnumeric's default for date cells written as text). */
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ].*)?$/;
const MONTH_NAME = /^\d{1,2}[ .-]*[A-Za-z\u00C0-\u024F]{3,}\.?[ .-]*\d{2,4}$|^[A-Za-z\u00C0-\u024F]{3,}\.?[ .-]*\d{1,2},?[ .-]*\d{2,4}$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d+)(?: .*)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d+)(?: .*)?$/;
const SERIAL = /^\d+$/;

const TEXT_CACHE_LIMIT = 50_000;

const EXPECTED = 'expected a date like 2026-10-01, 10/1/2026 or 1.10.2026, or an Excel day number';

/**
 * A file whose slash dates read both ways, with nothing in it to decide: the app asks
 * the clerk (showing both readings), the command line wants `--dates dmy|mdy`.
 */
export class DateOrderError extends InputError {
  constructor(
    fileName: string,
    readonly readings: DateReadings,
  ) {
    const { example, dmy, mdy } = readings;
    const range = (r: { from: IsoDate; to: IsoDate }): string => (r.from === r.to ? r.from : `${r.from} to ${r.to}`);
    super(
      `${fileName}: its dates (such as ${quote(example)}) can be read day first (${range(dmy)}) or month first (${range(mdy)}), ` +
        `and nothing in the file tells which; import it again saying which order it uses (on the command line: --dates dmy or --dates mdy)`,
    );
    this.name = 'DateOrderError';
  }
}

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
  /** Per pending id: [first number, second number, year, the text as written]. */
  private readonly pending = new Map<number, [number, number, number, string]>();
  private dayFirst: Evidence | null = null;
  private monthFirst: Evidence | null = null;
  /** The first text with a two-digit year, read as 20YY. */
  private twoDigitYear: { text: string; date: IsoDate } | null = null;
  /** Per id: where the date was first written (for a date after tomorrow). */
  private readonly firstPosition: number[] = [];
  private readonly firstColumn: number[] = [];
  /** The order in force: given with the import, or settled by `resolve`. */
  private order: DateOrder | null;
  /** How the order was settled, for the report (null: given, proven, or not needed). */
  private orderBy: 'month' | null = null;
  private resolvedOnce = false;

  constructor(
    private readonly place: Place,
    given: DateOrder | null = null,
    /** The latest date a file may report: tomorrow (no server can have reported later). */
    private readonly latest: IsoDate | null = null,
  ) {
    this.order = given;
    this.given = given;
  }

  private readonly given: DateOrder | null;

  /** What the report should say of the file's dates (two-digit years, the order chosen). */
  notes(): string[] {
    const out: string[] = [];
    if (this.twoDigitYear !== null) {
      out.push(`${this.place.fileName}: dates with a two-digit year were read as 20YY (${quote(this.twoDigitYear.text)} is ${this.twoDigitYear.date})`);
    }
    if (this.orderBy === 'month' && this.order !== null) {
      out.push(
        `${this.place.fileName}: its slash dates were read ${this.order === 'dmy' ? 'day first (day/month/year)' : 'month first (month/day/year)'}, the only order in which they all fall in one month`,
      );
    }
    return out;
  }

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
    const id = this.idOfDate(date, position, column);
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
    return this.idOfDate(makeIsoDate(y, m, d), position, column);
  }

  /** The date of an id already resolved (not a pending one); for messages during reading. */
  textOf(id: number): string {
    const date = this.dates[id];
    if (date) return date;
    const p = this.pending.get(id);
    return p ? `${p[0]}/${p[1]}/${p[2]}` : `#${id}`;
  }

  private idOfDate(date: IsoDate, position: number, column: number): number {
    let id = this.byDate.get(date);
    if (id === undefined) {
      id = this.newId(date, position, column);
      this.byDate.set(date, id);
    }
    return id;
  }

  private newId(date: IsoDate | null, position: number, column: number): number {
    const id = this.dates.length;
    this.dates.push(date);
    this.firstPosition.push(position);
    this.firstColumn.push(column);
    return id;
  }

  /** The year of a date as written: four digits, or two read as 20YY (noted for the report). */
  private year(text: string, yText: string, m: number, d: number): number | null {
    if (yText.length === 4) return Number(yText);
    if (yText.length !== 2) return null;
    const full = 2000 + Number(yText);
    if (this.twoDigitYear === null && isValidDate(full, m, d)) this.twoDigitYear = { text, date: makeIsoDate(full, m, d) };
    return full;
  }

  private parse(text: string, position: number, column: number): number {
    const bad = (why: string): InputError => new InputError(`${this.place.at(position, column)}: date ${quote(text)} ${why}`);
    if (text === '') throw new InputError(`${this.place.at(position, column)}: date is empty: ${EXPECTED}`);
    const at = (date: IsoDate): number => this.idOfDate(date, position, column);

    if (SERIAL.test(text)) {
      const date = text.length <= 7 ? excelSerialToIsoDate(Number(text)) : null;
      if (date === null) throw bad(`is not a date (${EXPECTED})`);
      return at(date);
    }

    let m = ISO.exec(text) ?? YMD_SLASH.exec(text);
    if (m) {
      const [y, mo, d] = [m[1] ?? '', Number(m[2]), Number(m[3])];
      if (y.length !== 4) throw bad(y.length === 2 ? 'has a two-digit year first, which cannot be told from a day: write the year in full (2026-10-01)' : `is not a date (${EXPECTED})`);
      if (!isValidDate(Number(y), mo, d)) throw bad('is not a valid date');
      return at(makeIsoDate(Number(y), mo, d));
    }

    m = DOTTED.exec(text);
    if (m) {
      const [d, mo, yText] = [Number(m[1]), Number(m[2]), m[3] ?? ''];
      const y = this.year(text, yText, mo, d);
      if (y === null) throw bad(`is not a date (${EXPECTED})`);
      if (!isValidDate(y, mo, d)) throw bad('is not a valid date (day.month.year)');
      return at(makeIsoDate(y, mo, d));
    }

    m = SLASH.exec(text);
    if (m) {
      const [a, b, yText] = [Number(m[1]), Number(m[2]), m[3] ?? ''];
      if (yText.length !== 4 && yText.length !== 2) throw bad(`is not a date (${EXPECTED})`);
      if (a < 1 || b < 1 || (a > 12 && b > 12)) throw bad('is not a valid date');
      if (a > 12) {
        // Only day/month/year can read it: the file proves its order.
        const y = this.year(text, yText, b, a) as number;
        this.noteOrder('day', text, position, column);
        if (!isValidDate(y, b, a)) throw bad('is not a valid date (day/month/year)');
        return at(makeIsoDate(y, b, a));
      }
      if (b > 12) {
        const y = this.year(text, yText, a, b) as number;
        this.noteOrder('month', text, position, column);
        if (!isValidDate(y, a, b)) throw bad('is not a valid date (month/day/year)');
        return at(makeIsoDate(y, a, b));
      }
      // Both numbers are 12 or less: valid either way; the order is known or moot.
      const y = this.year(text, yText, a, b) as number;
      if (a === b || this.order !== null) return at(this.order === 'dmy' ? makeIsoDate(y, b, a) : makeIsoDate(y, a, b));
      const key = `${a}/${b}/${y}`;
      let id = this.byPending.get(key);
      if (id === undefined) {
        id = this.newId(null, position, column);
        this.pending.set(id, [a, b, y, text]);
        this.byPending.set(key, id);
      }
      return id;
    }

    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{1,2}$/.test(text) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{3}$/.test(text)) throw bad(`is not a date (${EXPECTED})`);
    if (MONTH_NAME.test(text)) {
      throw bad('is written with a month name, which we do not read (names differ by language): format the date column as 2026-10-26 or 10/26/2026, or as date cells, and save again');
    }
    throw bad(`is not a date (${EXPECTED})`);
  }

  private noteOrder(order: 'day' | 'month', text: string, position: number, column: number): void {
    if (this.given !== null && (order === 'day') !== (this.given === 'dmy')) {
      throw new InputError(
        `${this.place.at(position, column)}: date ${quote(text)} can only be ${order === 'day' ? 'day/month/year' : 'month/day/year'}, ` +
          `but the import was told the file writes ${this.given === 'dmy' ? 'day first' : 'month first'}; import it again with the other order`,
      );
    }
    if (order === 'day' && this.dayFirst === null) this.dayFirst = { text, position, column };
    if (order === 'month' && this.monthFirst === null) this.monthFirst = { text, position, column };
    this.order = order === 'day' ? 'dmy' : 'mdy';
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

  /**
   * After the whole file: every id's date, slash dates read in the order the file
   * proved, or in the only order that puts all its dates in one month; else a
   * DateOrderError. A date after tomorrow rejects the file at its first place.
   */
  resolve(): ResolvedDates {
    const n = this.dates.length;
    if (this.order === null && this.pending.size > 0) this.settleOrder();
    const date: IsoDate[] = new Array<IsoDate>(n);
    for (let id = 0; id < n; id++) {
      const known = this.dates[id];
      if (known) {
        date[id] = known;
        continue;
      }
      const [a, b, y] = this.pending.get(id) ?? [0, 0, 0];
      const resolved = this.order === 'dmy' ? makeIsoDate(y, b, a) : makeIsoDate(y, a, b);
      date[id] = resolved;
      // Settled for good: a later look-up (a maintenance date, a message) sees the date.
      this.dates[id] = resolved;
      this.pending.delete(id);
    }
    if (!this.resolvedOnce) {
      this.resolvedOnce = true;
      this.checkNotFuture(date);
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

  /** The order under which every date of the file is in one month, if only one order does that. */
  private settleOrder(): void {
    const readings = (['dmy', 'mdy'] as const).map((order) => {
      const all: IsoDate[] = [];
      for (let id = 0; id < this.dates.length; id++) {
        const known = this.dates[id];
        if (known) {
          all.push(known);
          continue;
        }
        // Both numbers of a pending date are 12 or less: a valid date either way.
        const [a, b, y] = this.pending.get(id) ?? [0, 0, 0];
        all.push(order === 'dmy' ? makeIsoDate(y, b, a) : makeIsoDate(y, a, b));
      }
      all.sort();
      const from = all[0] as IsoDate;
      const to = all[all.length - 1] as IsoDate;
      return { from, to, oneMonth: from.slice(0, 7) === to.slice(0, 7) };
    });
    const [dmy, mdy] = readings as [(typeof readings)[number], (typeof readings)[number]];
    if (dmy.oneMonth !== mdy.oneMonth) {
      this.order = dmy.oneMonth ? 'dmy' : 'mdy';
      this.orderBy = 'month';
      return;
    }
    const example = [...this.pending.values()][0]?.[3] ?? '';
    throw new DateOrderError(this.place.fileName, { example, dmy: { from: dmy.from, to: dmy.to }, mdy: { from: mdy.from, to: mdy.to } });
  }

  private checkNotFuture(date: readonly IsoDate[]): void {
    const latest = this.latest;
    if (latest === null) return;
    for (let id = 0; id < date.length; id++) {
      const d = date[id] as IsoDate;
      if (d > latest) {
        throw new InputError(
          `${this.place.at(this.firstPosition[id] as number, this.firstColumn[id] as number)}: date ${d} is in the future (after ${latest}); no server can have reported it yet: check the date`,
        );
      }
    }
  }
}

/** The order given with an import and the latest date a file may hold (tomorrow). */
export function dateRules(options: { dates?: DateOrder; today?: IsoDate }): { order: DateOrder | null; latest: IsoDate } {
  return { order: options.dates ?? null, latest: addDays(options.today ?? localToday(new Date()), 1) };
}

/**
 * A copy of `s` that does not keep alive the big string it was sliced from (V8 keeps
 * a slice's parent). Used for every string kept past its chunk: cache keys, addresses.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
