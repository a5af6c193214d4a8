// The billing rule of SPEC §2, for one license and month, and the month preview of §6.

import { plural } from '../words';
import { datesOfMonth, daysInMonth, isIsoDate, isIsoMonth, monthOf, shortDate } from './calendar';
import { OUTLIER_FACTOR, outlierDays, type Outlier } from './checks';
import { eligibilityFlags } from './eligibility';
import { amountFor, formatAmount } from './money';
import type { Cents, DailyCount, Flag, IsoDate, IsoMonth, LicenseInfo, LicenseKey, LicenseMonth, MonthPreview } from './types';

export interface BilledMonth {
  /** The dropped days, highest first (ties: earlier date first). */
  dropped: DailyCount[];
  /** The day whose count is billed; null when no day is reported. */
  billedDay: DailyCount | null;
  /** The highest daily count; null when no day is reported. */
  peak: number | null;
}

/** The most days the setting may drop from a license's month. */
export const MAX_DROPPED_DAYS = 10;

function assertDroppedDays(droppedDays: number): void {
  if (!Number.isSafeInteger(droppedDays) || droppedDays < 0) {
    throw new Error(`Dropped days must be a whole number >= 0, got ${droppedDays}`);
  }
}

/** Highest count first; among equal counts, the earlier date first (SPEC §2.2). */
function byCountThenDate(a: DailyCount, b: DailyCount): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** How many days are really dropped: never so many that no day is left to bill (SPEC §2.3). */
export function effectiveDroppedDays(daysReported: number, droppedDays: number): number {
  return Math.min(droppedDays, Math.max(0, daysReported - 1));
}

/**
 * SPEC §2.2-2.4: sort the reported days by count, highest first, ties by earlier
 * date; drop the first `droppedDays` (fewer when that would leave no day); the
 * next one is billed. The input is neither reordered nor changed.
 */
export function billMonth(days: DailyCount[], droppedDays: number): BilledMonth {
  assertDroppedDays(droppedDays);
  const seen = new Set<string>();
  for (const day of days) {
    if (!Number.isSafeInteger(day.count) || day.count < 0) {
      throw new Error(`The count of ${day.date} must be a whole number >= 0, got ${day.count}`);
    }
    if (seen.has(day.date)) throw new Error(`Day ${day.date} is given twice: a license has one count per day`);
    seen.add(day.date);
  }
  const sorted = days.map((d) => ({ date: d.date, count: d.count })).sort(byCountThenDate);
  const drop = effectiveDroppedDays(sorted.length, droppedDays);
  return {
    dropped: sorted.slice(0, drop),
    billedDay: sorted[drop] ?? null,
    peak: sorted[0]?.count ?? null,
  };
}

export interface ApplyRuleInput {
  license: LicenseKey;
  name: string | null;
  month: IsoMonth;
  /** The license's reported days of `month`; a day of another month is a programming error. */
  days: DailyCount[];
  droppedDays: number;
  rate: Cents;
  distinctMailboxes: number | null;
  info: LicenseInfo | null;
  /** Set when values of this month were replaced after it was exported: the sentence to show. */
  replacedAfterExport?: string | null;
}

/** At most this many gap dates are named in the flag's sentence. */
const GAPS_NAMED = 5;


function shortMonthFlag(daysReported: number, droppedDays: number): Flag | null {
  if (daysReported >= droppedDays + 1) return null;
  if (daysReported === 0) return { code: 'short-month', message: 'No days reported: nothing billed' };
  const dropped = effectiveDroppedDays(daysReported, droppedDays);
  return {
    code: 'short-month',
    message: `Only ${plural(daysReported, 'day', 'days')} reported: dropped ${dropped} instead of ${droppedDays}`,
  };
}

function gapsFlag(gaps: IsoDate[]): Flag | null {
  if (gaps.length === 0) return null;
  const named = gaps.slice(0, GAPS_NAMED).map(shortDate).join(', ');
  const more = gaps.length > GAPS_NAMED ? ` and ${gaps.length - GAPS_NAMED} more` : '';
  return { code: 'gaps', message: `${plural(gaps.length, 'day', 'days')} without data: ${named}${more}` };
}

/** SPEC §2 for one license and month, with the flags of §6 in a fixed order. */
export function applyRule(input: ApplyRuleInput): LicenseMonth {
  const { license, month, days, droppedDays, rate } = input;
  if (!isIsoMonth(month)) throw new Error(`Not a month (YYYY-MM): "${month}"`);
  if (!Number.isSafeInteger(rate) || rate < 0) throw new Error(`A rate must be whole cents >= 0, got ${rate}`);
  for (const day of days) {
    if (!isIsoDate(day.date)) throw new Error(`License ${license}: "${day.date}" is not a date (YYYY-MM-DD)`);
    if (monthOf(day.date) !== month) throw new Error(`License ${license}: day ${day.date} is not in ${month}`);
  }

  const { dropped, billedDay, peak } = billMonth(days, droppedDays);
  const reported = new Set<string>(days.map((d) => d.date));
  const gaps = datesOfMonth(month).filter((date) => !reported.has(date));
  const billable = billedDay?.count ?? 0;

  const flags: Flag[] = [];
  const shortMonth = shortMonthFlag(days.length, droppedDays);
  if (shortMonth) flags.push(shortMonth);
  const gapFlag = gapsFlag(gaps);
  if (gapFlag) flags.push(gapFlag);
  flags.push(...eligibilityFlags(input.info, month));
  const outliers = outlierDays(days);
  if (outliers.length > 0) {
    const named = outliers.slice(0, GAPS_NAMED).map((o) => `${shortDate(o.date)} (${o.count.toLocaleString('en-US')})`).join(', ');
    const median = (outliers[0] as Outlier).median.toLocaleString('en-US');
    flags.push({
      code: 'outlier',
      message: `${outliers.length === 1 ? 'A day' : `${outliers.length} days`} far above the month's usual level (more than ${OUTLIER_FACTOR}× the median of ${median}): ${named}; check ${outliers.length === 1 ? 'it' : 'them'} against the source`,
    });
  }
  const replaced = input.replacedAfterExport;
  if (typeof replaced === 'string' && replaced.trim() !== '') {
    flags.push({ code: 'replaced-after-export', message: replaced });
  }

  return {
    license,
    name: input.name,
    daysReported: days.length,
    daysInMonth: daysInMonth(month),
    gaps,
    peak,
    dropped,
    billedDay,
    billable,
    rate,
    amount: amountFor(billable, rate),
    distinctMailboxes: input.distinctMailboxes,
    flags,
  };
}

