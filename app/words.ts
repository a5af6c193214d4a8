// The user-facing words shared by every face: the command line, the workbook
// and the renderer say the same thing the same way. Pure (no Node, no DOM), so
// the renderer and app/billing import it too.
import { formatCount, formatUsd } from './billing/money';
import type { Cents, IsoMonth } from './billing/types';

/** "1 license", "2,000 licenses". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "the highest day", "the 2 highest days": what the rule drops (SPEC §2.2). */
export function highestDays(droppedDays: number): string {
  return droppedDays === 1 ? 'the highest day' : `the ${droppedDays} highest days`;
}

/** "The 2 highest days are dropped", "The highest day is dropped", "No days are dropped". */
export function droppedText(droppedDays: number): string {
  if (droppedDays === 0) return 'No days are dropped';
  const what = highestDays(droppedDays);
  return `${what[0]!.toUpperCase()}${what.slice(1)} ${droppedDays === 1 ? 'is' : 'are'} dropped`;
}

/** "The 2 highest days are dropped · rate $1.00": the rule every figure on a screen depends on. */
export function ruleLine(droppedDays: number, rate: Cents): string {
  return `${droppedText(droppedDays)} · rate ${formatUsd(rate)}`;
}

/** The rule as the command line's preview states it: "the 2 highest days of each license are dropped; rate $1.00 per mailbox." */
export function previewRule(droppedDays: number, rate: Cents): string {
  const dropped = droppedDays === 0 ? 'no days are dropped' : `${highestDays(droppedDays)} of each license ${droppedDays === 1 ? 'is' : 'are'} dropped`;
  return `${dropped}; rate ${formatUsd(rate)} per mailbox.`;
}

/** The billing rule of SPEC §2 as the workbook states it, with the setting and the rate it used. */
export function ruleSentence(droppedDays: number, rate: Cents): string {
  const rateText = `rate ${formatUsd(rate)} per mailbox.`;
  if (droppedDays === 0) return `Each license is billed at its highest daily count of the month; ${rateText}`;
  return `Each license is billed at its daily count after dropping ${highestDays(droppedDays)} of the month; ${rateText}`;
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

/** The quote workbook's file name: the customer and the day ("Quote Northwind Hosting 2026-12-01.xlsx"). */
export function quoteFileName(customer: unknown, date: string): string {
  const who = typeof customer === 'string' ? customer.normalize('NFC').replace(/[^\p{L}\p{N}\-. ]+/gu, '').replace(/\s+/g, ' ').replace(/^[.\s]+/, '').trim().slice(0, 60) : '';
  return `Quote ${who === '' ? 'customer' : who} ${date}.xlsx`;
}
