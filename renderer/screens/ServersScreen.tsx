// Servers (SPEC §12): the SmarterMail servers the app collects the daily usage from.
// Add one (it signs in once to check), remove one, collect now; per server, each
// domain's EAS mailboxes and limit with domains at or over it flagged; set a limit or
// switch EAS off for chosen mailboxes, each after a confirmation that says plainly the
// month's bill already counts them; the audit log of those changes.
import { limitState } from '../../app/billing/checks';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry, CollectResult, DomainLimit, LimitsResult, ServerSummary } from '../../app/servers/types';
import { errorMessage, getClient } from '../client';
import { ConfirmDialog } from '../components/Dialog';
import type { Toast } from '../components/Toasts';
import { formatDate, formatDateTime, plural } from '../lib/format';

interface Props {
  onChanged: () => void;
  toast: (t: Omit<Toast, 'id'>) => void;
}

const NO_PRORATION = 'This month’s bill already counts these mailboxes: there is no proration. The change lowers only the days still to come.';

/** An instant, in the one date and time style of every screen (the user's locale and time zone). */
function when(iso: string): string {
  return formatDateTime(iso);
}

function lastCollection(s: ServerSummary): { text: string; failed: boolean } {
  const c = s.lastCollection;
  if (!c) return { text: 'Not collected yet', failed: false };
  if (c.status === 'ok') return { text: `${formatDate(c.date)}: ${plural(c.mailboxes ?? 0, 'mailbox', 'mailboxes')} in ${plural(c.domains ?? 0, 'domain')}`, failed: false };
  return { text: `${formatDate(c.date)}: failed. ${c.error ?? ''}`, failed: true };
}

const stateOf = (d: DomainLimit) => limitState(d.easMailboxes, d.limit);

