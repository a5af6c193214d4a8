// Excel workbooks (SPEC §4.2), read by our own streaming reader: the zip's central
// directory gives each part (zip.ts), the small ones (workbook, relationships, styles)
// are read whole, the shared strings and the sheets stream through a scanner of
// SpreadsheetML that makes no object per XML node. What a row means is decided in
// sheet.ts, for .ods alike. Sheets are read in the workbook's tab order; hidden ones
// are skipped unread, and a sheet is read only as far as it can still matter.
//
// A cell shows: a shared or inline string (rich text joined, phonetic runs left out),
// a number, a boolean, an error's text, or a formula's cached result (0 included; a
// formula never calculated shows nothing). A number whose style has a date format is
// a date cell (as Excel shows it), read as a Date of its serial (1900 or 1904 system).

import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { CancelledError, InputError } from '../errors';
import type { Plain } from './cells';
import { detach } from './dates';
import { WorkbookReading } from './sheet';
import { checkCancelled, FileSource } from './source';
import type { ReaderResult } from './table';
import type { ReadOptions } from './types';
import { openEntry, zipEntries, type ZipEntry } from './zip';

/** Text handed to a scanner at a time (the rest waits for the end of its element). */
const PIECE = 64 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its entities and character references replaced. */
function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e] ?? all;
  });
}

/** The value of attribute `name` in the tag `s[start, end)`, or null. */
function attr(s: string, start: number, end: number, name: string): string | null {
  let i = start;
  for (;;) {
    i = s.indexOf(name, i);
    if (i === -1 || i >= end) return null;
    const before = s.charCodeAt(i - 1);
    const eq = i + name.length;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && s.charCodeAt(eq) === 61 /* = */) {
      const q = s.charCodeAt(eq + 1);
      if (q === 34 || q === 39) {
        const close = s.indexOf(q === 34 ? '"' : "'", eq + 2);
        if (close !== -1 && close < end) return s.slice(eq + 2, close);
      }
    }
    i = eq;
  }
}

/** The name of the tag that starts at `lt` ("<name ..."), or "/name" for a closing tag. */
function tagName(s: string, lt: number): string {
  let i = lt + 1;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 62 /* > */ || c === 47 /* / */ || c === 9 || c === 10 || c === 13) {
      if (c === 47 && i === lt + 1) {
        i++;
        continue;
      }
      break;
    }
    i++;
  }
  const name = s.slice(lt + 1, i);
  // A namespace prefix (x:row) is the same element.
  const colon = name.indexOf(':');
  if (colon === -1) return name;
  return name[0] === '/' ? `/${name.slice(colon + 1)}` : name.slice(colon + 1);
}

/**
 * The text of a string item (`<si>` or a cell's `<is>`): its `<t>` elements joined,
 * those inside phonetic runs (`<rPh>`) left out.
 */
function itemText(s: string, start: number, end: number): string {
  let out = '';
  let i = start;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt === -1 || lt >= end) break;
    const name = tagName(s, lt);
    const gt = s.indexOf('>', lt);
    if (gt === -1 || gt >= end) break;
    if (name === 'rPh') {
      const stop = s.charCodeAt(gt - 1) === 47 ? gt + 1 : findClose(s, gt, end, 'rPh');
      i = stop === -1 ? end : stop;
      continue;
    }
    if (name === 't' && s.charCodeAt(gt - 1) !== 47) {
      const close = s.indexOf('</', gt + 1);
      if (close === -1 || close > end) break;
      out += s.slice(gt + 1, close);
      i = close;
      continue;
    }
    i = gt + 1;
  }
  return unescapeXml(out);
}

/** Where the closing tag of `name` after `from` ends, or -1. */
function findClose(s: string, from: number, end: number, name: string): number {
  let i = from;
  for (;;) {
    const lt = s.indexOf('</', i);
    if (lt === -1 || lt >= end) return -1;
    const gt = s.indexOf('>', lt);
    if (gt === -1) return -1;
    if (tagName(s, lt) === `/${name}`) return gt + 1;
    i = gt + 1;
  }
}

