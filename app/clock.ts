// The one source of "now" for the core. The store stamps imports, exports and
// closings with it and the api takes the current month from it, so a test can
// move time forward instead of sleeping.
import { localToday } from './billing/calendar';
import type { IsoDate } from './billing/types';

export interface Clock {
  /** The current moment as an ISO timestamp (UTC), e.g. "2026-11-27T18:33:04.120Z". */
  now(): string;
}

/** The computer's local calendar date by `clock` (a clerk's "today", not UTC's). */
export function today(clock: Clock): IsoDate {
  return localToday(new Date(clock.now()));
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that only moves when told to; each reading is 1 ms after the last. */
export function manualClock(start = '2026-12-01T09:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t++).toISOString(),
    advance: (ms) => {
      t += ms;
    },
  };
}
