// The Electron main process: it wires the window, the menu, the dialogs and the
// IPC bridge to the core client. No business logic: every operation goes to the
// core worker (app/worker.ts) through main/core-client.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, shell, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { ImportOutcome } from '../app/api-types';
import { isoMonth } from '../app/domains/schemas';
import { FILE_OPERATIONS } from '../app/file-operations';
import { defaultDataDir, resolveDbPath } from '../app/store/paths';
import type { WorkerStartData } from '../app/worker-protocol';
import type { MenuCommand } from '../renderer/client/types';
import { CORE_WORKER_LIMITS, createCoreClient } from './core-client';
import { badRequest, isObject, registerIpc } from './ipc';
import { buildMenu } from './menu';
import { CHANNELS } from './protocol';
import { loadWindowState, saveWindowState } from './window-state';

// The desktop app and the command line share one data folder (SPEC §5).
app.setPath('userData', defaultDataDir());
const dbPath = resolveDbPath(undefined);
const rendererIndex = path.join(__dirname, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

// ---- the core ----------------------------------------------------------------

/** better-sqlite3 built for Electron's ABI, made by `npm start` (scripts/electron-native.mjs). */
function nativeBinding(): string | undefined {
  const candidates = [process.env.FLEXBILL_NATIVE_BINDING, path.join(__dirname, '..', 'electron-native', 'better_sqlite3.node')];
  return candidates.find((p): p is string => Boolean(p && fs.existsSync(p)));
}

const workerData: WorkerStartData = { dbPath, nativeBinding: nativeBinding() };
const core = createCoreClient(() => new Worker(path.join(__dirname, 'core-worker.cjs'), { workerData, resourceLimits: CORE_WORKER_LIMITS }));

// ---- IPC: only from our own page, only well-formed ------------------------------

let mainWindow: BrowserWindow | null = null;

function fromOurPage(e: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean {
  const frame = e.senderFrame;
  return Boolean(frame && frame.url.split('#')[0] === rendererUrl && mainWindow && e.sender === mainWindow.webContents);
}

const handle = registerIpc(fromOurPage);

// Synchronous, once at start: the version for Help > About.
ipcMain.on(CHANNELS.version, (e) => {
  e.returnValue = fromOurPage(e) ? app.getVersion() : '';
});

handle(CHANNELS.call, (_e, payload) => {
  if (!isObject(payload) || typeof payload.name !== 'string') badRequest();
  // Operations that name files on disk come only through the dedicated channels below.
  if (FILE_OPERATIONS.has(payload.name)) badRequest();
  return core.relay(payload.name, payload.input);
});

/**
 * Imports files in the core, sending its progress to the page that asked. The
 * clerk's choices (license, date order, the import replaced) are passed on as they
 * came: the core's input schema checks them.
 */
function importPaths(e: IpcMainInvokeEvent, paths: string[], choice: Record<string, unknown>): Promise<ImportOutcome[]> {
  const { license, dates, replacing } = choice;
  return core.callCore('importFiles', { paths, license, dates, replacing } as never, (progress) => e.sender.send(CHANNELS.progress, progress));
}

handle(CHANNELS.importFiles, (e, payload) => {
  if (!isObject(payload) || !Array.isArray(payload.paths) || !payload.paths.every((p) => typeof p === 'string')) badRequest();
  return importPaths(e, payload.paths as string[], payload);
});

/** The system's save dialog for a workbook; null when the person cancelled. */
async function askWorkbookPath(title: string, defaultName: string): Promise<string | null> {
  if (!mainWindow) return null;
  const choice = await dialog.showSaveDialog(mainWindow, {
    title,
    defaultPath: path.join(app.getPath('documents'), defaultName),
    filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
  });
  if (choice.canceled || !choice.filePath) return null;
  return choice.filePath.toLowerCase().endsWith('.xlsx') ? choice.filePath : `${choice.filePath}.xlsx`;
}

handle(CHANNELS.importWithDialog, async (e, payload) => {
  if (!isObject(payload)) badRequest();
  if (!mainWindow) return null;
  const choice = await dialog.showOpenDialog(mainWindow, {
    title: 'Import usage files',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Usage exports', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'ods', 'json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (choice.canceled || choice.filePaths.length === 0) return null;
  return importPaths(e, choice.filePaths, payload);
});

handle(CHANNELS.cancelImport, () => core.cancelImports());

handle(CHANNELS.exportInvoice, async (_e, payload) => {
  // The month names the default file: checked before the dialog, as the core checks it.
  const month = isObject(payload) ? isoMonth.safeParse(payload.month) : null;
  if (!month?.success) badRequest();
  const target = await askWorkbookPath('Export invoice', `flex-billing-invoice-${month.data}.xlsx`);
  return target ? core.callCore('exportInvoice', { month: month.data, path: target }) : null;
});

// Print / Save as PDF: the page's own print layout (on screen now), printed by Chromium
// to the file the person chooses; written beside it first, then renamed into place.
handle(CHANNELS.printToPdf, async (e, payload) => {
  const month = isObject(payload) ? isoMonth.safeParse(payload.month) : null;
  if (!month?.success || !mainWindow) badRequest();
  const choice = await dialog.showSaveDialog(mainWindow, {
    title: 'Save invoice as PDF',
    defaultPath: path.join(app.getPath('documents'), `flex-billing-invoice-${month.data}.pdf`),
    filters: [{ name: 'PDF document', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return null;
  const target = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
  const pdf = await e.sender.printToPDF({ preferCSSPageSize: true, printBackground: false });
  const temp = `${target}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, pdf);
  await fs.promises.rename(temp, target);
  return { path: target };
});

handle(CHANNELS.importVendorInvoice, (_e, payload) => {
  if (!isObject(payload) || typeof payload.month !== 'string' || typeof payload.path !== 'string' || payload.path === '') badRequest();
  return core.callCore('reconcile', { month: payload.month, path: payload.path });
});

handle(CHANNELS.exportQuote, async (_e, payload) => {
  if (!isObject(payload) || !isObject(payload.quote)) badRequest();
  const customer = typeof payload.quote.customer === 'string' && payload.quote.customer.trim() ? payload.quote.customer.trim().replace(/[^\w\- ]+/g, '') : 'customer';
  const target = await askWorkbookPath('Export quote', `Quote ${customer} ${new Date().toISOString().slice(0, 10)}.xlsx`);
  // The worker checks the quote's figures as it checks every call from the page.
  return target ? core.relay('exportQuote', { quote: payload.quote, path: target }) : null;
});

handle(CHANNELS.restartCore, () => core.restart());

// ---- backups (SPEC §13): the system's dialogs here, the work in the core -----------

/** The error of a core call as a person reads it. */
const failure = (e: unknown): string => (typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e));

async function backUpWithDialog(): Promise<{ path: string } | null> {
  if (!mainWindow) return null;
  const choice = await dialog.showSaveDialog(mainWindow, {
    title: 'Back up the database',
    defaultPath: path.join(app.getPath('documents'), `flex-billing-backup-${new Date().toISOString().slice(0, 10)}.db`),
    filters: [{ name: 'Flex Billing backup', extensions: ['db'] }],
  });
  if (choice.canceled || !choice.filePath) return null;
  const message = await core.callCore('backup', { path: choice.filePath }).then(() => null, failure);
  if (mainWindow) await dialog.showMessageBox(mainWindow, { type: message ? 'error' : 'info', message: message ?? `Backed up to ${choice.filePath}.` });
  return message ? null : { path: choice.filePath };
}

async function restoreWithDialog(): Promise<{ from: string } | null> {
  if (!mainWindow) return null;
  const choice = await dialog.showOpenDialog(mainWindow, {
    title: 'Restore a backup', defaultPath: path.join(path.dirname(dbPath), 'backups'), properties: ['openFile'],
    filters: [{ name: 'Flex Billing backup', extensions: ['db'] }, { name: 'All files', extensions: ['*'] }],
  });
  const file = choice.canceled ? undefined : choice.filePaths[0];
  if (!file || !mainWindow) return null;
  const sure = await dialog.showMessageBox(mainWindow, {
    type: 'question', buttons: ['Restore', 'Cancel'], defaultId: 1, cancelId: 1,
    message: `Replace the data with the backup ${path.basename(file)}?`, detail: 'The database as it is now is backed up first, into the backups folder beside it.',
  });
  if (sure.response !== 0) return null;
  const message = await core.callCore('restore', { path: file }).then(() => null, failure);
  if (!mainWindow) return null;
  await dialog.showMessageBox(mainWindow, { type: message ? 'error' : 'info', message: message ?? `Restored from ${file}.` });
  if (!message) mainWindow.webContents.reload(); // every screen shows the restored data
  return message ? null : { from: file };
}

handle(CHANNELS.backUp, () => backUpWithDialog());
handle(CHANNELS.restore, () => restoreWithDialog());

// ---- the window ----------------------------------------------------------------

const stateFile = path.join(app.getPath('userData'), 'window-state.json');

function createWindow(): void {
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.bounds));
  const win = new BrowserWindow({
    ...state,
    minWidth: 900,
    minHeight: 600,
    title: 'Flex Billing',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow = win;
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(stateFile, win.getNormalBounds(), win.isMaximized()));
  win.on('closed', () => {
    mainWindow = null;
  });
  // Dropped files must not navigate the window away from the app.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex);
}

function openExternalSafely(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') void shell.openExternal(u.href);
  } catch {
    // not a URL: ignore
  }
}

// Refuse navigation, new windows and webviews everywhere.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

// ---- lifecycle --------------------------------------------------------------------

const sendMenu = (command: MenuCommand) => mainWindow?.webContents.send(CHANNELS.menu, command);

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.whenReady().then(() => {
  Menu.setApplicationMenu(buildMenu(sendMenu, path.dirname(dbPath), { backUp: () => void backUpWithDialog(), restore: () => void restoreWithDialog() }));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((e: unknown) => {
  dialog.showErrorBox('Flex Billing could not start', e instanceof Error ? e.message : String(e));
  app.quit();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core.stop();
});
