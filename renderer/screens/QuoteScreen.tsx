// A quote for an account manager: mailboxes × months at the vendor's rate and at
// our price, with the margin; prefilled from a license's or a domain's usage in a
// month; exported as a one-sheet workbook the customer can read (our price, the
// mailboxes, the months and the totals: never the vendor's rate nor the margin).
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { IsoMonth, MonthPreview, MonthsInfo } from '../../app/api-types';
import type { Cents } from '../../app/billing/types';
import { computeQuote } from '../../app/billing/quote';
import { errorMessage, getClient } from '../client';
import { MonthSelect } from '../components/MonthSelect';
import type { Toast } from '../components/Toasts';
import { formatCount, formatDay, formatMonth, formatUsd, plural } from '../lib/format';
import {
  applyBasis, domainBasis, licenseBasis, readDraft, tidyMoney,
  type QuoteBasis, type QuoteDraft,
} from '../lib/quote';
import { useLoad } from '../lib/useLoad';

interface Props {
  monthsInfo: MonthsInfo | null;
  draft: QuoteDraft;
  onDraftChange: (update: (d: QuoteDraft) => QuoteDraft) => void;
  dataVersion: number;
  toast: (t: Omit<Toast, 'id'>) => void;
}

interface BasisGroup {
  key: string;
  label: string;
  options: (QuoteBasis & { label: string })[];
}

/** What a quote can be based on in a month: each license's billable count, then each domain of the licenses with mailbox data. */
function quoteBases(preview: MonthPreview): BasisGroup[] {
  const month = formatMonth(preview.month);
  const byKey = [...preview.licenses].sort((a, b) => a.license.localeCompare(b.license));
  const groups: BasisGroup[] = [{
    key: 'licenses',
    label: `Licenses: billable mailboxes in ${month}`,
    options: byKey.map((l) => ({
      ...licenseBasis(l.license, l.name, l.billable, preview.month),
      label: `${l.name ? `${l.name} · ` : ''}${l.license} — ${formatCount(l.billable)}`,
    })),
  }];
  // Two licenses of one name (two servers called "mail") get their keys in the group's name, so no name repeats.
  const names = new Map<string, number>();
  for (const l of byKey) if (l.domains && l.domains.length > 0 && l.name) names.set(l.name, (names.get(l.name) ?? 0) + 1);
  for (const l of byKey) {
    if (!l.domains || l.domains.length === 0) continue;
    const day = l.billedDay ? formatDay(l.billedDay.date) : month;
    const who = l.name ? ((names.get(l.name) ?? 0) > 1 ? `${l.name} (${l.license})` : l.name) : l.license;
    groups.push({
      key: l.license,
      label: `Domains on ${who}: mailboxes on ${day}`,
      options: l.domains.map((d) => ({
        ...domainBasis(l.license, d.domain, d.billed, preview.month),
        label: `${d.domain} — ${formatCount(d.billed)}`,
      })),
    });
  }
  return groups;
}

