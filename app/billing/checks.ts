// Plausibility rules a clerk's input must pass before it reaches an invoice: a
// license key typed by hand, a day far above a license's usual level, the month a
// screen opens on. Pure functions.

import type { DailyCount, IsoDate, IsoMonth } from './types';

/** A license key typed by hand must look like one (SPEC §4.2). */
export const LICENSE_KEY_MIN_LENGTH = 5;

/** The key as typed, trimmed, or the sentence that says why it is no key. */
export function checkLicenseKey(raw: string): { key: string } | { problem: string } {
  const key = raw.trim();
  if (key === '') return { problem: 'The license key is empty: choose a known license or type the key as the vendor writes it.' };
  if (/\s/.test(key)) return { problem: `"${key}" is not a license key: a key has no spaces in it (for example 7QK2M-PX4VA-LR8TE-4MTSV).` };
  if (key.length < LICENSE_KEY_MIN_LENGTH) {
    return { problem: `"${key}" is not a license key: a key has at least ${LICENSE_KEY_MIN_LENGTH} characters (for example 7QK2M-PX4VA-LR8TE-4MTSV).` };
  }
  if (key.length > 200) return { problem: 'The license key is too long: a key has at most 200 characters.' };
  return { key };
}

/** A day is an outlier when its count is more than this many times the month's median. */
export const OUTLIER_FACTOR = 10;
/** Below this many reported days a median says little: no outliers are named. */
export const OUTLIER_MIN_DAYS = 5;

export interface Outlier {
  date: IsoDate;
  count: number;
  median: number;
}

/**
 * Days far above the month's usual level (more than OUTLIER_FACTOR × the median of
 * the month's reported days). Only the two highest days are dropped, so a third such
 * day would be billed: the clerk should look at them.
 */
export function outlierDays(days: readonly DailyCount[]): Outlier[] {
  if (days.length < OUTLIER_MIN_DAYS) return [];
  const counts = days.map((d) => d.count).sort((a, b) => a - b);
  const mid = counts.length >> 1;
  const median = counts.length % 2 === 1 ? (counts[mid] as number) : ((counts[mid - 1] as number) + (counts[mid] as number)) / 2;
  if (median <= 0) return [];
  return days
    .filter((d) => d.count > OUTLIER_FACTOR * median)
    .map((d) => ({ date: d.date, count: d.count, median }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * Whether outlierDays could find a day among a month's counts by day (-1: no value),
 * on plain numbers (`scratch` has room for them): false is sure. The import asks it of
 * every license-month it has not stored, before it builds the month's days.
 */
export function mayHaveOutlierDays(counts: ArrayLike<number>, scratch: Float64Array): boolean {
  let n = 0;
  let max = -1;
  let min = Infinity;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c < 0) continue;
    scratch[n++] = c;
    if (c > max) max = c;
    if (c < min) min = c;
  }
  if (n < OUTLIER_MIN_DAYS) return false;
  // The median is at least the lowest day: no day far above the lowest, none above the median.
  if (min > 0 && max <= OUTLIER_FACTOR * min) return false;
  const sorted = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return median > 0 && max > OUTLIER_FACTOR * median;
}

/**
 * The month a screen opens on: the latest month with data that is not after the
 * current one (a stray future date must not pick the month); the latest of all when
 * every month is later.
 */
export function defaultMonth(months: readonly IsoMonth[], current: IsoMonth): IsoMonth | null {
  let best: IsoMonth | null = null;
  for (const m of months) if (m <= current && (best === null || m > best)) best = m;
  return best ?? months[months.length - 1] ?? null;
}

/**
 * A domain against its EAS limit on the server (SPEC §12): over it, at it, or
 * neither (no limit, or below it). Flagged beside the domain split and on Servers.
 */
export function limitState(easMailboxes: number, limit: number | null): 'over' | 'at' | null {
  if (limit === null) return null;
  return easMailboxes > limit ? 'over' : easMailboxes === limit ? 'at' : null;
}
