// IPC between the renderer's preload and the main process.
import type { WireError } from '../app/errors';

/** IPC channel names between the renderer's preload and the main process. */
export const CHANNELS = {
  call: 'flex:call',
  importFiles: 'flex:import-files',
  exportInvoice: 'flex:export-invoice',
  importVendorInvoice: 'flex:import-vendor-invoice',
  importWithDialog: 'flex:import-with-dialog',
  cancelImport: 'flex:cancel-import',
  exportQuote: 'flex:export-quote',
  printToPdf: 'flex:print-to-pdf',
  restartCore: 'flex:restart-core',
  backUp: 'flex:back-up',
  restore: 'flex:restore',
  progress: 'flex:progress',
  menu: 'flex:menu',
  version: 'flex:version',
} as const;

/** Every answer over IPC: a result, or an error with its kind (never a bare string). */
export type Reply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };
