import { useMemo } from 'react';
import type { IsoMonth } from '../../app/api-types';
import { formatMonth } from '../lib/format';

interface Props {
  /** The accessible name of the select. */
  label: string;
  /** null when there is no month yet: the select then says so. */
  value: IsoMonth | null;
  /** The months with usage, oldest first (as the api gives them); listed latest first. */
  months: readonly IsoMonth[];
  /** Months to mark "· closed". */
  closed?: readonly IsoMonth[];
  onChange: (m: IsoMonth) => void;
  disabled?: boolean;
}

/** The months with usage, latest first: the month picker of every screen. */
export function MonthSelect({ label, value, months, closed, onChange, disabled }: Props) {
  const latestFirst = useMemo(() => [...months].reverse(), [months]);
  const closedSet = useMemo(() => new Set(closed ?? []), [closed]);
  return (
    <select value={value ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value as IsoMonth)} aria-label={label}>
      {value
        ? latestFirst.map((m) => <option key={m} value={m}>{formatMonth(m)}{closedSet.has(m) ? ' · closed' : ''}</option>)
        : <option value="">No usage yet</option>}
    </select>
  );
}
