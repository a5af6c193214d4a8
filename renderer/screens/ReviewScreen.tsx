// Vendor invoice review: the vendor's summary invoice for a month against our
// figures. Per license the vendor's count, ours, the difference in mailboxes and
// in dollars, and the licenses on one side only; the differences come first.
import { useRef, useState } from 'react';
import type { IsoMonth, MonthsInfo, ReconcileStatus, ReconciliationResult } from '../../app/api-types';
import { mismatches } from '../../app/billing/reconcile';
import type { Cents } from '../../app/billing/types';
import { errorMessage, getClient } from '../client';
import { ConfirmDialog } from '../components/Dialog';
import { MonthSelect } from '../components/MonthSelect';
import type { Toast } from '../components/Toasts';
import { formatCount, formatDateTime, formatMonth, formatUsd, plural } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import { useMedia } from '../lib/useMedia';

const STATUS: Record<ReconcileStatus, { label: string; tone: string }> = {
  differs: { label: 'Differs', tone: 'danger' },
  'vendor-only': { label: 'Vendor only', tone: 'warn' },
  'ours-only': { label: 'Ours only', tone: 'warn' },
  match: { label: 'Match', tone: 'ok' },
};

/** What the vendor's file may look like, said once for the empty state and the picker. */
const VENDOR_ACCEPT = '.csv,.tsv,.txt,.xlsx';

function signedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0';
}

function signedUsd(c: Cents): string {
  return c > 0 ? `+${formatUsd(c)}` : c < 0 ? `−${formatUsd(-c as Cents)}` : formatUsd(c);
}

/** Who owes whom, in words as well as the colour: "The vendor bills 12 mailboxes ($12.00) more than we count." */
function owesSentence(difference: number, amount: Cents): string {
  if (difference === 0 && amount === 0) return 'No one owes anything: the counts match.';
  const n = Math.abs(difference);
  const money = formatUsd(Math.abs(amount) as Cents);
  return difference > 0 || (difference === 0 && amount > 0)
    ? `The vendor bills ${plural(n, 'mailbox', 'mailboxes')} (${money}) more than we count.`
    : `The vendor bills ${plural(n, 'mailbox', 'mailboxes')} (${money}) less than we count.`;
}

