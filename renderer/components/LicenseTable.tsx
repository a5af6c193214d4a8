// The month's license table, virtualized: only the rows in view are in the page,
// so a month of thousands of licenses scrolls and sorts at once. Rows are
// focusable (one tab stop; arrows, Page Up/Down, Home and End move; Enter opens).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LicenseMonth } from '../../app/api-types';
import type { WaitingChange } from '../../app/billing/types';
import { Flags } from './Flags';
import { formatCount, formatDay, formatUsd } from '../lib/format';

export type SortKey = 'license' | 'name' | 'days' | 'peak' | 'dropped' | 'billedDay' | 'billable' | 'amount' | 'flags';
export type Direction = 'ascending' | 'descending';

interface Column {
  key: SortKey;
  label: string;
  width?: number;
  numeric?: boolean;
  title?: string;
}

const COLUMNS: Column[] = [
  { key: 'license', label: 'License', width: 188 },
  { key: 'name', label: 'Name' },
  { key: 'days', label: 'Days', width: 56, numeric: true, title: 'Days reported / days in the month' },
  { key: 'peak', label: 'Peak', width: 60, numeric: true, title: 'The highest daily count' },
  { key: 'dropped', label: 'Dropped days', width: 112, title: 'The highest days, not billed' },
  { key: 'billedDay', label: 'Billed day', width: 82, title: 'The day whose count is billed' },
  { key: 'billable', label: 'Billable', width: 80, numeric: true, title: 'Billable mailboxes: the billed day’s count' },
  { key: 'amount', label: 'Amount', width: 92, numeric: true },
  { key: 'flags', label: 'Flags', width: 146 },
];

/** The direction of a column's first click: numbers largest first, text A to Z. */
export function firstDirection(key: SortKey): Direction {
  return COLUMNS.find((c) => c.key === key)?.numeric ? 'descending' : 'ascending';
}

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;

export function sortValue(row: LicenseMonth, key: SortKey): string | number {
  switch (key) {
    case 'license': return row.license;
    case 'name': return (row.name ?? '').toLowerCase();
    case 'days': return row.daysReported;
    case 'peak': return row.peak ?? -1;
    case 'dropped': return row.dropped[0]?.count ?? -1;
    case 'billedDay': return row.billedDay?.date ?? '';
    case 'billable': return row.billable;
    case 'amount': return row.amount;
    case 'flags': return row.flags.length * 1000 + (row.flags[0] ? row.flags[0].code.charCodeAt(0) : 0);
  }
}

interface TableProps {
  rows: LicenseMonth[];
  sort: { key: SortKey; dir: Direction };
  onSort: (key: SortKey) => void;
  onOpen: (key: string) => void;
  emptyText: string;
  /** A closed month: the licenses whose figures would change if it were reopened. */
  waiting?: ReadonlyMap<string, WaitingChange>;
}

export function LicenseTable({ rows, sort, onSort, onOpen, emptyText, waiting }: TableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - HEADER_HEIGHT : 0;
  const padBottom = last ? virtualizer.getTotalSize() - last.end : 0;

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  useEffect(() => {
    const i = pendingFocus.current;
    if (i === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${i}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  const tabbable = items.some((i) => i.index === active) ? active : (first?.index ?? 0);

  const move = (to: number) => {
    const n = Math.max(0, Math.min(rows.length - 1, to));
    setActive(n);
    pendingFocus.current = n;
    virtualizer.scrollToIndex(n, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = e.target as HTMLElement;
    const index = Number(target.dataset.index);
    if (!Number.isInteger(index)) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const keys: Record<string, number> = {
      ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1,
    };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = rows[index];
      if (row) onOpen(row.license);
    }
  };

  return (
    <div className="table-scroll" ref={scrollRef} data-testid="license-table-scroll">
      <table className="data-table license-table" id="license-table" aria-rowcount={rows.length + 1} aria-label="Licenses of the month">
        <colgroup>
          {COLUMNS.map((c) => <col key={c.key} style={c.width ? { width: c.width } : undefined} />)}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort.key === c.key ? sort.dir : 'none'}
              >
                <button type="button" className="sort-button" onClick={() => onSort(c.key)} title={c.title}>
                  <span>{c.label}</span>
                  <span className={`sort-indicator${sort.key === c.key ? ' active' : ''}`} aria-hidden="true">
                    {sort.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '▲'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {padTop > 0 && <tr className="spacer" aria-hidden="true"><td colSpan={COLUMNS.length} style={{ height: padTop }} /></tr>}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <tr
                key={row.license}
                data-index={item.index}
                data-license={row.license}
                aria-rowindex={item.index + 2}
                tabIndex={item.index === tabbable ? 0 : -1}
                className="row-link"
                onClick={() => {
                  setActive(item.index);
                  onOpen(row.license);
                }}
                onFocus={() => setActive(item.index)}
              >
                <td className="mono" title={row.license}>{row.license}</td>
                <td className="ellipsis" title={row.name ?? undefined}>{row.name ?? <span className="muted">—</span>}</td>
                <td className="num">{row.daysReported}/{row.daysInMonth}</td>
                <td className="num">{row.peak === null ? '—' : formatCount(row.peak)}</td>
                <td className="ellipsis" title={row.dropped.map((d) => `${formatDay(d.date)}: ${formatCount(d.count)}`).join('; ')}>
                  {row.dropped.length ? row.dropped.map((d) => formatDay(d.date)).join(', ') : <span className="muted">none</span>}
                </td>
                <td>{row.billedDay ? formatDay(row.billedDay.date) : '—'}</td>
                <td className="num strong">{formatCount(row.billable)}</td>
                <td className="num">{formatUsd(row.amount)}</td>
                <td className="flags-cell">
                  {waiting?.has(row.license) && <WaitingMark change={waiting.get(row.license)!} />}
                  <Flags flags={row.flags} />
                </td>
              </tr>
            );
          })}
          {padBottom > 0 && <tr className="spacer" aria-hidden="true"><td colSpan={COLUMNS.length} style={{ height: padBottom }} /></tr>}
        </tbody>
      </table>
      {rows.length === 0 && <p className="table-empty">{emptyText}</p>}
    </div>
  );
}

/** The mark of a row that reopening the closed month would change, with what would change. */
function WaitingMark({ change }: { change: WaitingChange }) {
  const count = (n: number | null) => (n === null ? '—' : formatCount(n));
  const text = `Would change if reopened: billable ${count(change.before)} → ${count(change.after)}`;
  return <span className="waiting-mark" title={text} data-testid="waiting-mark">Changed<span className="visually-hidden">: {text}</span></span>;
}
