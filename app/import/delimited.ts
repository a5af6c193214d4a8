// Delimited text (SPEC §4.1, §4.2): `,` `;` tab or `|`, found from the content; LF or
// CRLF; RFC 4180 quoting. Built for files of millions of rows: lines are found with
// indexOf in 1 MiB pieces of text, a line without `"` is split in place (no regex,
// no array, a string made only for the fields used), and a row repeating the
// previous row's license or date costs no look-up at all.

import { InputError } from '../errors';
import { UsageCollector } from './collector';
import type { HeaderColumns } from './columns';
import { linePlace, type Place } from './place';
import { DELIMITER_NAMES, findHeaderRow, INCOMPLETE, parseRecord } from './records';
import { isTotal, totalWarning } from './sheet';
import { encodingLabel, encodingWarning, type TextSource } from './source';
import {
  checkHeader,
  HEADER_SEARCH_LINES,
  noHeader,
  noRows,
  notePreamble,
  settleLicense,
  type FoundHeader,
  type ReaderResult,
} from './table';
import { ByteArena, ByteKeys, hashBytes, LicenseSlots, sameBytes, sameText } from './byte-keys';
import { countFromSlice } from './values';
import type { ReadOptions } from './types';

/**
 * Splits rows into the collector; one instance per file.
 *
 * Most rows repeat the previous row's license and date, and name a mailbox of that
 * license in the order of the day before. Those are checked by comparing text in
 * place: when the text is ASCII, in its bytes four at a time (see TextSource.asciiAt);
 * only a row that differs makes strings and map look-ups.
 */
class RowReader {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /**
   * The previous row's license and date: index and length always; the text when it is
   * at hand (null when found by its bytes, which only the byte path then compares).
   */
  private lastLicense: string | null = null;
  private lastLicenseIndex = -1;
  private lastLicenseLength = -1;
  private lastDate: string | null = null;
  private lastDateId = -1;
  private lastDateLength = -1;
  /** Date and license texts seen, by their bytes. */
  private readonly dateKeys = new ByteKeys();
  private readonly licenseKeys = new ByteKeys();
  private readonly mailboxColumn: number;
  private readonly valueColumn: number;

  /** The bytes of the current text when it is ASCII (character i at byte base + i), else null. */
  private bytes: DataView | null = null;
  private base = 0;
  /** Where the previous row's license and date are in the current text (-1: not in it). */
  private previousLicenseAt = -1;
  private previousDateAt = -1;

  /** Per license: the order its mailboxes came in, to guess the next row's. */
  private readonly slots: (LicenseSlots | undefined)[] = [];
  /** ASCII addresses as bytes, to compare with the text's bytes. */
  private readonly arena = new ByteArena(1 << 16);

  constructor(
    private readonly collector: UsageCollector,
    private readonly columns: HeaderColumns,
    private readonly fieldCount: number,
    private readonly delimiter: string,
    private readonly place: Place,
    private readonly headerLine: number,
  ) {
    this.starts = new Int32Array(fieldCount + 1);
    this.ends = new Int32Array(fieldCount + 1);
    this.mailboxColumn = columns.mailbox;
    this.valueColumn = collector.kind === 'counts' ? columns.count : columns.mailbox;
    // Mailboxes set aside in a temp file take their slots with them; the tables are
    // kept for the licenses that come next (made anew, they were 30 MB of garbage in
    // the ×10 month, freed only by a full collection).
    collector.onSpill = (kept) => {
      const keep = this.slots[kept];
      this.slots.forEach((slots, license) => {
        if (license !== kept && slots !== undefined) this.spareSlots.push(slots.reset());
      });
      this.slots.length = 0;
      this.arena.clear();
      if (keep === undefined) return;
      // The license being read keeps its table: its addresses' bytes go into the emptied arena.
      for (let slot = 0, address = collector.addressAt(kept, 0); address !== undefined; address = collector.addressAt(kept, ++slot)) {
        keep.bytesAt[slot] = this.arena.add(address) + 1;
      }
      this.slots[kept] = keep;
    };
  }

  private readonly spareSlots: LicenseSlots[] = [];

  /** A license's table, made when the license first has a mailbox (licenses before it need none). */
  private slotsOf(license: number): LicenseSlots {
    let slots = this.slots[license];
    if (slots === undefined) this.slots[license] = slots = this.spareSlots.pop() ?? new LicenseSlots();
    return slots;
  }

  /** Set at a row whose license or date says "Total": the table ends there. */
  private ended: { line: number; written: string } | null = null;
  private linesAfterEnd = 0;

