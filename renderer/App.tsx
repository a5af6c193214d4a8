// The window: a left navigation, the current screen, and what belongs to the
// whole window (files dropped anywhere on it, the import in progress, the menu
// commands of the desktop app, messages).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportChoice, ImportOutcome, ImportProgress, IsoMonth, LicenseInfo, MonthsInfo } from '../app/api-types';
import { checkLicenseKey } from '../app/billing/checks';
import { ApiError, errorMessage, getClient, type MenuCommand } from './client';
import { ConfirmDialog, Dialog } from './components/Dialog';
import { DateOrderDialog, LicenseDialog } from './components/ImportChoices';
import { Toasts, type Toast } from './components/Toasts';
import { ACCEPT, isRunning, type FileJob } from './lib/imports';
import { formatMonth, formatRate, plural } from './lib/format';
import { notImportedCancelled } from '../app/words';
import { applyBasis, emptyDraft, type QuoteBasis, type QuoteDraft } from './lib/quote';
import { HelpDialog } from './components/HelpDialog';
import { PrintInvoice } from './components/PrintInvoice';
import { ImportsScreen } from './screens/ImportsScreen';
import { LicenseScreen } from './screens/LicenseScreen';
import { MonthScreen } from './screens/MonthScreen';
import { QuoteScreen } from './screens/QuoteScreen';
import { ReviewScreen } from './screens/ReviewScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ServersScreen } from './screens/ServersScreen';

type Screen = 'month' | 'license' | 'review' | 'imports' | 'servers' | 'quote' | 'settings';

/** Starts an import and reports its progress; null when the person cancelled (the system's file dialog). */
type ImportStart = (signal: AbortSignal, onProgress: (p: ImportProgress) => void) => Promise<ImportOutcome[] | null>;

let nextId = 1;

/** How often the window asks whether the database changed (a cheap call). */
const LIVE_REFRESH_MS = 1500;

