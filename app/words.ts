// The user-facing words shared by every face: the command line, the workbook
// and the renderer say the same thing the same way. Pure (no Node, no DOM), so
// the renderer imports it too.
import { formatCount } from './billing/money';
import type { IsoMonth } from './billing/types';

/** "1 license", "2,000 licenses". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "the highest day", "the 2 highest days": what the rule drops. */
export function highestDays(droppedDays: number): string {
  return droppedDays === 1 ? 'the highest day' : `the ${droppedDays} highest days`;
}

/** The outcome message of a file the person cancelled before it was imported. */
export function notImportedCancelled(file: string): string {
  return `${file}: not imported (cancelled).`;
}

/** "2026-11-27 18:33" from a stored ISO timestamp (UTC), for sentences. */
export function dateTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** "Months with data: 2026-09, 2026-10." or that there are none. */
export function monthsSentence(months: readonly IsoMonth[]): string {
  if (months.length === 0) return 'No usage has been imported yet.';
  return `Months with data: ${months.join(', ')}.`;
}
