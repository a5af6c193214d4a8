/**
 * Operations of the method table (./handlers) that name files on this computer.
 * A page may not call them with paths of its choosing: the desktop shell asks
 * through its own dialogs (or takes the files the person dropped), the browser
 * host uploads and downloads. Kept apart from the table so that the Electron
 * main process can check it without loading the table's schemas.
 */
export const FILE_OPERATIONS: ReadonlySet<string> = new Set(['importFiles', 'exportInvoice', 'exportInvoicePdf', 'reconcile', 'exportQuote', 'backup', 'restore']);
