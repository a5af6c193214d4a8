// The preload script: gives the sandboxed renderer `window.flex` and nothing
// else. No Node API crosses the bridge; every message goes to the main process,
// which checks it before the core sees it.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FlexClient, MenuCommand } from '../renderer/client/types';
import type { ImportChoice, ImportOutcome, ImportProgress } from '../app/api-types';
import type { WireError } from '../app/errors';
import { CHANNELS, type Reply } from './protocol';

/**
 * Rejects with the error's {kind, message} as it is: only plain values keep
 * their fields across the context bridge (an Error keeps its message alone).
 * The renderer's client turns it back into an ApiError.
 */
async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, payload)) as Reply<T>;
  if (!reply.ok) throw reply.error;
  return reply.result;
}

const version = ipcRenderer.sendSync(CHANNELS.version) as string;

/** A call that reads files in the core: its progress comes as messages, and it can be cancelled. */
async function withProgress<T>(channel: string, payload: unknown, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<T> {
  const listener = (_e: unknown, p: ImportProgress) => onProgress(p);
  const cancel = () => void ipcRenderer.invoke(CHANNELS.cancelImport);
  ipcRenderer.on(CHANNELS.progress, listener);
  signal?.addEventListener('abort', cancel);
  try {
    return await invoke<T>(channel, payload);
  } finally {
    ipcRenderer.off(CHANNELS.progress, listener);
    signal?.removeEventListener('abort', cancel);
  }
}

function importPaths(paths: string[], choice: ImportChoice, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome[]> {
  return withProgress<ImportOutcome[]>(CHANNELS.importFiles, { paths, ...choice }, onProgress, signal);
}

const client: FlexClient = {
  host: 'electron',
  version,
  call: (name, input) => invoke(CHANNELS.call, { name, input }),
  importFiles: async (files, choice, onProgress, signal) => {
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    if (paths.length === 0) throw { kind: 'input', message: 'These files have no place on disk the app can read; save them to a folder first.' } satisfies WireError;
    return importPaths(paths, choice, onProgress, signal);
  },
  importPaths,
  importWithDialog: (choice, onProgress, signal) => withProgress<ImportOutcome[] | null>(CHANNELS.importWithDialog, { ...choice }, onProgress, signal),
  exportInvoice: (month) => invoke(CHANNELS.exportInvoice, { month }),
  importVendorInvoice: (month, file) => invoke(CHANNELS.importVendorInvoice, { month, path: webUtils.getPathForFile(file) }),
  exportQuote: (quote) => invoke(CHANNELS.exportQuote, { quote }),
  backUp: () => invoke(CHANNELS.backUp, {}),
  restore: () => invoke(CHANNELS.restore, {}),
  printToPdf: (month) => invoke(CHANNELS.printToPdf, { month }),
  restartCore: () => invoke(CHANNELS.restartCore, {}),
  onMenu: (listener) => {
    const wrapped = (_e: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menu, wrapped);
    return () => ipcRenderer.off(CHANNELS.menu, wrapped);
  },
};

contextBridge.exposeInMainWorld('flex', client);
