// The window: a left navigation, the current screen, and what belongs to the
// whole window (files dropped anywhere on it, the import in progress, the menu
// commands of the desktop app, messages).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportOutcome, ImportProgress, IsoMonth, MonthsInfo } from '../app/api-types';
import { errorMessage, getClient, type MenuCommand } from './client';
import { Dialog } from './components/Dialog';
import { Toasts, type Toast } from './components/Toasts';
import { ACCEPT, isRunning, type FileJob } from './lib/imports';
import { formatMonth, formatRate, plural } from './lib/format';
import { applyBasis, emptyDraft, type QuoteBasis, type QuoteDraft } from './lib/quote';
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
  const [dragging, setDragging] = useState(false);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [quoteDraft, setQuoteDraft] = useState<QuoteDraft>(emptyDraft);
  const fileInput = useRef<HTMLInputElement>(null);
  /** Imports under way, for Cancel. */
  const importAborts = useRef(new Set<AbortController>());
  const mainRef = useRef<HTMLElement>(null);

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
      setMonth((current) => (current && info.months.includes(current) ? current : info.latest));
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, [client]);

  /** Something changed the data: every screen reloads what it shows. */
  const dataChanged = useCallback(() => {
    setDataVersion((v) => v + 1);
    void loadMonths();
  }, [loadMonths]);

  useEffect(() => {
    void loadMonths();
  }, [loadMonths]);

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
  const runImport = useCallback(async (start: ImportStart, picked: { name: string; size: number }[]) => {
    const controller = new AbortController();
    importAborts.current.add(controller);
    const ids: number[] = [];
    const mine = new Set<number>();
    let shown = false;
    const ensure = (index: number, name: string, size: number) => {
      if (ids[index] !== undefined) return;
      const job: FileJob = { id: nextId++, name, size, loaded: 0, status: 'waiting', message: '' };
      ids[index] = job.id;
      if (mine.size === 0) {
        // The list shows the latest import (and any still running), not every one since the start.
        setJobs((list) => [job, ...list.filter(isRunning)]);
      } else {
        setJobs((list) => [...list.filter((j) => mine.has(j.id)), job, ...list.filter((j) => !mine.has(j.id))]);
      }
      mine.add(job.id);
      if (!shown) {
        shown = true;
        go('imports');
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
        setJobs((list) => list.map((j) => (mine.has(j.id) && isRunning(j) ? { ...j, status: 'cancelled', message: `${j.name}: not imported (cancelled).` } : j)));
        return;
      }
      outcomes.forEach((o, i) => {
        ensure(i, o.file, 0);
        update(i, (j) => ({ status: o.status, message: o.message, loaded: j.size }));
      });
      const imported = outcomes.filter((o) => o.status === 'imported').length;
      const rejected = outcomes.filter((o) => o.status === 'rejected').length;
      if (rejected > 0) toast({ kind: 'error', text: `${plural(rejected, 'file')} rejected; see Imports for the reason.` });
      else if (imported > 0) toast({ kind: 'success', text: `${plural(imported, 'file')} imported.` });
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

  const importFiles = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    await runImport((signal, onProgress) => client.importFiles(files, importLicense.trim() || undefined, onProgress, signal), files);
  }, [client, importLicense, runImport]);

  /**
   * "Import files…": the desktop app asks with the system's open dialog (it knows
   * where the files are on disk); the browser opens its file input.
   */
  const openPicker = useCallback(() => {
    const withDialog = client.importWithDialog?.bind(client);
    if (withDialog) void runImport((signal, onProgress) => withDialog(importLicense.trim() || undefined, onProgress, signal), []);
    else fileInput.current?.click();
  }, [client, importLicense, runImport]);

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
        dataVersion={dataVersion}
        onChanged={dataChanged}
        toast={toast}
      />
    );
  } else if (screen === 'servers') {
    body = <ServersScreen onChanged={dataChanged} toast={toast} />;
  } else if (screen === 'settings') {
    body = <SettingsScreen onChanged={dataChanged} toast={toast} />;
  } else if (screen === 'review') {
    body = (
      <ReviewScreen
        monthsInfo={monthsInfo}
        month={month}
        onMonthChange={setMonth}
        onGoImports={() => go('imports')}
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
        onBack={() => go('month')}
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
        month={month}
        onMonthChange={setMonth}
        onOpenLicense={openLicense}
        onExport={() => void exportInvoice(month)}
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
    >
      <span className={`nav-icon icon-${icon}`} aria-hidden="true" />
      {label}
    </button>
  );

  return (
    <div className="app">
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
          <button type="button" className="link-button" onClick={() => setAboutOpen(true)}>About</button>
        </div>
      </nav>

      <main className="main" ref={mainRef}>{body}</main>

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

      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
