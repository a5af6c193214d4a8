// Time, injectable: "today" is the computer's local calendar date (SPEC §12), token
// lifetimes are measured on a monotonic clock (a wall clock moved by a test, or by
// the user, must not make a fresh token look expired), and backoff sleeps can be
// replaced so that tests never wait in real time.
import { localToday } from '../billing/calendar';

export interface Clock {
  /** The wall-clock time: its local date is "today". */
  now(): Date;
  /** Milliseconds on a clock that only moves forward. */
  monotonicMs(): number;
}

export type Sleep = (ms: number) => Promise<void>;

export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
};

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar date of `d` (the billing calendar's `localToday`). */
export const localDate = localToday;

/** The local time of `d` as HHMMSS, for file names. */
export function localTimeStamp(d: Date): string {
  return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** A local time of day as "HH:MM", 24-hour (the daily collection's). */
export const COLLECT_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