/** A part of the archive as text, whole (the small parts). */
async function entryText(path: string, fileName: string, entry: ZipEntry): Promise<string> {
  const stream = await openEntry(path, fileName, entry);
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A part streamed as text, handed to `scan` in pieces that end after the last
 * `</element>` seen (so no element is cut); `scan` returns nothing, it reads a piece whole.
 */
async function streamElements(path: string, fileName: string, entry: ZipEntry, element: string, scan: (text: string) => boolean, options: ReadOptions, progress?: (uncompressed: number) => void): Promise<void> {
  const stream = await openEntry(path, fileName, entry, 256 * 1024);
  const decoder = new StringDecoder('utf8');
  const closing = `</${element}>`;
  let text = '';
  let read = 0;
  // While no character is split between chunks, an ASCII chunk is decoded the fast way.
  let whole = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      checkCancelled(options.signal);
      read += chunk.length;
      progress?.(read);
      if (whole && isAscii(chunk)) text += chunk.toString('latin1');
      else {
        text += decoder.write(chunk);
        whole = false;
      }
      if (text.length < PIECE) continue;
      const cut = text.lastIndexOf(closing);
      if (cut === -1) continue;
      const end = cut + closing.length;
      const more = scan(text.slice(0, end));
      text = text.slice(end);
      if (!more) return;
    }
    text += decoder.end();
    scan(text);
  } finally {
    stream.destroy();
  }
}

/** Whether an Excel number format shows a date (or time): built-in ids, or codes with date parts. */
function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
  // Quoted text, escaped characters and [colour]/[$-locale] parts are not date parts.
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[dmyhsb]/i.test(bare.replace(/general/gi, ''));
}

/** Per cell style (the `s` attribute): whether it is a date format. */
function dateStyles(xml: string): boolean[] {
  const codes = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const a = ` ${m[1] ?? ''}`;
    const id = Number(attr(a, 0, a.length, 'numFmtId'));
    const code = attr(a, 0, a.length, 'formatCode');
    if (Number.isInteger(id) && code !== null) codes.set(id, unescapeXml(code));
  }
  const out: boolean[] = [];
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (xfs === null) return out;
  for (const m of (xfs[1] ?? '').matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const a = ` ${m[1] ?? ''}`;
    const id = Number(attr(a, 0, a.length, 'numFmtId') ?? 0);
    out.push(isDateFormat(id, codes.get(id)));
  }
  return out;
}

/** "B12" → column 1 (0-based); -1 when it is no cell reference. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? -1 : col - 1;
}

interface SheetListing {
  name: string;
  hidden: boolean;
  part: string | null;
}

/** Where a relationship's target is in the archive, from the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter((p) => p !== '');
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** The relationships of a part: id → [type, path in the archive]. */
function relationships(xml: string, base: string): Map<string, { type: string; part: string }> {
  const out = new Map<string, { type: string; part: string }>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = ` ${m[1] ?? ''}`;
    const id = attr(a, 0, a.length, 'Id');
    const target = attr(a, 0, a.length, 'Target');
    if (id === null || target === null) continue;
    out.set(id, { type: attr(a, 0, a.length, 'Type') ?? '', part: resolveTarget(base, unescapeXml(target)) });
  }
  return out;
}

/** Rows of one sheet's XML into the workbook: cells by their reference, values as shown. */
class SheetScanner {
  private rowNumber = 0;
  private serials = new Map<number, Date>();

  constructor(
    private readonly workbook: WorkbookReading,
    private readonly strings: string[],
    private readonly dates: boolean[],
    private readonly date1904: boolean,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** One piece of the sheet (whole rows); false when nothing more of the sheet can matter. */
  scan(s: string): boolean {
    let i = 0;
    let rows = 0;
    for (;;) {
      const lt = s.indexOf('<row', i);
      if (lt === -1) return !this.workbook.idle;
      const after = s.charCodeAt(lt + 4);
      if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
        i = lt + 4; // <rowBreaks> and the like
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt === -1) return !this.workbook.idle;
      const r = attr(s, lt, gt, 'r');
      const number = r !== null && Number(r) > 0 ? Number(r) : this.rowNumber + 1;
      this.rowNumber = number;
      if (s.charCodeAt(gt - 1) === 47) {
        i = gt + 1; // <row/>: empty
        continue;
      }
      let end = s.indexOf('</row>', gt);
      if (end === -1) end = s.length;
      if (++rows % 2048 === 0) checkCancelled(this.signal);
      if (this.workbook.idle) return false;
      const values = this.cells(s, gt + 1, end);
      if (values.length > 0) this.workbook.row(number, values);
      i = end + 6;
    }
  }

