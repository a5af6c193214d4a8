// Settings: the rate (with the month it takes effect), the days dropped, the
// company billed, and where the database is.
import { useEffect, useState, type FormEvent } from 'react';
import type { IsoMonth, Settings } from '../../app/api-types';
import { errorMessage, getClient } from '../client';
import { Backups } from '../components/Backups';
import { ConfirmDialog } from '../components/Dialog';
import type { Toast } from '../components/Toasts';
import { DEFAULT_RATE } from '../../app/billing/rates';
import { MAX_DROPPED_DAYS } from '../../app/billing/rule';
import { formatMonth, formatRate, formatUsd } from '../lib/format';
import { droppedText } from '../lib/rule';

interface Props {
  onChanged: () => void;
  /** Moves when the data changes (a restore, a closing that made a backup). */
  dataVersion: number;
  toast: (t: Omit<Toast, 'id'>) => void;
}

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function SettingsScreen({ onChanged, dataVersion, toast }: Props) {
  const client = getClient();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Loaded once: only this screen changes the settings, and each change answers
  // with the new settings (no import or export touches them).
  useEffect(() => {
    let live = true;
    client.call('settings', {}).then(
      (s) => live && setSettings(s),
      (e: unknown) => live && setLoadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  /** Runs a change; the api answers with the new settings or a sentence saying why not. */
  const change = async (run: () => Promise<Settings>, done: string): Promise<string | null> => {
    try {
      const next = await run();
      setSettings(next);
      toast({ kind: 'success', text: done });
      onChanged();
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  };

  return (
    <div className="screen screen-scroll">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>Settings</h1>
          <p className="subtitle">These apply to every month&rsquo;s figures and to the exported invoice.</p>
        </div>
      </header>
      {loadError && <div className="alert alert-error" role="alert">{loadError}</div>}
      {settings && (
        <div className="settings">
          <div className="settings-column">
            <RateSection settings={settings} change={change} />
            {/* Keyed by the saved value: a new value starts the field afresh. */}
            <DroppedSection key={settings.droppedDays} settings={settings} change={change} />
          </div>
          <div className="settings-column">
            <CompanySection settings={settings} change={change} />
            <section className="card" aria-labelledby="db-title">
              <div className="card-header"><h2 id="db-title">Database</h2></div>
              <div className="card-body">
                <label className="field">
                  <span>Where the usage data is kept</span>
                  <input className="mono selectable" readOnly value={settings.dbPath} onFocus={(e) => e.currentTarget.select()} data-testid="db-path" />
                </label>
                <p className="hint">One SQLite file. The command line uses the same file; <code>--db FILE</code> or <code>FLEXBILL_DB</code> choose another.</p>
              </div>
            </section>
            <Backups dbPath={settings.dbPath} dataVersion={dataVersion} onChanged={onChanged} toast={toast} />
          </div>
        </div>
      )}
    </div>
  );
}

type Change = (run: () => Promise<Settings>, done: string) => Promise<string | null>;

function RateSection({ settings, change }: { settings: Settings; change: Change }) {
  const client = getClient();
  const [from, setFrom] = useState(thisMonth());
  const [rate, setRate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The rate change about to be removed: asked first (the months it priced are priced again). */
  const [removing, setRemoving] = useState<{ from: IsoMonth; rate: string } | null>(null);
  const rates = [...settings.rates].sort((a, b) => b.from.localeCompare(a.from));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const err = await change(() => client.call('setRate', { from, rate: rate.trim() }), `The rate from ${formatMonth(from)} is now ${formatRate(rate.trim())}.`);
    setBusy(false);
    setError(err);
    if (!err) setRate('');
  };

  const remove = async (m: IsoMonth) => {
    const err = await change(() => client.call('deleteRate', { from: m }), `The rate change of ${formatMonth(m)} is removed.`);
    setError(err);
  };

  return (
    <section className="card" aria-labelledby="rate-title">
      <div className="card-header">
        <h2 id="rate-title">Rate</h2>
        <span className="muted small">per EAS mailbox per month · this month: <strong data-testid="current-rate">{formatRate(settings.currentRate)}</strong></span>
      </div>
      <div className="card-body">
        <table className="data-table compact rates-table" data-testid="rates">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" className="num">Rate</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.from} data-from={r.from}>
                <td>{formatMonth(r.from)}</td>
                <td className="num">{formatRate(r.rate)}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setRemoving({ from: r.from, rate: r.rate })} aria-label={`Remove the rate from ${formatMonth(r.from)}`}>Remove</button>
                </td>
              </tr>
            ))}
            <tr className="muted">
              <td>{rates.length ? 'Before that' : 'Always'}</td>
              <td className="num">{formatUsd(DEFAULT_RATE)}</td>
              <td className="actions"><span className="small">default</span></td>
            </tr>
          </tbody>
        </table>
        <form className="form-inline" onSubmit={(e) => void add(e)}>
          <label className="field">
            <span>Takes effect in</span>
            <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} required data-testid="rate-from" />
          </label>
          <label className="field">
            <span>Rate (USD)</span>
            <span className="input-prefix">
              <span aria-hidden="true">$</span>
              <input value={rate} onChange={(e) => setRate(e.target.value)} placeholder="1.00" inputMode="decimal" required data-testid="rate-value" />
            </span>
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy}>Add rate</button>
        </form>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        <p className="hint">A rate applies from its month until the next change. No proration: each month is billed whole at its rate.</p>
      </div>
      {removing && (
        <ConfirmDialog
          title={`Remove the rate from ${formatMonth(removing.from)}?`}
          confirmLabel="Remove rate"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const { from: m } = removing;
            setRemoving(null);
            void remove(m);
          }}
        >
          <p>
            {formatRate(removing.rate)} from {formatMonth(removing.from)} is removed: those months are billed at the rate before it again
            (closed months keep their figures).
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function DroppedSection({ settings, change }: { settings: Settings; change: Change }) {
  const client = getClient();
  const [value, setValue] = useState(String(settings.droppedDays));
  const [error, setError] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > MAX_DROPPED_DAYS) {
      setError(`Days dropped must be a whole number from 0 to ${MAX_DROPPED_DAYS}.`);
      return;
    }
    setError(await change(() => client.call('setDroppedDays', { droppedDays: n }), `${droppedText(n)} from now on.`));
  };

  return (
    <section className="card" aria-labelledby="dropped-title">
      <div className="card-header">
        <h2 id="dropped-title">Days dropped</h2>
        <span className="muted small">{droppedText(settings.droppedDays)} from each license&rsquo;s month</span>
      </div>
      <div className="card-body">
        <form className="form-inline" onSubmit={(e) => void save(e)}>
          <label className="inline-field">
            <span>Highest days not billed</span>
            <input type="number" min={0} max={MAX_DROPPED_DAYS} step={1} value={value} onChange={(e) => setValue(e.target.value)} className="input-narrow" data-testid="dropped-days" />
          </label>
          <button type="submit" className="btn" disabled={value === String(settings.droppedDays)}>Save</button>
        </form>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        <p className="hint">The vendor&rsquo;s rule drops the 2 highest days and bills the next one (about the 93rd percentile). With fewer reported days, fewer are dropped so one day is always billed.</p>
      </div>
    </section>
  );
}

function CompanySection({ settings, change }: { settings: Settings; change: Change }) {
  const client = getClient();
  const [name, setName] = useState(settings.company.name);
  const [address, setAddress] = useState(settings.company.address);
  const [error, setError] = useState<string | null>(null);
  const dirty = name !== settings.company.name || address !== settings.company.address;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(await change(() => client.call('setCompany', { name, address }), 'The company billed is saved.'));
  };

  return (
    <section className="card" aria-labelledby="company-title">
      <div className="card-header">
        <h2 id="company-title">Company billed</h2>
        <span className="muted small">Printed at the top of the invoice</span>
      </div>
      <div className="card-body">
        <form className="form" onSubmit={(e) => void save(e)}>
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoComplete="organization" />
          </label>
          <label className="field">
            <span>Address</span>
            <textarea value={address} onChange={(e) => setAddress(e.target.value)} rows={3} maxLength={1000} />
          </label>
          {error && <div className="alert alert-error" role="alert">{error}</div>}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={!dirty}>Save</button>
          </div>
        </form>
      </div>
    </section>
  );
}
