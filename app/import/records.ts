// Delimited text as records (RFC 4180), and the delimiter a table is written with:
// shared by usage files (delimited.ts, whose rows without quotes take a faster path)
// and the vendor's summary invoice (vendor.ts).

import { InputError } from '../errors';
import type { Place } from './place';
import { HEADER_SEARCH_LINES } from './table';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** A quoted field that runs past the end of the text read so far. */
export const INCOMPLETE = -1;

/**
 * One record of `text` from `start` (RFC 4180): its fields into `out`. Returns the
 * index after the record's line end, or INCOMPLETE when the text ends first and
 * more may come (`final` false). `breaks` receives the line ends inside quotes.
 */
export function parseRecord(text: string, start: number, delimiter: string, out: string[], final: boolean, breaks: { n: number }, place: Place, line: number): number {
  out.length = 0;
  breaks.n = 0;
  const d = delimiter.charCodeAt(0);
  const length = text.length;
  let i = start;
  for (;;) {
    let value = '';
    if (text.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1 || (q + 1 === length && !final)) {
          if (!final) return INCOMPLETE;
          throw new InputError(`${place.at(line, -1)}: a quoted field is not closed (a closing " is missing)`);
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) breaks.n++;
      // Text after the closing quote (`"ab"c`) is kept, as spreadsheet programs do.
    }
    let j = i;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === d || c === 10) break;
      // A CR ends the line only before an LF; a lone CR is part of the field.
      if (c === 13 && (j + 1 >= length || text.charCodeAt(j + 1) === 10)) break;
      j++;
    }
    if (j > i) value += text.slice(i, j);
    out.push(value);
    if (j >= length) return final ? length : INCOMPLETE;
    const c = text.charCodeAt(j);
    if (c === d) {
      i = j + 1;
      continue;
    }
    if (c === 13) {
      if (j + 1 >= length) return final ? length : INCOMPLETE;
      return j + 2; // CRLF
    }
    return j + 1; // LF
  }
}

/** A table's header row as read with one delimiter, and the records above it. */
export interface HeadScan<H> {
  delimiter: Delimiter;
  /** What `match` made of the header row. */
  header: H;
  cells: string[];
  headerLine: number;
  /** Index in the text after the header row, and the line that starts there. */
  end: number;
  nextLine: number;
  preamble: { line: number; cells: string[] }[];
}

/** Looks for the header row in the first lines, reading `text` with one delimiter. */
function scanHead<H>(text: string, final: boolean, delimiter: Delimiter, place: Place, match: (cells: string[], line: number) => H | null): HeadScan<H> | null {
  const preamble: { line: number; cells: string[] }[] = [];
  const breaks = { n: 0 };
  let pos = 0;
  let line = 1;
  for (let records = 0; records < HEADER_SEARCH_LINES && line <= HEADER_SEARCH_LINES && pos < text.length; records++) {
    const cells: string[] = [];
    let end: number;
    try {
      end = parseRecord(text, pos, delimiter, cells, final, breaks, place, line);
    } catch {
      return null; // an unclosed quote: not this delimiter's table
    }
    if (end === INCOMPLETE) return null;
    const header = match(cells, line);
    if (header !== null) return { delimiter, header, cells, headerLine: line, end, nextLine: line + breaks.n + 1, preamble };
    preamble.push({ line, cells });
    pos = end;
    line += breaks.n + 1;
  }
  return null;
}

/**
 * The header row of a table in the first lines of `text` (`final`: the whole text),
 * read with the delimiter that finds one earliest; ties go to the delimiter the
 * header row uses most. `match` gives what a header row holds, null for another row.
 */
export function findHeaderRow<H>(text: string, final: boolean, place: Place, match: (cells: string[], line: number) => H | null): HeadScan<H> | null {
  let best: HeadScan<H> | null = null;
  for (const d of DELIMITERS) {
    const scan = scanHead(text, final, d, place, match);
    if (scan === null) continue;
    if (best === null || scan.headerLine < best.headerLine || (scan.headerLine === best.headerLine && scan.cells.length > best.cells.length)) best = scan;
  }
  return best;
}
