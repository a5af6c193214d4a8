// OpenDocument spreadsheets (.ods: LibreOffice's own format, also written by
// Gnumeric), SPEC §4.2. content.xml is streamed through a SAX parser, so memory holds
// one row at a time. What a cell shows is its typed value (office:value,
// office:date-value, a formula's cached result) or, for text, its paragraphs.
// LibreOffice compresses runs of equal rows and cells into one element with a repeat
// count (a sheet can claim a million empty rows): empty runs are skipped by count,
// never expanded.

import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CancelledError, InputError } from '../errors';
import type { Plain } from './cells';
import { WorkbookReading } from './sheet';
import { checkCancelled, FileSource } from './source';
import type { ReaderResult } from './table';
import type { ReadOptions } from './types';
import { openEntry, zipEntries } from './zip';

const TABLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';
/** Columns beyond this are not expanded from a repeated cell (Excel's own limit). */
const MAX_COLUMNS = 16_384;
/** A non-empty row repeated more often than this is not a usage table. */
const MAX_REPEATED_ROW = 100_000;

interface CellState {
  type: string | null;
  value: Plain;
  repeat: number;
  text: string[];
  paragraph: number;
}

/** Rows of content.xml into a WorkbookReading. */
class ContentReader {
  private readonly hiddenStyles = new Set<string>();
  private styleName: string | null = null;
  private tab = -1;
  private inTable = 0;
  private rowNumber = 0;
  private row: Plain[] | null = null;
  /** Empty cells seen in the row since its last non-empty one (expanded only if a value follows). */
  private pendingEmpty = 0;
  private rowRepeat = 1;
  private cell: CellState | null = null;
  private checkedNamespace = false;
  /** Inside a cell's comment (office:annotation) or a drawing: its text is not the cell's value. */
  private aside = 0;

  constructor(
    private readonly workbook: WorkbookReading,
    private readonly fileName: string,
  ) {}

  open(node: SaxesTagPlain): void {
    const a = node.attributes;
    if (this.aside > 0 || isAside(node.name)) {
      this.aside++;
      return;
    }
    switch (node.name) {
      case 'office:document-content':
        if (a['xmlns:table'] !== TABLE_NS) throw this.notOds('its tables are not in the OpenDocument namespace');
        this.checkedNamespace = true;
        return;
      case 'style:style':
        this.styleName = a['style:family'] === 'table' ? (a['style:name'] ?? null) : null;
        return;
      case 'style:table-properties':
        if (this.styleName !== null && a['table:display'] === 'false') this.hiddenStyles.add(this.styleName);
        return;
      case 'table:table':
        if (this.inTable++ > 0) return; // a table inside a cell: its rows are not the sheet's
        this.tab++;
        this.rowNumber = 0;
        this.workbook.startSheet(a['table:name'] ?? `Sheet${this.tab + 1}`, this.hiddenStyles.has(a['table:style-name'] ?? ''), this.tab);
        return;
      case 'table:table-row':
        if (this.inTable !== 1) return;
        this.row = [];
        this.pendingEmpty = 0;
        this.rowRepeat = repeatOf(a['table:number-rows-repeated']);
        return;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (this.inTable !== 1 || this.row === null) return;
        this.cell = { type: a['office:value-type'] ?? null, value: typedValue(a), repeat: repeatOf(a['table:number-columns-repeated']), text: [], paragraph: 0 };
        return;
      case 'text:p':
      case 'text:h':
        if (this.cell !== null && this.cell.paragraph++ > 0) this.cell.text.push('\n');
        return;
      case 'text:s':
        this.cell?.text.push(' '.repeat(Math.min(repeatOf(a['text:c']), 1000)));
        return;
      case 'text:tab':
        this.cell?.text.push('\t');
        return;
      case 'text:line-break':
        this.cell?.text.push('\n');
        return;
      default:
    }
  }

  text(t: string): void {
    if (this.aside === 0 && this.cell !== null && this.cell.paragraph > 0) this.cell.text.push(t);
  }

