// The preload script: gives the sandboxed renderer `window.flex` and nothing
// else. No Node API crosses the bridge; every message goes to the main process,
// which checks it before the core sees it.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FlexClient, MenuCommand } from '../renderer/client/types';
import type { ImportProgress } from '../app/api-types';
import { CHANNELS } from './protocol';

type Reply = { ok: true; result: unknown } | { ok: false; error: string };

async function invoke<T>(channel: string, payload: unknown): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, payload)) as Reply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.result as T;
}

const version = ipcRenderer.sendSync(CHANNELS.version) as string;

const client: FlexClient = {
  host: 'electron',
  version,
  call: (name, input) => invoke(CHANNELS.call, { name, input }),
  importFiles: async (files, license, onProgress) => {
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '');
    if (paths.length === 0) throw new Error('These files have no place on disk the app can read; save them to a folder first.');
    const listener = (_e: unknown, p: ImportProgress) => onProgress(p);
    ipcRenderer.on(CHANNELS.progress, listener);
    try {
      return await invoke(CHANNELS.importFiles, { paths, license });
    } finally {
      ipcRenderer.off(CHANNELS.progress, listener);
    }
  },
  importWithDialog: async (license, onProgress) => {
    const listener = (_e: unknown, p: ImportProgress) => onProgress(p);
    ipcRenderer.on(CHANNELS.progress, listener);
    try {
      return await invoke(CHANNELS.importWithDialog, { license });
    } finally {
      ipcRenderer.off(CHANNELS.progress, listener);
    }
  },
  exportInvoice: (month) => invoke(CHANNELS.exportInvoice, { month }),
  importVendorInvoice: (month, file) => invoke(CHANNELS.importVendorInvoice, { month, path: webUtils.getPathForFile(file) }),
  exportQuote: (quote) => invoke(CHANNELS.exportQuote, { quote }),
  onMenu: (listener) => {
    const wrapped = (_e: unknown, command: MenuCommand) => listener(command);
    ipcRenderer.on(CHANNELS.menu, wrapped);
    return () => ipcRenderer.off(CHANNELS.menu, wrapped);
  },
};

contextBridge.exposeInMainWorld('flex', client);
