// Shared look of the invoice sheets: header style, column widths that fit the
// content, frozen header, autofilter, page setup.

import type ExcelJS from 'exceljs';
import { columnLetters } from '../import/place';

export const FORMAT = {
  count: '#,##0',
  usd: '"$"#,##0.00',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
  /** A difference: a plus sign when above zero, so "+3" reads as "3 more". */
  signedCount: '+#,##0;-#,##0;0',
  signedUsd: '+"$"#,##0.00;-"$"#,##0.00;"$"0.00',
} as const;

export const FILL = {
  header: 'FFD9E1F2',
  dropped: 'FFFCE4D6',
  billed: 'FFE2EFDA',
  gap: 'FFEDEDED',
  total: 'FFF2F2F2',
  /** A reconciliation line whose counts or amounts differ. */
  differs: 'FFFCE4D6',
  /** A license on one side of the reconciliation only. */
  oneSide: 'FFFFF2CC',
} as const;

export const RULE_COLOR = { argb: 'FF808080' };

/** Excel's default font, named: a font without a name prints in a serif face in LibreOffice. */
export function font(over: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: 'Calibri', family: 2, size: 11, ...over };
}

/** Points per line of 11-point text: Excel's default row height. */
export const LINE_HEIGHT = 15;

// Widths of Calibri's characters relative to its digit "0", which is Excel's
// unit of column width. Close enough to fit columns and count wrapped lines.
const NARROW = new Set([...' il.,:;|!\'`jI']);
const SEMI = new Set([...'frt()[]{}-/"*']);
const WIDE = new Set([...'mwMW@%&']);

/** How wide `text` is in Excel's column-width units (11-point Calibri). */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) units += 0.5;
    else if (SEMI.has(ch)) units += 0.65;
    else if (WIDE.has(ch)) units += 1.5;
    else if (ch >= 'A' && ch <= 'Z') units += 1.15;
    else if (ch.charCodeAt(0) >= 0x2e80) units += 2; // CJK and other full-width text
    else units += 1;
  }
  return units;
}

/** Room for text in a column `width` wide: Excel keeps a little padding on each side. */
const PADDING = 1;
/** An indent of 1 in Excel is about this many units. */
const INDENT = 1.5;

/** A little more than measured: the table of widths is an estimate, and cut-off text is worse than a little room. */
const SLACK = 1.05;
/** Bold text is about a tenth wider. */
const BOLD = 1.1;

/** The units `text` is given: its measure, with the slack. */
function needed(text: string, scale = 1): number {
  return textUnits(text) * SLACK * scale;
}

/**
 * How many lines `text` takes when wrapped at spaces in a column `width` wide
 * (Excel's units); `scale` 1.1 for bold text. Column widths are measured the
 * same way, so text that set a column's width takes one line.
 */
export function wrappedLines(text: string, width: number, indent = false, scale = 1): number {
  const room = Math.max(1, width - PADDING - (indent ? INDENT : 0));
  const space = needed(' ', scale);
  let lines = 1;
  let used = 0;
  for (const word of text.split(' ')) {
    const w = needed(word, scale);
    const need = used > 0 ? used + space + w : w;
    if (need <= room) {
      used = need;
      continue;
    }
    if (used > 0) lines++;
    // A word longer than a line is broken across lines.
    const extra = Math.max(0, Math.ceil(w / room) - 1);
    lines += extra;
    used = w - extra * room;
  }
  return lines;
}

export function solidFill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

export interface ColumnSpec {
  header: string;
  /** Widest a column gets, in Excel's units (about one digit each); longer text wraps (when `wrap`) or is cut off on screen. */
  max: number;
  min?: number;
  wrap?: boolean;
  /** Text a little away from the column on its left (right-aligned numbers). */
  indent?: boolean;
  numFmt?: string;
}

/** The narrowest room in which a bold header takes at most two lines (wrapped at a space). */
function twoLines(header: string): number {
  const words = header.split(' ');
  let best = needed(header, BOLD);
  for (let k = 1; k < words.length; k++) {
    const first = needed(words.slice(0, k).join(' '), BOLD);
    const rest = needed(words.slice(k).join(' '), BOLD);
    best = Math.min(best, Math.max(first, rest));
  }
  return best;
}

/** The autofilter's drop-down button covers the right end of a header cell. */
const FILTER_BUTTON = 2.5;

/**
 * Keeps the longest text of each column while rows are written, so widths fit
 * the content without reading the sheet back.
 */
export class ColumnWidths {
  /** What each header needs: it wraps at its spaces, so its longest word, bold, beside the filter button. */
  private readonly header: number[];
  /** The longest content of each column so far. */
  private readonly longest: number[];

  /** `filterButton`: false for a table without an autofilter, whose headers need no room for the button. */
  constructor(
    private readonly columns: readonly ColumnSpec[],
    options: { filterButton: boolean } = { filterButton: true },
  ) {
    const button = options.filterButton ? FILTER_BUTTON : 0;
    this.header = columns.map((c) => twoLines(c.header) + button);
    this.longest = columns.map(() => 0);
  }

  /** Notes a cell's text; `bold` where it may be shown in bold. */
  note(column: number, text: string, bold = false): void {
    const current = this.longest[column];
    // No character is wider than 2 units: a short text cannot be the longest.
    if (current === undefined || text.length * 2 * SLACK * BOLD < current) return;
    const units = needed(text, bold ? BOLD : 1);
    if (units > current) this.longest[column] = units;
  }

