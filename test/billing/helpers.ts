// Small builders and a seeded random source for the billing tests (not a test file).

import { asIsoDate, asIsoMonth, asLicenseKey, type DailyCount, type IsoMonth, type LicenseInfo } from '../../app/billing';
import { seededRandom } from '../../app/random';

export const month = asIsoMonth;
export const key = asLicenseKey;

/** A daily count: day('2026-10-14', 1320). */
export function day(date: string, count: number): DailyCount {
  return { date: asIsoDate(date), count };
}

/** Daily counts of a month from `{dayOfMonth: count}`. */
export function daysOf(m: IsoMonth, counts: Record<number, number>): DailyCount[] {
  return Object.entries(counts).map(([d, count]) => day(`${m}-${d.padStart(2, '0')}`, count));
}

export function info(over: Partial<LicenseInfo> = {}): LicenseInfo {
  return {
    key: asLicenseKey('KEY'),
    name: null,
    edition: null,
    version: null,
    maintenanceExpires: null,
    notes: null,
    ...over,
  };
}

export const random = seededRandom;

export function randomInt(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1));
}

export function shuffle<T>(rnd: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
