// Imports: pick or drop usage files, follow each file's progress and outcome,
// and the history of every import with undo.
import { useMemo, useState } from 'react';
import type { ImportRecord } from '../../app/api-types';
import { errorMessage, getClient } from '../client';
import { ConfirmDialog } from '../components/Dialog';
import type { Toast } from '../components/Toasts';
import { formatBytes, formatCount, formatDateRange, formatDateTime, formatMonth, plural } from '../lib/format';
import { isRunning, type FileJob } from '../lib/imports';
import { useLoad } from '../lib/useLoad';

interface Props {
  jobs: FileJob[];
  license: string;
  onLicenseChange: (s: string) => void;
  onPick: () => void;
  onClearFinished: () => void;
  /** Stops the imports under way: the file being read is not imported, nor those after it. */
  onCancel: () => void;
  /** A duplicate that went to a license given by hand: import it again as another. */
  onReimport: (job: FileJob) => void;
  /** Months that are closed: undoing an import that touches one says so. */
  closedMonths: string[];
  dataVersion: number;
  onChanged: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

/** The months an import's dates cover ("2026-10", "2026-11"). */
export function monthsOf(r: Pick<ImportRecord, 'dateFrom' | 'dateTo'>): string[] {
  if (!r.dateFrom || !r.dateTo) return [];
  const out: string[] = [];
  let [y, m] = r.dateFrom.slice(0, 7).split('-').map(Number) as [number, number];
  const last = r.dateTo.slice(0, 7);
  for (let i = 0; i < 1200; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const RESULT_TEXT: Record<string, string> = {
  imported: 'Imported', rejected: 'Rejected', duplicate: 'Duplicate', undone: 'Undone', cancelled: 'Cancelled',
  waiting: 'Waiting', uploading: 'Reading', checking: 'Checking',
};

export function ImportsScreen({ jobs, license, onLicenseChange, onPick, onClearFinished, onCancel, onReimport, closedMonths, dataVersion, onChanged, toast }: Props) {
  const client = getClient();
  const { data: history, error } = useLoad(() => client.call('imports', {}), [dataVersion]);
  const { data: known } = useLoad(() => client.call('licenses', {}), [dataVersion]);
  const [undoing, setUndoing] = useState<ImportRecord | null>(null);
  const [busy, setBusy] = useState(false);
  const [monthFilter, setMonthFilter] = useState('');
  const historyMonths = useMemo(() => [...new Set((history ?? []).flatMap(monthsOf))].sort().reverse(), [history]);
  const shownHistory = useMemo(
    () => (history ?? []).filter((r) => monthFilter === '' || monthsOf(r).includes(monthFilter)),
    [history, monthFilter],
  );
  const undoClosed = undoing && undoing.status === 'imported' ? monthsOf(undoing).filter((m) => closedMonths.includes(m)) : [];

  const confirmUndo = async () => {
    if (!undoing) return;
    setBusy(true);
    try {
      const r = await client.call('undoImport', { id: undoing.id });
      toast({ kind: 'success', text: `Import #${r.id} (${r.fileName}) undone.` });
      onChanged();
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      setUndoing(null);
    }
  };

  const running = jobs.some(isRunning);

  return (
    <div className="screen screen-scroll">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>Imports</h1>
          <p className="subtitle">Each file is imported whole or not at all; the same file twice is imported once. A later file replaces the days it reports again.</p>
        </div>
      </header>

      <section className="dropzone" aria-label="Import files">
        <span className="dropzone-icon icon-upload" aria-hidden="true" />
        <div className="dropzone-text">
          <strong>Drop usage files anywhere on this window</strong>
          <span className="muted">CSV, TSV or text (any delimiter; UTF-8, UTF-16 or Windows text), Excel .xlsx, LibreOffice .ods, or JSON</span>
        </div>
        <label className="field dropzone-license">
          <span>License for files that name none</span>
          <input
            value={license}
            onChange={(e) => onLicenseChange(e.target.value)}
            placeholder="optional: pick or type a key"
            spellCheck={false}
            list="known-licenses"
            aria-describedby="import-license-note"
            data-testid="import-license"
          />
          <datalist id="known-licenses">
            {(known ?? []).map((l) => <option key={l.key} value={l.key}>{l.name ?? ''}</option>)}
          </datalist>
          <span id="import-license-note" className="muted small">Used for the next import only; a new key is confirmed first.</span>
        </label>
        <button type="button" className="btn btn-primary" onClick={onPick} data-import-button>
          <span className="btn-icon icon-upload" aria-hidden="true" />
          Import files…
        </button>
      </section>

      {jobs.length > 0 && (
        <section className="card" aria-labelledby="current-title">
          <div className="card-header">
            <h2 id="current-title">{running ? 'Importing' : 'Just imported'}</h2>
            {running
              ? <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
              : <button type="button" className="btn btn-small btn-ghost" onClick={onClearFinished}>Clear</button>}
          </div>
          <ul className="jobs" data-testid="import-results">
            {jobs.map((j) => <JobRow key={j.id} job={j} onReimport={onReimport} />)}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="history-title">
        <div className="card-header">
          <h2 id="history-title">History</h2>
          {history && history.length > 0 && (
            <label className="inline-field">
              <span>Month</span>
              <select value={monthFilter} onChange={(e) => setMonthFilter(e.target.value)} data-testid="history-month">
                <option value="">All months</option>
                {historyMonths.map((m) => <option key={m} value={m}>{formatMonth(m)}</option>)}
              </select>
            </label>
          )}
          {history && (
            <span className="muted small" role="status" data-testid="history-count">
              {monthFilter === '' ? plural(history.length, 'import') : `${plural(shownHistory.length, 'import')} with days in ${formatMonth(monthFilter)}`}
            </span>
          )}
        </div>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        {history && history.length === 0 && <p className="card-empty muted">Nothing has been imported yet.</p>}
        {history && history.length > 0 && (
          <div className="table-wrap">
            <table className="data-table history" data-testid="import-history">
              <colgroup>
                <col style={{ width: 40 }} />
                <col style={{ width: 132 }} />
                <col />
                <col style={{ width: 92 }} />
                <col style={{ width: 124 }} />
                <col style={{ width: 124 }} />
                <col style={{ width: 64 }} />
                <col style={{ width: 96 }} />
                <col style={{ width: 80 }} />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col" className="num">#</th>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col">Result</th>
                  <th scope="col">Licenses</th>
                  <th scope="col">Dates</th>
                  <th scope="col" className="num">Rows</th>
                  <th scope="col" className="num" title="Days added / days replaced">Added / repl.</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {shownHistory.map((r) => <HistoryRow key={r.id} record={r} onUndo={() => setUndoing(r)} />)}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {undoing && (
        <ConfirmDialog
          title={`Undo import #${undoing.id}?`}
          confirmLabel="Undo import"
          danger
          busy={busy}
          onCancel={() => setUndoing(null)}
          onConfirm={() => void confirmUndo()}
        >
          <p>
            This removes the {plural(undoing.daysAdded, 'day')} that <strong>{undoing.fileName}</strong> added
            {undoing.daysReplaced > 0 && <> and restores the {plural(undoing.daysReplaced, 'value')} it replaced</>}.
          </p>
          {undoClosed.length > 0 && (
            <p className="alert alert-warn" data-testid="undo-closed">
              {undoClosed.map(formatMonth).join(', ')} {undoClosed.length === 1 ? 'is' : 'are'} closed: {undoClosed.length === 1 ? 'its' : 'their'} figures stay as at closing, and the month will show what would change until you reopen it.
            </p>
          )}
          <p className="muted">The import stays in the history, marked as undone. You can import the file again later.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function JobRow({ job, onReimport }: { job: FileJob; onReimport: (job: FileJob) => void }) {
  const running = isRunning(job);
  const pct = job.size > 0 ? Math.min(100, Math.round((job.loaded / job.size) * 100)) : (running ? 0 : 100);
  return (
    <li className={`job job-${job.status}`} data-status={job.status} data-file={job.name}>
      <div className="job-head">
        <span className="job-name" title={job.name}><FileName name={job.name} /></span>
        <span className="job-size muted">{formatBytes(job.size)}</span>
        <span className={`result result-${job.status}`}>{RESULT_TEXT[job.status] ?? job.status}</span>
      </div>
      <div
        className={`progress${running ? '' : ' progress-done'} progress-${job.status}`}
        role="progressbar"
        aria-label={`${job.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span className={`progress-fill${job.status === 'checking' ? ' progress-indeterminate' : ''}`} style={{ width: `${pct}%` }} />
      </div>
      {job.message && <p className="job-message selectable">{job.message}</p>}
      {job.reimport && (
        <button type="button" className="btn btn-small" onClick={() => onReimport(job)} data-testid="reimport">Import again as another license…</button>
      )}
    </li>
  );
}

/**
 * A file name cut in the middle when it is too long, so that its end (where exports
 * put the month and the extension) stays readable: "demo-mailb…2026-10.csv".
 */
function FileName({ name }: { name: string }) {
  const tail = name.length > 16 ? name.slice(-12) : '';
  return (
    <span className="file-name">
      <span className="visually-hidden">{name}</span>
      <span className="file-name-head" aria-hidden="true">{tail ? name.slice(0, -12) : name}</span>
      {tail && <span className="file-name-tail" aria-hidden="true">{tail}</span>}
    </span>
  );
}

/** The first cells of a history row: number, when, file (with size and hash), result. */
function HistoryLead({ record: r }: { record: ImportRecord }) {
  return (
    <>
        <td className="num muted">{r.id}</td>
        <td>{formatDateTime(r.importedAt)}</td>
        <td title={`${r.fileName} · ${formatBytes(r.size)}${r.sha256 ? ` · SHA-256 ${r.sha256}` : ''}`}><FileName name={r.fileName} /></td>
        <td><span className={`result result-${r.status}`}>{RESULT_TEXT[r.status] ?? r.status}</span></td>
    </>
  );
}

function HistoryRow({ record: r, onUndo }: { record: ImportRecord; onUndo: () => void }) {
  const licenses = r.licenses.length === 0 ? '' : r.licenses.length === 1 ? r.licenses[0]! : plural(r.licenses.length, 'license');
  const dates = r.dateFrom && r.dateTo ? formatDateRange(r.dateFrom, r.dateTo) : '';
  const counted = r.status === 'imported' || r.status === 'undone';
  const note = r.reason ?? (r.undoneAt ? `Undone ${formatDateTime(r.undoneAt)}` : r.warnings.length > 0 ? r.warnings.join(' ') : '');
  if (!counted) {
    // A file that was not imported has no licenses, dates or days: its reason takes their place.
    return (
      <tr data-import-id={r.id} data-status={r.status}>
        <HistoryLead record={r} />
        <td className="reason" colSpan={5}>{note}</td>
      </tr>
    );
  }
  // Warnings (or when it was undone) go on a line of their own under the import, full width.
  return (
    <>
      <tr data-import-id={r.id} data-status={r.status} className={note ? 'has-note' : undefined}>
        <HistoryLead record={r} />
        <td className={r.licenses.length === 1 ? 'mono ellipsis' : 'ellipsis'} title={r.licenses.join('\n')}>{licenses}</td>
        <td className="ellipsis">{dates}</td>
        <td className="num">{formatCount(r.rows)}</td>
        <td className="num">{`${formatCount(r.daysAdded)} / ${formatCount(r.daysReplaced)}`}</td>
        <td className="actions">
          {r.status === 'imported' && (
            <button type="button" className="btn btn-small" onClick={onUndo} aria-label={`Undo import #${r.id} (${r.fileName})`}>Undo</button>
          )}
        </td>
      </tr>
      {note && (
        <tr className="note-row" data-note-for={r.id} data-status={r.status}>
          <td />
          <td className="reason" colSpan={8}>{note}</td>
        </tr>
      )}
    </>
  );
}