export function QuoteScreen({ monthsInfo, draft, onDraftChange, dataVersion, toast }: Props) {
  const client = getClient();
  const months = monthsInfo?.months ?? [];
  const month: IsoMonth | null = draft.month && months.includes(draft.month) ? draft.month : (monthsInfo?.latest ?? null);
  const { data: preview, error: previewError } = useLoad(
    () => (month ? client.call('preview', { month }) : Promise.resolve(null)),
    [month, dataVersion],
  );
  const { data: settings } = useLoad(() => client.call('settings', {}), [dataVersion]);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const groups = useMemo(() => (preview && preview.month === month ? quoteBases(preview) : []), [preview, month]);
  const options = useMemo(() => new Map(groups.flatMap((g) => g.options.map((o) => [o.key, o] as const))), [groups]);

  // The vendor's rate follows Settings until the person types another.
  const currentRate = settings?.currentRate ?? null;
  useEffect(() => {
    if (currentRate !== null) onDraftChange((d) => (d.vendorRateTouched || d.vendorRate === currentRate ? d : { ...d, vendorRate: currentRate }));
  }, [currentRate, onDraftChange]);

  const set = (patch: Partial<QuoteDraft>) => onDraftChange((d) => ({ ...d, ...patch }));
  const read = readDraft(draft);
  const quote = read.input ? computeQuote(read.input) : null;
  const cost = read.cost ? computeQuote({ customer: '', ...read.cost, price: 0 as Cents }) : null;
  const shown = (field: keyof typeof read.errors): string | null => {
    const value = draft[field];
    return (touched[field] || value.trim() !== '') ? read.errors[field] : null;
  };

  const choose = (key: string) => {
    setExportError(null);
    if (key === '') {
      set({ basisKey: '', basis: '' });
      return;
    }
    const option = options.get(key);
    if (option) onDraftChange((d) => applyBasis(d, month, option));
  };

  const exportQuote = async () => {
    setTouched({ mailboxes: true, months: true, vendorRate: true, price: true });
    if (!read.input) {
      // The messages are under the fields: the first one that needs a change takes the focus.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.quote-form [aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setExportError(null);
    const who = read.input.customer || 'the customer';
    try {
      const r = await client.exportQuote(read.input);
      if (r) {
        toast(r.downloaded
          ? { kind: 'success', text: `Quote for ${who} downloaded as ${r.path ?? 'a workbook'}.` }
          : { kind: 'success', text: `Quote for ${who} saved.`, detail: r.path });
      }
    } catch (e) {
      setExportError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const tone = !quote ? '' : quote.monthlyMargin < 0 ? ' negative' : quote.monthlyMargin > 0 ? ' positive' : '';
  const selectedMissing = draft.basisKey !== '' && preview?.month === month && !options.has(draft.basisKey);

  return (
    <div className="screen screen-scroll">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>Quote</h1>
          <p className="subtitle">What a customer&rsquo;s mailboxes cost from the vendor, what you charge, and the margin.</p>
        </div>
        <div className="screen-actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void exportQuote()}>
            <span className="btn-icon icon-export" aria-hidden="true" />
            {busy ? 'Exporting…' : 'Export quote…'}
          </button>
        </div>
      </header>

      <div className="quote-layout">
        <section className="card" aria-labelledby="quote-form-title">
          <div className="card-header">
            <h2 id="quote-form-title">Customer and mailboxes</h2>
          </div>
          <div className="card-body quote-form">
            <div className="quote-basis-row">
              <label className="field quote-month">
                <span>Usage of</span>
                <MonthSelect label="Usage of" value={month} months={months} disabled={!month} onChange={(m) => set({ month: m, basisKey: '' })} />
              </label>
              <label className="field quote-based-on">
                <span>Based on</span>
                <select value={selectedMissing ? '' : draft.basisKey} onChange={(e) => choose(e.target.value)} aria-label="Based on" data-testid="quote-basis">
                  <option value="">Mailboxes entered by hand</option>
                  {groups.map((g) => (
                    <optgroup key={g.key} label={g.label}>
                      {g.options.map((o) => <option key={o.key} value={o.key}>{o.label}</option>)}
                    </optgroup>
                  ))}
                </select>
              </label>
            </div>
            {previewError && <div className="alert alert-error" role="alert">{previewError}</div>}
            {selectedMissing && (
              <p className="hint quote-hint" role="status">The usage this quote was based on is not in {month ? formatMonth(month) : 'this month'}; the figures below stay as they were.</p>
            )}

            <label className="field">
              <span>Customer</span>
              <input value={draft.customer} onChange={(e) => set({ customer: e.target.value })} maxLength={200} placeholder="Who the quote is for" />
            </label>

            <div className="quote-fields">
              <WholeNumberField label="Mailboxes" name="mailboxes" error={shown('mailboxes')} value={draft.mailboxes}
                onChange={(v) => set({ mailboxes: v })} onBlur={() => setTouched((t) => ({ ...t, mailboxes: true }))} />
              <WholeNumberField label="Months" name="months" error={shown('months')} value={draft.months}
                onChange={(v) => set({ months: v })} onBlur={() => setTouched((t) => ({ ...t, months: true }))} />
              <MoneyField label="Vendor rate per mailbox per month" name="vendorRate" placeholder="1.00" error={shown('vendorRate')}
                hint={currentRate !== null && !draft.vendorRateTouched ? 'The current rate from Settings' : null} value={draft.vendorRate}
                onChange={(v) => set({ vendorRate: v, vendorRateTouched: true })}
                onBlur={() => {
                  setTouched((t) => ({ ...t, vendorRate: true }));
                  set({ vendorRate: tidyMoney(draft.vendorRate) });
                }} />
              <MoneyField label="Price per mailbox per month" name="price" placeholder="e.g. 1.75" error={shown('price')}
                hint="Your price to the customer" value={draft.price}
                onChange={(v) => set({ price: v })}
                onBlur={() => {
                  setTouched((t) => ({ ...t, price: true }));
                  set({ price: tidyMoney(draft.price) });
                }} />
            </div>

            <label className="field">
              <span>Based on (a line on the quote)</span>
              <input value={draft.basis} onChange={(e) => set({ basis: e.target.value })} maxLength={500} placeholder="optional, e.g. 250 mailboxes in October 2026" data-testid="quote-basis-text" />
            </label>
          </div>
        </section>

        <section className="card quote-figures-card" aria-labelledby="quote-figures-title">
          <div className="card-header">
            <h2 id="quote-figures-title">Figures</h2>
            {read.cost && <span className="muted small">{plural(read.cost.mailboxes, 'mailbox', 'mailboxes')} × {plural(read.cost.months, 'month')}</span>}
          </div>
          <table className="data-table quote-table" data-testid="quote-figures">
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">Figure</span></th>
                <th scope="col" className="num">Per month</th>
                <th scope="col" className="num">{read.cost ? `Over ${plural(read.cost.months, 'month')}` : 'In total'}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-figure="cost">
                <th scope="row">Cost (vendor)</th>
                <td className="num">{cost ? formatUsd(cost.monthlyCost) : '—'}</td>
                <td className="num">{cost ? formatUsd(cost.totalCost) : '—'}</td>
              </tr>
              <tr data-figure="revenue">
                <th scope="row">Revenue</th>
                <td className="num">{quote ? formatUsd(quote.monthlyRevenue) : '—'}</td>
                <td className="num">{quote ? formatUsd(quote.totalRevenue) : '—'}</td>
              </tr>
              <tr data-figure="margin" className={`quote-margin${tone}`}>
                <th scope="row">Margin</th>
                <td className="num">{quote ? formatUsd(quote.monthlyMargin) : '—'}</td>
                <td className="num">{quote ? formatUsd(quote.totalMargin) : '—'}</td>
              </tr>
            </tbody>
          </table>
          <div className="quote-percent">
            <span className="stat-label">Margin</span>
            <span className={`quote-percent-value${tone}`} data-testid="quote-margin-percent">
              {quote?.marginPercent != null ? `${quote.marginPercent.toFixed(1)}%` : '—'}
            </span>
            <span className="muted small">of revenue</span>
          </div>
          <p className="card-note muted small">
            The exported workbook is for the customer: one sheet with your price, the mailboxes, the months and the totals.
            The vendor&rsquo;s rate and the margin stay here.
          </p>
          {exportError && <div className="alert alert-error quote-export-error" role="alert">{exportError}</div>}
        </section>
      </div>
    </div>
  );
}

interface FieldProps {
  label: string;
  error: string | null;
  hint?: string | null;
  children: (props: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}

function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint ?? null;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': note ? noteId : undefined })}
      {note && <span id={noteId} className={error ? 'field-error' : 'field-hint'}>{note}</span>}
    </div>
  );
}

/** A whole-number input (mailboxes, months) with its label and inline error. */
function WholeNumberField({ label, name, error, value, onChange, onBlur }: {
  label: string;
  name: string;
  error: string | null;
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  return (
    <Field label={label} error={error}>
      {(props) => (
        <input {...props} name={name} className="num" inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} />
      )}
    </Field>
  );
}

/** A dollar amount input with its "$" prefix, label, hint and inline error. */
function MoneyField({ label, name, placeholder, error, hint, value, onChange, onBlur }: {
  label: string;
  name: string;
  placeholder: string;
  error: string | null;
  hint: string | null;
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <span className="input-prefix">
          <span aria-hidden="true">$</span>
          <input {...props} name={name} className="num" inputMode="decimal" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} />
        </span>
      )}
    </Field>
  );
}
