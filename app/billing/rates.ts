// The rate per billable mailbox, a setting that takes effect from a month on (SPEC §2.5).

import type { Cents, IsoMonth, RateChange } from './types';

/** $1.00 per mailbox per month (SPEC §1). */
export const DEFAULT_RATE = 100 as Cents;

/**
 * The rate of a month: the change with the latest `from` at or before the month;
 * DEFAULT_RATE before any change. The order of `changes` does not matter; of two
 * changes from the same month, the later one in the list wins (it was set last).
 */
export function rateFor(month: IsoMonth, changes: RateChange[]): Cents {
  let best: RateChange | null = null;
  for (const change of changes) {
    // `YYYY-MM` strings compare like the months they name.
    if (change.from <= month && (best === null || change.from >= best.from)) best = change;
  }
  return best === null ? DEFAULT_RATE : best.rate;
}
