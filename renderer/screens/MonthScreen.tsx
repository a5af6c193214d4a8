// The month: one row per license, the totals, the invoice export; closing and
// reopening the month. The vendor's invoice has its own screen (Review); this one
// only says when the month's vendor invoice differs.
import { useMemo, useState } from 'react';
import type { IsoMonth, MonthPreview, MonthsInfo, ReconciliationResult } from '../../app/api-types';
import { mismatches } from '../../app/billing/reconcile';
import { totalsOf } from '../../app/billing/rule';
import { errorMessage, getClient } from '../client';
import { ConfirmDialog } from '../components/Dialog';
import { CollectionNotice } from '../components/CollectionNotice';
import { CompletenessPanel } from '../components/CompletenessPanel';
import { EmptyState } from '../components/EmptyState';
import { flagLabel } from '../components/Flags';
import { firstDirection, LicenseTable, sortValue, type Direction, type SortKey } from '../components/LicenseTable';
import { MonthSelect } from '../components/MonthSelect';
import type { Toast } from '../components/Toasts';
import { formatCount, formatDateTime, formatMonth, formatUsd, plural } from '../lib/format';
import { ruleLine } from '../lib/rule';
import { useLoad } from '../lib/useLoad';

interface Props {
  monthsInfo: MonthsInfo | null;
  loadError: string | null;
  /** Present when the app's core stopped and can be started again (desktop). */
  onRestartCore?: () => void;
  month: IsoMonth | null;
  onMonthChange: (m: IsoMonth) => void;
  onOpenLicense: (key: string) => void;
  onExport: () => void;
  /** Print / Save as PDF: the invoice's print layout, then the host's print dialog. */
  onPrint: () => void;
  exporting: boolean;
  dataVersion: number;
  onChanged: () => void;
  onPick: () => void;
  onLoadDemo: () => Promise<void>;
  onReview: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

export function MonthScreen(props: Props) {
  const { monthsInfo, loadError, month } = props;
  if (monthsInfo === null) {
    return (
      <div className="screen">
        <header className="screen-header"><h1 tabIndex={-1}>Month</h1></header>
        {loadError ? (
          <div className="alert alert-error" role="alert">
            <p>{loadError}</p>
            {props.onRestartCore && <button type="button" className="btn" onClick={props.onRestartCore}>Restart the app&rsquo;s core</button>}
          </div>
        ) : <p className="muted">Loading…</p>}
      </div>
    );
  }
  if (monthsInfo.months.length === 0 || !month) {
    return (
      <div className="screen">
        <EmptyState onPick={props.onPick} onLoadDemo={props.onLoadDemo} />
      </div>
    );
  }
  return <MonthView {...props} month={month} monthsInfo={monthsInfo} />;
}

/** Text order for the table's columns, the same as String#localeCompare's but made once. */
const collator = new Intl.Collator();

function MonthView({ month, monthsInfo, onMonthChange, onOpenLicense, onExport, onPrint, exporting, dataVersion, onChanged, onReview, toast }: Props & { month: IsoMonth; monthsInfo: MonthsInfo }) {
  const client = getClient();
  const { data: preview, error } = useLoad(() => client.call('preview', { month }), [month, dataVersion]);
  const { data: vendor } = useLoad(() => client.call('reconciliation', { month }), [month, dataVersion]);
  const { data: progress } = useLoad(() => client.call('completeness', { month }), [month, dataVersion]);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: Direction }>({ key: 'license', dir: 'ascending' });
  const [confirm, setConfirm] = useState<'close' | 'reopen' | null>(null);
  const [busy, setBusy] = useState(false);

