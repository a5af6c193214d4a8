// The Electron main process: one window, the menu, dialogs and the IPC bridge.
// No business logic: every operation goes to the core worker (core-worker.ts).
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { defaultDataDir, resolveDbPath } from '../app/store/paths';
import { FILE_OPERATIONS } from '../app/file-operations';
import { CHANNELS, type WorkerReply, type WorkerRequest } from './protocol';

// The desktop app and the command line share one data folder (SPEC §5).
app.setPath('userData', defaultDataDir());
const dbPath = resolveDbPath(undefined);
const rendererIndex = path.join(__dirname, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

// ---- the core worker ---------------------------------------------------------

/** better-sqlite3 built for Electron's ABI, made by `npm start` (scripts/electron-native.mjs). */
function nativeBinding(): string | undefined {
  const candidates = [process.env.FLEXBILL_NATIVE_BINDING, path.join(__dirname, '..', 'electron-native', 'better_sqlite3.node')];
  return candidates.find((p): p is string => Boolean(p && fs.existsSync(p)));
}

const worker = new Worker(path.join(__dirname, 'core-worker.cjs'), { workerData: { dbPath, nativeBinding: nativeBinding() } });
let nextId = 1;
type CoreReply = { ok: boolean; result?: unknown; error?: string };
const pending = new Map<number, { resolve: (r: CoreReply) => void; onProgress?: (p: unknown) => void }>();
worker.on('message', (msg: WorkerReply) => {
  const p = pending.get(msg.id);
  if (!p) return;
  if (msg.type === 'progress') p.onProgress?.(msg.progress);
  else {
    pending.delete(msg.id);
    p.resolve(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
  }
});
let coreStopped: string | null = null;
worker.on('error', (e) => {
  coreStopped = `The app's core stopped: ${e.message}`;
  for (const p of pending.values()) p.resolve({ ok: false, error: coreStopped });
  pending.clear();
});

/** Imports under way, so that Cancel can reach them. */
const runningImports = new Set<number>();

function callCore(name: string, input: unknown, onProgress?: (p: unknown) => void): Promise<CoreReply> {
  if (coreStopped !== null) return Promise.resolve({ ok: false, error: coreStopped }); // answered, not left hanging
  const id = nextId++;
  if (name === 'importFiles') runningImports.add(id);
  return new Promise<CoreReply>((resolve) => {
    pending.set(id, { resolve, onProgress });
    worker.postMessage({ type: 'call', id, name, input } satisfies WorkerRequest);
  }).finally(() => runningImports.delete(id));
}

// ---- IPC: only from our own page, only well-formed ------------------------------

function fromOurPage(e: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean {
  const frame = e.senderFrame;
  return Boolean(frame && frame.url.split('#')[0] === rendererUrl && mainWindow && e.sender === mainWindow.webContents);
}

const refused = { ok: false, error: 'Refused: the message did not come from the app window.' };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

ipcMain.on(CHANNELS.version, (e) => {
  e.returnValue = fromOurPage(e) ? app.getVersion() : '';
});

ipcMain.handle(CHANNELS.call, (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload) || typeof payload.name !== 'string') return { ok: false, error: 'Bad request.' };
  // Operations that name files on disk come only through the dedicated channels below.
  if (FILE_OPERATIONS.has(payload.name)) return { ok: false, error: 'Bad request.' };
  return callCore(payload.name, payload.input);
});

ipcMain.handle(CHANNELS.importFiles, (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload) || !Array.isArray(payload.paths) || !payload.paths.every((p) => typeof p === 'string')) return { ok: false, error: 'Bad request.' };
  return importPaths(e, payload.paths as string[], payload);
});

/**
 * Imports files in the core, sending its progress to the page that asked. The
 * clerk's choices (license, date order, the import replaced) are passed on as they
 * came: the core's input schema checks them.
 */
function importPaths(e: IpcMainInvokeEvent, paths: string[], choice: Record<string, unknown>): Promise<CoreReply> {
  const { license, dates, replacing } = choice;
  return callCore('importFiles', { paths, license, dates, replacing }, (progress) => e.sender.send(CHANNELS.progress, progress));
}

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

ipcMain.handle(CHANNELS.importWithDialog, async (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload)) return { ok: false, error: 'Bad request.' };
  if (!mainWindow) return { ok: true, result: null };
  const choice = await dialog.showOpenDialog(mainWindow, {
    title: 'Import usage files',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Usage exports', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'ods', 'json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (choice.canceled || choice.filePaths.length === 0) return { ok: true, result: null };
  return importPaths(e, choice.filePaths, payload);
});

ipcMain.handle(CHANNELS.cancelImport, (e) => {
  if (!fromOurPage(e)) return refused;
  for (const id of runningImports) worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
  return { ok: true, result: runningImports.size };
});

ipcMain.handle(CHANNELS.exportInvoice, async (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload) || typeof payload.month !== 'string' || !/^\d{4}-\d{2}$/.test(payload.month)) return { ok: false, error: 'Bad request.' };
  const target = await askWorkbookPath('Export invoice', `flex-billing-invoice-${payload.month}.xlsx`);
  return target ? callCore('exportInvoice', { month: payload.month, path: target }) : { ok: true, result: null };
});