  /** Ends the table at a totals row (true), or false when the text is no such thing. */
  private endsAt(raw: string, line: number): boolean {
    if (!isTotal(raw)) return false;
    this.ended = { line, written: raw };
    return true;
  }

  /** After the last line: the warning for a table that ended at a totals row. */
  finish(): void {
    if (this.ended !== null) this.collector.warnings.push(totalWarning(this.place, this.ended.line, this.ended.written, this.linesAfterEnd));
  }

  /** A new piece of text: its bytes when they match it character for character. */
  setText(bytes: DataView | null, base: number): void {
    this.bytes = bytes;
    this.base = base;
    this.previousLicenseAt = -1;
    this.previousDateAt = -1;
  }

  /** A line without quotes, `text[start, end)`. */
  line(text: string, start: number, end: number, line: number): void {
    if (this.ended !== null) {
      if (!isBlank(text, start, end, this.delimiter)) this.linesAfterEnd++;
      return;
    }
    const starts = this.starts;
    const ends = this.ends;
    const max = this.fieldCount;
    const delimiter = this.delimiter;
    let n = 0;
    let from = start;
    for (;;) {
      const d = text.indexOf(delimiter, from);
      if (d === -1 || d >= end) {
        if (n < max) {
          starts[n] = from;
          ends[n] = end;
        }
        n++;
        break;
      }
      if (n < max) {
        starts[n] = from;
        ends[n] = d;
      }
      n++;
      from = d + 1;
    }
    if (n !== max) {
      if (isBlank(text, start, end, delimiter)) return;
      throw this.wrongFieldCount(line, n);
    }
    this.row(text, line, this.bytes);
  }

  /** A record parsed the slow way (quotes): its fields are laid end to end in one string. */
  fields(cells: readonly string[], line: number): void {
    if (this.ended !== null) {
      if (!cells.every((c) => c.trim() === '')) this.linesAfterEnd++;
      return;
    }
    if (cells.length !== this.fieldCount) {
      if (cells.every((c) => c.trim() === '')) return;
      throw this.wrongFieldCount(line, cells.length);
    }
    let text = '';
    for (let i = 0; i < cells.length; i++) {
      this.starts[i] = text.length;
      text += cells[i];
      this.ends[i] = text.length;
    }
    this.row(text, line, null);
    // Positions in `text` mean nothing in the text the next row is in.
    this.previousLicenseAt = -1;
    this.previousDateAt = -1;
  }

  private wrongFieldCount(line: number, n: number): InputError {
    return new InputError(
      `${this.place.at(line, -1)}: ${n} field${n === 1 ? '' : 's'} where the header (line ${this.headerLine}) has ${this.fieldCount}; ` +
        `a value with a ${describeDelimiter(this.delimiter)} in it must be in double quotes`,
    );
  }

