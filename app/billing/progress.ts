// How complete a month is, for the clerk closing it (issue 12): which licenses went
// quiet, and for the month under way, the floor its bill cannot fall below.

import { billMonth } from './rule';
import { daysInMonth } from './calendar';
import type { Cents, DailyCount, IsoDate, IsoMonth } from './types';

/**
 * The billable count so far of a month still under way. As days are added the
 * billed day (the third-highest) can only rise or stay, so today's figure is a floor:
 * "at least X so far". Null for another month, and while fewer days are reported
 * than the rule drops + 1: with fewer days fewer are dropped, and a later low day can
 * then lower the bill, so there is no floor yet.
 */
export function floorSoFar(days: readonly DailyCount[], month: IsoMonth, droppedDays: number, rate: Cents, today: IsoDate): {
  atLeast: number;
  amount: Cents;
  daysToGo: number;
} | null {
  if (today.slice(0, 7) !== month) return null;
  if (days.length < droppedDays + 1) return null;
  const atLeast = billMonth([...days], droppedDays).billedDay?.count ?? 0;
  return { atLeast, amount: (atLeast * rate) as Cents, daysToGo: daysInMonth(month) - Number(today.slice(8, 10)) };
}

export interface QuietLicense {
  license: string;
  /** The last day it reported, before this month. */
  lastDate: IsoDate | null;
}

/** Licenses that reported in the month before and not (yet) in this one. */
export function quietLicenses(before: readonly string[], now: readonly string[], lastDates: ReadonlyMap<string, IsoDate>): QuietLicense[] {
  const reporting = new Set(now);
  return [...new Set(before)].filter((l) => !reporting.has(l)).sort().map((license) => ({ license, lastDate: lastDates.get(license) ?? null }));
}
