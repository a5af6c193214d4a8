// What a collector sees of a month (SPEC §12) on the Month and License screens: a
// server whose collection failed today says so at the top, and the days that were
// missed (they cannot be collected later: they stay gaps) are named plainly.
import type { LicenseCollection } from '../../app/servers/types';
import { getClient } from '../client';
import { formatDay } from '../lib/format';
import { useLoad } from '../lib/useLoad';

interface Props {
  month: string;
  dataVersion: number;
  /** Only this license's servers (the License screen); all when absent. */
  license?: string;
}

function days(list: string[]): string {
  const shown = list.slice(0, 8).map(formatDay).join(', ');
  return list.length > 8 ? `${shown} and ${list.length - 8} more` : shown;
}

export function CollectionNotice({ month, dataVersion, license }: Props) {
  const client = getClient();
  const { data } = useLoad(() => client.call('collections', { month }), [month, dataVersion]);
  const servers: LicenseCollection[] = (data?.servers ?? []).filter((s) => license === undefined || s.license === license);
  if (servers.length === 0) return null;
  const failed = servers.filter((s) => s.failedToday !== null);
  const missed = servers.filter((s) => s.missed.length > 0);
  return (
    <div className="collection-notice" data-testid="collection-notice">
      {failed.map((s) => (
        <div key={s.server} className="alert alert-error" role="alert" data-testid="collection-failed">
          Today&rsquo;s collection from {s.server} (license {s.license}) failed: {s.failedToday} Nothing of {s.server} is stored for today yet; collect again before the day ends, or today stays a gap.
        </div>
      ))}
      {license !== undefined && servers.map((s) => (
        <p key={s.server} className="muted small" data-testid="collected-days">
          Collected from {s.server}: {s.collected.length === 0 ? 'no day yet' : `${s.collected.length} ${s.collected.length === 1 ? 'day' : 'days'}`}
          {s.missed.length > 0 ? `; missed: ${days(s.missed)} (a missed day cannot be collected later: it stays a gap).` : '.'}
        </p>
      ))}
      {license === undefined && missed.length > 0 && (
        <div className="alert alert-info" data-testid="collection-missed">
          Days not collected this month (they cannot be collected later, so they stay gaps): {missed.map((s) => `${s.server}: ${days(s.missed)}`).join('; ')}.
        </div>
      )}
    </div>
  );
}