/** "2 licenses differ, 1 is only on the vendor's invoice, 1 only in our usage, 2 match." */
function countsSentence(t: ReconciliationResult['totals']): string {
  const parts: string[] = [];
  parts.push(t.differing === 1 ? '1 license differs' : `${formatCount(t.differing)} licenses differ`);
  parts.push(`${formatCount(t.vendorOnly)} ${t.vendorOnly === 1 ? 'is' : 'are'} only on the vendor’s invoice`);
  parts.push(`${formatCount(t.oursOnly)} only in our usage`);
  parts.push(`${formatCount(t.matching)} ${t.matching === 1 ? 'matches' : 'match'}`);
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}.`;
}

interface Props {
  monthsInfo: MonthsInfo | null;
  month: IsoMonth | null;
  onMonthChange: (m: IsoMonth) => void;
  onGoImports: () => void;
  /** Opens a license's screen for the month (a row of the comparison). */
  onOpenLicense: (key: string) => void;
  /** Print / Save as PDF: the month's invoice with this Reconciliation. */
  onPrint: (month: IsoMonth) => void;
  dataVersion: number;
  onChanged: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

export function ReviewScreen({ monthsInfo, month, onMonthChange, onGoImports, onOpenLicense, onPrint, dataVersion, onChanged, toast }: Props) {
  const client = getClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  /** Importing another vendor invoice replaces the month's comparison: asked first. */
  const [replacing, setReplacing] = useState(false);
  // Below 1180 px the two amounts give their room to the name: the $ difference stays.
  const wide = !useMedia('(max-width: 1180px)');
  const [uploadError, setUploadError] = useState<{ month: IsoMonth; text: string } | null>(null);
  const { data, error, loading } = useLoad(
    () => (month ? client.call('reconciliation', { month }) : Promise.resolve(null)),
    [month, dataVersion],
  );
  const result = data && data.month === month ? data : null;
  const months = monthsInfo?.months ?? [];
  const failed = uploadError && uploadError.month === month ? uploadError.text : null;

  const upload = async (file: File) => {
    if (!month) return;
    setBusy(true);
    setUploadError(null);
    try {
      const r = await client.importVendorInvoice(month, file);
      toast({ kind: 'success', text: `${r.vendorFile}: ${plural(r.lines.length, 'license')} compared with ${formatMonth(month)}.` });
      onChanged();
    } catch (e) {
      setUploadError({ month, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const picker = (primary: boolean) => (
    <button
      type="button"
      className={primary ? 'btn btn-primary' : 'btn'}
      disabled={busy || !month}
      onClick={() => (result ? setReplacing(true) : input.current?.click())}
    >
      <span className="btn-icon icon-upload" aria-hidden="true" />
      {busy ? 'Comparing…' : result ? 'Import another vendor invoice…' : 'Import vendor invoice…'}
    </button>
  );

  let body;
  if (monthsInfo && months.length === 0) {
    body = (
      <div className="card review-empty">
        <div className="card-body">
          <h2>No usage to compare with yet</h2>
          <p className="muted">
            The review puts the vendor&rsquo;s invoice for a month next to the billable mailboxes computed here from your
            usage exports. Import the month&rsquo;s usage first.
          </p>
          <div className="review-actions">
            <button type="button" className="btn btn-primary" onClick={onGoImports}>Go to Imports</button>
          </div>
        </div>
      </div>
    );
  } else if (!result) {
    body = (
      <div className="card review-empty" data-testid="review-empty">
        <div className="card-body">
          <h2>No vendor invoice for {month ? formatMonth(month) : 'this month'}</h2>
          <p>
            A <strong>vendor invoice</strong> is the summary invoice SmarterTools sends you for the month: one line per
            license with the number of Exchange ActiveSync mailboxes it charges. Import it to check it against the
            billable counts computed here: per license, the vendor&rsquo;s count against ours and what the difference costs.
          </p>
          <p className="muted">
            CSV or Excel (.xlsx) with a license column (License, License key…) and a count or quantity column
            (Count, Quantity, Qty, Mailboxes…); an amount column is optional. Title rows and a total row are fine.
          </p>
          {(error || failed) && <div className="alert alert-error" role="alert">{failed ?? error}</div>}
          <div className="review-actions">{!loading && picker(true)}</div>
        </div>
      </div>
    );
  } else {
    const t = result.totals;
    const allMatch = mismatches(t) === 0;
    body = (
      <>
        <div className={`banner ${allMatch ? 'banner-ok' : 'banner-warn'}`} role="status" data-testid="review-sentence">
          <div className="banner-row">
            <span>
              <strong>{allMatch ? 'The vendor’s invoice matches ours.' : 'The vendor’s invoice differs from ours.'}</strong>{' '}
              {countsSentence(t)}
            </span>
            <span className="muted small review-source">
              <span className="selectable">{result.vendorFile}</span>, imported {formatDateTime(result.vendorImportedAt)}
            </span>
          </div>
        </div>
        {failed && <div className="alert alert-error" role="alert">{failed}</div>}
        <section className="stats" aria-label="Vendor invoice against ours">
          <div className="stat">
            <span className="stat-label">Vendor</span>
            <span className="stat-value" data-testid="vendor-total">{formatCount(t.vendor)}</span>
            <span className="stat-sub">{formatUsd(t.vendorAmount)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Ours</span>
            <span className="stat-value" data-testid="ours-total">{formatCount(t.ours)}</span>
            <span className="stat-sub">{formatUsd(t.oursAmount)}</span>
          </div>
          <div className={`stat ${t.amountDifference !== 0 || t.difference !== 0 ? 'stat-alert' : 'stat-ok'}`}>
            <span className="stat-label">Difference (vendor − ours)</span>
            <span className="stat-value" data-testid="vendor-difference">{signedCount(t.difference)}</span>
            <span className="stat-sub" data-testid="vendor-amount-difference">{signedUsd(t.amountDifference)}</span>
            <span className="stat-sub" data-testid="who-owes">{owesSentence(t.difference, t.amountDifference)}</span>
          </div>
          <div className="stat stat-wide">
            <span className="stat-label">Licenses</span>
            <span className="stat-value stat-value-small">
              <span className="count-differs">{formatCount(t.differing)} differ</span>
              {' · '}{formatCount(t.vendorOnly + t.oursOnly)} one side only
              {' · '}{formatCount(t.matching)} match
            </span>
          </div>
        </section>
        <div className="table-scroll">
          <table className="data-table sticky-head review-table" data-testid="reconciliation">
            <colgroup>
              <col style={{ width: 200 }} />
              <col />
              <col style={{ width: 100 }} />
              <col style={{ width: 76 }} />
              <col style={{ width: 76 }} />
              <col style={{ width: 92 }} />
              {wide && <col style={{ width: 112 }} />}
              {wide && <col style={{ width: 106 }} />}
              <col style={{ width: 110 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">License</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Vendor</th>
                <th scope="col" className="num">Ours</th>
                <th scope="col" className="num">Difference</th>
                {wide && <th scope="col" className="num">Vendor amount</th>}
                {wide && <th scope="col" className="num">Our amount</th>}
                <th scope="col" className="num">$ difference</th>
              </tr>
            </thead>
            <tbody>
              {result.lines.map((l) => (
                <tr
                  key={l.license}
                  data-license={l.license}
                  data-status={l.status}
                  className={`review-${l.status}${l.ours !== null ? ' row-link' : ''}`}
                  onClick={l.ours !== null ? () => onOpenLicense(l.license) : undefined}
                >
                  <td className="mono" title={l.license}>
                    {l.ours !== null
                      ? <button type="button" className="link-button mono" onClick={(e) => { e.stopPropagation(); onOpenLicense(l.license); }}>{l.license}</button>
                      : l.license}
                  </td>
                  <td className="ellipsis" title={l.name ?? undefined}>{l.name ?? ''}</td>
                  <td><span className={`pill pill-${STATUS[l.status].tone}`}>{STATUS[l.status].label}</span></td>
                  <td className="num">{l.vendor === null ? '—' : formatCount(l.vendor)}</td>
                  <td className="num">{l.ours === null ? '—' : formatCount(l.ours)}</td>
                  <td className={`num${l.difference !== 0 ? ' strong diff' : ''}`}>{signedCount(l.difference)}</td>
                  {wide && <td className="num">{l.vendorAmount === null ? '—' : formatUsd(l.vendorAmount)}</td>}
                  {wide && <td className="num">{l.oursAmount === null ? '—' : formatUsd(l.oursAmount)}</td>}
                  <td className={`num${l.amountDifference !== 0 ? ' strong diff' : ''}`} title={owesSentence(l.difference, l.amountDifference)}>{signedUsd(l.amountDifference)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="review-totals">
                <th scope="row">Total</th>
                <td className="muted">{plural(result.lines.length, 'license')}</td>
                <td />
                <td className="num">{formatCount(t.vendor)}</td>
                <td className="num">{formatCount(t.ours)}</td>
                <td className={`num${t.difference !== 0 ? ' diff' : ''}`}>{signedCount(t.difference)}</td>
                {wide && <td className="num">{formatUsd(t.vendorAmount)}</td>}
                {wide && <td className="num">{formatUsd(t.oursAmount)}</td>}
                <td className={`num${t.amountDifference !== 0 ? ' diff' : ''}`}>{signedUsd(t.amountDifference)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </>
    );
  }

  return (
    <div className="screen screen-fill">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>Vendor invoice review</h1>
          <p className="subtitle">
            {month ? <>The vendor&rsquo;s summary invoice for {formatMonth(month)} against the billable mailboxes computed here.</> : 'The vendor’s summary invoice against the billable mailboxes computed here.'}
          </p>
        </div>
        <div className="screen-actions">
          {month && (
            <label className="inline-field">
              <span>Month</span>
              <MonthSelect label="Month" value={month} months={months} closed={monthsInfo?.closed} onChange={onMonthChange} />
            </label>
          )}
          {result && month && <button type="button" className="btn" onClick={() => onPrint(month)}>Print / Save as PDF…</button>}
          {result && picker(false)}
        </div>
      </header>
      <input
        ref={input}
        type="file"
        accept={VENDOR_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="vendor-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void upload(file);
        }}
      />
      {error && result && <div className="alert alert-error" role="alert">{error}</div>}
      {body}
      {replacing && result && month && (
        <ConfirmDialog
          title={`Replace the vendor invoice for ${formatMonth(month)}?`}
          confirmLabel="Choose file…"
          onCancel={() => setReplacing(false)}
          onConfirm={() => {
            setReplacing(false);
            input.current?.click();
          }}
        >
          <p>
            The comparison with <strong>{result.vendorFile}</strong> (imported {formatDateTime(result.vendorImportedAt)}) is replaced by the file you choose next.
            The month&rsquo;s own figures do not change.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
