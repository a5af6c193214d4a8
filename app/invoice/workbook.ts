import ExcelJS from 'exceljs';
import { addDailySheet } from './daily';
import { addDomainsSheet, hasDomainSplit } from './domains';
import { addReconciliationSheet } from './reconciliation';
import { addSourcesSheet } from './sources';
import { addSummarySheet, SUMMARY_TITLE } from './summary';
import { monthTitle, parseTimestamp } from './text';
import type { InvoiceData } from './types';

/**
 * The summary invoice workbook of SPEC §7: sheets Summary, Daily and Sources;
 * with a vendor invoice for the month, Reconciliation after Summary; with
 * mailbox-level data, Domains before Sources (SPEC §11).
 */
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
  if (data.reconciliation) addReconciliationSheet(workbook, data.preview.month, data.reconciliation);
  addDailySheet(workbook, data);
  if (hasDomainSplit(data)) addDomainsSheet(workbook, data);
  addSourcesSheet(workbook, data);
  return workbook;
}
