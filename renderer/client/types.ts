// The renderer's only door to the core: `window.flex`. In the desktop app the
// preload script provides it over IPC; in a browser (`flexbill serve`) the HTTP
// client in ./http.ts does. Types only come from app/.
import type { HandlerInput, HandlerName, HandlerOutputs } from '../../app/handlers';
import type { ExportResult, ImportChoice, ImportOutcome, ImportProgress, QuoteInput, ReconciliationResult } from '../../app/api-types';

export type MenuCommand = 'import' | 'export' | 'settings' | 'about';

export interface FlexClient {
  host: 'electron' | 'browser';
  /** The app's version, for Help > About. */
  version: string;
  call<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<HandlerOutputs[K]>;
  /**
   * Imports files the user picked or dropped on the window, one outcome per file.
   * Aborting `signal` cancels: the file being read is not imported (nothing of it
   * is stored) and the files after it are reported as cancelled.
   */
  importFiles(files: File[], choice: ImportChoice, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome[]>;
  /**
   * Exports the month's invoice: the desktop app asks where to save it; the
   * browser downloads it. null when the user cancelled the save dialog.
   */
  exportInvoice(month: string): Promise<(ExportResult & { downloaded?: boolean }) | null>;
  /**
   * Desktop only: asks for files with the system's open dialog and imports them.
   * null when the user cancelled. The browser has no such dialog: it uses a file input.
   */
  /** Desktop only: imports files by their paths on disk (a file picked in the system dialog, imported again with an answer). */
  importPaths?(paths: string[], choice: ImportChoice, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome[]>;
  importWithDialog?(choice: ImportChoice, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportOutcome[] | null>;
  /** Imports the vendor's summary invoice for the month and returns the comparison. */
  importVendorInvoice(month: string, file: File): Promise<ReconciliationResult>;
  /** Exports a quote workbook: saved where the user chooses (desktop) or downloaded. null when cancelled. */
  exportQuote(quote: QuoteInput): Promise<{ path?: string; downloaded?: boolean } | null>;
  /**
   * Desktop only: saves the page's print layout (on screen when called) as a PDF where
   * the person chooses (Chromium's printToPDF). null when cancelled. The browser host
   * uses its own print dialog instead.
   */
  printToPdf?(month: string): Promise<{ path: string } | null>;
  /**
   * Desktop only: starts the app's core again after it stopped (a call then
   * fails with an `internal` error saying why).
   */
  restartCore?(): Promise<void>;
  /**
   * A backup of the database on demand: the desktop app asks where to save it; the
   * browser downloads it. null when the person cancelled.
   */
  backUp(): Promise<{ path?: string; downloaded?: boolean } | null>;
  /**
   * Puts a backup in the database's place (the database as it is is backed up first):
   * the desktop app asks for the file (and confirms) with its own dialogs; the browser
   * uploads `file`, which the page has picked and confirmed. null when cancelled.
   */
  restore(file?: File): Promise<{ from: string } | null>;
  /** Commands from the application menu (desktop only); returns an unsubscribe. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

declare global {
  interface Window {
    flex?: FlexClient;
  }
}