  private row(text: string, line: number, bytes: DataView | null): void {
    const { starts, ends, columns, collector } = this;
    const base = this.base;

    // The date: the previous row's, a date text seen before (by its bytes), or a new one.
    const ds = starts[columns.date] as number;
    const de = ends[columns.date] as number;
    let dateId = -1;
    if (bytes !== null) {
      const pd = this.previousDateAt;
      if (pd >= 0 && de - ds === this.lastDateLength && sameBytes(bytes, base + ds, bytes, base + pd, de - ds)) dateId = this.lastDateId;
      else dateId = this.dateKeys.find(bytes, base + ds, de - ds);
    } else if (this.lastDate !== null && sameText(text, ds, de, this.lastDate)) {
      dateId = this.lastDateId;
    }
    if (dateId < 0) {
      const raw = text.slice(ds, de);
      if (raw.trim() === '' && isBlankRow(text, starts, ends, this.fieldCount)) return;
      // A totals row: its date cell (or, with a new date text, its license cell) says so.
      if (this.endsAt(raw, line)) return;
      if (columns.license >= 0 && this.endsAt(text.slice(starts[columns.license] as number, ends[columns.license] as number), line)) return;
      dateId = collector.dates.fromText(raw, line, columns.date);
      if (bytes !== null) this.dateKeys.add(raw, dateId);
      this.lastDate = raw;
    } else if (bytes !== null) {
      this.lastDate = null; // known by its bytes only
    }
    this.lastDateId = dateId;
    this.lastDateLength = de - ds;
    this.previousDateAt = ds;

    let license: number;
    if (columns.license >= 0) {
      const ls = starts[columns.license] as number;
      const le = ends[columns.license] as number;
      license = -1;
      if (bytes !== null) {
        const pl = this.previousLicenseAt;
        if (pl >= 0 && le - ls === this.lastLicenseLength && sameBytes(bytes, base + ls, bytes, base + pl, le - ls)) license = this.lastLicenseIndex;
        else license = this.licenseKeys.find(bytes, base + ls, le - ls);
      } else if (this.lastLicense !== null && sameText(text, ls, le, this.lastLicense)) {
        license = this.lastLicenseIndex;
      }
      if (license < 0) {
        const raw = text.slice(ls, le);
        if (this.endsAt(raw, line)) return;
        license = collector.license(raw, line, columns.license);
        if (bytes !== null) this.licenseKeys.add(raw, license);
        this.lastLicense = raw;
      } else if (bytes !== null) {
        this.lastLicense = null;
      }
      this.lastLicenseIndex = license;
      this.lastLicenseLength = le - ls;
      this.previousLicenseAt = ls;
    } else {
      license = this.lastLicenseIndex >= 0 ? this.lastLicenseIndex : (this.lastLicenseIndex = collector.defaultLicense(line, -1));
    }

    const vs = starts[this.valueColumn] as number;
    const ve = ends[this.valueColumn] as number;
    if (this.mailboxColumn < 0) {
      const count = countFromSlice(text, vs, ve, this.place, line, this.valueColumn);
      const domain = columns.domain >= 0 ? text.slice(starts[columns.domain] as number, ends[columns.domain] as number).trim().toLowerCase() : '';
      collector.addCount(license, dateId, count, domain, line);
    } else {
      this.mailbox(text, vs, ve, license, dateId, line, bytes);
    }

    if (columns.name >= 0) this.meta(text, license, 'name', columns.name, line);
    if (columns.edition >= 0) this.meta(text, license, 'edition', columns.edition, line);
    if (columns.version >= 0) this.meta(text, license, 'version', columns.version, line);
    if (columns.maintenance >= 0) this.meta(text, license, 'maintenance', columns.maintenance, line);
  }

  private mailbox(text: string, vs: number, ve: number, license: number, dateId: number, line: number, bytes: DataView | null): void {
    const collector = this.collector;
    let s = vs;
    let e = ve;
    while (s < e && text.charCodeAt(s) <= 32) s++;
    while (e > s && text.charCodeAt(e - 1) <= 32) e--;
    const length = e - s;
    let order = this.slotsOf(license);
    // Exports list a license's mailboxes in much the same order every day: try the
    // mailbox that followed the previous row's last time, then the one after that
    // (a mailbox off today), comparing text in place.
    const previous = order.previous;
    let candidate = previous >= 0 ? (order.follow[previous] as number) - 1 : order.first;
    for (let attempt = 0; attempt < 2 && candidate >= 0; attempt++) {
      let same: boolean;
      if (bytes !== null) {
        const at = (order.bytesAt[candidate] as number) - 1;
        const kept = this.arena.view;
        same = at >= 0 && kept.getUint16(at, true) === length && sameBytes(bytes, this.base + s, kept, at + 2, length);
      } else {
        const known = collector.addressAt(license, candidate);
        same = known !== undefined && sameText(text, s, e, known);
      }
      if (same) {
        collector.markMailbox(license, candidate, dateId);
        order.step(candidate);
        return;
      }
      candidate = (order.follow[candidate] as number) - 1;
    }
    if (bytes !== null) {
      // Not where expected: look the bytes up (an address written in lower case is found).
      const slot = order.find(bytes, this.base + s, length, this.arena.view);
      if (slot >= 0) {
        collector.markMailbox(license, slot, dateId);
        order.step(slot);
        return;
      }
    }
    const address = text.slice(s, e).toLowerCase();
    const added = collector.addMailbox(license, dateId, address, line, this.valueColumn);
    const slot = collector.lastSlot;
    order = this.slotsOf(license); // anew if the collector set its mailboxes aside
    if (added) {
      order.grow(slot);
      this.remember(order, slot, address);
      if (this.columns.domain >= 0 && !address.includes('@')) {
        collector.setNewAddressDomain(license, text.slice(this.starts[this.columns.domain] as number, this.ends[this.columns.domain] as number));
      }
    }
    order.step(slot);
  }

  /** Keeps a new ASCII address's bytes for `mailbox`. */
  private remember(order: LicenseSlots, slot: number, address: string): void {
    const at = this.arena.add(address);
    if (at < 0) return;
    order.bytesAt[slot] = at + 1;
    order.insert(slot, hashBytes(this.arena.view, at + 2, address.length), this.arena.view);
  }

