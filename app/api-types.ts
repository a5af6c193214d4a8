// The api's data shapes, shared by every face (command line, Electron IPC, the
// browser host, the renderer). Types only: safe to import from the renderer.
import type { Cents, Flag, IsoDate, IsoMonth, LicenseInfo, LicenseKey, LicenseMonth, MonthPreview } from './billing/types';
import type { DateOrder, DateReadings, DomainSplit, WaitingChange } from './billing/types';
import type { ImportRecord } from './records';
import type { Reconciliation, ReconcileLine, ReconcileStatus } from './billing/reconcile';
import type { Quote, QuoteInput } from './billing/quote';
export type { Reconciliation, ReconcileLine, ReconcileStatus, Quote, QuoteInput };

export type { DateOrder, DateReadings };
export type { Cents, Flag, IsoDate, IsoMonth, LicenseInfo, LicenseKey, LicenseMonth, MonthPreview, DomainSplit, ImportRecord };

export type ImportOutcomeStatus = 'imported' | 'rejected' | 'duplicate' | 'cancelled';

export interface ImportOutcome {
  /** The file's name as the user knows it. */
  file: string;
  status: ImportOutcomeStatus;
  /** One sentence for the person: what happened, or why not. */
  message: string;
  record: ImportRecord | null;
  /** Rejected because its slash dates read both ways: both readings, for the app to ask which. */
  dateOrder?: DateReadings;
  /** The license given with the import was new: it was created by this import. */
  newLicense?: string;
  /**
   * A duplicate whose file names no license: the earlier import went to the license
   * given then. The app offers to import it again as another one (`replacing`).
   */
  reimport?: { earlierId: number; earlierLicenses: string[] };
}

/** What the clerk chose for a batch of files: a license for files that name none, the date order, the import a file replaces. */
export interface ImportChoice {
  license?: string;
  dates?: DateOrder;
  /** Import the file again as `license`, undoing this earlier import of the same bytes. */
  replacing?: number;
}

export interface ImportProgress {
  fileIndex: number;
  fileCount: number;
  file: string;
  bytesRead: number;
  totalBytes: number;
}

export interface MonthsInfo {
  months: IsoMonth[];
  latest: IsoMonth | null;
  /** Months that are closed (their figures are kept as at closing). */
  closed: IsoMonth[];
}

export type ReconciliationResult = Reconciliation & { vendorFile: string; vendorImportedAt: string };

export type DayStatus = 'billed' | 'dropped' | 'gap' | 'counted';

export interface DayDetail {
  date: IsoDate;
  count: number | null;
  status: DayStatus;
  importId: number | null;
  fileName: string | null;
}

export interface LicenseDetail {
  info: LicenseInfo;
  month: IsoMonth;
  droppedDays: number;
  usage: LicenseMonth | null;
  days: DayDetail[];
  /** The last 12 months up to `month`, oldest first; billable null where no data. */
  history: { month: IsoMonth; billable: number | null; amount: Cents | null }[];
  /** Billed day's split by domain, where mailbox-level data exists. */
  domains: DomainSplit[];
  /** The month is closed: these are the figures of its closing. */
  closed: boolean;
  /** A closed month: what reopening it would change for this license (null when nothing). */
  waiting: WaitingChange | null;
}

export interface LicenseSummary extends LicenseInfo {
  firstDate: IsoDate | null;
  lastDate: IsoDate | null;
}

export interface CompanyBilled {
  name: string;
  address: string;
}

export interface Settings {
  droppedDays: number;
  rates: { from: IsoMonth; rate: string }[];
  /** The rate of the current month, as "1.00". */
  currentRate: string;
  company: CompanyBilled;
  dbPath: string;
}

export interface ExportResult {
  month: IsoMonth;
  path: string;
  licenses: number;
  total: string;
}
