// What a closed month keeps: the figures its invoice showed, stored as JSON with
// a schema version (closed_months.snapshot_version) so that a later change to
// the preview cannot break months closed before it. One reader per version; a
// new shape adds a version and a reader that turns the old one into it.
import type { LicenseKey, MonthPreview } from '../billing/types';
import type { DayDetail } from '../api-types';
import type { ImportRecord } from '../records';

/** What is kept of a month when it is closed: what its invoice shows. */
export interface MonthSnapshot {
  preview: MonthPreview;
  daily: [LicenseKey, DayDetail[]][];
  sources: (ImportRecord & { monthDays: number })[];
}

/** The version written today. */
export const SNAPSHOT_VERSION = 1;

/** Version 1 (the shape of migration 2): the snapshot itself, as JSON. */
function readV1(raw: unknown): MonthSnapshot {
  if (typeof raw !== 'object' || raw === null || !('preview' in raw) || !('daily' in raw) || !('sources' in raw)) {
    throw new Error('The figures kept for this closed month are damaged (version 1 without preview, days or sources).');
  }
  // Written by writeSnapshot from a MonthSnapshot, never edited since.
  return raw as MonthSnapshot;
}

const READERS: Record<number, (raw: unknown) => MonthSnapshot> = { 1: readV1 };

export function readSnapshot(json: string, version: number): MonthSnapshot {
  const read = READERS[version];
  if (!read) throw new Error(`This month was closed by a newer version of Flex Billing (figures of version ${version}; this version reads up to ${SNAPSHOT_VERSION}). Update the app.`);
  return read(JSON.parse(json));
}

export function writeSnapshot(s: MonthSnapshot): { json: string; version: number } {
  return { json: JSON.stringify(s), version: SNAPSHOT_VERSION };
}