export function App() {
  const client = getClient();
  const [screen, setScreen] = useState<Screen>('month');
  const [monthsInfo, setMonthsInfo] = useState<MonthsInfo | null>(null);
  const [month, setMonth] = useState<IsoMonth | null>(null);
  const [license, setLicense] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [jobs, setJobs] = useState<FileJob[]>([]);
  const [importLicense, setImportLicense] = useState('');
  /** Files whose dates read both ways, waiting for the clerk's answer (first one asked). */
  const [asking, setAsking] = useState<FileJob[]>([]);
  /** A key typed for files that name none that no license has yet: confirmed before importing. */
  const [newLicense, setNewLicense] = useState<{ key: string; proceed: () => void } | null>(null);
  /** A duplicate file to import again as another license, and the licenses to pick from. */
  const [reimporting, setReimporting] = useState<{ job: FileJob; known: LicenseInfo[] } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  /** The month whose invoice is being printed (its print layout is on the page). */
  const [printing, setPrinting] = useState<IsoMonth | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** The core stopped (desktop): the Month screen offers to start it again. */
  const [coreDown, setCoreDown] = useState(false);
  const [quoteDraft, setQuoteDraft] = useState<QuoteDraft>(emptyDraft);
  const fileInput = useRef<HTMLInputElement>(null);
  /** Imports under way, for Cancel. */
  const importAborts = useRef(new Set<AbortController>());
  const mainRef = useRef<HTMLElement>(null);
  const screenRef = useRef<Screen>(screen);
  screenRef.current = screen;
  const hasMonthsRef = useRef(false);
  hasMonthsRef.current = (monthsInfo?.months.length ?? 0) > 0;

  const toast = useCallback((t: Omit<Toast, 'id'>) => {
    const id = nextId++;
    setToasts((list) => [...list.slice(-3), { ...t, id }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);

  const loadMonths = useCallback(async () => {
    try {
      const info = await client.call('months', {});
      setMonthsInfo(info);
      setLoadError(null);
      setCoreDown(false);
      setMonth((current) => (current && info.months.includes(current) ? current : info.latest));
    } catch (e) {
      setLoadError(errorMessage(e));
      setCoreDown(e instanceof ApiError && e.kind === 'internal');
    }
  }, [client]);

  const restartCore = useCallback(async () => {
    try {
      await client.restartCore?.();
    } catch (e) {
      setLoadError(errorMessage(e));
      return;
    }
    setDataVersion((v) => v + 1);
    await loadMonths();
  }, [client, loadMonths]);

  /** Something changed the data: every screen reloads what it shows. */
  const dataChanged = useCallback(() => {
    setDataVersion((v) => v + 1);
    void loadMonths();
  }, [loadMonths]);

  useEffect(() => {
    void loadMonths();
  }, [loadMonths]);

  // The open screen follows the database: another process (the command line, a
  // collection, a second window) moves SQLite's data_version, and what is shown
  // reloads in place (the screens keep their data while the next arrives, so the
  // scroll position and the filter stay).
  useEffect(() => {
    let seen: number | null = null;
    let busy = false;
    const check = async () => {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const { version } = await client.call('changes', {});
        if (seen !== null && version !== seen) dataChanged();
        seen = version;
      } catch {
        // A core that stopped says so on the Month screen; the next tick tries again.
      } finally {
        busy = false;
      }
    };
    void check();
    const timer = window.setInterval(() => void check(), LIVE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [client, dataChanged]);

  const go = useCallback((s: Screen, focus = 'h1') => {
    setScreen(s);
    // The new screen's heading is where keyboard and screen-reader users continue.
    requestAnimationFrame(() => mainRef.current?.querySelector<HTMLElement>(focus)?.focus());
  }, []);

  // ---- import ----------------------------------------------------------------

  /**
   * Runs one import and shows it on the Imports screen: a row per file with its
   * progress, then its outcome. Files picked in the page are listed at once; files
   * picked in the system's dialog appear as the host starts reading them.
   */
  const runImport = useCallback(async (start: ImportStart, picked: { name: string; size: number }[], choice: ImportChoice, sources: File[] = []) => {
    const controller = new AbortController();
    importAborts.current.add(controller);
    const ids: number[] = [];
    /** The jobs as made here, by file index (the list's copies change as the import runs). */
    const made: FileJob[] = [];
    const mine = new Set<number>();
    let shown = false;
    const ensure = (index: number, name: string, size: number) => {
      if (ids[index] !== undefined) return;
      const job: FileJob = { id: nextId++, name, size, loaded: 0, status: 'waiting', message: '', choice, source: sources[index] };
      ids[index] = job.id;
      made[index] = job;
      if (mine.size === 0) {
        // The list shows the latest import (and any still running), not every one since the start.
        setJobs((list) => [job, ...list.filter(isRunning)]);
      } else {
        setJobs((list) => [...list.filter((j) => mine.has(j.id)), job, ...list.filter((j) => !mine.has(j.id))]);
      }
      mine.add(job.id);
      if (!shown) {
        shown = true;
        // Dropped on a month's figures, the import stays there (the toast tells the
        // batch's story, the figures follow); elsewhere the Imports screen shows its progress.
        if (!(screenRef.current === 'month' && hasMonthsRef.current)) go('imports');
      }
    };
    const update = (index: number, patch: (j: FileJob) => Partial<FileJob>) => {
      const id = ids[index];
      setJobs((list) => list.map((j) => (j.id === id ? { ...j, ...patch(j) } : j)));
    };
    picked.forEach((f, i) => ensure(i, f.name, f.size));
    try {
      const outcomes = await start(controller.signal, (p) => {
        ensure(p.fileIndex, p.file, p.totalBytes);
        const done = p.totalBytes > 0 && p.bytesRead >= p.totalBytes;
        update(p.fileIndex, (j) => ({ loaded: p.bytesRead, size: p.totalBytes || j.size, status: done ? 'checking' : 'uploading' }));
      });
      if (outcomes === null) {
        // Cancelled in the dialog before any file was read: nothing to show.
        if (mine.size === 0) return;
        setJobs((list) => list.map((j) => (mine.has(j.id) && isRunning(j) ? { ...j, status: 'cancelled', message: notImportedCancelled(j.name) } : j)));
        return;
      }
      const questions: FileJob[] = [];
      outcomes.forEach((o, i) => {
        ensure(i, o.file, 0);
        const done: Partial<FileJob> = { status: o.status, message: o.message, path: o.record?.filePath ?? null, dateOrder: o.dateOrder, reimport: o.reimport };
        update(i, (j) => ({ ...done, loaded: j.size }));
        if (o.dateOrder) questions.push({ ...(made[i] as FileJob), ...done });
      });
      toast(batchToast(outcomes));
      // A file whose dates read both ways is asked about at once (one at a time).
      if (questions.length > 0) setAsking((q) => [...q, ...questions]);
    } catch (e) {
      const message = errorMessage(e);
      setJobs((list) => list.map((j) => (mine.has(j.id) && isRunning(j) ? { ...j, status: 'rejected', message } : j)));
      toast({ kind: 'error', text: message });
    } finally {
      importAborts.current.delete(controller);
      dataChanged();
    }
  }, [go, toast, dataChanged]);

  const cancelImports = useCallback(() => {
    for (const c of importAborts.current) c.abort();
  }, []);

  /**
   * The license typed for files that name none: checked, and a key never seen is
   * confirmed as a new license first. The field is cleared once the import starts,
   * so the next file does not silently go to the same license.
   */
  const withLicense = useCallback(async (proceed: (choice: ImportChoice) => void) => {
    const typed = importLicense.trim();
    if (typed === '') {
      proceed({});
      return;
    }
    const checked = checkLicenseKey(typed);
    if ('problem' in checked) {
      toast({ kind: 'error', text: checked.problem });
      return;
    }
    const known = await client.call('licenses', {}).catch(() => [] as LicenseInfo[]);
    const go = () => {
      setImportLicense('');
      proceed({ license: checked.key });
    };
    if (known.some((l) => l.key === checked.key)) go();
    else setNewLicense({ key: checked.key, proceed: go });
  }, [client, importLicense, toast]);

  const importFiles = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    await withLicense((choice) => void runImport((signal, onProgress) => client.importFiles(files, choice, onProgress, signal), files, choice, files));
  }, [client, withLicense, runImport]);

  /**
   * "Import files…": the desktop app asks with the system's open dialog (it knows
   * where the files are on disk); the browser opens its file input.
   */
  const openPicker = useCallback(() => {
    const withDialog = client.importWithDialog?.bind(client);
    if (withDialog) void withLicense((choice) => void runImport((signal, onProgress) => withDialog(choice, onProgress, signal), [], choice));
    else fileInput.current?.click();
  }, [client, withLicense, runImport]);

  /** One file imported again with an answer (the date order, another license). */
  const retry = useCallback((job: FileJob, choice: ImportChoice) => {
    const source = job.source;
    const importPaths = client.importPaths?.bind(client);
    if (source) void runImport((signal, onProgress) => client.importFiles([source], choice, onProgress, signal), [source], choice, [source]);
    else if (job.path && importPaths) {
      const paths = [job.path];
      void runImport((signal, onProgress) => importPaths(paths, choice, onProgress, signal), [{ name: job.name, size: job.size }], choice);
    } else toast({ kind: 'error', text: `${job.name}: pick the file again to import it.` });
  }, [client, runImport, toast]);

  const loadDemo = useCallback(async () => {
    try {
      const outcomes = await client.call('loadDemo', {});
      const imported = outcomes.filter((o) => o.status === 'imported').length;
      toast({ kind: 'success', text: imported > 0 ? `Sample data loaded: ${plural(imported, 'file')} imported.` : 'The sample data is already loaded.' });
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      dataChanged();
    }
  }, [client, toast, dataChanged]);

  // Files dropped anywhere on the window are imported.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      // Never let the window navigate to a dropped file.
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length > 0) void importFiles(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [importFiles]);

  // ---- export ----------------------------------------------------------------

  const exportInvoice = useCallback(async (m: IsoMonth | null) => {
    if (!m) {
      toast({ kind: 'error', text: 'There is no month with usage to invoice yet: import usage files first.' });
      return;
    }
    setExporting(true);
    try {
      const result = await client.exportInvoice(m);
      if (!result) return;
      const what = `${formatMonth(result.month)}: ${plural(result.licenses, 'license')}, total ${formatRate(result.total)}`;
      toast(result.downloaded
        ? { kind: 'success', text: `Invoice downloaded as ${result.path} (${what}).` }
        : { kind: 'success', text: `Invoice saved (${what}).`, detail: result.path });
      dataChanged();
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setExporting(false);
    }
  }, [client, toast, dataChanged]);

  // ---- the desktop menu ------------------------------------------------------

  const menuRef = useRef<(c: MenuCommand) => void>(() => undefined);
  menuRef.current = (command: MenuCommand) => {
    if (command === 'import') {
      if (client.importWithDialog) {
        // The system's dialog, opened by the main process: no user gesture needed.
        openPicker();
      } else {
        // A file input may need a user gesture the menu does not give the page:
        // the focused "Import files…" button is then one key away.
        go('imports', '[data-import-button]');
        openPicker();
      }
    } else if (command === 'export') {
      void exportInvoice(month);
    } else if (command === 'settings') {
      go('settings');
    } else if (command === 'about') {
      setAboutOpen(true);
    }
  };
  useEffect(() => client.onMenu((c) => menuRef.current(c)), [client]);

  // ---- render ----------------------------------------------------------------

  const openLicense = useCallback((key: string) => {
    setLicense(key);
    go('license');
    // The browser's Back (and the mouse's back button) leaves the License screen.
    if (screenRef.current !== 'license') window.history.pushState({ flexScreen: 'license' }, '');
  }, [go]);

  /** Back to the Month screen, taking the License screen's entry off the browser's history. */
  const leaveLicense = useCallback(() => {
    const state: unknown = window.history.state;
    if (state && typeof state === 'object' && 'flexScreen' in state) window.history.back();
    else go('month');
  }, [go]);

  // F1 or ? opens the help; Esc leaves the License screen (a dialog takes its own Esc).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target;
      const typing = t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
      if (document.querySelector('dialog[open]')) return;
      if (e.key === 'F1' || (e.key === '?' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        setHelpOpen(true);
      } else if (e.key === 'Escape' && !typing && screenRef.current === 'license') {
        e.preventDefault();
        leaveLicense();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [leaveLicense]);

  useEffect(() => {
    const onPop = () => {
      if (screenRef.current === 'license') go('month');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [go]);

  /** The Quote screen, prefilled from a license's or a domain's usage in the month shown. */
  const openQuote = useCallback((basis: QuoteBasis) => {
    setQuoteDraft((d) => applyBasis(d, month, basis));
    go('quote');
  }, [go, month]);

  const noData = monthsInfo !== null && monthsInfo.months.length === 0;

  let body;
  if (screen === 'imports') {
    body = (
      <ImportsScreen
        jobs={jobs}
        license={importLicense}
        onLicenseChange={setImportLicense}
        onPick={openPicker}
        onClearFinished={() => setJobs((list) => list.filter(isRunning))}
        onCancel={cancelImports}
        onReimport={(job) => void client.call('licenses', {}).then((known) => setReimporting({ job, known }), (e: unknown) => toast({ kind: 'error', text: errorMessage(e) }))}
        closedMonths={monthsInfo?.closed ?? []}
        dataVersion={dataVersion}
        onChanged={dataChanged}
        toast={toast}
      />
    );
  } else if (screen === 'servers') {
    body = <ServersScreen onChanged={dataChanged} toast={toast} />;
  } else if (screen === 'settings') {
    body = <SettingsScreen onChanged={dataChanged} dataVersion={dataVersion} toast={toast} />;
  } else if (screen === 'review') {
    body = (
      <ReviewScreen
        monthsInfo={monthsInfo}
        month={month}
        onMonthChange={setMonth}
        onGoImports={() => go('imports')}
        onOpenLicense={openLicense}
        onPrint={setPrinting}
        dataVersion={dataVersion}
        onChanged={dataChanged}
        toast={toast}
      />
    );
  } else if (screen === 'quote') {
    body = <QuoteScreen monthsInfo={monthsInfo} draft={quoteDraft} onDraftChange={setQuoteDraft} dataVersion={dataVersion} toast={toast} />;
  } else if (screen === 'license' && license && month) {
    body = (
      <LicenseScreen
        license={license}
        month={month}
        months={monthsInfo?.months ?? []}
        onMonthChange={setMonth}
        onBack={leaveLicense}
        dataVersion={dataVersion}
        onChanged={dataChanged}
        onQuote={openQuote}
      />
    );
  } else {
    body = (
      <MonthScreen
        monthsInfo={monthsInfo}
        loadError={loadError}
        onRestartCore={coreDown && client.restartCore ? () => void restartCore() : undefined}
        month={month}
        onMonthChange={setMonth}
        onOpenLicense={openLicense}
        onExport={() => void exportInvoice(month)}
        onPrint={() => setPrinting(month)}
        exporting={exporting}
        dataVersion={dataVersion}
        onChanged={dataChanged}
        onPick={openPicker}
        onLoadDemo={loadDemo}
        onReview={() => go('review')}
        toast={toast}
      />
    );
  }

  const navItem = (s: Screen, label: string, icon: string) => (
    <button
      type="button"
      className="nav-item"
      aria-current={screen === s || (s === 'month' && screen === 'license') ? 'page' : undefined}
      onClick={() => go(s)}
      title={label}
    >
      <span className={`nav-icon icon-${icon}`} aria-hidden="true" />
      <span className="nav-label">{label}</span>
    </button>
  );

  return (
    <div className="app">
      <a
        href="#main"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">FB</span>
          <span className="brand-text">
            <span className="brand-name">Flex Billing</span>
            <span className="brand-sub">Exchange ActiveSync</span>
          </span>
        </div>
        <div className="nav-items">
          {navItem('month', 'Month', 'month')}
          {screen === 'license' && license && (
            <button type="button" className="nav-item nav-sub" aria-current="page" onClick={() => go('license')} title={license}>
              <span className="nav-sub-text">{license}</span>
            </button>
          )}
          {navItem('review', 'Review', 'review')}
          {navItem('imports', 'Imports', 'imports')}
          {navItem('servers', 'Servers', 'table')}
          {navItem('quote', 'Quote', 'quote')}
          {navItem('settings', 'Settings', 'settings')}
        </div>
        <div className="sidebar-foot">
          {noData ? <span className="muted">No usage yet</span> : month && <span className="muted">{formatMonth(month)}</span>}
          <button type="button" className="link-button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="F1">Help</button>
          <button type="button" className="link-button" onClick={() => setAboutOpen(true)}>About</button>
        </div>
      </nav>

      <main className="main" id="main" ref={mainRef}>{body}</main>

      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        tabIndex={-1}
        aria-hidden="true"
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          void importFiles(files);
        }}
      />

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-card">
            <span className="drop-overlay-icon icon-upload" />
            <strong>Drop to import</strong>
            <span className="muted">CSV, TSV, text, Excel (.xlsx) or JSON usage exports</span>
          </div>
        </div>
      )}

      {asking[0]?.dateOrder && (
        <DateOrderDialog
          key={asking[0].id}
          file={asking[0].name}
          readings={asking[0].dateOrder}
          onChoose={(dates) => {
            const job = asking[0] as FileJob;
            setAsking((q) => q.slice(1));
            retry(job, { ...job.choice, dates });
          }}
          onCancel={() => setAsking((q) => q.slice(1))}
        />
      )}

      {newLicense && (
        <ConfirmDialog
          title="A new license?"
          confirmLabel="Create license and import"
          onConfirm={() => {
            newLicense.proceed();
            setNewLicense(null);
          }}
          onCancel={() => setNewLicense(null)}
        >
          <p>
            No license has the key <strong className="mono">{newLicense.key}</strong> yet. Files that name no license will create it, and it will
            be billed. Check the key against the vendor’s portal before you go on.
          </p>
        </ConfirmDialog>
      )}

      {reimporting && (
        <LicenseDialog
          title="Import again as another license"
          intro={`${reimporting.job.name} was imported before for license ${reimporting.job.reimport?.earlierLicenses.join(', ') ?? ''}. Import it again for another license: that earlier import is undone, and its days go to the license you choose.`}
          known={reimporting.known}
          initial={reimporting.job.choice.license}
          exclude={reimporting.job.reimport?.earlierLicenses}
          confirmLabel="Import again"
          onChoose={(key) => {
            const { job } = reimporting;
            setReimporting(null);
            retry(job, { ...job.choice, license: key, replacing: job.reimport?.earlierId });
          }}
          onCancel={() => setReimporting(null)}
        />
      )}

      {aboutOpen && (
        <Dialog
          title="About Flex Billing"
          onClose={() => setAboutOpen(false)}
          actions={<button type="button" className="btn btn-primary" data-initial-focus onClick={() => setAboutOpen(false)}>Close</button>}
        >
          <p><strong>Flex Billing for Exchange ActiveSync</strong></p>
          <p>Version {client.version}{client.host === 'browser' ? ' · browser host' : ''}</p>
          <p className="muted">Computes the monthly SmarterMail EAS bill from usage exports. Everything stays on this computer: the app connects to nothing but the SmarterMail servers you add.</p>
        </Dialog>
      )}

      {helpOpen && <HelpDialog desktop={client.host === 'electron'} onClose={() => setHelpOpen(false)} />}

      <Toasts toasts={toasts} onDismiss={dismiss} />

      <div className="print-root">
        {printing && (
          <PrintInvoice
            month={printing}
            onReady={() => requestAnimationFrame(() => {
              const toPdf = client.printToPdf?.bind(client);
              if (toPdf) {
                // The desktop app: Chromium prints the layout to the PDF file the person picks.
                const m = printing;
                toPdf(m).then(
                  (r) => r && toast({ kind: 'success', text: `Invoice for ${formatMonth(m)} saved as PDF.`, detail: r.path }),
                  (e: unknown) => toast({ kind: 'error', text: errorMessage(e) }),
                ).finally(() => setPrinting(null));
                return;
              }
              // The browser host: its print dialog (print, or save as PDF). The layout goes when the dialog is done with it.
              window.addEventListener('afterprint', () => setPrinting(null), { once: true });
              window.print();
            })}
          />
        )}
      </div>
    </div>
  );
}

/** One message for a whole batch: how many files were imported, rejected, already there, cancelled. */
function batchToast(outcomes: ImportOutcome[]): Omit<Toast, 'id'> {
  const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const parts: string[] = [];
  const imported = count('imported');
  const asked = outcomes.filter((o) => o.dateOrder !== undefined).length;
  const rejected = count('rejected') - asked;
  const duplicate = count('duplicate');
  const cancelled = count('cancelled');
  if (imported > 0) parts.push(`${plural(imported, 'file')} imported`);
  if (rejected > 0) parts.push(`${rejected} rejected`);
  if (duplicate > 0) parts.push(`${duplicate} already imported`);
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  if (asked > 0) parts.push(`${asked} waiting for the order of ${asked === 1 ? 'its' : 'their'} dates`);
  const text = parts.length === 0 ? 'Nothing imported.' : `${parts.join(', ')}.${rejected > 0 ? ' See Imports for the reasons.' : ''}`;
  return { kind: rejected > 0 ? 'error' : imported > 0 && asked === 0 ? 'success' : 'info', text: text.charAt(0).toUpperCase() + text.slice(1) };
}
