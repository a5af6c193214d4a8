// Reading written workbooks back in the invoice tests (not a test file): cell
// texts, formulas, and the sheet XML as Excel stores it.

import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';

export function text(cell: ExcelJS.Cell): string {
  return cell.value === null || cell.value === undefined ? '' : String(cell.value);
}

export function rowTexts(row: ExcelJS.Row, n: number): string[] {
  return Array.from({ length: n }, (_, i) => text(row.getCell(i + 1)));
}

export interface FormulaValue {
  formula: string;
  result: number;
}

/** The formula of a cell and its cached result; fails the test when the cell has none. */
export function formula(cell: ExcelJS.Cell): FormulaValue {
  const v = cell.value as Partial<FormulaValue> | null;
  expect(v, `cell ${cell.address}`).toBeTypeOf('object');
  expect(typeof v?.formula, `formula of ${cell.address}`).toBe('string');
  return { formula: v?.formula ?? '', result: Number(v?.result) };
}

/** The first row (of the first 20) whose column A reads `first`. */
export function headerRowOf(sheet: ExcelJS.Worksheet, first = 'License'): number {
  for (let r = 1; r <= 20; r++) if (text(sheet.getCell(r, 1)) === first) return r;
  throw new Error('no header row');
}

export function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

/** The title lines above the header row (empty rows left out). */
export function titleTexts(sheet: ExcelJS.Worksheet, headerRow: number): string[] {
  return Array.from({ length: headerRow - 1 }, (_, i) => text(sheet.getCell(i + 1, 1))).filter((s) => s !== '');
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** A file of the xlsx package, read with `unzip`: independent of exceljs's reader. */
export function packageFile(file: string, member: string): string {
  return execFileSync('unzip', ['-p', file, member], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The XML of the `n`th sheet (1-based, in workbook order). */
export function sheetXml(file: string, n: number): string {
  return packageFile(file, `xl/worksheets/sheet${n}.xml`);
}

/** The formula stored in cell `ref` of a sheet's XML and its cached value, or null without both. */
export function cachedFormula(xml: string, ref: string): { f: string; v: number } | null {
  const m = new RegExp(`<c r="${ref}"[^>]*>(.*?)</c>`).exec(xml);
  const f = m?.[1] && /<f>([^<]*)<\/f>/.exec(m[1]);
  const v = m?.[1] && /<v>([^<]*)<\/v>/.exec(m[1]);
  return f && v ? { f: f[1] ?? '', v: Number(v[1]) } : null;
}

/** The local "YYYY-MM-DD hh:mm" of an ISO timestamp, as the workbooks write it. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
