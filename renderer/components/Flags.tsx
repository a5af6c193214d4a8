import type { Flag, FlagCode } from '../../app/billing/types';

const LABELS: Record<FlagCode, { label: string; tone: 'warn' | 'danger' | 'info' }> = {
  'short-month': { label: 'Short month', tone: 'warn' },
  gaps: { label: 'Gaps', tone: 'warn' },
  'not-enterprise': { label: 'Not Enterprise', tone: 'danger' },
  'version-too-old': { label: 'Version too old', tone: 'danger' },
  'maintenance-expired': { label: 'M&S expired', tone: 'danger' },
  'replaced-after-export': { label: 'Changed since export', tone: 'info' },
  outlier: { label: 'Outlier day', tone: 'warn' },
};

export function flagLabel(flag: Flag): string {
  return LABELS[flag.code]?.label ?? flag.code;
}

/** Short badges; the full reason is the tooltip and is read out by screen readers. */
export function Flags({ flags, full }: { flags: Flag[]; full?: boolean }) {
  if (flags.length === 0) return null;
  if (full) {
    return (
      <ul className="flag-list">
        {flags.map((f) => (
          <li key={f.code}>
            <span className={`badge badge-${LABELS[f.code]?.tone ?? 'info'}`}>{flagLabel(f)}</span>
            <span className="flag-reason">{f.message}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <span className="flags">
      {flags.map((f) => (
        <span key={f.code} className={`badge badge-${LABELS[f.code]?.tone ?? 'info'}`} title={f.message}>
          {flagLabel(f)}
          <span className="visually-hidden">: {f.message}</span>
        </span>
      ))}
    </span>
  );
}
