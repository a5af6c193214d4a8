// Workbooks, whatever wrote them (.xlsx and .ods, each by our own streaming reader):
// rows of cell values in, one table out (SPEC §4.2). The first *visible* sheet with a
// header row is read; hidden sheets are skipped and named in the report, and so is a
// later sheet that also holds a usage table (only one is read). A row whose license or
// date says "Total" ends the table.

import { InputError } from '../errors';
import { cellText, isEmpty, type Plain } from './cells';
import { UsageCollector, type MetaField } from './collector';
import { quote, sheetPlace, type Place } from './place';
import { checkHeader, HEADER_SEARCH_LINES, noHeader, noRows, notePreamble, settleLicense, type FoundHeader, type ReaderResult } from './table';
import type { ImportFormat, ReadOptions } from './types';
import { countFromNumber, countFromText } from './values';

/** Whether a cell says the table is over: "Total", "Totals", "Grand total" (any case). */
export function isTotal(text: string): boolean {
  return /^\s*(grand\s+)?totals?\s*:?\s*$/i.test(text);
}

/** The warning for a table that ended at a totals row. */
export function totalWarning(place: Place, position: number, written: string, after: number): string {
  const what = after === 0 ? 'it was' : `it and the ${after} ${after === 1 ? 'line' : 'lines'} after it were`;
  return `${place.at(position, -1)} says ${quote(written.trim())}: the table ends there; ${what} not read`;
}

const META_FIELDS = ['name', 'edition', 'version', 'maintenance'] as const satisfies readonly MetaField[];

/** The data rows of the sheet being read, into the collector. */
class SheetRows {
  /** Set at a totals row: the row and what it said; later non-empty rows are counted. */
  ended: { position: number; written: string } | null = null;
  rowsAfterEnd = 0;

  constructor(
    private readonly collector: UsageCollector,
    private readonly header: FoundHeader,
    private readonly place: Place,
  ) {}

  private lastLicenseText: string | null = null;
  private lastLicense = -1;
  private lastDate: Plain = null;
  private lastDateId = -1;

  private rememberDate(date: Date, id: number): number {
    this.lastDate = date;
    this.lastDateId = id;
    return id;
  }

  row(at: number, values: readonly Plain[]): void {
    if (this.ended !== null) {
      if (values.some((v) => !isEmpty(v))) this.rowsAfterEnd++;
      return;
    }
    const { columns } = this.header;
    const c = this.collector;
    const get = (col: number): Plain => (col >= 0 ? (values[col] ?? null) : null);

    const date = get(columns.date);
    const valueColumn = this.header.kind === 'counts' ? columns.count : columns.mailbox;
    const value = get(valueColumn);
    const licenseValue = get(columns.license);
    if (isEmpty(date) && isEmpty(value) && isEmpty(licenseValue)) return; // a blank row
    // A "Total" row ends the table (the previous row's license text was no such thing).
    if (typeof licenseValue === 'string' && licenseValue !== this.lastLicenseText && isTotal(licenseValue)) {
      this.ended = { position: at, written: licenseValue };
      return;
    }
    if (typeof date === 'string' && isTotal(date)) {
      this.ended = { position: at, written: date };
      return;
    }

    let dateId: number;
    // A reader may hand the same Date for equal date cells (xlsx.ts does): known at once.
    if (date === this.lastDate && date !== null) dateId = this.lastDateId;
    else if (date instanceof Date) dateId = this.rememberDate(date, c.dates.fromDateValue(date, at, columns.date));
    else if (typeof date === 'number') dateId = c.dates.fromSerial(date, at, columns.date);
    else if (typeof date === 'string') dateId = c.dates.fromText(date, at, columns.date);
    else if (date === null) throw new InputError(`${this.place.at(at, columns.date)}: date is empty`);
    else throw new InputError(`${this.place.at(at, columns.date)}: date ${String(date)} is not a date`);

    let license: number;
    if (typeof licenseValue === 'string' && licenseValue === this.lastLicenseText) license = this.lastLicense;
    else if (columns.license < 0 || isEmpty(licenseValue)) license = c.defaultLicense(at, columns.license);
    else {
      license = c.license(cellText(licenseValue), at, columns.license);
      if (typeof licenseValue === 'string') {
        this.lastLicenseText = licenseValue;
        this.lastLicense = license;
      }
    }

    if (this.header.kind === 'counts') {
      let n: number;
      if (typeof value === 'number') n = countFromNumber(value, this.place, at, valueColumn);
      else if (typeof value === 'string' || value === null) n = countFromText(value ?? '', this.place, at, valueColumn);
      else throw new InputError(`${this.place.at(at, valueColumn)}: count ${cellText(value)} is not a whole number`);
      const domain = columns.domain >= 0 ? cellText(get(columns.domain)).trim().toLowerCase() : '';
      c.addCount(license, dateId, n, domain, at);
    } else {
      const address = cellText(value).trim().toLowerCase();
      if (c.addMailbox(license, dateId, address, at, valueColumn) && columns.domain >= 0 && !address.includes('@')) {
        c.setNewAddressDomain(license, cellText(get(columns.domain)));
      }
    }
    for (const field of META_FIELDS) {
      const col = columns[field];
      if (col < 0) continue;
      const v = get(col);
      if (!isEmpty(v)) c.setMeta(license, field, cellText(v), at, col);
    }
  }
}

type SheetMode = 'skip' | 'search' | 'rows' | 'probe';

interface SheetState {
  name: string;
  tab: number;
  place: Place;
  mode: SheetMode;
  preamble: { row: number; cells: string[] }[];
  headerRow: number;
  rows: SheetRows | null;
  collector: UsageCollector | null;
}