ipcMain.handle(CHANNELS.importVendorInvoice, (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload) || typeof payload.month !== 'string' || typeof payload.path !== 'string' || payload.path === '') return { ok: false, error: 'Bad request.' };
  return callCore('reconcile', { month: payload.month, path: payload.path });
});

ipcMain.handle(CHANNELS.exportQuote, async (e, payload: unknown) => {
  if (!fromOurPage(e)) return refused;
  if (!isObject(payload) || !isObject(payload.quote)) return { ok: false, error: 'Bad request.' };
  const customer = typeof payload.quote.customer === 'string' && payload.quote.customer.trim() ? payload.quote.customer.trim().replace(/[^\w\- ]+/g, '') : 'customer';
  const target = await askWorkbookPath('Export quote', `Quote ${customer}.xlsx`);
  return target ? callCore('exportQuote', { quote: payload.quote, path: target }) : { ok: true, result: null };
});

// ---- backups (SPEC §13): the system's dialogs here, the work in the core -----------

async function backUpWithDialog(): Promise<void> {
  if (!mainWindow) return;
  const choice = await dialog.showSaveDialog(mainWindow, {
    title: 'Back up the database',
    defaultPath: path.join(app.getPath('documents'), `flex-billing-backup-${new Date().toISOString().slice(0, 10)}.db`),
    filters: [{ name: 'Flex Billing backup', extensions: ['db'] }],
  });
  if (choice.canceled || !choice.filePath) return;
  const r = await callCore('backup', { path: choice.filePath });
  if (mainWindow) await dialog.showMessageBox(mainWindow, { type: r.ok ? 'info' : 'error', message: r.ok ? `Backed up to ${choice.filePath}.` : (r.error ?? 'Not backed up.') });
}

async function restoreWithDialog(): Promise<void> {
  if (!mainWindow) return;
  const choice = await dialog.showOpenDialog(mainWindow, {
    title: 'Restore a backup', defaultPath: path.join(path.dirname(dbPath), 'backups'), properties: ['openFile'],
    filters: [{ name: 'Flex Billing backup', extensions: ['db'] }, { name: 'All files', extensions: ['*'] }],
  });
  const file = choice.canceled ? undefined : choice.filePaths[0];
  if (!file || !mainWindow) return;
  const sure = await dialog.showMessageBox(mainWindow, {
    type: 'question', buttons: ['Restore', 'Cancel'], defaultId: 1, cancelId: 1,
    message: `Replace the data with the backup ${path.basename(file)}?`, detail: 'The database as it is now is backed up first, into the backups folder beside it.',
  });
  if (sure.response !== 0) return;
  const r = await callCore('restore', { path: file });
  if (!mainWindow) return;
  await dialog.showMessageBox(mainWindow, { type: r.ok ? 'info' : 'error', message: r.ok ? `Restored from ${file}.` : (r.error ?? 'Not restored.') });
  if (r.ok) mainWindow.webContents.reload(); // every screen shows the restored data
}

// ---- the window ----------------------------------------------------------------

let mainWindow: BrowserWindow | null = null;
const stateFile = path.join(app.getPath('userData'), 'window-state.json');

interface WindowState { x?: number; y?: number; width: number; height: number; maximized?: boolean }

function loadWindowState(): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as WindowState;
    // Only restore a place that is still on one of the screens.
    const onScreen = screen.getAllDisplays().some((d) => s.x !== undefined && s.y !== undefined
      && s.x >= d.bounds.x && s.y >= d.bounds.y && s.x < d.bounds.x + d.bounds.width && s.y < d.bounds.y + d.bounds.height);
    return onScreen ? s : { width: s.width, height: s.height, maximized: s.maximized };
  } catch {
    return { width: 1280, height: 820 };
  }
}

function saveWindowState(win: BrowserWindow): void {
  const b = win.getNormalBounds();
  const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
  try {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, JSON.stringify(state));
  } catch {
    // Not worth bothering the user about.
  }
}

function createWindow(): void {
  const state = loadWindowState();
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
  win.on('close', () => saveWindowState(win));
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

// ---- the menu --------------------------------------------------------------------

function sendMenu(command: 'import' | 'export' | 'settings' | 'about'): void {
  mainWindow?.webContents.send(CHANNELS.menu, command);
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import files…', accelerator: 'CmdOrCtrl+O', click: () => sendMenu('import') },
        { label: 'Export invoice…', accelerator: 'CmdOrCtrl+E', click: () => sendMenu('export') },
        { type: 'separator' },
        { label: 'Back up…', click: () => void backUpWithDialog() },
        { label: 'Restore…', click: () => void restoreWithDialog() },
        { label: 'Open data folder', click: () => void shell.openPath(path.dirname(dbPath)) },
        { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => sendMenu('settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: `About Flex Billing`, click: () => sendMenu('about') }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

// ---- lifecycle --------------------------------------------------------------------

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.whenReady().then(() => {
  Menu.setApplicationMenu(buildMenu());
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
  void worker.terminate();
});
