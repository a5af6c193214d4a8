// Excel workbooks (SPEC §4.2): the first sheet with a header row is read; rows above
// it are the preamble. Read with exceljs's streaming reader, so rows are seen one at
// a time. Date cells come as Dates (their UTC parts are the calendar date); where
// exceljs could not apply the cell styles (styles stored after the sheet), a date
// cell comes as its serial number, which a date column reads as an Excel day number.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { CancelledError, InputError } from '../errors';
import { cellText, isEmpty, plain, type Plain } from './cells';
import { UsageCollector, type MetaField } from './collector';
import { sheetPlace, type Place } from './place';
import { CHUNK, checkCancelled, FileSource, PROGRESS_EVERY } from './source';
import { checkHeader, HEADER_SEARCH_LINES, noHeader, noRows, notePreamble, settleLicense, type FoundHeader, type ReaderResult } from './table';
import type { ReadOptions } from './types';
import { countFromNumber, countFromText } from './values';

interface SheetInternals {
  id?: number | string;
  name?: string;
}
interface ReaderInternals {
  model?: { sheets?: { name?: string; rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string }[];
}

/**
 * The sheet's name as Excel shows it. exceljs matches a sheet to its name through
 * the workbook's relationships and misses targets written as absolute paths
 * (`/xl/worksheets/sheet1.xml`, as some writers do); then it is looked up here.
 */
function sheetName(reader: unknown, sheet: unknown): string {
  const s = sheet as SheetInternals;
  const fallback = s.name ?? 'Sheet';
  if (s.name !== `Sheet${String(s.id)}`) return fallback;
  const r = reader as ReaderInternals;
  const target = `worksheets/sheet${String(s.id)}.xml`;
  const rel = r.workbookRels?.find((x) => (x.Target ?? '').replace(/^\/?(xl\/)?/, '') === target);
  const found = rel ? r.model?.sheets?.find((x) => x.rId === rel.Id)?.name : undefined;
  return found ?? fallback;
}

class SheetRows {
  constructor(
    private readonly collector: UsageCollector,
    private readonly header: FoundHeader,
    private readonly place: Place,
  ) {}

  row(row: ExcelJS.Row): void {
    const { columns } = this.header;
    const c = this.collector;
    const at = row.number;
    const get = (col: number): Plain => (col >= 0 ? plain(row.getCell(col + 1).value) : null);

    const date = get(columns.date);
    const valueColumn = this.header.kind === 'counts' ? columns.count : columns.mailbox;
    const value = get(valueColumn);
    const licenseValue = get(columns.license);
    if (isEmpty(date) && isEmpty(value) && isEmpty(licenseValue)) return; // a blank row

    let dateId: number;
    if (date instanceof Date) dateId = c.dates.fromDateValue(date, at, columns.date);
    else if (typeof date === 'number') dateId = c.dates.fromSerial(date, at, columns.date);
    else if (typeof date === 'string') dateId = c.dates.fromText(date, at, columns.date);
    else if (date === null) throw new InputError(`${this.place.at(at, columns.date)}: date is empty`);
    else throw new InputError(`${this.place.at(at, columns.date)}: date ${String(date)} is not a date`);

    let license: number;
    if (columns.license < 0 || isEmpty(licenseValue)) license = c.defaultLicense(at, columns.license);
    else license = c.license(cellText(licenseValue), at, columns.license);

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
    for (const field of ['name', 'edition', 'version', 'maintenance'] as const satisfies readonly MetaField[]) {
      const col = columns[field];
      if (col < 0) continue;
      const v = get(col);
      if (!isEmpty(v)) c.setMeta(license, field, cellText(v), at, col);
    }
  }
}

export async function readXlsx(path: string, fileName: string, size: number, options: ReadOptions): Promise<ReaderResult & { sha256: string }> {
  checkCancelled(options.signal);
  const hash = createHash('sha256');
  let bytes = 0;
  let reported = 0;
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  let streamError: Error | null = null;
  stream.on('error', (e) => {
    streamError = e;
  });
  stream.on('data', (chunk) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(b);
    bytes += b.length;
    if (options.onProgress && (bytes - reported >= PROGRESS_EVERY || bytes === size)) {
      reported = bytes;
      options.onProgress(bytes, size);
    }
  });

  let result: ReaderResult | null = null;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let rowsSeen = 0;
    // A rejection found in a row is thrown once the workbook has been read to its end:
    // exceljs removes the temp files it made for sheets only when it gets there.
    let failure: InputError | null = null;
    for await (const sheet of reader) {
      const name = sheetName(reader, sheet);
      const place = sheetPlace(fileName, name);
      const preamble: { row: number; cells: string[] }[] = [];
      let headerRow = 0;
      let rows: SheetRows | null = null;
      let collector: UsageCollector | null = null;
      // Every row is read even when not needed: the sheets stream one after another.
      for await (const row of sheet) {
        if (++rowsSeen % 2048 === 0) checkCancelled(options.signal);
        if (result !== null || failure !== null) continue;
        try {
          if (rows !== null) {
            rows.row(row);
            continue;
          }
          if (row.number > HEADER_SEARCH_LINES) continue;
          const cells: string[] = [];
          for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(plain(row.getCell(col).value)));
          const header = checkHeader(cells, place, row.number);
          if (header === null) {
            preamble.push({ row: row.number, cells });
            continue;
          }
          headerRow = row.number;
          collector = new UsageCollector(header.kind, place);
          for (const p of preamble) notePreamble(collector, p.cells, p.row);
          settleLicense(collector, header.columns, options);
          rows = new SheetRows(collector, header, place);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failure = e;
        }
      }
      if (result === null && failure === null && collector !== null) {
        if (collector.rows === 0) failure = noRows(place, headerRow);
        else result = { format: 'xlsx', detail: `sheet "${name}"`, collector };
      }
    }
    if (failure !== null) throw failure;
    checkCancelled(options.signal);
    if (streamError !== null) throw streamError;
  } catch (e) {
    if (e instanceof InputError || e instanceof CancelledError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(`${fileName} is not a readable Excel workbook (.xlsx): ${why}`);
  } finally {
    stream.destroy();
  }
  if (result === null) throw noHeader(fileName, 'rows of any sheet');

  let sha256: string;
  if (bytes === size) sha256 = hash.digest('hex');
  else sha256 = await hashFile(path); // exceljs stopped before the end of the file
  return { ...result, sha256 };
}

async function hashFile(path: string): Promise<string> {
  const source = await FileSource.open(path, {});
  try {
    await source.drain();
    return source.digest();
  } finally {
    await source.close();
  }
}