/**
 * One workbook being read, sheet by sheet, row by row. A rejection found in a row is
 * kept and thrown by `finish`, once the reader is done with the file.
 */
export class WorkbookReading {
  private sheet: SheetState | null = null;
  private result: { collector: UsageCollector; sheet: SheetState } | null = null;
  private failure: InputError | null = null;
  private readonly hidden: string[] = [];
  private readonly withoutHeader: string[] = [];
  private readonly alsoTables: string[] = [];

  constructor(
    private readonly fileName: string,
    private readonly format: ImportFormat,
    private readonly options: ReadOptions,
  ) {}

  /** Whether rows can be skipped without looking: nothing more can change the outcome. */
  get idle(): boolean {
    return this.failure !== null || this.sheet === null || this.sheet.mode === 'skip';
  }

  /** A sheet begins; `tab` is its place among the workbook's sheets (0 first). */
  startSheet(name: string, hidden: boolean, tab: number): void {
    this.endSheet();
    const place = sheetPlace(this.fileName, name);
    let mode: SheetMode = this.result === null ? 'search' : 'probe';
    if (hidden) {
      mode = 'skip';
      this.hidden.push(name);
    }
    this.sheet = { name, tab, place, mode, preamble: [], headerRow: 0, rows: null, collector: null };
  }

  row(position: number, values: readonly Plain[]): void {
    const s = this.sheet;
    if (s === null || s.mode === 'skip' || this.failure !== null) return;
    try {
      if (s.mode === 'rows') {
        (s.rows as SheetRows).row(position, values);
        return;
      }
      if (position > HEADER_SEARCH_LINES) {
        this.noHeaderIn(s);
        return;
      }
      const cells = values.map(cellText);
      const header = checkHeader(cells, s.place, position);
      if (header === null) {
        if (s.mode === 'search') s.preamble.push({ row: position, cells });
        return;
      }
      if (s.mode === 'probe') {
        if (this.result !== null && s.tab < this.result.sheet.tab) {
          this.failure = new InputError(
            `${this.fileName}: sheets "${s.name}" and "${this.result.sheet.name}" both have a usage table and the file does not store them in their order, so the first one cannot be told; keep one of them or save each as a file of its own`,
          );
          return;
        }
        this.alsoTables.push(s.name);
        s.mode = 'skip';
        return;
      }
      s.headerRow = position;
      const collector = new UsageCollector(header.kind, s.place, this.options);
      for (const p of s.preamble) notePreamble(collector, p.cells, p.row);
      settleLicense(collector, header.columns, this.options);
      s.collector = collector;
      s.rows = new SheetRows(collector, header, s.place);
      s.mode = 'rows';
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      this.failure = e;
    }
  }

  private noHeaderIn(s: SheetState): void {
    if (s.mode === 'search') this.withoutHeader.push(s.name);
    s.mode = 'skip';
  }

  /** The sheet being read ends (also called by `startSheet` and `finish`). */
  endSheet(): void {
    const s = this.sheet;
    this.sheet = null;
    if (s === null || this.failure !== null) return;
    if (s.mode === 'search') this.withoutHeader.push(s.name);
    if (s.mode !== 'rows' || s.collector === null || s.rows === null) return;
    if (s.collector.rows === 0) {
      this.failure = noRows(s.place, s.headerRow);
      return;
    }
    const ended = s.rows.ended;
    if (ended !== null) s.collector.warnings.push(totalWarning(s.place, ended.position, ended.written, s.rows.rowsAfterEnd));
    this.result = { collector: s.collector, sheet: s };
  }

  /** The table read, or the reason there is none. */
  finish(): ReaderResult {
    this.endSheet();
    if (this.failure !== null) throw this.failure;
    if (this.result === null) {
      if (this.hidden.length > 0 && this.withoutHeader.length === 0) {
        throw new InputError(
          `${this.fileName} has no visible sheet with a usage table: ${listSheets(this.hidden)} ${this.hidden.length === 1 ? 'is' : 'are'} hidden, and hidden sheets are not read; show the sheet (or copy its table to a visible one) and save again`,
        );
      }
      throw noHeader(this.fileName, 'rows of any visible sheet');
    }
    const { collector, sheet } = this.result;
    if (this.hidden.length > 0) {
      collector.warnings.push(`${this.fileName}: ${listSheets(this.hidden)} ${this.hidden.length === 1 ? 'is a hidden sheet' : 'are hidden sheets'} and ${this.hidden.length === 1 ? 'was' : 'were'} not read`);
    }
    const before = this.withoutHeader.filter((n) => n !== sheet.name);
    if (before.length > 0) {
      collector.warnings.push(`${this.fileName}: ${listSheets(before)} ${before.length === 1 ? 'has' : 'have'} no usage table and ${before.length === 1 ? 'was' : 'were'} skipped`);
    }
    if (this.alsoTables.length > 0) {
      collector.warnings.push(
        `${this.fileName}: ${listSheets(this.alsoTables)} also ${this.alsoTables.length === 1 ? 'has' : 'have'} a usage table and ${this.alsoTables.length === 1 ? 'was' : 'were'} not read (only the first visible sheet with one is); import ${this.alsoTables.length === 1 ? 'it' : 'them'} as a file of ${this.alsoTables.length === 1 ? 'its' : 'their'} own`,
      );
    }
    return { format: this.format, detail: `sheet "${sheet.name}"`, collector };
  }
}

function listSheets(names: readonly string[]): string {
  const quoted = names.map((n) => `sheet "${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
