// How a file's days merge into the stored days of one license-month: pure, no
// SQLite. The store reads what is kept, calls these, and writes what they say.
// Kept apart so that the rules (added, replaced, unchanged; a mailbox set that
// differs is a replacement; a bare count over a mailbox day replaces the set)
// are tested without a database (test/store/merge.test.ts).
import { InputError } from '../errors';
import type { MailboxMonth, ParsedLicense } from '../import/types';
import { DayCounts } from '../import/day-counts';
import { DAYS, dateOf, type MonthRow } from './packed';
import { Slab } from '../slab';

const counts31 = new Slab((n) => new Int32Array(n));

/** A mailbox's presence over a month: a bit per day (bit d-1 = day d), and its domain. */
export interface Presence {
  days: number;
  domain: string;
}

/** A stored value the file replaces, as daily_history keeps it for undo. */
export interface ReplacedValue {
  /** Day of the month, 1-31. */
  day: number;
  old: number;
  oldImport: number;
  new: number;
  /** The replaced day's mailboxes [address, domain], when it had mailbox-level data. */
  mailboxes: [string, string][] | null;
}

export interface MonthMerge {
  added: number;
  unchanged: number;
  replaced: ReplacedValue[];
  /** Days whose value (and mailbox set) now come from the file. */
  replaceMask: number;
}

/**
 * The file's counts of one license by month, as day-indexed arrays (-1: the file
 * has no value). Refuses a count the packed row could not tell from a gap.
 */