  const searchable = useMemo(() => new Map((preview?.licenses ?? []).map((l) => [
    l,
    [l.license, l.name ?? '', ...l.flags.flatMap((f) => [flagLabel(f), f.message])].join('\u0000').toLowerCase(),
  ])), [preview]);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const list = (preview?.licenses ?? []).filter((l) => !needle || (searchable.get(l) ?? '').includes(needle));
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return list.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return c !== 0 ? sign * c : collator.compare(a.license, b.license);
    });
  }, [preview, searchable, filter, sort]);

  // Only shown while filtering: the totals of the rows the filter leaves.
  const shown = useMemo(() => (filter.trim() ? totalsOf(rows) : null), [rows, filter]);
  const flagged = useMemo(() => (preview?.licenses ?? []).filter((l) => l.flags.length > 0).length, [preview]);
  const closed = preview?.month === month ? (preview.closed ?? null) : null;
  const waiting = useMemo(() => (closed && closed.waiting.length > 0 ? new Map(closed.waiting.map((w) => [w.license as string, w])) : undefined), [closed]);

  const closeOrReopen = async () => {
    setBusy(true);
    try {
      if (confirm === 'close') {
        await client.call('closeMonth', { month });
        toast({ kind: 'success', text: `${formatMonth(month)} is closed: its figures stay as they are until you reopen it.` });
      } else {
        await client.call('reopenMonth', { month });
        toast({ kind: 'success', text: `${formatMonth(month)} is open again: its figures follow the data.` });
      }
      onChanged();
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  return (
    <div className="screen screen-fill">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>
            {/* The heading names the month whose figures are shown: a new month's name comes with its figures. */}
            {formatMonth(preview?.month ?? month)}
            {closed && <span className="title-badge" data-testid="closed-badge">Closed</span>}
            {preview && preview.month !== month && <span className="title-loading" role="status">Loading {formatMonth(month)}…</span>}
          </h1>
          {preview && <p className="rule-line" data-testid="rule-line">{ruleLine(preview.droppedDays, preview.rate)}</p>}
        </div>
        <div className="screen-actions">
          <label className="inline-field">
            <span>Month</span>
            <MonthSelect label="Month" value={month} months={monthsInfo.months} closed={monthsInfo.closed} onChange={onMonthChange} />
          </label>
          {preview && (closed
            ? <button type="button" className="btn" onClick={() => setConfirm('reopen')}>Reopen month…</button>
            : <button type="button" className="btn" onClick={() => setConfirm('close')} disabled={preview.licenses.length === 0}>Close month…</button>)}
          <button type="button" className="btn" onClick={onPrint} disabled={!preview || preview.licenses.length === 0}>
            Print / Save as PDF…
          </button>
          <button type="button" className="btn btn-primary" onClick={onExport} disabled={exporting || !preview || preview.licenses.length === 0}>
            <span className="btn-icon icon-export" aria-hidden="true" />
            {exporting ? 'Exporting…' : 'Export invoice…'}
          </button>
        </div>
      </header>

      {error && <div className="alert alert-error" role="alert">{error}</div>}

      {closed && <ClosedBanner closed={closed} />}
      <CollectionNotice month={month} dataVersion={dataVersion} />
      {progress && progress.month === month && preview?.month === month && <CompletenessPanel data={progress} onOpenLicense={onOpenLicense} />}

      {preview && (
        <section className="stats" aria-label="Totals">
          <div className="stat">
            <span className="stat-label">Licenses</span>
            <span className="stat-value" data-testid="total-licenses">{formatCount(preview.totals.licenses)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Billable mailboxes</span>
            <span className="stat-value" data-testid="total-billable">{formatCount(preview.totals.billable)}</span>
          </div>
          <div className="stat stat-primary">
            <span className="stat-label">Amount</span>
            <span className="stat-value" data-testid="total-amount">{formatUsd(preview.totals.amount)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Flagged</span>
            <span className="stat-value">{formatCount(flagged)}</span>
          </div>
        </section>
      )}

      <div className="toolbar">
        <label className="search">
          <span className="visually-hidden">Filter licenses</span>
          <span className="search-icon icon-search" aria-hidden="true" />
          <input
            type="search"
            placeholder="Filter by license, name or flag"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-controls="license-table"
          />
        </label>
        <span className="toolbar-note" role="status" data-testid="row-count">
          {preview && (shown
            ? `${formatCount(shown.licenses)} of ${plural(preview.licenses.length, 'license')} · billable ${formatCount(shown.billable)} · ${formatUsd(shown.amount)}`
            : plural(preview.licenses.length, 'license'))}
        </span>
        {vendor && vendor.month === month && <VendorNotice result={vendor} onReview={onReview} />}
      </div>

      <div className="month-view">
        {preview && (
          <LicenseTable
            rows={rows}
            sort={sort}
            onSort={(key) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: firstDirection(key) }))}
            onOpen={onOpenLicense}
            waiting={waiting}
            emptyText={preview.licenses.length === 0 ? `No usage in ${formatMonth(month)}.` : `No license matches “${filter.trim()}”.`}
          />
        )}
      </div>

      {confirm && preview && (
        <ConfirmDialog
          title={confirm === 'close' ? `Close ${formatMonth(month)}?` : `Reopen ${formatMonth(month)}?`}
          confirmLabel={confirm === 'close' ? 'Close month' : 'Reopen month'}
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void closeOrReopen()}
        >
          {confirm === 'close'
            ? <CloseText preview={preview} flagged={flagged} vendorDiffers={vendor && vendor.month === month ? mismatches(vendor.totals) : 0} />
            : (
              <p>
                The month&rsquo;s figures will follow the data again
                {closed && closed.waiting.length > 0 ? <>, and the {plural(closed.waiting.length, 'change')} waiting will apply</> : null}.
              </p>
            )}
        </ConfirmDialog>
      )}
    </div>
  );
}

