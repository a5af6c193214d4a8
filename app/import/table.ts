// What delimited text and spreadsheets share once their header row is found: the
// preamble above it, the checks on the header, and the file's license (SPEC §4.2).

import { checkLicenseKey } from '../billing/checks';
import { InputError } from '../errors';
import { UsageCollector, type MetaField } from './collector';
import { matchHeader, matchPreamble, type HeaderColumns } from './columns';
import { quote, type Place } from './place';
import type { ImportFormat, ReadOptions, UsageKind } from './types';

/** How many lines (or sheet rows) are searched for the header row. */
export const HEADER_SEARCH_LINES = 100;

export interface ReaderResult {
  format: ImportFormat;
  detail: string;
  collector: UsageCollector;
}

export interface FoundHeader {
  columns: HeaderColumns;
  kind: UsageKind;
}

/**
 * The header row's columns, or null when `cells` is no header. A header with both
 * a count and a mailbox column, or two columns of one usage meaning, is rejected.
 */
export function checkHeader(cells: readonly string[], place: Place, position: number): FoundHeader | null {
  const found = matchHeader(cells);
  if (found === null) return null;
  const { columns, duplicate } = found;
  const where = place.at(position, -1);
  if (columns.count >= 0 && columns.mailbox >= 0) {
    throw new InputError(
      `${where}: the header has a count column (${quote(columns.written.count ?? '')}) and a mailbox column ` +
        `(${quote(columns.written.mailbox ?? '')}); a file gives either daily counts or one row per mailbox, not both`,
    );
  }
  if (duplicate !== null) throw new InputError(`${where}: the header has two ${duplicate} columns; keep one`);
  return { columns, kind: columns.count >= 0 ? 'counts' : 'mailboxes' };
}

/** Reads one preamble line into the collector (`License Key: ...`, `Edition,Enterprise`). */
export function notePreamble(collector: UsageCollector, cells: readonly string[], position: number): void {
  const found = matchPreamble(cells);
  if (found === null) return;
  if (found.role === 'license') {
    if (collector.preambleLicense === null) collector.preambleLicense = collector.fileLicense = found.value;
    return;
  }
  collector.setPreambleMeta(found.role satisfies MetaField, found.value, position, -1);
}

/**
 * After the header: the license of rows that name none comes from the preamble, else
 * from the import option; a file with no license column needs one of them.
 */
export function settleLicense(collector: UsageCollector, columns: HeaderColumns, options: ReadOptions): void {
  if (collector.fileLicense === null && options.license !== undefined && options.license.trim() !== '') {
    const checked = checkLicenseKey(options.license);
    if ('problem' in checked) throw new InputError(`${collector.place.fileName}: ${checked.problem}`);
    collector.fileLicense = checked.key;
    collector.licenseGiven = true;
  }
  if (columns.license < 0 && collector.fileLicense === null) throw collector.noLicense();
}

export function noHeader(fileName: string, unit: string): InputError {
  return new InputError(
    `${fileName} is not a usage export: no header row with a date column and a count or mailbox column was found in the first ${HEADER_SEARCH_LINES} ${unit}`,
  );
}

export function noRows(place: Place, headerPosition: number): InputError {
  return new InputError(`${place.fileName} has a header row (${place.short(headerPosition)}) but no usage rows`);
}