export function ServersScreen({ onChanged, toast }: Props) {
  const client = getClient();
  const [servers, setServers] = useState<ServerSummary[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [collecting, setCollecting] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ServerSummary | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [list, log] = await Promise.all([client.call('serversList', {}), client.call('auditLog', { limit: 100 })]);
      setServers(list);
      setAudit(log);
      setLoadError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, [client]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const collect = async (names: string[]) => {
    setCollecting(names.length === 1 ? names[0]! : '*');
    try {
      const results: CollectResult[] = await client.call('collect', { names });
      const failed = results.filter((r) => r.status === 'failed');
      if (failed.length > 0) toast({ kind: 'error', text: failed.map((r) => r.error ?? `${r.server} failed.`).join(' ') });
      else toast({ kind: 'success', text: results.map((r) => `${r.server}: ${plural(r.mailboxes ?? 0, 'mailbox', 'mailboxes')} collected for ${formatDate(r.date)}.`).join(' ') });
      onChanged();
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setCollecting(null);
      await reload();
    }
  };

  const remove = async (s: ServerSummary) => {
    try {
      await client.call('serversRemove', { name: s.name });
      toast({ kind: 'success', text: `${s.name} is removed, with its password. The usage collected from it stays.` });
      if (selected === s.name) setSelected(null);
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setRemoving(null);
      await reload();
    }
  };

  return (
    <div className="screen screen-scroll">
      <header className="screen-header">
        <div className="screen-title">
          <h1 tabIndex={-1}>Servers</h1>
          <p className="subtitle">The SmarterMail servers the app reads the daily ActiveSync usage from. It connects to these servers only.</p>
        </div>
        <div className="screen-actions">
          <button type="button" className="btn btn-primary" disabled={!servers?.length || collecting !== null} onClick={() => void collect([])}>
            {collecting === '*' ? 'Collecting…' : 'Collect all now'}
          </button>
        </div>
      </header>
      {loadError && <div className="alert alert-error" role="alert">{loadError}</div>}
      {/* One column: the tables are wide (addresses, answers), and a person reads down. */}
      <div className="settings-column" style={{ maxWidth: 1180 }}>
        <section className="card" aria-labelledby="servers-title">
          <div className="card-header"><h2 id="servers-title">Servers</h2></div>
          {servers && servers.length === 0 && <p className="card-empty muted">No servers yet. Add one below.</p>}
          {servers && servers.length > 0 && (
            <table className="data-table compact" data-testid="servers">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">License</th>
                  <th scope="col">Last collection</th>
                  <th scope="col"><span className="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {servers.map((s) => {
                  const last = lastCollection(s);
                  return (
                    <tr key={s.name} data-server={s.name} aria-selected={selected === s.name}>
                      <td>
                        <strong>{s.name}</strong>
                        <div className="muted small">{s.url}{s.fingerprint ? ' · certificate pinned' : ''}</div>
                      </td>
                      <td className="mono">{s.license}</td>
                      <td data-testid="last-collection">{last.failed && <span className="badge badge-danger">failed</span>} {last.text}</td>
                      <td className="actions"><div className="form-actions">
                        <button type="button" className="btn btn-small" disabled={collecting !== null} onClick={() => void collect([s.name])} aria-label={`Collect now from ${s.name}`}>
                          {collecting === s.name ? 'Collecting…' : 'Collect now'}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => setSelected(s.name)} aria-label={`Limits of ${s.name}`}>Limits</button>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setRemoving(s)} aria-label={`Remove ${s.name}`}>Remove</button>
                      </div></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        {selected && <Limits key={selected} server={selected} onChanged={reload} toast={toast} />}
        <AddServer onAdded={async (name, where) => {
          toast({ kind: 'success', text: `${name} is added. Its password is kept in ${where}.` });
          await reload();
        }} />
        <DailyTime />
        <AuditLog entries={audit} />
      </div>
      {removing && (
        <ConfirmDialog title={`Remove ${removing.name}?`} confirmLabel="Remove" danger onConfirm={() => void remove(removing)} onCancel={() => setRemoving(null)}>
          <p>The app stops collecting from {removing.name} and forgets its password. The usage already collected stays.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The fingerprint an untrusted certificate error shows, for "Trust this certificate". */
function offeredFingerprint(message: string): string | null {
  return /if ([0-9A-F]{2}(?::[0-9A-F]{2}){31}) is the SHA-256 fingerprint/.exec(message)?.[1] ?? null;
}

function AddServer({ onAdded }: { onAdded: (name: string, where: string) => Promise<void> }) {
  const client = getClient();
  const empty = { name: '', url: 'https://', license: '', user: 'admin', password: '', fingerprint: '', allowHttp: false };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof empty>) => setForm((f) => ({ ...f, ...patch }));
  const offered = error ? offeredFingerprint(error) : null;

  const submit = async (e?: FormEvent, fingerprint = form.fingerprint) => {
    e?.preventDefault();
    setBusy(true);
    try {
      const added = await client.call('serversAdd', {
        name: form.name, url: form.url, license: form.license, user: form.user || undefined, password: form.password,
        fingerprint: fingerprint.trim() || undefined, allowHttp: form.allowHttp || undefined,
      });
      setForm(empty);
      setError(null);
      await onAdded(added.server.name, added.secretWhere);
    } catch (x) {
      setError(errorMessage(x));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-server-title">
      <div className="card-header">
        <h2 id="add-server-title">Add a server</h2>
        <span className="muted small">Signs in once to check</span>
      </div>
      <div className="card-body">
        <form className="form" onSubmit={(e) => void submit(e)} autoComplete="off">
          <div className="field-row">
            <label className="field"><span>Name</span><input value={form.name} onChange={(e) => set({ name: e.target.value })} required placeholder="mail01" data-testid="server-name" /></label>
            <label className="field"><span>License key</span><input value={form.license} onChange={(e) => set({ license: e.target.value })} required className="mono" data-testid="server-license" /></label>
          </div>
          <label className="field"><span>Address</span><input value={form.url} onChange={(e) => set({ url: e.target.value })} required inputMode="url" data-testid="server-url" /></label>
          <div className="field-row">
            <label className="field"><span>System administrator</span><input value={form.user} onChange={(e) => set({ user: e.target.value })} required data-testid="server-user" /></label>
            <label className="field"><span>Password</span><input type="password" value={form.password} onChange={(e) => set({ password: e.target.value })} required autoComplete="new-password" data-testid="server-password" /></label>
          </div>
          <label className="field">
            <span>Certificate fingerprint (SHA-256), for a self-signed certificate</span>
            <input value={form.fingerprint} onChange={(e) => set({ fingerprint: e.target.value })} className="mono" placeholder="AB:CD:…" data-testid="server-fingerprint" />
          </label>
          {form.url.trim().toLowerCase().startsWith('http:') && (
            <label className="inline-field">
              <input type="checkbox" checked={form.allowHttp} onChange={(e) => set({ allowHttp: e.target.checked })} data-testid="server-allow-http" />
              <span>Use plain http: the password crosses the network unencrypted</span>
            </label>
          )}
          {error && <div className="alert alert-error" role="alert" data-testid="add-server-error">{error}</div>}
          <div className="form-actions">
            {offered && (
              <button type="button" className="btn" disabled={busy} onClick={() => {
                set({ fingerprint: offered });
                void submit(undefined, offered);
              }}>Trust this certificate</button>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Signing in…' : 'Add server'}</button>
          </div>
        </form>
        <p className="hint">The password is kept in the system&rsquo;s credential store, or where there is none in a file beside the database that only you can read; never in the database.</p>
      </div>
    </section>
  );
}

type Pending = { kind: 'limit'; domain: DomainLimit } | { kind: 'eas'; domain: string; addresses: string[] };

function Limits({ server, onChanged, toast }: { server: string; onChanged: () => Promise<void>; toast: (t: Omit<Toast, 'id'>) => void }) {
  const client = getClient();
  const [limits, setLimits] = useState<LimitsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [newLimit, setNewLimit] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [mailboxes, setMailboxes] = useState<{ domain: string; addresses: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const read = useCallback(async () => {
    setError(null);
    try {
      setLimits(await client.call('limits', { name: server }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [client, server]);

  useEffect(() => {
    void read();
  }, [read]);

  const openMailboxes = async (domain: string) => {
    try {
      const r = await client.call('easMailboxes', { name: server, domain });
      setMailboxes({ domain, addresses: r.addresses });
      setPicked(new Set());
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === 'limit') {
        const r = await client.call('setLimit', { name: server, domain: pending.domain.domain, max: Number(newLimit) });
        toast({ kind: r.verified ? 'success' : 'error', text: r.message });
      } else {
        const r = await client.call('setEas', { name: server, addresses: pending.addresses, enable: false });
        toast({ kind: r.verified ? 'success' : 'error', text: r.message });
        setMailboxes(null);
      }
    } catch (e) {
      toast({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      setPending(null);
      await read();
      await onChanged();
    }
  };

  const validLimit = /^\d+$/.test(newLimit.trim());

  return (
    <section className="card" aria-labelledby="limits-title">
      <div className="card-header">
        <h2 id="limits-title">Limits of {server}</h2>
        <button type="button" className="btn btn-small" onClick={() => void read()}>Read again</button>
      </div>
      {error && <div className="card-body"><div className="alert alert-error" role="alert">{error}</div></div>}
      {!limits && !error && <p className="card-empty muted">Reading the server…</p>}
      {limits && (
        <table className="data-table compact" data-testid="limits">
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col" className="num">EAS mailboxes now</th>
              <th scope="col" className="num">Limit</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {limits.domains.map((d) => {
              const state = stateOf(d);
              return (
                <tr key={d.domain} data-domain={d.domain} data-limit-state={state ?? 'ok'}>
                  <td>
                    {d.domain}{' '}
                    {state === 'over' && <span className="badge badge-danger">over limit</span>}
                    {state === 'at' && <span className="badge badge-warn">at limit</span>}
                  </td>
                  <td className="num">{d.easMailboxes}</td>
                  <td className="num">{d.limit === null ? 'none' : d.limit}</td>
                  <td className="actions"><div className="form-actions">
                    <button type="button" className="btn btn-small" onClick={() => {
                      setNewLimit(d.limit === null ? '' : String(d.limit));
                      setPending({ kind: 'limit', domain: d });
                    }} aria-label={`Set the limit of ${d.domain}`}>Set limit</button>
                    <button type="button" className="btn btn-small" onClick={() => void openMailboxes(d.domain)} aria-label={`Mailboxes of ${d.domain}`}>Mailboxes</button>
                  </div></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {mailboxes && (
        <div className="card-body" data-testid="mailboxes">
          <h3 className="small">EAS mailboxes of {mailboxes.domain}</h3>
          {mailboxes.addresses.length === 0 && <p className="muted">None.</p>}
          <ul className="flag-list">
            {mailboxes.addresses.map((a) => (
              <li key={a}>
                <label className="inline-field">
                  <input type="checkbox" checked={picked.has(a)} onChange={(e) => setPicked((p) => {
                    const next = new Set(p);
                    if (e.target.checked) next.add(a);
                    else next.delete(a);
                    return next;
                  })} />
                  <span className="mono">{a}</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setMailboxes(null)}>Close</button>
            <button type="button" className="btn btn-danger" disabled={picked.size === 0} onClick={() => setPending({ kind: 'eas', domain: mailboxes.domain, addresses: [...picked] })}>
              Switch EAS off for {plural(picked.size, 'mailbox', 'mailboxes')}…
            </button>
          </div>
        </div>
      )}
      {pending?.kind === 'limit' && (
        <ConfirmDialog title={`EAS limit of ${pending.domain.domain}`} confirmLabel="Set limit" busy={busy || !validLimit} onConfirm={() => void confirm()} onCancel={() => setPending(null)}>
          <label className="field">
            <span>Most EAS mailboxes (0 for no limit); now {pending.domain.easMailboxes}</span>
            <input type="number" min={0} step={1} value={newLimit} onChange={(e) => setNewLimit(e.target.value)} data-testid="new-limit" />
          </label>
          <p>A limit stops new ActiveSync mailboxes beyond it on {server}. {NO_PRORATION}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'eas' && (
        <ConfirmDialog title={`Switch EAS off for ${plural(pending.addresses.length, 'mailbox', 'mailboxes')}?`} confirmLabel="Switch EAS off" danger busy={busy} onConfirm={() => void confirm()} onCancel={() => setPending(null)}>
          <p>On {server}: {pending.addresses.join(', ')}.</p>
          <p data-testid="no-proration">{NO_PRORATION}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** The time of the desktop app's daily collection. */
function DailyTime() {
  const client = getClient();
  const [saved, setSaved] = useState<string | null | undefined>(undefined);
  const [time, setTime] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('collectTime', {}).then((r) => {
      setSaved(r.time);
      setTime(r.time ?? '');
    }, (e: unknown) => setError(errorMessage(e)));
  }, [client]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await client.call('setCollectTime', { time: time.trim() === '' ? null : time.trim() });
      setSaved(r.time);
      setError(null);
    } catch (x) {
      setError(errorMessage(x));
    }
  };

  return (
    <section className="card" aria-labelledby="daily-title">
      <div className="card-header">
        <h2 id="daily-title">Every day</h2>
        <span className="muted small" data-testid="daily-state">{saved === undefined ? '' : saved === null ? 'No daily collection' : `Collects every server at ${saved}`}</span>
      </div>
      <div className="card-body">
        <form className="form-inline" onSubmit={(e) => void save(e)}>
          <label className="field">
            <span>Collect at (this computer&rsquo;s time; empty for never)</span>
            <input type="time" value={time} onChange={(e) => setTime(e.target.value)} data-testid="daily-time" />
          </label>
          <button type="submit" className="btn" disabled={saved === undefined || time === (saved ?? '')}>Save</button>
        </form>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        <p className="hint">
          {client.host === 'browser'
            ? 'The desktop app collects at this time, and at start when today has no snapshot yet. Where only the command line runs, schedule flexbill collect (see the README).'
            : 'Also at start, for each server that has no snapshot of today yet. A failed collection is tried again half an hour later while the day lasts; a day not collected stays a gap.'}
        </p>
      </div>
    </section>
  );
}

function AuditLog({ entries }: { entries: AuditEntry[] }) {
  return (
    <section className="card" aria-labelledby="audit-title">
      <div className="card-header">
        <h2 id="audit-title">Changes made on servers</h2>
        <span className="muted small">Each one checked by reading the server back</span>
      </div>
      {entries.length === 0 && <p className="card-empty muted">No changes yet.</p>}
      {entries.length > 0 && (
        <table className="data-table compact" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Server</th>
              <th scope="col">Change</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-verified={e.verified ? 'yes' : 'no'}>
                <td>{when(e.at)}</td>
                <td>{e.osUser}</td>
                <td>{e.server}</td>
                <td>{e.domain}: {e.change}</td>
                <td>
                  {e.verified ? <span className="badge badge-info">verified</span> : <span className="badge badge-danger">not verified</span>}
                  {e.note && <div className="muted small">{e.note}</div>}
                  <div className="muted small mono" title="The server's answer">{e.answer}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
