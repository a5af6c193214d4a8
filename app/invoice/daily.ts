// Sheet "Daily" (SPEC §7): every license × every day of the month, gaps
// included, with the dropped and billed days standing out.

import type ExcelJS from 'exceljs';
import type { DayDetail, DayStatus } from '../api-types';
import { datesOfMonth, formatCount } from '../billing';
import type { IsoDate } from '../billing/types';
import { ColumnWidths, FILL, FORMAT, finishTable, font, solidFill, writeHeader, type ColumnSpec } from './layout';
import { excelDate, monthTitle } from './text';
import type { InvoiceData } from './types';

const DAILY_SHEET = 'Daily';

const SPECS: ColumnSpec[] = [
  { header: 'License', max: 40, min: 10 },
  { header: 'Name', max: 36, min: 10 },
  { header: 'Date', max: 10, numFmt: FORMAT.date },
  { header: 'Count', max: 12, numFmt: FORMAT.count },
  { header: 'Status', max: 8, indent: true },
  // Which import the day's count comes from: a number on the Sources sheet.
  { header: 'Import #', max: 8 },
];

const STATUSES: readonly DayStatus[] = ['counted', 'dropped', 'billed', 'gap'];

const STATUS_FILL: Record<DayStatus, string | null> = {
  counted: null,
  dropped: FILL.dropped,
  billed: FILL.billed,
  gap: FILL.gap,
};

/**
 * One style object per status and column, shared by every cell that has it:
 * exceljs writes a shared style object once, so 60,000 rows stay fast. Cells
 * of this sheet therefore get whole styles assigned, never a property set.
 */
function sharedStyles(): Record<DayStatus, Partial<ExcelJS.Style>[]> {
  const styles = {} as Record<DayStatus, Partial<ExcelJS.Style>[]>;
  for (const status of STATUSES) {
    const fill = STATUS_FILL[status];
    styles[status] = SPECS.map((spec) => {
      const style: Partial<ExcelJS.Style> = {};
      if (spec.numFmt) style.numFmt = spec.numFmt;
      if (fill) style.fill = solidFill(fill);
      if (status === 'billed') style.font = font({ bold: true });
      // Rows are one line high here: no vertical alignment, so all cells sit alike.
      if (spec.indent) style.alignment = { horizontal: 'left', indent: 1 };
      return style;
    });
  }
  return styles;
}

function gap(date: IsoDate): DayDetail {
  return { date, count: null, status: 'gap', importId: null, fileName: null };
}

export function addDailySheet(workbook: ExcelJS.Workbook, data: InvoiceData): void {
  const sheet = workbook.addWorksheet(DAILY_SHEET);
  const widths = new ColumnWidths(SPECS);
  const styles = sharedStyles();
  const dates = datesOfMonth(data.preview.month);

  let r = 2;
  for (const l of data.preview.licenses) {
    // Every day of the month, in order; a day the api did not list is a gap.
    const byDate = new Map<string, DayDetail>();
    for (const d of data.daily.get(l.license) ?? []) byDate.set(d.date, d);
    const name = l.name ?? '';
    // Bold on the billed day.
    widths.note(0, l.license, true);
    widths.note(1, name, true);
    for (const date of dates) {
      const day = byDate.get(date) ?? gap(date);
      const row = sheet.getRow(r++);
      row.values = [l.license, name, excelDate(date), day.count ?? null, day.status, day.importId ?? null];
      if (day.count !== null) widths.note(3, formatCount(day.count), day.status === 'billed');
      const rowStyles = styles[day.status];
      rowStyles.forEach((style, c) => {
        row.getCell(c + 1).style = style;
      });
    }
  }
  widths.note(2, '2026-10-31', true);
  widths.note(4, 'dropped', true);
  // Widths only: column styles would be set into every cell's shared style.
  widths.apply(sheet, { columnStyles: false });
  writeHeader(sheet, 1, SPECS);
  finishTable(sheet, 1, SPECS.length, r - 1, 'portrait', `Daily counts ${monthTitle(data.preview.month)}`);
}
