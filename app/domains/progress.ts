// Progress of a month, for the clerk closing it (issue 12): is it complete (licenses
// that went quiet, each license's last day and last file, gaps so far), and for the
// month under way the floor of its bill. And `changes`: a number that moves when
// another process (the command line, a collection, a second window) writes the
// database, so open screens refresh by themselves.
import { z } from 'zod';
import { addMonths, datesOfMonth, floorSoFar, quietLicenses, type QuietLicense } from '../billing';
import type { Cents, IsoDate, IsoMonth, LicenseKey } from '../billing/types';
import { today } from '../clock';
import type { Core } from '../core';
import { droppedDays, rateOf } from './settings';
import { isoMonth, none } from './schemas';

export const schemas = {
  changes: none,
  completeness: z.object({ month: isoMonth }).strict(),
};

export interface LicenseProgress {
  license: LicenseKey;
  name: string | null;
  /** The last day of the month with data. */
  lastDate: IsoDate;
  /** The file that gave that day (an import, or a collection's snapshot). */
  lastFile: string | null;
  lastImportedAt: string | null;
  /** Days of the month without data, up to today for the month under way. */
  gapsSoFar: IsoDate[];
  /** For the month under way: at least this many mailboxes will be billed. */
  atLeast: number | null;
}

export interface Completeness {
  month: IsoMonth;
  previous: IsoMonth;
  /** Licenses that reported in the month before and not in this one. */
  quiet: QuietLicense[];
  licenses: LicenseProgress[];
  /** For the month under way (null otherwise): the floor of the bill, and the days left. */
  soFar: { atLeast: number; amount: Cents; daysToGo: number; licenses: number } | null;
}

export function completeness(core: Core, month: IsoMonth): Completeness {
  const { usage, imports, licenses } = core.store;
  const previous = addMonths(month, -1);
  const now = today(core.clock);
  const dropped = droppedDays(core);
  const rate = rateOf(core, month);
  const names = new Map(licenses.list().map((l) => [l.key, l.name]));
  const byLicense = new Map<LicenseKey, { date: IsoDate; count: number; importId: number }[]>();
  for (const d of usage.daysOfMonth(month)) {
    const list = byLicense.get(d.license);
    if (list) list.push(d);
    else byLicense.set(d.license, [d]);
  }
  // The month before: which licenses reported (not its days); their last days only when one went quiet.
  const before = [...usage.licensesOfMonth(previous)];
  const quietOnes = before.some((l) => !byLicense.has(l as LicenseKey));
  const lastDates = quietOnes ? new Map<string, IsoDate>([...usage.dateRangesByLicense()].map(([k, [, last]]) => [k, last])) : new Map<string, IsoDate>();
  const quiet = quietLicenses(before, [...byLicense.keys()], lastDates);
  const upTo = now.slice(0, 7) === month ? now : null;
  const expected = datesOfMonth(month).filter((d) => upTo === null || d <= upTo);

  const rows: LicenseProgress[] = [];
  let soFar: Completeness['soFar'] = upTo === null ? null : { atLeast: 0, amount: 0 as Cents, daysToGo: 0, licenses: 0 };
  for (const [license, days] of [...byLicense].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const last = days.reduce((a, b) => (b.date > a.date ? b : a));
    const record = last.importId > 0 ? imports.get(last.importId) : null;
    const reported = new Set(days.map((d) => d.date));
    const floor = floorSoFar(days, month, dropped, rate, now);
    rows.push({
      license,
      name: names.get(license) ?? null,
      lastDate: last.date,
      lastFile: record?.fileName ?? null,
      lastImportedAt: record?.importedAt ?? null,
      gapsSoFar: expected.filter((d) => !reported.has(d)),
      atLeast: floor?.atLeast ?? null,
    });
    if (soFar !== null && floor !== null) {
      soFar = { atLeast: soFar.atLeast + floor.atLeast, amount: (soFar.amount + floor.amount) as Cents, daysToGo: floor.daysToGo, licenses: soFar.licenses + 1 };
    }
  }
  if (soFar !== null && soFar.licenses === 0) soFar = null;
  return { month, previous, quiet, licenses: rows, soFar };
}

export function handlers(core: Core) {
  return {
    changes: async (_: z.output<typeof schemas.changes>) => ({ version: core.store.dataVersion() }),
    completeness: async ({ month }: z.output<typeof schemas.completeness>) => completeness(core, month),
  };
}