  private meta(text: string, license: number, field: 'name' | 'edition' | 'version' | 'maintenance', column: number, line: number): void {
    const s = this.starts[column] as number;
    const e = this.ends[column] as number;
    if (e > s) this.collector.setMeta(license, field, text.slice(s, e), line, column);
  }
}

function isBlank(text: string, start: number, end: number, delimiter: string): boolean {
  const d = delimiter.charCodeAt(0);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== d && c > 32) return false;
  }
  return true;
}

function isBlankRow(text: string, starts: Int32Array, ends: Int32Array, n: number): boolean {
  for (let f = 0; f < n; f++) {
    for (let i = starts[f] as number; i < (ends[f] as number); i++) if (text.charCodeAt(i) > 32) return false;
  }
  return true;
}

function describeDelimiter(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

export async function readDelimited(source: TextSource, fileName: string, options: ReadOptions): Promise<ReaderResult> {
  const place = linePlace(fileName);

  // The head: enough text for the header search.
  let text = '';
  let eof = false;
  let pieces = 0;
  for (;;) {
    const more = await source.next();
    if (more === null) {
      eof = true;
      break;
    }
    text += more;
    pieces++;
    if (countLines(text, HEADER_SEARCH_LINES) >= HEADER_SEARCH_LINES) break;
  }
  // Text made of one piece, just read, is still in the source's bytes.
  let asciiAt = pieces === 1 && !eof ? source.asciiAt : -1;

  // A header row one delimiter reads wrongly (a count and a mailbox column, ...) counts
  // as found, and is reported only if no other delimiter finds one as early.
  const best = findHeaderRow(text, eof, place, (cells, line): FoundHeader | InputError | null => {
    try {
      return checkHeader(cells, place, line);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
  });
  if (best === null) {
    if (text.trim() === '') throw new InputError(`${fileName} is not a usage export: it holds no text`);
    throw noHeader(fileName, 'lines');
  }
  const header = best.header;
  if (header instanceof InputError) throw header;

  const collector = new UsageCollector(header.kind, place, options);
  for (const p of best.preamble) notePreamble(collector, p.cells, p.line);
  settleLicense(collector, header.columns, options);

  const delimiter = best.delimiter;
  const reader = new RowReader(collector, header.columns, best.cells.length, delimiter, place, best.headerLine);
  const cells: string[] = [];
  const breaks = { n: 0 };
  let pos = best.end;
  let line = best.nextLine;

  for (;;) {
    reader.setText(asciiAt >= 0 ? source.bytes : null, asciiAt);
    let quote = text.indexOf('"', pos);
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1) break;
      if (quote !== -1 && quote < nl) {
        const end = parseRecord(text, pos, delimiter, cells, false, breaks, place, line);
        if (end === INCOMPLETE) break;
        reader.fields(cells, line);
        line += breaks.n + 1;
        pos = end;
        quote = text.indexOf('"', pos);
        continue;
      }
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      if (end > pos) reader.line(text, pos, end, line);
      line++;
      pos = nl + 1;
    }
    if (eof) {
      // What is left has no line end: a last line, or a quoted field that never closes.
      while (pos < text.length) {
        if (text.indexOf('"', pos) !== -1) {
          const end = parseRecord(text, pos, delimiter, cells, true, breaks, place, line);
          reader.fields(cells, line);
          line += breaks.n + 1;
          pos = end;
        } else {
          let end = text.length;
          if (text.charCodeAt(end - 1) === 13) end--;
          if (end > pos) reader.line(text, pos, end, line);
          pos = text.length;
        }
      }
      break;
    }
    const more = await source.next();
    if (pos < text.length) {
      // A record running on (a quoted line end): joined as strings, no bytes to compare.
      text = text.slice(pos) + (more ?? '');
      asciiAt = -1;
    } else {
      text = more ?? '';
      asciiAt = source.asciiAt;
    }
    pos = 0;
    if (more === null) eof = true;
  }

  if (collector.rows === 0) throw noRows(place, best.headerLine);
  reader.finish();
  const encodingNote = encodingWarning(source.encoding, fileName);
  if (encodingNote !== null) collector.warnings.push(encodingNote);
  const detail = `${DELIMITER_NAMES[delimiter]}-separated, ${encodingLabel(source.encoding, source.bom)}`;
  return { format: 'csv', detail, collector };
}

/** Line ends in `text`, counting no further than `limit`. */
function countLines(text: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && n < limit; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
