// Licenses: the list, a user's edits, and one license's month with its history (SPEC §3, §6).
import { z } from 'zod';
import { addMonths, applyRule } from '../billing';
import { waitingChanges } from '../billing/closing';
import type { IsoDate, IsoMonth, LicenseInfo, LicenseMonth } from '../billing/types';
import type { LicenseDetail, LicenseSummary } from '../api-types';
import type { Core } from '../core';
import { InputError } from '../errors';
import type { LicenseEdit } from '../store';
import { closing, dayDetails, domainsOfBilledDay, importFileNames } from './months';
import { isoMonth, licenseKey, none } from './schemas';
import { droppedDays, rateOf } from './settings';

const optionalText = z.string().max(500).nullable().optional();

export const schemas = {
  licenses: none,
  licenseDetail: z.object({ license: licenseKey, month: isoMonth }).strict(),
  updateLicense: z.object({
    license: licenseKey,
    fields: z.object({
      name: optionalText,
      edition: optionalText,
      version: z.string().regex(/^(\d+(\.\d+)*)?$/, 'The version is numbers with dots between them, such as 100.0.6919.').nullable().optional(),
      maintenanceExpires: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'The M&S expiry is a date written as YYYY-MM-DD, such as 2027-03-31.').nullable().optional(),
      notes: z.string().max(5000).nullable().optional(),
    }).strict(),
  }).strict(),
};

export function licenses(core: Core): LicenseSummary[] {
  const ranges = core.store.usage.dateRangesByLicense();
  return core.store.licenses.list().map((l) => ({ ...l, firstDate: ranges.get(l.key)?.[0] ?? null, lastDate: ranges.get(l.key)?.[1] ?? null }));
}

function licenseMonth(core: Core, info: LicenseInfo, month: IsoMonth, days: { date: IsoDate; count: number }[]): LicenseMonth {
  return applyRule({
    license: info.key, name: info.name, month, days: days.map((d) => ({ date: d.date, count: d.count })),
    droppedDays: droppedDays(core), rate: rateOf(core, month),
    distinctMailboxes: core.store.usage.distinctMailboxesOf(info.key, month), info,
  });
}

export function licenseDetail(core: Core, key: string, month: IsoMonth): LicenseDetail {
  const info = core.store.licenses.get(key);
  if (!info) throw new InputError(`There is no license ${key}.`);
  // The last 12 months count back from the license's latest month with data (or the
  // month picked, when later), so months after the one picked do not vanish.
  const lastDate = core.store.usage.dateRangesByLicense().get(info.key)?.[1];
  const latest = lastDate && lastDate.slice(0, 7) > month ? (lastDate.slice(0, 7) as IsoMonth) : month;
  const histFrom = addMonths(latest, -11);
  const histDays = core.store.usage.daysOfLicense(key, `${histFrom}-01` as IsoDate, `${latest}-31` as IsoDate);
  const monthDays = month >= histFrom ? histDays.filter((d) => d.date.startsWith(month)) : core.store.usage.daysOfLicense(key, `${month}-01` as IsoDate, `${month}-31` as IsoDate);
  // A closed month shows the figures of its closing, here as on the Month screen:
  // this license's kept figures, without reading each month's whole snapshot.
  const closedMonths = new Set(core.store.months.closedMonths().map((c) => c.month));
  const kept = new Map(core.store.months.closedFiguresOf(key, histFrom, latest).map((f) => [f.month, f]));
  const history: LicenseDetail['history'] = [];
  for (let i = 0; i < 12; i++) {
    const m = addMonths(histFrom, i);
    if (closedMonths.has(m)) {
      const f = kept.get(m);
      history.push({ month: m, billable: f ? f.billable : null, amount: f ? f.amount : null });
      continue;
    }
    const md = histDays.filter((d) => d.date.startsWith(m));
    const u = md.length === 0 ? null : licenseMonth(core, info, m, md);
    history.push({ month: m, billable: u ? u.billable : null, amount: u ? u.amount : null });
  }
  const closed = closedMonths.has(month) ? closing(core, month) : null;
  if (closed) {
    const usage = closed.snapshot.preview.licenses.find((l) => l.license === key) ?? null;
    const days = closed.snapshot.daily.find(([k]) => k === key)?.[1] ?? dayDetails(month, null, [], new Map());
    // What reopening the month would change for this license, as the Month screen lists it.
    const live = monthDays.length === 0 ? null : licenseMonth(core, info, month, monthDays);
    const kept = closed.snapshot.preview;
    const [waiting = null] = waitingChanges({ ...kept, licenses: usage ? [usage] : [] }, { ...kept, licenses: live ? [live] : [] });
    return { info, month, droppedDays: kept.droppedDays, usage, days, history, domains: usage?.domains ?? [], closed: true, waiting };
  }
  const days = monthDays;
  const usage = days.length === 0 ? null : licenseMonth(core, info, month, days);
  const domains = usage ? (domainsOfBilledDay(core, usage, days) ?? []) : [];
  return { info, month, droppedDays: droppedDays(core), usage, days: dayDetails(month, usage, days, importFileNames(core)), history, domains, closed: false, waiting: null };
}

export function updateLicense(core: Core, key: string, fields: LicenseEdit): LicenseInfo {
  return core.store.licenses.update(key, fields);
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    licenses: async (_: In<'licenses'>) => licenses(core),
    licenseDetail: async ({ license, month }: In<'licenseDetail'>) => licenseDetail(core, license, month),
    updateLicense: async ({ license, fields }: In<'updateLicense'>) => updateLicense(core, license, fields),
  };
}