  private cells(s: string, start: number, end: number): Plain[] {
    const values: Plain[] = [];
    let i = start;
    let next = 0;
    for (;;) {
      const lt = s.indexOf('<c', i);
      if (lt === -1 || lt >= end) break;
      const after = s.charCodeAt(lt + 2);
      if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
        i = lt + 2;
        continue;
      }
      const gt = s.indexOf('>', lt);
      this.tag(s, lt + 2, gt);
      const col = this.ref >= 0 ? this.ref : next;
      next = (col < 0 ? next : col) + 1;
      if (s.charCodeAt(gt - 1) === 47) {
        i = gt + 1; // <c r="B2"/>: empty
        continue;
      }
      let close = s.indexOf('</c>', gt);
      if (close === -1 || close > end) close = end;
      const value = this.value(s, lt, gt, close);
      i = close + 4;
      if (value === null || col < 0) continue;
      while (values.length < col) values.push(null);
      values[col] = value;
    }
    return values;
  }

  /** A cell tag's attributes r (its column, -1: none), t and s, in one pass over `s[i, gt)`. */
  private ref = -1;
  private type: string | null = null;
  private style = -1;

  private tag(s: string, i: number, gt: number): void {
    this.ref = -1;
    this.type = null;
    this.style = -1;
    while (i < gt) {
      const eq = s.indexOf('=', i);
      if (eq === -1 || eq >= gt) return;
      const q = s.charCodeAt(eq + 1);
      const close = s.indexOf(q === 39 ? "'" : '"', eq + 2);
      if (close === -1 || close > gt) return;
      // The attribute's name is the one letter before "=" (r, t, s), after white space.
      const name = s.charCodeAt(eq - 1);
      const before = s.charCodeAt(eq - 2);
      if (before === 32 || before === 9 || before === 10 || before === 13) {
        if (name === 114 /* r */) this.ref = columnOf(s.slice(eq + 2, close));
        else if (name === 116 /* t */) this.type = s.slice(eq + 2, close);
        else if (name === 115 /* s */) this.style = Number(s.slice(eq + 2, close));
      }
      i = close + 1;
    }
  }

  private value(s: string, lt: number, gt: number, close: number): Plain {
    const type = this.type;
    if (type === 'inlineStr') {
      const is = s.indexOf('<is', gt);
      return is !== -1 && is < close ? itemText(s, is, close) : null;
    }
    const v = s.indexOf('<v', gt);
    if (v === -1 || v >= close) return null; // no value (a formula never calculated included)
    const vgt = s.indexOf('>', v);
    if (s.charCodeAt(vgt - 1) === 47) return null;
    const vend = s.indexOf('</', vgt);
    const raw = s.slice(vgt + 1, vend);
    switch (type) {
      case 's': {
        const text = this.strings[Number(raw)];
        return text === undefined ? null : text;
      }
      case 'str':
      case 'e':
        return unescapeXml(raw);
      case 'b':
        return raw.trim() === '1' || raw.trim() === 'true';
      case 'd': {
        // An ISO date, maybe with a time of day and no zone: its calendar date as
        // written counts (SPEC §4.4), never shifted by this computer's time zone.
        const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(raw);
        return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : unescapeXml(raw);
      }
      default: {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) return unescapeXml(raw);
        if (this.style >= 0 && this.dates[this.style] === true) return this.dateOf(n);
        return n;
      }
    }
  }

  /** A date cell's serial as a Date (UTC parts: the calendar date), shared by equal serials. */
  private dateOf(serial: number): Date {
    let d = this.serials.get(serial);
    if (d === undefined) {
      if (this.serials.size > 10_000) this.serials = new Map();
      d = new Date(Math.round((serial - 25569 + (this.date1904 ? 1462 : 0)) * 86_400_000));
      this.serials.set(serial, d);
    }
    return d;
  }
}

function notXlsx(fileName: string, why: string): InputError {
  return new InputError(`${fileName} is not a readable Excel workbook (.xlsx): ${why}`);
}

