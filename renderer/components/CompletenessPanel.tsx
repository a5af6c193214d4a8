// "Is the month complete?" on the Month screen (issue 12): the licenses that
// reported last month and not (yet) this one, each license's last reported day and
// the file it came from, the gaps so far; and for the month under way the floor of
// its bill ("at least X so far, N days to go"), which account managers quote from.
import { useState } from 'react';
import type { HandlerOutputs } from '../../app/handlers';
import { formatCount, formatDate, formatDateTime, formatDay, formatMonth, formatUsd, plural } from '../lib/format';

type Completeness = HandlerOutputs['completeness'];

interface Props {
  data: Completeness;
  onOpenLicense: (key: string) => void;
}

function gapList(days: string[]): string {
  if (days.length === 0) return 'None';
  const shown = days.slice(0, 6).map(formatDay).join(', ');
  return days.length > 6 ? `${shown} and ${days.length - 6} more` : shown;
}

export function CompletenessPanel({ data, onOpenLicense }: Props) {
  const [open, setOpen] = useState(false);
  const withGaps = data.licenses.filter((l) => l.gapsSoFar.length > 0).length;
  const ok = data.quiet.length === 0 && withGaps === 0;
  return (
    <section className={`completeness ${ok ? 'completeness-ok' : 'completeness-warn'}`} aria-labelledby="completeness-title" data-testid="completeness">
      <div className="completeness-row">
        <h2 id="completeness-title" className="completeness-title">Is the month complete?</h2>
        <p className="completeness-summary" data-testid="completeness-summary">
          {data.quiet.length === 0
            ? `Every license of ${formatMonth(data.previous)} reported.`
            : `${plural(data.quiet.length, 'license')} of ${formatMonth(data.previous)} ${data.quiet.length === 1 ? 'has' : 'have'} not reported.`}{' '}
          {withGaps === 0 ? 'No gaps so far.' : `${plural(withGaps, 'license')} with gaps so far.`}
        </p>
        <button type="button" className="btn btn-small" aria-expanded={open} aria-controls="completeness-details" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide details' : 'Show details'}
        </button>
      </div>
      {data.soFar && (
        <p className="so-far" data-testid="so-far">
          <strong>This month so far:</strong> at least {formatCount(data.soFar.atLeast)} billable {data.soFar.atLeast === 1 ? 'mailbox' : 'mailboxes'} so far,{' '}
          {plural(data.soFar.daysToGo, 'day')} to go &middot; at least <strong>{formatUsd(data.soFar.amount)}</strong>
          <span className="muted"> (the billed day can only rise as days are added)</span>
        </p>
      )}
      {open && (
        <div id="completeness-details" className="completeness-details" tabIndex={0} role="region" aria-label="Completeness details">
          {data.quiet.length > 0 && (
            <table className="data-table compact" data-testid="quiet-licenses">
              <colgroup><col style={{ width: 230 }} /><col /></colgroup>
              <caption>Reported in {formatMonth(data.previous)}, not in {formatMonth(data.month)}</caption>
              <thead>
                <tr>
                  <th scope="col">License</th>
                  <th scope="col">Last reported day</th>
                </tr>
              </thead>
              <tbody>
                {data.quiet.map((q) => (
                  <tr key={q.license} data-license={q.license}>
                    <td className="mono">{q.license}</td>
                    <td>{q.lastDate ? formatDate(q.lastDate) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="data-table compact" data-testid="license-progress">
            <colgroup>
              <col style={{ width: 230 }} />
              <col />
              <col style={{ width: 110 }} />
              <col style={{ width: '30%' }} />
              <col style={{ width: '22%' }} />
            </colgroup>
            <caption>Each license&rsquo;s last day in {formatMonth(data.month)}</caption>
            <thead>
              <tr>
                <th scope="col">License</th>
                <th scope="col">Name</th>
                <th scope="col">Last day</th>
                <th scope="col">Last file</th>
                <th scope="col">Gaps so far</th>
              </tr>
            </thead>
            <tbody>
              {data.licenses.map((l) => (
                <tr key={l.license} data-license={l.license}>
                  <td className="mono">
                    <button type="button" className="link-button mono" title={l.license} onClick={() => onOpenLicense(l.license)}>{l.license}</button>
                  </td>
                  <td className="ellipsis" title={l.name ?? undefined}>{l.name ?? ''}</td>
                  <td>{formatDate(l.lastDate)}</td>
                  <td className="ellipsis" title={l.lastFile ?? undefined}>
                    {l.lastFile ?? 'collected'}
                    {l.lastImportedAt && <span className="muted"> · {formatDateTime(l.lastImportedAt)}</span>}
                  </td>
                  <td className="ellipsis" title={l.gapsSoFar.length > 0 ? l.gapsSoFar.map(formatDay).join(', ') : undefined}>{gapList(l.gapsSoFar)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
