// The vendor's summary invoice for the month against our figures: per license
// the vendor's count, ours, the difference in mailboxes and in dollars, and the
// licenses on one side only. Differences come first.
import { useRef, useState } from 'react';
import type { IsoMonth, ReconcileStatus } from '../../app/api-types';
import { errorMessage, getClient } from '../client';
import type { Toast } from './Toasts';
import { formatCount, formatDateTime, formatMonth, formatUsd, plural } from '../lib/format';
import type { Cents } from '../../app/billing/types';
import { useLoad } from '../lib/useLoad';

const STATUS: Record<ReconcileStatus, { label: string; tone: string }> = {
  differs: { label: 'Differs', tone: 'danger' },
  'vendor-only': { label: 'Vendor only', tone: 'warn' },
  'ours-only': { label: 'Ours only', tone: 'warn' },
  match: { label: 'Match', tone: 'ok' },
};

function signedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '0';
}

function signedUsd(c: Cents): string {
  return c > 0 ? `+${formatUsd(c)}` : c < 0 ? `−${formatUsd(-c as Cents)}` : formatUsd(c);
}

interface Props {
  month: IsoMonth;
  dataVersion: number;
  onChanged: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

export function VendorPanel({ month, dataVersion, onChanged, toast }: Props) {
  const client = getClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const { data, error, loading } = useLoad(() => client.call('reconciliation', { month }), [month, dataVersion]);
  const result = data && data.month === month ? data : null;

  const upload = async (file: File) => {
    setBusy(true);
    setUploadError(null);
    try {
      const r = await client.importVendorInvoice(month, file);
      toast({ kind: 'success', text: `${r.vendorFile}: ${plural(r.lines.length, 'line')} compared with ${formatMonth(month)}.` });
      onChanged();
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const picker = (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,.xlsx"
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
      <button type="button" className={result ? 'btn' : 'btn btn-primary'} disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Comparing…' : result ? 'Import another vendor invoice…' : 'Import vendor invoice…'}
      </button>
    </>
  );

  if (!result) {
    return (
      <div className="card vendor-empty">
        <div className="card-body">
          <h2>Compare with the vendor&rsquo;s invoice</h2>
          <p className="muted">
            Import the vendor&rsquo;s summary invoice for {formatMonth(month)} &mdash; CSV or Excel with a license column and a
            count (or quantity) column &mdash; to see, per license, the vendor&rsquo;s count against ours and what the difference costs.
          </p>
          {(error || uploadError) && <div className="alert alert-error" role="alert">{uploadError ?? error}</div>}
          <div className="vendor-actions">{!loading && picker}</div>
        </div>
      </div>
    );
  }

  const t = result.totals;
  return (
    <div className="vendor-panel">
      <div className="vendor-head">
        <span className="muted">
          Vendor invoice <strong className="selectable">{result.vendorFile}</strong>, imported {formatDateTime(result.vendorImportedAt)}
        </span>
        {picker}
      </div>
      {uploadError && <div className="alert alert-error" role="alert">{uploadError}</div>}
      <section className="stats" aria-label="Vendor invoice against ours">
        <div className="stat">
          <span className="stat-label">Vendor</span>
          <span className="stat-value" data-testid="vendor-total">{formatCount(t.vendor)}</span>
          <span className="stat-sub">{formatUsd(t.vendorAmount)}</span>
        </div>
        <div className="stat">
          <span className="stat-label">Ours</span>
          <span className="stat-value">{formatCount(t.ours)}</span>
          <span className="stat-sub">{formatUsd(t.oursAmount)}</span>
        </div>
        <div className={`stat ${t.amountDifference !== 0 ? 'stat-alert' : 'stat-ok'}`}>
          <span className="stat-label">Difference (vendor − ours)</span>
          <span className="stat-value" data-testid="vendor-difference">{signedCount(t.difference)}</span>
          <span className="stat-sub">{signedUsd(t.amountDifference)}</span>
        </div>
        <div className="stat">
          <span className="stat-label">Licenses</span>
          <span className="stat-value stat-value-small">
            {formatCount(t.differing)} differ · {formatCount(t.vendorOnly + t.oursOnly)} one side · {formatCount(t.matching)} match
          </span>
        </div>
      </section>
      <div className="table-scroll">
        <table className="data-table sticky-head" data-testid="reconciliation">
          <colgroup>
            <col style={{ width: 196 }} />
            <col />
            <col style={{ width: 104 }} />
            <col style={{ width: 80 }} />
            <col style={{ width: 80 }} />
            <col style={{ width: 92 }} />
            <col style={{ width: 110 }} />
            <col style={{ width: 110 }} />
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
              <th scope="col" className="num">Vendor amount</th>
              <th scope="col" className="num">Our amount</th>
              <th scope="col" className="num">$ difference</th>
            </tr>
          </thead>
          <tbody>
            {result.lines.map((l) => (
              <tr key={l.license} data-license={l.license} data-status={l.status}>
                <td className="mono" title={l.license}>{l.license}</td>
                <td className="ellipsis" title={l.name ?? undefined}>{l.name ?? ''}</td>
                <td><span className={`pill pill-${STATUS[l.status].tone}`}>{STATUS[l.status].label}</span></td>
                <td className="num">{l.vendor === null ? '—' : formatCount(l.vendor)}</td>
                <td className="num">{l.ours === null ? '—' : formatCount(l.ours)}</td>
                <td className={`num strong${l.difference !== 0 ? ' diff' : ''}`}>{signedCount(l.difference)}</td>
                <td className="num">{l.vendorAmount === null ? '—' : formatUsd(l.vendorAmount)}</td>
                <td className="num">{l.oursAmount === null ? '—' : formatUsd(l.oursAmount)}</td>
                <td className={`num strong${l.amountDifference !== 0 ? ' diff' : ''}`}>{signedUsd(l.amountDifference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
