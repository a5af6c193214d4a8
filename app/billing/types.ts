// The billing domain's vocabulary. Branded strings keep a license key from being
// passed where a date is expected; they cost nothing at run time.

/** A license key exactly as written in the exports (trimmed). */
export type LicenseKey = string & { readonly __brand: 'LicenseKey' };
/** A calendar date `YYYY-MM-DD`; no time, no time zone. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };
/** A calendar month `YYYY-MM`. */
export type IsoMonth = string & { readonly __brand: 'IsoMonth' };
/** Money in integer cents. */
export type Cents = number & { readonly __brand: 'Cents' };

export const asLicenseKey = (s: string): LicenseKey => s as LicenseKey;
export const asIsoDate = (s: string): IsoDate => s as IsoDate;
export const asIsoMonth = (s: string): IsoMonth => s as IsoMonth;
export const asCents = (n: number): Cents => n as Cents;

/** One reported day of a license: the daily count of SPEC §2.1. */
export interface DailyCount {
  date: IsoDate;
  count: number;
}

/** What the exports or the user tell about a license (SPEC §3). */
export interface LicenseInfo {
  key: LicenseKey;
  name: string | null;
  /** As written: "Enterprise", "Professional", ... null when unknown. */
  edition: string | null;
  /** Dotted version, e.g. "100.0.6919"; null when unknown. */
  version: string | null;
  /** Maintenance & support expiry; null when unknown. */
  maintenanceExpires: IsoDate | null;
  notes: string | null;
}

export type FlagCode =
  | 'short-month'
  | 'gaps'
  | 'not-enterprise'
  | 'version-too-old'
  | 'maintenance-expired'
  | 'replaced-after-export'
  | 'outlier';

export interface Flag {
  code: FlagCode;
  /** A sentence a billing clerk understands, e.g. "Version 12.2.1000 is older than 12.3.5308". */
  message: string;
}

/** The rule applied to one license and month (SPEC §2, §6). */
export interface LicenseMonth {
  license: LicenseKey;
  name: string | null;
  daysReported: number;
  daysInMonth: number;
  /** Days of the month with no data, in date order. */
  gaps: IsoDate[];
  /** Highest daily count; null when no day is reported. */
  peak: number | null;
  /** The dropped days, highest first (ties: earlier date first). */
  dropped: DailyCount[];
  billedDay: DailyCount | null;
  billable: number;
  rate: Cents;
  amount: Cents;
  /** Distinct mailboxes over the month where mailbox-level data exists, else null. */
  distinctMailboxes: number | null;
  flags: Flag[];
  /**
   * The billed day's mailboxes split by domain, where that day has mailbox-level
   * data (the parts add up to `billable`); null otherwise.
   */
  domains?: DomainSplit[] | null;
}

/** One domain's share of a license's month (SPEC §11, Domains). */
export interface DomainSplit {
  domain: string;
  /** Mailboxes of this domain on the billed day. */
  billed: number;
  /** Distinct mailboxes of this domain over the month. */
  distinct: number;
}

/** Set on a preview when the month is closed: the figures are those of the closing. */
export interface ClosedInfo {
  closedAt: string;
  /** What the live data would change, per license; empty when nothing waits. */
  waiting: WaitingChange[];
}

export interface WaitingChange {
  license: LicenseKey;
  name: string | null;
  /** Billable count at closing, null when the license was not in the month then. */
  before: number | null;
  /** Billable count from the data now, null when the license has no data now. */
  after: number | null;
  beforeAmount: Cents | null;
  afterAmount: Cents | null;
}

export interface MonthPreview {
  month: IsoMonth;
  daysInMonth: number;
  droppedDays: number;
  rate: Cents;
  currency: 'USD';
  licenses: LicenseMonth[];
  totals: { licenses: number; billable: number; amount: Cents };
  /** Present when the month is closed. */
  closed?: ClosedInfo | null;
}

/** A rate that applies from `from` (inclusive) until the next one. */
export interface RateChange {
  from: IsoMonth;
  rate: Cents;
}

/** The order of a file's slash dates: day/month/year or month/day/year. */
export type DateOrder = 'dmy' | 'mdy';

/** The dates each order gives a file that does not prove its own, for the question "which order?". */
export interface DateReadings {
  example: string;
  dmy: { from: IsoDate; to: IsoDate };
  mdy: { from: IsoDate; to: IsoDate };
}