export async function readXlsx(path: string, fileName: string, size: number, options: ReadOptions): Promise<ReaderResult & { sha256: string }> {
  checkCancelled(options.signal);
  let entries: ZipEntry[];
  try {
    entries = await zipEntries(path, fileName);
  } catch (e) {
    if (e instanceof InputError) throw notXlsx(fileName, e.message.startsWith(`${fileName} is `) ? `it is ${e.message.slice(fileName.length + 4)}` : e.message);
    throw e;
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbook = new WorkbookReading(fileName, 'xlsx', options);
  // The file's hash: on a second thread while this one reads the sheets, when large.
  const source = await FileSource.open(path, { signal: options.signal });
  source.hashInParallel();
  try {
    const rootRels = byName.get('_rels/.rels');
    let workbookPart = 'xl/workbook.xml';
    if (rootRels !== undefined) {
      for (const rel of relationships(await entryText(path, fileName, rootRels), '').values()) {
        if (rel.type.endsWith('/officeDocument')) workbookPart = rel.part;
      }
    }
    const book = byName.get(workbookPart);
    if (book === undefined) throw notXlsx(fileName, 'it has no workbook part');
    const base = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
    const relsEntry = byName.get(`${base}_rels/${workbookPart.slice(base.length)}.rels`);
    const rels = relsEntry !== undefined ? relationships(await entryText(path, fileName, relsEntry), base) : new Map<string, { type: string; part: string }>();
    const bookXml = await entryText(path, fileName, book);
    const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(bookXml);
    const prAttrs = ` ${pr?.[1] ?? ''}`;
    const date1904 = ['1', 'true'].includes(attr(prAttrs, 0, prAttrs.length, 'date1904') ?? '');
    const sheets: SheetListing[] = [];
    for (const m of bookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
      const a = ` ${m[1] ?? ''}`;
      const state = attr(a, 0, a.length, 'state');
      // The relationship id, whatever prefix the writer gave its namespace (r:id as a rule).
      const id = attr(a, 0, a.length, 'r:id') ?? /\s\w+:id=["']([^"']*)["']/.exec(a)?.[1] ?? null;
      const part = id !== null ? (rels.get(id)?.part ?? null) : null;
      sheets.push({ name: unescapeXml(attr(a, 0, a.length, 'name') ?? `Sheet${sheets.length + 1}`), hidden: state === 'hidden' || state === 'veryHidden', part });
    }

    let stylesPart: string | null = null;
    let stringsPart: string | null = null;
    for (const rel of rels.values()) {
      if (rel.type.endsWith('/styles')) stylesPart = rel.part;
      if (rel.type.endsWith('/sharedStrings')) stringsPart = rel.part;
    }
    const stylesEntry = byName.get(stylesPart ?? `${base}styles.xml`);
    const dates = stylesEntry !== undefined ? dateStyles(await entryText(path, fileName, stylesEntry)) : [];
    const strings: string[] = [];
    const stringsEntry = byName.get(stringsPart ?? `${base}sharedStrings.xml`);
    if (stringsEntry !== undefined) {
      await streamElements(path, fileName, stringsEntry, 'si', (s) => {
        let i = 0;
        for (;;) {
          const lt = s.indexOf('<si', i);
          if (lt === -1) break;
          const c = s.charCodeAt(lt + 3);
          if (c !== 62 && c !== 32 && c !== 47) {
            i = lt + 3;
            continue;
          }
          const gt = s.indexOf('>', lt);
          if (s.charCodeAt(gt - 1) === 47) {
            strings.push('');
            i = gt + 1;
            continue;
          }
          const end = s.indexOf('</si>', gt);
          const stop = end === -1 ? s.length : end;
          strings.push(detach(itemText(s, gt + 1, stop)));
          i = stop + 5;
        }
        return true;
      }, options);
    }

    for (const [tab, sheet] of sheets.entries()) {
      workbook.startSheet(sheet.name, sheet.hidden, tab);
      const entry = sheet.part !== null ? byName.get(sheet.part) : undefined;
      if (!workbook.idle && entry !== undefined) {
        const scanner = new SheetScanner(workbook, strings, dates, date1904, options.signal);
        const total = Math.max(entry.size, 1);
        let reported = 0;
        await streamElements(path, fileName, entry, 'row', (s) => scanner.scan(s), options, (n) => {
          if (options.onProgress && n - reported >= 4 << 20) {
            reported = n;
            options.onProgress(Math.min(size, Math.round((n / total) * size)), size);
          }
        });
      }
      workbook.endSheet();
    }
    checkCancelled(options.signal);
    const result = workbook.finish();
    await source.drain();
    const sha256 = await source.digest(fileName);
    options.onProgress?.(size, size);
    return { ...result, sha256 };
  } catch (e) {
    if (e instanceof InputError || e instanceof CancelledError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw notXlsx(fileName, why);
  } finally {
    await source.close();
  }
}
