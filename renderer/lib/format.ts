// How figures and dates look to people. Money and counts use the billing core's
// own formatters ($1,250.00, 1,250) so the screen matches the workbook and the
// command line; calendar dates follow the user's locale. A usage day is a
// calendar date, not an instant: it is formatted in UTC so it never shifts by one.
import { formatCount, formatUsd, parseAmount } from '../../app/billing/money';

export { formatCount, formatUsd };

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
const fullDateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateTimeThisYearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function utc(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
}

/** "Oct 14" */
export function formatDay(iso: string): string {
  const d = utc(iso);
  return d ? dayFormat.format(d) : iso;
}

/** "Wed, Oct 14" */
export function formatWeekday(iso: string): string {
  const d = utc(iso);
  return d ? weekdayFormat.format(d) : iso;
}

/** "Oct 14, 2026" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = utc(iso);
  return d ? fullDateFormat.format(d) : iso;
}

/** "October 2026" */
export function formatMonth(month: string): string {
  const d = utc(month);
  return d ? monthFormat.format(d) : month;
}

/** "Oct 2026" (for narrow places) */
export function formatShortMonth(month: string): string {
  const d = utc(month);
  return d ? shortMonthFormat.format(d) : month;
}

/** An instant (an import's time) in the user's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.includes('T') || iso.endsWith('Z') ? iso : iso.replace(' ', 'T') + 'Z');
  if (Number.isNaN(d.getTime())) return iso;
  return (d.getFullYear() === new Date().getFullYear() ? dateTimeThisYearFormat : dateTimeFormat).format(d);
}

/** "Oct 1 – 31, 2026": a range of calendar dates, as short as the locale writes it. */
export function formatDateRange(from: string, to: string): string {
  const a = utc(from);
  const b = utc(to);
  if (!a || !b) return `${from} – ${to}`;
  if (from === to) return fullDateFormat.format(a);
  return fullDateFormat.formatRange(a, b);
}

/** "1.00" (the api's form of a rate) as "$1.00". */
export function formatRate(rate: string): string {
  try {
    return formatUsd(parseAmount(rate));
  } catch {
    return rate;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** "1 license", "2,000 licenses": one helper for every face. */
export { plural } from '../../app/words';
