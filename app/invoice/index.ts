// The invoice workbooks (SPEC §7), built with exceljs.

export type { InvoiceData } from './types';
export { buildInvoiceWorkbook } from './workbook';
export { writeInvoice } from './write';
export { safeSheetName, uniqueSheetName } from './sheet-names';
export { SUMMARY_SHEET, SUMMARY_TITLE } from './summary';
export { DAILY_SHEET } from './daily';
export { SOURCES_SHEET } from './sources';
