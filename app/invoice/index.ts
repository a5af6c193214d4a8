// The workbooks, built with exceljs: the summary invoice (SPEC §7, with the
// Reconciliation and Domains sheets of §11) and the customer's quote (§11).

export type { InvoiceData, VendorReview } from './types';
export { buildInvoiceWorkbook } from './workbook';
export { writeInvoice, writeWorkbookAtomically, type SavedDocument } from './write';
export { buildQuoteWorkbook, writeQuote, QUOTE_SHEET, QUOTE_TITLE, type QuoteMeta } from './quote';
export { safeSheetName, uniqueSheetName } from './sheet-names';
export { SUMMARY_SHEET, SUMMARY_TITLE } from './summary';
export { DAILY_SHEET } from './daily';
export { SOURCES_SHEET } from './sources';
export { DOMAINS_SHEET, NO_DOMAIN } from './domains';
export { RECONCILIATION_SHEET, STATUS_TEXT } from './reconciliation';
