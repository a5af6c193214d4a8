// The workbooks, built with exceljs: the summary invoice (SPEC §7, with the
// Reconciliation and Domains sheets of §11) and the customer's quote (§11).

export type { InvoiceData, VendorReview } from './types';
export { buildInvoiceWorkbook } from './workbook';
export { writeInvoice, writeInvoicePdf } from './write';
export { buildQuoteWorkbook, writeQuote, type QuoteMeta } from './quote';
export { safeSheetName, uniqueSheetName } from './sheet-names';