  /** Column widths in Excel's units (about one digit each): the header always fits, content up to the column's max. */
  widths(): number[] {
    return this.columns.map((c, i) => {
      const units = Math.max(c.min ?? 0, this.header[i] ?? 0, Math.min(c.max, this.longest[i] ?? 0));
      return Math.ceil((units + PADDING + (c.indent ? INDENT : 0)) * 10) / 10;
    });
  }

  /**
   * Sets the widths and, unless told not to, the columns' number formats and
   * wrapping (into every cell written so far, and cells written later).
   */
  apply(sheet: ExcelJS.Worksheet, options: { columnStyles: boolean } = { columnStyles: true }): number[] {
    const widths = this.widths();
    widths.forEach((width, i) => {
      const spec = this.columns[i];
      const column = sheet.getColumn(i + 1);
      column.width = width;
      if (!options.columnStyles) return;
      if (spec?.numFmt) column.numFmt = spec.numFmt;
      column.alignment = cellAlignment(spec);
    });
    return widths;
  }
}

/** The alignment of a column's cells: at the top (a row may be taller for wrapped text), wrapped, indented. */
function cellAlignment(spec: ColumnSpec | undefined): Partial<ExcelJS.Alignment> {
  return {
    vertical: 'top',
    ...(spec?.wrap ? { wrapText: true } : {}),
    // Excel and LibreOffice indent only explicitly left-aligned text.
    ...(spec?.indent ? { horizontal: 'left', indent: 1 } : {}),
  };
}

/** Writes the header row: bold, shaded, wrapped at its spaces, a line below. */
export function writeHeader(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  columns: readonly ColumnSpec[],
  options: { filterButton: boolean } = { filterButton: true },
): void {
  const row = sheet.getRow(rowNumber);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.value = c.header;
    cell.font = font({ bold: true });
    cell.fill = solidFill(FILL.header);
    cell.alignment = { wrapText: true, vertical: 'bottom', horizontal: c.numFmt ? 'right' : 'left', ...(c.indent ? { indent: 1 } : {}) };
    cell.border = { bottom: { style: 'thin', color: RULE_COLOR } };
  });
  // Excel does not always fit a row's height to wrapped text on opening: say it.
  const widths = columns.map((_, i) => sheet.getColumn(i + 1).width ?? 10);
  const button = options.filterButton ? FILTER_BUTTON : 0;
  const lines = Math.max(...columns.map((c, i) => wrappedLines(c.header, (widths[i] ?? 10) - button, c.indent, BOLD)));
  row.height = LINE_HEIGHT * lines;
}

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  return columnLetters(n - 1);
}

/** The A1 reference of a cell: column 4, row 7 → "D7". */
export function cellRef(column: number, row: number): string {
  return `${columnLetter(column)}${row}`;
}

/** The A1 reference of rows `first` to `last` of a column: "D3:D9". */
export function columnRange(column: number, first: number, last: number): string {
  return `${cellRef(column, first)}:${cellRef(column, last)}`;
}

/** Text for a page header or footer: `&` starts a code there, so our own is doubled. */
export function footerText(text: string): string {
  return text.replace(/&/g, '&&');
}

/** Frozen header, autofilter over the table, and a print setup that repeats the header. */
export function finishTable(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columnCount: number,
  lastRow: number,
  orientation: 'portrait' | 'landscape',
  footer: string,
): void {
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(lastRow, headerRow), column: columnCount } };
  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: `&L&9${footerText(footer)}&R&9Page &P of &N` };
}

/** A title line: its text and font. */
export type TitleLine = [string, Partial<ExcelJS.Font>];

/**
 * Writes title lines from row 1, each merged across the table's `columnCount`
 * columns so its length never widens column A, wrapped, with the height its
 * text needs in a table `tableWidth` wide (Excel does not fit merged cells).
 */
export function writeTitleLines(sheet: ExcelJS.Worksheet, lines: readonly TitleLine[], columnCount: number, tableWidth: number): void {
  lines.forEach(([text, lineFont], i) => {
    const r = i + 1;
    if (columnCount > 1) sheet.mergeCells(r, 1, r, columnCount);
    const cell = sheet.getCell(r, 1);
    cell.value = text;
    cell.font = lineFont;
    cell.alignment = { vertical: 'top', wrapText: true };
    const size = lineFont.size ?? 11;
    const linesNeeded = wrappedLines(text, tableWidth, false, (size / 11) * (lineFont.bold ? 1.1 : 1));
    if (linesNeeded > 1) sheet.getRow(r).height = Math.ceil(size * 1.35) * linesNeeded;
  });
}

/** A Total row: bold, shaded, a line above and a double line below, over `columnCount` cells. */
export function styleTotalRow(row: ExcelJS.Row, columnCount: number): void {
  row.font = font({ bold: true });
  for (let c = 1; c <= columnCount; c++) {
    const cell = row.getCell(c);
    cell.fill = solidFill(FILL.total);
    cell.border = { top: { style: 'thin', color: RULE_COLOR }, bottom: { style: 'double', color: RULE_COLOR } };
  }
}

/** A subtotal row: bold, a thin line above, and room below before the next group. */
export function styleSubtotalRow(row: ExcelJS.Row, columnCount: number): void {
  row.font = font({ bold: true });
  for (let c = 1; c <= columnCount; c++) {
    const cell = row.getCell(c);
    cell.fill = solidFill(FILL.total);
    cell.border = { top: { style: 'hair', color: RULE_COLOR } };
  }
}