export function countsByMonth(lic: ParsedLicense): Map<string, Int32Array> {
  // The import's checks and its apply both ask; a year of days is walked once.
  const known = monthsOf.get(lic);
  if (known !== undefined && known.days === lic.days && known.size === lic.days.size) return known.byMonth;
  const byMonth = new Map<string, Int32Array>();
  if (lic.days instanceof DayCounts) {
    // Already by month, as the store keeps it.
    for (const [month, days] of lic.days.byMonth) {
      const counts = counts31.take(DAYS).fill(-1);
      for (let i = 0; i < DAYS; i++) {
        const count = days[i]!;
        if (count === -1) continue;
        if (!Number.isSafeInteger(count) || count < 0 || count > 0x7fffffff) throw new InputError(`license ${lic.key}, ${dateOf(month, i + 1)}: the count ${count} is not a daily count we can store (a whole number from 0 to 2,147,483,647)`);
        counts[i] = count;
      }
      byMonth.set(month, counts);
    }
    monthsOf.set(lic, { days: lic.days, size: lic.days.size, byMonth });
    return byMonth;
  }
  let month = '';
  let counts: Int32Array | undefined;
  // forEach, not for-of: no [date, count] pair is made for each of a year's days.
  lic.days.forEach((count, date) => {
    if (!counts || !date.startsWith(month)) {
      month = date.slice(0, 7);
      counts = byMonth.get(month);
      if (!counts) byMonth.set(month, (counts = counts31.take(DAYS).fill(-1)));
    }
    if (!Number.isSafeInteger(count) || count < 0 || count > 0x7fffffff) throw new InputError(`license ${lic.key}, ${date}: the count ${count} is not a daily count we can store (a whole number from 0 to 2,147,483,647)`);
    counts[(date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 49] = count;
  });
  monthsOf.set(lic, { days: lic.days, size: lic.days.size, byMonth });
  return byMonth;
}

/** countsByMonth's answers, by license of a parsed file (its days are not changed after reading). */
const monthsOf = new WeakMap<ParsedLicense, { days: ParsedLicense['days']; size: number; byMonth: Map<string, Int32Array> }>();

/** Bit d-1 set for each day d the counts report. */
export function maskOf(counts: Int32Array): number {
  let mask = 0;
  for (let i = 0; i < DAYS; i++) if (counts[i]! >= 0) mask |= 1 << i;
  return mask;
}

/** The stored presence must be read when the file brings mailboxes or overwrites mailbox days. */
export function needsPresence(row: MonthRow, fileMask: number, fileMailboxes: MailboxMonth | null): boolean {
  return fileMailboxes !== null || (row.mailboxDays & fileMask) !== 0;
}

/** A file's mailboxes of one month by address (an address listed twice joins its days). */
export function presenceOfFile(mm: MailboxMonth): Map<string, Presence> {
  const out = new Map<string, Presence>();
  for (let i = 0; i < mm.addresses.length; i++) {
    const address = mm.addresses[i]!;
    const had = out.get(address);
    if (had) had.days |= mm.days[i] ?? 0;
    else out.set(address, { days: mm.days[i] ?? 0, domain: mm.domains[i] ?? '' });
  }
  return out;
}

/**
 * Merges the file's counts of one month into `row` (changed in place): a day the
 * store lacks is added; the same value is unchanged; another value, or the same
 * count with another mailbox set, replaces it. `filePresence` is null for a file
 * of bare counts; `oldPresence` is the stored presence (empty when not needed).
 */
export function mergeMonth(
  row: MonthRow, fileCounts: Int32Array, importId: number,
  oldPresence: ReadonlyMap<string, Presence>, filePresence: ReadonlyMap<string, Presence> | null,
): MonthMerge {
  const fileMask = maskOf(fileCounts);
  // Days whose mailbox set differs between the database and the file.
  let setDiffers = 0;
  if (filePresence && oldPresence.size > 0) {
    for (const [address, old] of oldPresence) setDiffers |= (old.days ^ (filePresence.get(address)?.days ?? 0)) & fileMask;
    for (const [address, p] of filePresence) if (!oldPresence.has(address)) setDiffers |= p.days & fileMask;
  }
  const out: MonthMerge = { added: 0, unchanged: 0, replaced: [], replaceMask: 0 };
  for (let i = 0; i < DAYS; i++) {
    const count = fileCounts[i]!;
    if (count < 0) continue;
    const bit = 1 << i;
    const oldCount = row.counts[i]!;
    if (oldCount < 0) {
      row.counts[i] = count;
      row.imports[i] = importId;
      out.added++;
      out.replaceMask |= bit;
      continue;
    }
    const oldHasMailboxes = (row.mailboxDays & bit) !== 0;
    const same = filePresence
      ? oldHasMailboxes && (setDiffers & bit) === 0 && oldCount === count
      : oldCount === count; // a count equal to a richer mailbox set leaves the set in place
    if (same) {
      out.unchanged++;
      continue;
    }
    let mailboxes: [string, string][] | null = null;
    if (oldHasMailboxes) {
      mailboxes = [];
      for (const [address, p] of oldPresence) if (p.days & bit) mailboxes.push([address, p.domain]);
    }
    out.replaced.push({ day: i + 1, old: oldCount, oldImport: row.imports[i]!, new: count, mailboxes });
    row.counts[i] = count;
    row.imports[i] = importId;
    out.replaceMask |= bit;
  }
  if (out.replaceMask !== 0) row.mailboxDays = filePresence ? row.mailboxDays | out.replaceMask : row.mailboxDays & ~out.replaceMask;
  return out;
}

/** One mailbox's new presence row, or its removal (days 0). */
export interface PresenceChange {
  address: string;
  domain: string;
  days: number;
}

/**
 * The presence rows to write after a merge or an undo: the bits of `replaceMask`
 * come from `incoming`, the others stay. Unchanged mailboxes are left out; new
 * ones come last, in address order (the table's key order, so they append).
 */
export function presenceChanges(old: ReadonlyMap<string, Presence>, incoming: ReadonlyMap<string, Presence>, replaceMask: number): PresenceChange[] {
  const out: PresenceChange[] = [];
  const consider = (address: string, before: Presence | undefined, now: Presence | undefined) => {
    const b = before?.days ?? 0;
    const after = (b & ~replaceMask) | ((now?.days ?? 0) & replaceMask);
    if (after !== b) out.push({ address, domain: now?.domain ?? before?.domain ?? '', days: after });
  };
  for (const [address, before] of old) consider(address, before, incoming.get(address));
  const added = [...incoming.keys()].filter((a) => !old.has(a)).sort();
  for (const address of added) consider(address, undefined, incoming.get(address));
  return out;
}
