// Closed months (SPEC §11): the figures kept at closing against the data now.
import type { MonthPreview, WaitingChange } from './types';

/** Licenses whose billable count or amount would change if the month were reopened. */
export function waitingChanges(closed: MonthPreview, live: MonthPreview): WaitingChange[] {
  const before = new Map(closed.licenses.map((l) => [l.license, l]));
  const after = new Map(live.licenses.map((l) => [l.license, l]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: WaitingChange[] = [];
  for (const key of keys) {
    const b = before.get(key) ?? null;
    const a = after.get(key) ?? null;
    const same = b && a && b.billable === a.billable && b.amount === a.amount && b.daysReported === a.daysReported
      && b.billedDay?.date === a.billedDay?.date && JSON.stringify(b.dropped) === JSON.stringify(a.dropped);
    if (same) continue;
    out.push({
      license: key, name: (a ?? b)?.name ?? null,
      before: b ? b.billable : null, after: a ? a.billable : null,
      beforeAmount: b ? b.amount : null, afterAmount: a ? a.amount : null,
    });
  }
  return out;
}
