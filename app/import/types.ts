import type { IsoDate, LicenseKey } from '../billing/types';

export type { DateOrder, DateReadings } from '../billing/types';
import type { DateOrder } from '../billing/types';

export type ImportFormat = 'csv' | 'xlsx' | 'ods' | 'json-rows' | 'json-snapshots';
export type UsageKind = 'counts' | 'mailboxes';

/** What a file tells about a license besides usage (preamble, columns, `about`). */
export interface LicenseMeta {
  name?: string;
  edition?: string;
  version?: string;
  maintenanceExpires?: IsoDate;
}

/**
 * Mailbox-level usage of one license for the days a file reports.
 * `addresses[i]` (lower-cased, trimmed) was present on the days whose bits are
 * set in `days[i]`: bit d-1 stands for day d of the month `dayBitsMonth(date)`.
 * Kept per calendar month so one integer holds a mailbox's whole month.
 */
export interface MailboxMonth {
  /** `YYYY-MM` */
  month: string;
  addresses: string[];
  domains: string[];
  /** Parallel to `addresses`: bit (day-1) set when present that day. */
  days: number[];
}

export interface ParsedLicense {
  key: LicenseKey;
  meta: LicenseMeta;
  /** Daily count of every day the file reports for this license (a DayCounts when read from a file). */
  days: ReadonlyMap<IsoDate, number>;
  /** Present when the file has mailbox rows (or snapshots): one entry per month touched. */
  mailboxes: MailboxMonth[] | null;
}

/** A file read and checked from end to end; nothing of it is stored yet. */
export interface ParsedFile {
  fileName: string;
  size: number;
  sha256: string;
  format: ImportFormat;
  /** For delimited text: the delimiter and encoding found; for xlsx: the sheet read. */
  detail: string;
  kind: UsageKind;
  /** Usage rows read (data lines, JSON rows, or addresses in snapshots). */
  rows: number;
  licenses: ParsedLicense[];
  /** Things the clerk should know that did not stop the import (exact repeats, ...). */
  warnings: string[];
  /** The license given with the import that rows of the file went to (the file named none for them), if any. */
  licenseGiven: LicenseKey | null;
  /**
   * Removes what reading the file set aside on disk (a large file's mailboxes), once
   * the file is stored or given up; `mailboxes` cannot be read after it.
   */
  release?: () => void;
}

export interface ReadOptions {
  /** The license for files that name none (SPEC §4.2: the import option). */
  license?: string;
  /** The order of slash dates the file cannot prove itself (SPEC §4.4: asked, or `--dates`). */
  dates?: DateOrder;
  /** Today's local date; a file's date after tomorrow is rejected. Defaults to the computer's. */
  today?: IsoDate;
  signal?: AbortSignal;
  /** The name errors and the record use, when it differs from the path's base name (uploads). */
  displayName?: string;
  /** Called now and then with bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Mailboxes held in memory before they are set aside in a temp file (tests make it small). */
  spillAt?: number;
  /** Told of each temp file a reader opens, with how to remove it (readUsageFile's, for a file given up). */
  onTempFile?: (remove: () => void) => void;
}
