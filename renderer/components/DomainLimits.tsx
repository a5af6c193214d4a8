// Beside a license's domain split (SPEC §12): each domain's EAS mailboxes now and its
// limit on the SmarterMail server, domains at or over their limit flagged. Reading
// the limits asks the server, so it is done when the clerk asks, never on its own;
// setting a limit or switching mailboxes off is on the Servers screen.
import { useState } from 'react';
import type { LimitsResult } from '../../app/servers/types';
import { limitState } from '../../app/billing/checks';
import { errorMessage, getClient } from '../client';
import { formatCount } from '../lib/format';
import { useLoad } from '../lib/useLoad';

export function DomainLimits({ license }: { license: string }) {
  const client = getClient();
  const { data: servers } = useLoad(() => client.call('serversList', {}), [license]);
  const [limits, setLimits] = useState<LimitsResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const server = servers?.find((s) => s.license === license) ?? null;
  if (!server) return null;

  const read = async () => {
    setBusy(true);
    setError(null);
    try {
      setLimits(await client.call('limits', { name: server.name }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="domain-limits-title" data-testid="domain-limits">
      <div className="card-header">
        <h2 id="domain-limits-title">Limits on {server.name}</h2>
        <button type="button" className="btn btn-small" onClick={() => void read()} disabled={busy}>
          {limits ? 'Read again' : 'Read limits from the server'}
        </button>
      </div>
      {error && <div className="alert alert-error" role="alert">{error}</div>}
      {!limits && !error && <p className="card-empty muted">Each domain’s ActiveSync mailboxes now and its limit, read from {server.name} when you ask.</p>}
      {limits && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col" className="num">EAS now</th>
              <th scope="col" className="num">Limit</th>
              <th scope="col"><span className="visually-hidden">State</span></th>
            </tr>
          </thead>
          <tbody>
            {limits.domains.map((d) => {
              const s = limitState(d.easMailboxes, d.limit);
              const state = s === null ? null : `${s} limit`;
              return (
                <tr key={d.domain} data-domain={d.domain}>
                  <td className="ellipsis" title={d.domain}>{d.domain}</td>
                  <td className="num">{formatCount(d.easMailboxes)}</td>
                  <td className="num">{d.limit === null ? <span className="muted">none</span> : formatCount(d.limit)}</td>
                  <td>{state && <span className={`badge ${state === 'over limit' ? 'badge-danger' : 'badge-warn'}`}>{state}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {limits && <p className="hint">Set a limit or switch mailboxes off on the Servers screen.</p>}
    </section>
  );
}