  close(name: string): void {
    if (this.aside > 0) {
      this.aside--;
      return;
    }
    switch (name) {
      case 'table:table':
        if (--this.inTable === 0) this.workbook.endSheet();
        return;
      case 'table:table-cell':
      case 'table:covered-table-cell': {
        const cell = this.cell;
        const row = this.row;
        if (cell === null || row === null || this.inTable !== 1) return;
        this.cell = null;
        const value = shownValue(cell);
        if (value === null) {
          this.pendingEmpty += cell.repeat;
          return;
        }
        const width = row.length + this.pendingEmpty + cell.repeat;
        if (width > MAX_COLUMNS) return;
        for (let i = 0; i < this.pendingEmpty; i++) row.push(null);
        this.pendingEmpty = 0;
        for (let i = 0; i < cell.repeat; i++) row.push(value);
        return;
      }
      case 'table:table-row': {
        const row = this.row;
        if (row === null || this.inTable !== 1) return;
        this.row = null;
        const first = this.rowNumber + 1;
        this.rowNumber += this.rowRepeat;
        if (row.length === 0 || this.workbook.idle) return; // empty rows, however many
        if (this.rowRepeat > MAX_REPEATED_ROW) {
          throw new InputError(`${this.fileName}: sheet row ${first} is repeated ${this.rowRepeat} times; a usage table does not look like that`);
        }
        for (let r = 0; r < this.rowRepeat; r++) this.workbook.row(first + r, row);
        return;
      }
      default:
    }
  }

  finish(): void {
    if (!this.checkedNamespace) throw this.notOds('it has no spreadsheet content');
  }

  notOds(why: string): InputError {
    return new InputError(`${this.fileName} is not a readable OpenDocument spreadsheet (.ods): ${why}`);
  }
}

/** A comment on a cell, or a shape anchored in it: what it says is not the cell's value. */
function isAside(name: string): boolean {
  return name === 'office:annotation' || name.startsWith('draw:');
}

function repeatOf(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

/** The value an element's attributes give, by its office:value-type; null for text (read from its paragraphs). */
function typedValue(a: Record<string, string>): Plain {
  switch (a['office:value-type']) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(a['office:value']);
      return Number.isFinite(n) ? n : null;
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(a['office:date-value'] ?? '');
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    }
    case 'boolean':
      return a['office:boolean-value'] === 'true';
    case 'string':
      return a['office:string-value'] ?? null;
    default:
      return null;
  }
}

function shownValue(cell: CellState): Plain {
  if (cell.value !== null) return cell.value;
  const text = cell.text.join('');
  return text === '' ? null : text;
}

export async function readOds(path: string, fileName: string, size: number, options: ReadOptions): Promise<ReaderResult & { sha256: string }> {
  checkCancelled(options.signal);
  const entries = await zipEntries(path, fileName);
  const content = entries.find((e) => e.name === 'content.xml');
  if (content === undefined) throw new InputError(`${fileName} is not a readable OpenDocument spreadsheet (.ods): it has no content.xml`);
  const workbook = new WorkbookReading(fileName, 'ods', options);
  const reader = new ContentReader(workbook, fileName);
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: unknown = null;
  const guard = (f: () => void): void => {
    if (failure !== null) return;
    try {
      f();
    } catch (e) {
      failure = e;
    }
  };
  parser.on('opentag', (node) => guard(() => reader.open(node)));
  parser.on('text', (t) => guard(() => reader.text(t)));
  parser.on('closetag', (node) => guard(() => reader.close(node.name)));
  parser.on('error', (e) => {
    failure ??= reader.notOds(`its XML is broken (${e.message})`);
  });

  const stream = await openEntry(path, fileName, content);
  const decoder = new StringDecoder('utf8');
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      checkCancelled(options.signal);
      parser.write(decoder.write(chunk));
      if (failure !== null) break;
      read += chunk.length;
      options.onProgress?.(Math.min(size, Math.round((read / Math.max(content.size, 1)) * size)), size);
    }
    if (failure === null) {
      parser.write(decoder.end());
      parser.close();
    }
  } catch (e) {
    if (e instanceof InputError || e instanceof CancelledError) throw e;
    throw reader.notOds(e instanceof Error ? e.message : String(e));
  } finally {
    stream.destroy();
  }
  if (failure !== null) throw failure;
  reader.finish();
  const result = workbook.finish();

  const source = await FileSource.open(path, { signal: options.signal });
  try {
    await source.drain();
    return { ...result, sha256: await source.digest() };
  } finally {
    await source.close();
  }
}
