// Sheet "Sources" (SPEC §7): every import whose values are in the month, so a
// reviewer can follow a figure back to its file.

import type ExcelJS from 'exceljs';
import { formatCount } from '../billing';
import { ColumnWidths, FORMAT, finishTable, writeHeader, type ColumnSpec } from './layout';
import { excelLocalDateTime, localDateTime, monthTitle, parseTimestamp } from './text';
import type { InvoiceData } from './types';

const SOURCES_SHEET = 'Sources';

const SPECS: ColumnSpec[] = [
  { header: 'Import #', max: 8 },
  { header: 'File', max: 48, min: 10, indent: true },
  // A SHA-256 is 64 characters: shown whole, so it can be compared.
  { header: 'SHA-256', max: 64 },
  { header: 'Imported at', max: 16, numFmt: FORMAT.dateTime },
  { header: 'Format', max: 16, indent: true },
  { header: 'Rows', max: 12, numFmt: FORMAT.count },
  { header: 'Days in this month', max: 10, numFmt: FORMAT.count },
];

export function addSourcesSheet(workbook: ExcelJS.Workbook, data: InvoiceData): void {
  const sheet = workbook.addWorksheet(SOURCES_SHEET);
  const widths = new ColumnWidths(SPECS);
  const sources = [...data.sources].sort((a, b) => a.id - b.id);
  sources.forEach((s, i) => {
    const importedAt = parseTimestamp(s.importedAt, `The time of import #${s.id}`);
    const texts = [String(s.id), s.fileName, s.sha256, localDateTime(importedAt), s.format ?? '', formatCount(s.rows), formatCount(s.monthDays)];
    sheet.getRow(i + 2).values = [s.id, s.fileName, s.sha256, excelLocalDateTime(importedAt), s.format ?? '', s.rows, s.monthDays];
    texts.forEach((t, c) => widths.note(c, t));
  });
  widths.apply(sheet);
  writeHeader(sheet, 1, SPECS);
  finishTable(sheet, 1, SPECS.length, sources.length + 1, 'landscape', `Sources ${monthTitle(data.preview.month)}`);
}
