// Messages between the Electron main process and the core worker.
import type { ImportProgress } from '../app/api-types';

export interface WorkerStartData {
  dbPath: string;
  nativeBinding?: string;
}

export type WorkerRequest =
  | { type: 'call'; id: number; name: string; input: unknown }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'progress'; id: number; progress: ImportProgress };

/** IPC channel names between the renderer's preload and the main process. */
export const CHANNELS = {
  call: 'flex:call',
  importFiles: 'flex:import-files',
  exportInvoice: 'flex:export-invoice',
  importVendorInvoice: 'flex:import-vendor-invoice',
  importWithDialog: 'flex:import-with-dialog',
  cancelImport: 'flex:cancel-import',
  exportQuote: 'flex:export-quote',
  progress: 'flex:progress',
  menu: 'flex:menu',
  version: 'flex:version',
} as const;
