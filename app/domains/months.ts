// Months: which have data, a month's figures (live, or kept at closing), the days
// behind them, and closing and reopening (SPEC §6).
import { z } from 'zod';
import { applyRule, buildPreview, datesOfMonth, defaultMonth, formatCount, monthOf, shortDate, waitingChanges } from '../billing';
import { today } from '../clock';
import type { DomainSplit, IsoDate, IsoMonth, LicenseKey, LicenseMonth, MonthPreview } from '../billing/types';
import type { DayDetail, MonthsInfo } from '../api-types';
import type { Core } from '../core';
import { ConflictError, InputError } from '../errors';
import type { DayRow } from '../store';
import { dateTime, monthsSentence } from '../words';
import { automaticBackup } from '../store/backup';
import { readSnapshot, writeSnapshot, type MonthSnapshot } from './closing';
import { isoMonth, none } from './schemas';
import { droppedDays, rateOf } from './settings';

export const schemas = {
  months: none,
  preview: z.object({ month: isoMonth }).strict(),
  closeMonth: z.object({ month: isoMonth }).strict(),
  reopenMonth: z.object({ month: isoMonth }).strict(),
};

/** Items grouped by a key, in the order first seen. */
function groupBy<K, T>(items: Iterable<T>, key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function monthsInfo(core: Core): MonthsInfo {
  const months = core.store.usage.monthsWithData();
  // The month a screen opens on is the latest with data that is not after this one.
  return { months, latest: defaultMonth(months, monthOf(today(core.clock))), closed: core.store.months.closedMonths().map((c) => c.month) };
}

/** "Months with data: 2026-09, 2026-10." or that there are none. */
export function monthsWithDataSentence(core: Core): string {
  return monthsSentence(core.store.usage.monthsWithData());
}

/** The month's closing, read by the reader of its version; null when open. */
export function closing(core: Core, month: IsoMonth): { closedAt: string; snapshot: MonthSnapshot } | null {
  const c = core.store.months.closing(month);
  return c ? { closedAt: c.closedAt, snapshot: readSnapshot(c.snapshot, c.snapshotVersion) } : null;
}

/** The month's figures: those kept at closing for a closed month, else from the data now. */
export function preview(core: Core, month: IsoMonth): MonthPreview {
  const closed = closing(core, month);
  const live = livePreview(core, month);
  if (!closed) return live;
  return { ...closed.snapshot.preview, closed: { closedAt: closed.closedAt, waiting: waitingChanges(closed.snapshot.preview, live) } };
}

/** The month computed from the data as it is now. */
function livePreview(core: Core, month: IsoMonth): MonthPreview {
  return computeMonth(core, month).preview;
}

/** The month's figures from the data now, and the days they came from (read once). */
function computeMonth(core: Core, month: IsoMonth): { preview: MonthPreview; days: Map<LicenseKey, DayRow[]> } {
  const { usage, licenses: licenseStore } = core.store;
  const dropped = droppedDays(core);
  const rate = rateOf(core, month);
  const days = groupBy(usage.daysOfMonth(month), (d) => d.license);
  const infos = new Map(licenseStore.list().map((l) => [l.key, l]));
  const distinct = usage.distinctMailboxes(month);
  const replaced = replacedAfterExport(core, month);
  const licenses: LicenseMonth[] = [];
  for (const [license, licenseDays] of days) {
    const info = infos.get(license) ?? null;
    const u = applyRule({
      license, name: info?.name ?? null, month, days: licenseDays.map((d) => ({ date: d.date, count: d.count })), droppedDays: dropped, rate,
      distinctMailboxes: distinct.get(license) ?? null, info, replacedAfterExport: replaced.get(license) ?? null,
    });
    u.domains = domainsOfBilledDay(core, u, licenseDays);
    licenses.push(u);
  }
  return { preview: buildPreview(month, dropped, rate, licenses), days };
}

/** The billed day split by domain, when that day has mailbox-level data. */
export function domainsOfBilledDay(core: Core, usage: LicenseMonth, days: DayRow[]): DomainSplit[] | null {
  const billed = usage.billedDay ? days.find((d) => d.date === usage.billedDay!.date) : undefined;
  return billed?.hasMailboxes ? core.store.usage.domainSplit(usage.license, billed.date) : null;
}

/** Per license, a sentence naming the values replaced since the month's last export. */
function replacedAfterExport(core: Core, month: IsoMonth): Map<LicenseKey, string> {
  const out = new Map<LicenseKey, string>();
  const last = core.store.months.lastExport(month);
  if (!last) return out;
  const byLicense = groupBy(core.store.usage.replacedSince(month, last.madeAt), (r) => r.license);
  for (const [license, replaced] of byLicense) {
    const changes = replaced.map((r) => `${shortDate(r.date)} ${formatCount(r.old)} → ${r.current === null ? 'removed' : formatCount(r.current)}`);
    const shown = changes.slice(0, 3).join(', ') + (changes.length > 3 ? ` and ${changes.length - 3} more` : '');
    out.set(license, `Values replaced after the export of ${dateTime(last.madeAt)}: ${shown}`);
  }
  return out;
}

/** Every day of the month for one license, with its status and source. */
export function dayDetails(month: IsoMonth, usage: LicenseMonth | null, days: { date: IsoDate; count: number; importId: number }[], fileNames: Map<number, string>): DayDetail[] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const dropped = new Set(usage?.dropped.map((d) => d.date) ?? []);
  const billed = usage?.billedDay?.date ?? null;
  return datesOfMonth(month).map((date) => {
    const d = byDate.get(date);
    if (!d) return { date, count: null, status: 'gap', importId: null, fileName: null };
    return {
      date, count: d.count,
      status: date === billed ? 'billed' : dropped.has(date) ? 'dropped' : 'counted',
      importId: d.importId, fileName: fileNames.get(d.importId) ?? null,
    };
  });
}

