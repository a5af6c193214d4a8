// Builders of InvoiceData for the invoice tests (not a test file): previews made
// with the real billing rule, daily detail and sources as the api gives them.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DayDetail, DayStatus } from '../../app/api-types';
import {
  applyRule,
  asCents,
  asIsoDate,
  asIsoMonth,
  asLicenseKey,
  buildPreview,
  datesOfMonth,
  type Cents,
  type DailyCount,
  type LicenseInfo,
  type LicenseKey,
  type LicenseMonth,
  type MonthPreview,
} from '../../app/billing';
import type { InvoiceData } from '../../app/invoice';
import type { ImportRecord } from '../../app/records';

export interface LicenseInput {
  key: string;
  name: string | null;
  /** Day of month → count; days not listed are gaps. */
  counts: Record<number, number>;
  info?: Partial<LicenseInfo>;
  importId?: number;
}

export function countsOf(month: string, counts: Record<number, number>): DailyCount[] {
  return Object.entries(counts).map(([d, count]) => ({ date: asIsoDate(`${month}-${d.padStart(2, '0')}`), count }));
}

/** Every day of the month of a license, with the status the api gives it. */
export function dailyOf(l: LicenseMonth, days: DailyCount[], importId: number): DayDetail[] {
  const month = l.gaps[0]?.slice(0, 7) ?? days[0]?.date.slice(0, 7) ?? '';
  const counts = new Map(days.map((d) => [d.date as string, d.count]));
  const dropped = new Set(l.dropped.map((d) => d.date as string));
  return datesOfMonth(asIsoMonth(month)).map((date) => {
    const count = counts.get(date);
    const status: DayStatus =
      count === undefined ? 'gap' : dropped.has(date) ? 'dropped' : l.billedDay?.date === date ? 'billed' : 'counted';
    return {
      date,
      count: count ?? null,
      status,
      importId: count === undefined ? null : importId,
      fileName: count === undefined ? null : `usage-${importId}.csv`,
    };
  });
}

export function importRecord(id: number, fileName: string, over: Partial<ImportRecord & { monthDays: number }> = {}): ImportRecord & { monthDays: number } {
  return {
    id,
    fileName,
    filePath: `/data/${fileName}`,
    size: 1234,
    sha256: id.toString(16).padStart(64, 'a'),
    format: 'csv',
    detail: null,
    kind: 'counts',
    status: 'imported',
    reason: null,
    importedAt: '2026-11-01T09:30:00.000Z',
    undoneAt: null,
    licenses: [],
    dateFrom: null,
    dateTo: null,
    rows: 31,
    daysAdded: 31,
    daysReplaced: 0,
    daysUnchanged: 0,
    warnings: [],
    replacements: [],
    monthDays: 31,
    ...over,
  };
}

/** InvoiceData for `month` from hand-written licenses, through applyRule and buildPreview. */
export function invoiceData(
  month: string,
  licenses: LicenseInput[],
  options: { rate?: number; droppedDays?: number; company?: { name: string; address: string } } = {},
): InvoiceData {
  const m = asIsoMonth(month);
  const rate: Cents = asCents(options.rate ?? 100);
  const droppedDays = options.droppedDays ?? 2;
  const months: LicenseMonth[] = [];
  const daily = new Map<LicenseKey, DayDetail[]>();
  for (const input of licenses) {
    const key = asLicenseKey(input.key);
    const days = countsOf(month, input.counts);
    const info: LicenseInfo | null = input.info
      ? { key, name: input.name, edition: null, version: null, maintenanceExpires: null, notes: null, ...input.info }
      : null;
    const l = applyRule({ license: key, name: input.name, month: m, days, droppedDays, rate, distinctMailboxes: null, info });
    months.push(l);
    daily.set(key, dailyOf(l, days, input.importId ?? 1));
  }
  const preview: MonthPreview = buildPreview(m, droppedDays, rate, months);
  const ids = [...new Set(licenses.map((l) => l.importId ?? 1))].sort((a, b) => a - b);
  return {
    preview,
    company: options.company ?? { name: 'Example Hosting Ltd', address: '1 Main Street\nSpringfield, IL 62701' },
    madeAt: '2026-11-02T14:05:00.000Z',
    daily,
    sources: ids.map((id) => importRecord(id, `usage-${id}.csv`)),
  };
}

/** A full month of counts, from a seed: every day has data. */
export function fullMonth(days: number, seed: number): Record<number, number> {
  const counts: Record<number, number> = {};
  for (let d = 1; d <= days; d++) counts[d] = 100 + ((seed * 7919 + d * 104729) % 1000);
  return counts;
}

export function tempFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'flexbill-invoice-'));
}
