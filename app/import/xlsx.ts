// Excel workbooks (SPEC §4.2), read with exceljs's streaming reader, so rows are seen
// one at a time; what a row means is decided in sheet.ts, for .ods alike. Date cells
// come as Dates (their UTC parts are the calendar date); where exceljs could not apply
// the cell styles (styles stored after the sheet), a date cell comes as its serial
// number, which a date column reads as an Excel day number.

import ExcelJS from 'exceljs';
import { CancelledError, InputError } from '../errors';
import { shownValue, type Plain } from './cells';
import { checkCancelled, hashedStream } from './source';
import { WorkbookReading } from './sheet';
import type { ReaderResult } from './table';
import type { ReadOptions } from './types';

interface SheetInternals {
  id?: number | string;
  name?: string;
  state?: string;
}
interface ReaderInternals {
  model?: { sheets?: { name?: string; rId?: string; state?: string; id?: number }[] };
  workbookRels?: { Id?: string; Target?: string }[];
}

/**
 * The sheet as the workbook lists it: its name, whether it is hidden, and its place
 * among the tabs. exceljs matches a sheet to its entry through the workbook's
 * relationships and misses targets written as absolute paths
 * (`/xl/worksheets/sheet1.xml`, as some writers do); then it is looked up here.
 */
function sheetEntry(reader: unknown, sheet: unknown): { name: string; hidden: boolean; tab: number } {
  const s = sheet as SheetInternals;
  const r = reader as ReaderInternals;
  const sheets = r.model?.sheets ?? [];
  const target = `worksheets/sheet${String(s.id)}.xml`;
  const rel = r.workbookRels?.find((x) => (x.Target ?? '').replace(/^\/?(xl\/)?/, '') === target);
  let tab = rel ? sheets.findIndex((x) => x.rId === rel.Id) : -1;
  if (tab < 0) tab = sheets.findIndex((x) => x.name === s.name);
  const entry = tab >= 0 ? sheets[tab] : undefined;
  const name = entry?.name ?? s.name ?? 'Sheet';
  const state = entry?.state ?? s.state;
  return { name, hidden: state === 'hidden' || state === 'veryHidden', tab: tab >= 0 ? tab : Number(s.id ?? 0) };
}

export async function readXlsx(path: string, fileName: string, size: number, options: ReadOptions): Promise<ReaderResult & { sha256: string }> {
  checkCancelled(options.signal);
  const input = hashedStream(path, size, options);
  const workbook = new WorkbookReading(fileName, 'xlsx', options);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input.stream, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    let rowsSeen = 0;
    for await (const sheet of reader) {
      const { name, hidden, tab } = sheetEntry(reader, sheet);
      workbook.startSheet(name, hidden, tab);
      // Every row is read even when not needed: the sheets stream one after another.
      for await (const row of sheet) {
        if (++rowsSeen % 2048 === 0) checkCancelled(options.signal);
        if (workbook.idle) continue;
        const values: Plain[] = [];
        for (let col = 1; col <= row.cellCount; col++) values.push(shownValue(row.getCell(col), ExcelJS.ValueType.Formula));
        workbook.row(row.number, values);
      }
      workbook.endSheet();
    }
    checkCancelled(options.signal);
    input.check();
  } catch (e) {
    if (e instanceof InputError || e instanceof CancelledError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new InputError(`${fileName} is not a readable Excel workbook (.xlsx): ${why}`);
  } finally {
    input.stream.destroy();
  }
  const result = workbook.finish();
  return { ...result, sha256: await input.digest() };
}
