// One license in one month: how its billable count came about (the chart and the
// day table, with the dropped days and the billed day marked), its last twelve
// months, the domains split where mailbox data exists, and its details.
import { useState, type FormEvent } from 'react';
import type { DomainSplit, IsoMonth, LicenseDetail, LicenseInfo } from '../../app/api-types';
import { errorMessage, getClient } from '../client';
import { Flags } from '../components/Flags';
import { CollectionNotice } from '../components/CollectionNotice';
import { DomainLimits } from '../components/DomainLimits';
import { DailyChart } from '../components/DailyChart';
import { MonthSelect } from '../components/MonthSelect';
import { formatCount, formatDate, formatDay, formatMonth, formatShortMonth, formatUsd, formatWeekday, plural } from '../lib/format';
import { ruleLine } from '../lib/rule';
import { domainBasis, licenseBasis, type QuoteBasis } from '../lib/quote';
import { useLoad } from '../lib/useLoad';

interface Props {
  license: string;
  month: IsoMonth;
  months: IsoMonth[];
  onMonthChange: (m: IsoMonth) => void;
  onBack: () => void;
  dataVersion: number;
  onChanged: () => void;
  /** Opens the Quote screen prefilled from this license's or one of its domains' usage in `month`. */
  onQuote: (basis: QuoteBasis) => void;
}

const STATUS_TEXT = { billed: 'Billed day', dropped: 'Dropped', counted: 'Counted', gap: 'No data' } as const;

