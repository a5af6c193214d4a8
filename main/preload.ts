// The preload script: gives the sandboxed renderer `window.flex` and nothing
// else. No Node API crosses the bridge; every message goes to the main process,
// which checks it before the core sees it.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FlexClient, MenuCommand } from '../renderer/client/types';
import type { ImportProgress } from '../app/api-types';
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

const client: FlexClient = {
  host: 'electron',
  version,
  call: (name, input) => invoke(CHANNELS.call, { name, input }),
  importFiles: async (files, license, onProgress, signal) => {
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    if (paths.length === 0) throw { kind: 'input', message: 'These files have no place on disk the app can read; save them to a folder first.' } satisfies WireError;
    const listener = (_e: unknown, p: ImportProgress) => onProgress(p);
    const cancel = () => void ipcRenderer.invoke(CHANNELS.cancelImport);
    ipcRenderer.on(CHANNELS.progress, listener);
    signal?.addEventListener('abort', cancel);
    try {
      return await invoke(CHANNELS.importFiles, { paths, license });
    } finally {
      ipcRenderer.off(CHANNELS.progress, listener);
      signal?.removeEventListener('abort', cancel);
    }
  },
  importWithDialog: async (license, onProgress, signal) => {
    const listener = (_e: unknown, p: ImportProgress) => onProgress(p);
    const cancel = () => void ipcRenderer.invoke(CHANNELS.cancelImport);
    ipcRenderer.on(CHANNELS.progress, listener);
    signal?.addEventListener('abort', cancel);
    try {
      return await invoke(CHANNELS.importWithDialog, { license });
    } finally {
      ipcRenderer.off(CHANNELS.progress, listener);
      signal?.removeEventListener('abort', cancel);
    }
  },
  exportInvoice: (month) => invoke(CHANNELS.exportInvoice, { month }),
  importVendorInvoice: (month, file) => invoke(CHANNELS.importVendorInvoice, { month, path: webUtils.getPathForFile(file) }),
  exportQuote: (quote) => invoke(CHANNELS.exportQuote, { quote }),
  restartCore: () => invoke(CHANNELS.restartCore, {}),
  onMenu: (listener) => {
    const wrapped = (_e: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menu, wrapped);
    return () => ipcRenderer.off(CHANNELS.menu, wrapped);
  },
};

contextBridge.exposeInMainWorld('flex', client);
