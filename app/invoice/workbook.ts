import ExcelJS from 'exceljs';
import { addDailySheet } from './daily';
import { addSourcesSheet } from './sources';
import { addSummarySheet, SUMMARY_TITLE } from './summary';
import { monthTitle, parseTimestamp } from './text';
import type { InvoiceData } from './types';

/** The summary invoice workbook of SPEC §7: sheets Summary, Daily and Sources. */
export function buildInvoiceWorkbook(data: InvoiceData): ExcelJS.Workbook {
  const madeAt = parseTimestamp(data.madeAt, 'The time the invoice was made');
  const workbook = new ExcelJS.Workbook();
  const company = data.company.name.trim();
  workbook.title = `${SUMMARY_TITLE}, ${monthTitle(data.preview.month)}${company ? ` — ${company}` : ''}`;
  workbook.subject = `Flex Billing ${data.preview.month}`;
  workbook.company = company;
  workbook.creator = 'Flex Billing';
  workbook.lastModifiedBy = 'Flex Billing';
  workbook.created = madeAt;
  workbook.modified = madeAt;
  addSummarySheet(workbook, data);
  addDailySheet(workbook, data);
  addSourcesSheet(workbook, data);
  return workbook;
}