export function LicenseScreen({ license, month, months, onMonthChange, onBack, dataVersion, onChanged, onQuote }: Props) {
  const client = getClient();
  const { data, error } = useLoad(() => client.call('licenseDetail', { license, month }), [license, month, dataVersion]);
  const detail = data && data.info.key === license ? data : null;
  const usage = detail?.usage ?? null;

  return (
    <div className="screen screen-scroll">
      <div className="breadcrumb">
        <button type="button" className="link-button" onClick={onBack}>
          <span aria-hidden="true">←</span> {formatMonth(month)}
        </button>
      </div>
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>
            {detail?.info.name ?? license}
            {detail?.closed && <span className="title-badge" data-testid="closed-badge" title="The month is closed: these are the figures of its closing.">Closed</span>}
          </h1>
          <p className="subtitle">
            <span className="mono selectable" data-testid="license-key">{license}</span>
            {detail && usage && <span className="rule-line">{ruleLine(detail.droppedDays, usage.rate)}</span>}
          </p>
        </div>
        <div className="screen-actions">
          <label className="inline-field">
            <span>Month</span>
            <MonthSelect label="Month" value={month} months={months} onChange={onMonthChange} />
          </label>
          {detail && usage && (
            <button
              type="button"
              className="btn"
              onClick={() => onQuote(licenseBasis(detail.info.key, detail.info.name, usage.billable, month))}
            >
              Quote…
            </button>
          )}
        </div>
      </header>

      {error && <div className="alert alert-error" role="alert">{error}</div>}
      {!detail && !error && <p className="muted">Loading…</p>}
      {detail?.waiting && (
        <div className="banner banner-warn" role="note" data-testid="waiting-change">
          <strong>{formatMonth(month)} is closed.</strong> Reopening it would change this license: billable{' '}
          {detail.waiting.before === null ? '—' : formatCount(detail.waiting.before)} &rarr; <strong>{detail.waiting.after === null ? '—' : formatCount(detail.waiting.after)}</strong>,
          amount {detail.waiting.beforeAmount === null ? '—' : formatUsd(detail.waiting.beforeAmount)} &rarr; <strong>{detail.waiting.afterAmount === null ? '—' : formatUsd(detail.waiting.afterAmount)}</strong>.
        </div>
      )}
      <CollectionNotice month={month} dataVersion={dataVersion} license={license} />

      {detail && (
        <>
          <section className="meta-row" aria-label="License details">
            <Meta label="Edition" value={detail.info.edition} />
            <Meta label="Version" value={detail.info.version} />
            <Meta label="M&S expires" value={detail.info.maintenanceExpires ? formatDate(detail.info.maintenanceExpires) : null} />
            {usage && usage.flags.length > 0 && (
              <div className="meta-flags"><Flags flags={usage.flags} full /></div>
            )}
          </section>

          {usage ? (
            <section className="stats" aria-label="The month in figures">
              <div className="stat stat-primary">
                <span className="stat-label">Billable</span>
                <span className="stat-value" data-testid="license-billable">{formatCount(usage.billable)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Amount</span>
                <span className="stat-value">{formatUsd(usage.amount)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Billed day</span>
                <span className="stat-value">{usage.billedDay ? formatDay(usage.billedDay.date) : '—'}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Days reported</span>
                <span className="stat-value">{usage.daysReported}<span className="stat-unit">/{usage.daysInMonth}</span></span>
              </div>
              <div className="stat">
                <span className="stat-label">Peak</span>
                <span className="stat-value">{usage.peak === null ? '—' : formatCount(usage.peak)}</span>
              </div>
              {usage.distinctMailboxes !== null && (
                <div className="stat" title="Different mailboxes with EAS on any day of the month: the upper bound, not the billed figure">
                  <span className="stat-label">Distinct mailboxes</span>
                  <span className="stat-value">{formatCount(usage.distinctMailboxes)}</span>
                </div>
              )}
            </section>
          ) : (
            <div className="alert alert-info">No usage for this license in {formatMonth(month)}.</div>
          )}

          {usage && (
            <section className="card" aria-labelledby="chart-title">
              <div className="card-header">
                <h2 id="chart-title">Daily counts</h2>
                <span className="muted small">
                  {usage.dropped.length > 0
                    ? `Dropped: ${usage.dropped.map((d) => `${formatDay(d.date)} (${formatCount(d.count)})`).join(', ')}`
                    : 'No day dropped'}
                  {usage.billedDay && ` · billed: ${formatDay(usage.billedDay.date)} (${formatCount(usage.billedDay.count)})`}
                </span>
              </div>
              <DailyChart days={detail.days} billable={usage.billable} />
            </section>
          )}

          <div className="columns">
            <div className="column-main">
              {usage && <DayTable detail={detail} />}
            </div>
            <div className="column-side">
              <History detail={detail} months={months} onMonthChange={onMonthChange} />
              {detail.domains.length > 0 && (
                <Domains
                  detail={detail}
                  onQuote={(d) => onQuote(domainBasis(detail.info.key, d.domain, d.billed, month))}
                />
              )}
              <DomainLimits license={detail.info.key} />
              <EditLicense key={detail.info.key} info={detail.info} onSaved={onChanged} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}

function Meta({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="meta">
      <span className="meta-label">{label}</span>
      <span className={value ? 'meta-value' : 'meta-value unknown'}>{value ?? 'unknown'}</span>
    </div>
  );
}

function DayTable({ detail }: { detail: LicenseDetail }) {
  return (
    <section className="card" aria-labelledby="days-title">
      <div className="card-header">
        <h2 id="days-title">Days</h2>
        <span className="muted small">
          {plural(detail.days.filter((d) => d.status !== 'gap').length, 'day')} reported
          {detail.usage && detail.usage.gaps.length > 0 && ` · ${plural(detail.usage.gaps.length, 'gap')}`}
        </span>
      </div>
      <table className="data-table day-table" data-testid="day-table">
        <colgroup>
          <col style={{ width: 130 }} />
          <col style={{ width: 90 }} />
          <col style={{ width: 110 }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col" className="num">Count</th>
            <th scope="col">Status</th>
            <th scope="col">Source file</th>
          </tr>
        </thead>
        <tbody>
          {detail.days.map((d) => (
            <tr key={d.date} className={`day-${d.status}`} data-status={d.status} data-date={d.date}>
              <td>{formatWeekday(d.date)}</td>
              <td className="num">{d.count === null ? '' : formatCount(d.count)}</td>
              <td><span className={`status status-${d.status}`}>{STATUS_TEXT[d.status]}</span></td>
              <td className="ellipsis muted" title={d.fileName ?? undefined}>
                {d.fileName ?? ''}{d.importId !== null && <span className="import-ref"> #{d.importId}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function History({ detail, months, onMonthChange }: { detail: LicenseDetail; months: IsoMonth[]; onMonthChange: (m: IsoMonth) => void }) {
  const max = Math.max(1, ...detail.history.map((h) => h.billable ?? 0));
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="card-header">
        <h2 id="history-title">Last 12 months</h2>
      </div>
      <table className="data-table compact history-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="num">Billable</th>
            <th scope="col" aria-hidden="true" className="bar-col" />
            <th scope="col" className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {[...detail.history].reverse().map((h) => {
            const current = h.month === detail.month;
            const canOpen = !current && h.billable !== null && months.includes(h.month);
            return (
              <tr key={h.month} className={current ? 'current' : undefined} aria-current={current ? 'true' : undefined}>
                <td>
                  {canOpen
                    ? <button type="button" className="link-button" onClick={() => onMonthChange(h.month)} title={`Open ${formatMonth(h.month)}`}>{formatShortMonth(h.month)}</button>
                    : formatShortMonth(h.month)}
                </td>
                <td className="num">{h.billable === null ? <span className="muted">—</span> : formatCount(h.billable)}</td>
                <td className="bar-col" aria-hidden="true">
                  {h.billable !== null && <span className="mini-bar" style={{ width: `${Math.max(2, (h.billable / max) * 100)}%` }} />}
                </td>
                <td className="num">{h.amount === null ? '' : formatUsd(h.amount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Domains({ detail, onQuote }: { detail: LicenseDetail; onQuote: (d: DomainSplit) => void }) {
  const billed = detail.domains.reduce((s, d) => s + d.billed, 0);
  return (
    <section className="card" aria-labelledby="domains-title">
      <div className="card-header">
        <h2 id="domains-title">Domains</h2>
        {detail.usage?.billedDay && <span className="muted small">on the billed day, {formatDay(detail.usage.billedDay.date)}</span>}
      </div>
      <table className="data-table compact" data-testid="domains-table">
        <colgroup>
          <col />
          <col style={{ width: 92 }} />
          <col style={{ width: 72 }} />
          <col style={{ width: 84 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col" className="num" title="Mailboxes with EAS on the billed day">Billed day</th>
            <th scope="col" className="num" title="Different mailboxes with EAS on any day of the month">Distinct</th>
            <th scope="col" className="actions"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {detail.domains.map((d) => (
            <tr key={d.domain}>
              <td className="ellipsis" title={d.domain}>{d.domain}</td>
              <td className="num">{formatCount(d.billed)}</td>
              <td className="num">{formatCount(d.distinct)}</td>
              <td className="actions">
                <button type="button" className="btn btn-small btn-ghost" onClick={() => onQuote(d)} aria-label={`Quote for ${d.domain}`}>Quote…</button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num strong">{formatCount(billed)}</td>
            <td className="num">{detail.usage?.distinctMailboxes === null || detail.usage?.distinctMailboxes === undefined ? '' : formatCount(detail.usage.distinctMailboxes)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** The editions SmarterMail sells; anything else stored (from an older file) is shown as it is. */
const EDITIONS = ['Enterprise', 'Professional', 'Free'] as const;

interface Draft {
  name: string;
  edition: string;
  version: string;
  expires: string;
  notes: string;
}

/**
 * Edits not saved yet, per license: leaving the screen (another month, the Month
 * screen, another license) keeps them, and coming back shows them again.
 */
const drafts = new Map<string, Draft>();

function EditLicense({ info, onSaved }: { info: LicenseInfo; onSaved: () => void }) {
  const client = getClient();
  const stored: Draft = { name: info.name ?? '', edition: info.edition ?? '', version: info.version ?? '', expires: info.maintenanceExpires ?? '', notes: info.notes ?? '' };
  const [restored] = useState(() => drafts.has(info.key));
  const [draft, setDraft] = useState<Draft>(() => drafts.get(info.key) ?? stored);
  const { name, edition, version, expires, notes } = draft;
  const change = (patch: Partial<Draft>) => setDraft((d) => {
    const next = { ...d, ...patch };
    drafts.set(info.key, next);
    return next;
  });
  const setName = (v: string) => change({ name: v });
  const setEdition = (v: string) => change({ edition: v });
  const setVersion = (v: string) => change({ version: v });
  const setExpires = (v: string) => change({ expires: v });
  const setNotes = (v: string) => change({ notes: v });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const dirty = name !== (info.name ?? '') || edition !== (info.edition ?? '') || version !== (info.version ?? '')
    || expires !== (info.maintenanceExpires ?? '') || notes !== (info.notes ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setSaved(false);
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    try {
      await client.call('updateLicense', {
        license: info.key,
        fields: { name: orNull(name), edition: orNull(edition), version: orNull(version), maintenanceExpires: orNull(expires), notes: orNull(notes) },
      });
      setSaved(true);
      drafts.delete(info.key);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-labelledby="edit-title">
      <div className="card-header">
        <h2 id="edit-title">Details</h2>
        <span className="muted small">Used for the eligibility checks</span>
      </div>
      <form className="form card-body" onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="server or host name" />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Edition</span>
            <select value={edition} onChange={(e) => setEdition(e.target.value)}>
              <option value="">unknown</option>
              {EDITIONS.map((ed) => <option key={ed} value={ed}>{ed}</option>)}
              {edition !== '' && !(EDITIONS as readonly string[]).includes(edition) && <option value={edition}>{edition}</option>}
            </select>
          </label>
          <label className="field">
            <span>Version</span>
            <input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="e.g. 100.0.6919" inputMode="decimal" />
          </label>
        </div>
        <label className="field">
          <span>M&amp;S expires</span>
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <label className="field">
          <span>Notes</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
        </label>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        {restored && dirty && <p className="muted small" data-testid="draft-kept">Your unsaved changes from before are kept here: save them or put them back.</p>}
        <div className="form-actions">
          {dirty && (
            <button type="button" className="btn btn-ghost" onClick={() => { drafts.delete(info.key); setDraft(stored); }}>
              Discard changes
            </button>
          )}
          {saved && !dirty && <span className="saved" role="status">Saved</span>}
          <button type="submit" className="btn btn-primary" disabled={saving || !dirty}>{saving ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    </section>
  );
}