/** The month preview (SPEC §6): licenses sorted by key, and the totals. */
export function buildPreview(month: IsoMonth, droppedDays: number, rate: Cents, licenses: LicenseMonth[]): MonthPreview {
  if (!isIsoMonth(month)) throw new Error(`Not a month (YYYY-MM): "${month}"`);
  assertDroppedDays(droppedDays);
  const sorted = [...licenses].sort((a, b) => (a.license < b.license ? -1 : a.license > b.license ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.license === sorted[i - 1]?.license) {
      throw new Error(`License ${sorted[i]?.license} appears twice in the preview of ${month}`);
    }
  }
  return {
    month,
    daysInMonth: daysInMonth(month),
    droppedDays,
    rate,
    currency: 'USD',
    licenses: sorted,
    totals: totalsOf(sorted, `The total of ${month}`),
  };
}

/**
 * How many licenses, their billable mailboxes and their amount added up: the
 * month's totals, or those of the licenses a filter leaves. `what` names the
 * total in the error when the amount is too large for whole cents.
 */
export function totalsOf(licenses: readonly LicenseMonth[], what = 'The total'): MonthPreview['totals'] {
  let billable = 0;
  let amount = 0;
  for (const l of licenses) {
    billable += l.billable;
    amount += l.amount;
  }
  if (!Number.isSafeInteger(amount)) throw new Error(`${what} is too large`);
  return { licenses: licenses.length, billable, amount: amount as Cents };
}

export interface DailyCountJson {
  date: string;
  count: number;
}

/** One license of `preview --json`; the keys of SPEC §6 in its order, plus daysInMonth and rate. */
export interface LicenseMonthJson {
  license: string;
  name: string | null;
  daysReported: number;
  daysInMonth: number;
  gaps: string[];
  peak: number | null;
  dropped: DailyCountJson[];
  billedDay: DailyCountJson | null;
  billable: number;
  rate: string;
  amount: string;
  distinctMailboxes: number | null;
  flags: { code: string; message: string }[];
  /** Billed day split by domain (mailbox-level data only), else null. */
  domains: { domain: string; billed: number; distinct: number }[] | null;
}

/** `preview --json` (SPEC §6): amounts as "1250.00" strings. */
export interface PreviewJson {
  month: string;
  daysInMonth: number;
  droppedDays: number;
  rate: string;
  currency: 'USD';
  licenses: LicenseMonthJson[];
  totals: { licenses: number; billable: number; amount: string };
  /** Present when the month is closed: when, and the changes waiting for a reopen. */
  closed?: {
    closedAt: string;
    waiting: { license: string; name: string | null; before: number | null; after: number | null; beforeAmount: string | null; afterAmount: string | null }[];
  };
}

const dayJson = (d: DailyCount): DailyCountJson => ({ date: d.date, count: d.count });

function licenseMonthToJson(l: LicenseMonth): LicenseMonthJson {
  return {
    license: l.license,
    name: l.name,
    daysReported: l.daysReported,
    daysInMonth: l.daysInMonth,
    gaps: [...l.gaps],
    peak: l.peak,
    dropped: l.dropped.map(dayJson),
    billedDay: l.billedDay === null ? null : dayJson(l.billedDay),
    billable: l.billable,
    rate: formatAmount(l.rate),
    amount: formatAmount(l.amount),
    distinctMailboxes: l.distinctMailboxes,
    flags: l.flags.map((f) => ({ code: f.code, message: f.message })),
    domains: l.domains ? l.domains.map((d) => ({ domain: d.domain, billed: d.billed, distinct: d.distinct })) : null,
  };
}

export function previewToJson(p: MonthPreview): PreviewJson {
  return {
    month: p.month,
    daysInMonth: p.daysInMonth,
    droppedDays: p.droppedDays,
    rate: formatAmount(p.rate),
    currency: p.currency,
    licenses: p.licenses.map(licenseMonthToJson),
    totals: { licenses: p.totals.licenses, billable: p.totals.billable, amount: formatAmount(p.totals.amount) },
    ...(p.closed
      ? {
          closed: {
            closedAt: p.closed.closedAt,
            waiting: p.closed.waiting.map((w) => ({
              license: w.license, name: w.name, before: w.before, after: w.after,
              beforeAmount: w.beforeAmount === null ? null : formatAmount(w.beforeAmount),
              afterAmount: w.afterAmount === null ? null : formatAmount(w.afterAmount),
            })),
          },
        }
      : {}),
  };
}