/** One line on the month when its vendor invoice was imported: how many licenses differ, and the way to the review. */
function VendorNotice({ result, onReview }: { result: ReconciliationResult; onReview: () => void }) {
  const differ = mismatches(result.totals);
  const text = differ === 0
    ? 'Vendor invoice: matches'
    : `Vendor invoice: ${differ === 1 ? '1 license doesn’t match' : `${formatCount(differ)} licenses don’t match`}`;
  return (
    <button
      type="button"
      className={`vendor-notice ${differ === 0 ? 'vendor-notice-ok' : 'vendor-notice-warn'}`}
      onClick={onReview}
      data-testid="vendor-notice"
    >
      <span>{text}</span>
      <span className="vendor-notice-link">Review <span aria-hidden="true">→</span></span>
    </button>
  );
}

function CloseText({ preview, flagged, vendorDiffers }: { preview: MonthPreview; flagged: number; vendorDiffers: number }) {
  return (
    <>
      {(vendorDiffers > 0 || flagged > 0) && (
        <div className="alert alert-warn" data-testid="close-warnings">
          {vendorDiffers > 0 && <p>The vendor&rsquo;s invoice differs for {plural(vendorDiffers, 'license')}: see Review before closing.</p>}
          {flagged > 0 && <p>{plural(flagged, 'license is', 'licenses are')} flagged (short month, gaps, not eligible): check {flagged === 1 ? 'it' : 'them'} first.</p>}
        </div>
      )}
      <p>
        The figures stay as they are now &mdash; {plural(preview.totals.licenses, 'license')}, {formatCount(preview.totals.billable)} billable
        mailboxes, {formatUsd(preview.totals.amount)} &mdash; whatever is imported later.
      </p>
      <p className="muted">A later import that touches the month shows what would change; you can reopen the month on purpose.</p>
    </>
  );
}

function ClosedBanner({ closed }: { closed: NonNullable<MonthPreview['closed']> }) {
  const [open, setOpen] = useState(false);
  const waiting = closed.waiting;
  return (
    <div className={`banner ${waiting.length > 0 ? 'banner-warn' : 'banner-info'}`} role="note" data-testid="closed-banner">
      <div className="banner-row">
        <span>
          <strong>Closed {formatDateTime(closed.closedAt)}.</strong>{' '}
          {waiting.length === 0
            ? 'These are the figures kept at closing; nothing imported since changes them.'
            : `These are the figures kept at closing. ${plural(waiting.length, 'license')} would change if you reopened the month.`}
        </span>
        {waiting.length > 0 && (
          <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? 'Hide changes' : 'Show changes'}
          </button>
        )}
      </div>
      {open && waiting.length > 0 && (
        <table className="data-table compact waiting-table" data-testid="waiting-changes">
          <thead>
            <tr>
              <th scope="col">License</th>
              <th scope="col">Name</th>
              <th scope="col" className="num">Billable at closing</th>
              <th scope="col" className="num">Billable now</th>
              <th scope="col" className="num">Amount at closing</th>
              <th scope="col" className="num">Amount now</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((w) => (
              <tr key={w.license}>
                <td className="mono">{w.license}</td>
                <td className="ellipsis">{w.name ?? ''}</td>
                <td className="num">{w.before === null ? '—' : formatCount(w.before)}</td>
                <td className="num strong">{w.after === null ? '—' : formatCount(w.after)}</td>
                <td className="num">{w.beforeAmount === null ? '—' : formatUsd(w.beforeAmount)}</td>
                <td className="num strong">{w.afterAmount === null ? '—' : formatUsd(w.afterAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