export function importFileNames(core: Core): Map<number, string> {
  return new Map(core.store.imports.list().map((i) => [i.id, i.fileName]));
}

/** Everything an export of the month shows, from the data now. */
export function monthSnapshot(core: Core, month: IsoMonth): MonthSnapshot {
  const { preview: p, days } = computeMonth(core, month);
  const fileNames = importFileNames(core);
  const daily: [LicenseKey, DayDetail[]][] = p.licenses.map((u) => [u.license, dayDetails(month, u, days.get(u.license) ?? [], fileNames)]);
  const daysByImport = new Map<number, number>();
  for (const list of days.values()) for (const d of list) daysByImport.set(d.importId, (daysByImport.get(d.importId) ?? 0) + 1);
  return { preview: p, daily, sources: core.store.imports.giving(daysByImport) };
}

/** What the month's invoice shows: the closing's figures for a closed month, else the data now. */
export function invoiceFigures(core: Core, month: IsoMonth): MonthSnapshot {
  return closing(core, month)?.snapshot ?? monthSnapshot(core, month);
}

export function closeMonth(core: Core, month: IsoMonth): MonthPreview {
  if (core.store.months.closing(month)) throw new ConflictError(`${month} is already closed.`);
  const snapshot = monthSnapshot(core, month);
  if (snapshot.preview.licenses.length === 0) throw new InputError(`There is no usage for ${month}, so there is nothing to close. ${monthsWithDataSentence(core)}`);
  const figures = snapshot.preview.licenses.map((l) => ({ license: l.license, billable: l.billable, amount: l.amount }));
  // SPEC §13: a backup before every month closing; a backup that cannot be made stops the closing.
  automaticBackup(core.store.db, `before-closing-${month}`, `${month} was not closed`);
  core.store.months.close(month, core.clock.now(), writeSnapshot(snapshot), figures);
  return preview(core, month);
}

export function reopenMonth(core: Core, month: IsoMonth): MonthPreview {
  if (!core.store.months.reopen(month)) throw new ConflictError(`${month} is not closed.`);
  return preview(core, month);
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    months: async (_: In<'months'>) => monthsInfo(core),
    preview: async ({ month }: In<'preview'>) => preview(core, month),
    closeMonth: async ({ month }: In<'closeMonth'>) => closeMonth(core, month),
    reopenMonth: async ({ month }: In<'reopenMonth'>) => reopenMonth(core, month),
  };
}
