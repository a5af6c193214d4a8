// Usage days: the packed license-months (usage_months), the values later imports
// replaced (daily_history) and mailbox presence (mailbox_months). Reads for the
// month and license views; the writes that applying and undoing an import make.
import type Database from 'better-sqlite3';
import type { DomainSplit, IsoDate, IsoMonth, LicenseKey } from '../billing/types';
import type { Presence, PresenceChange } from './merge';
import type { MailboxMonth } from '../import/types';
import { BatchedInsert } from './batched';
import { DAYS, dateOf, decodeMonthRow, encodeCounts, encodeImports, isEmptyRow, monthsBetween, type MonthRow } from './packed';

/** A row of usage_months (migration 1). */
export interface UsageMonthRow {
  month: string;
  license: string;
  counts: Buffer;
  imports: Buffer;
  mailbox_days: number;
}

/** A row of daily_history (migration 1). */
export interface HistoryRow {
  id: number;
  license: string;
  date: string;
  count: number;
  import_id: number;
  replaced_by: number;
  replaced_at: string;
  /** JSON [[address, domain], ...] of the replaced day, when it had mailbox data. */
  mailboxes: string | null;
}

/** A row of mailbox_months (migration 1). */
export interface MailboxMonthRow {
  month: string;
  license: string;
  address: string;
  domain: string;
  days: number;
}

export interface DayRow {
  license: LicenseKey;
  date: IsoDate;
  count: number;
  importId: number;
  hasMailboxes: boolean;
}

export interface ReplacedDay {
  license: LicenseKey;
  date: IsoDate;
  old: number;
  current: number | null;
  replacedAt: string;
}

type Packed = Pick<UsageMonthRow, 'counts' | 'imports' | 'mailbox_days'>;
const decode = (r: Packed): MonthRow => decodeMonthRow(r.counts, r.imports, r.mailbox_days);

/** Appends the reported days of a license-month to `out`, in date order. */
function expandRow(license: LicenseKey, month: string, row: MonthRow, out: DayRow[]): void {
  for (let i = 0; i < DAYS; i++) {
    const count = row.counts[i]!;
    if (count < 0) continue;
    out.push({ license, date: dateOf(month, i + 1) as IsoDate, count, importId: row.imports[i]!, hasMailboxes: (row.mailboxDays & (1 << i)) !== 0 });
  }
}

export class UsageStore {
  private readonly monthRowStmt;
  private readonly upsertMonthRow;
  private readonly deleteMonthRow;
  private readonly licensesOfMonthStmt;
  private readonly rowsOfMonthStmt;
  private readonly nextMonth;
  private readonly monthRangeByLicense;
  private readonly insertHistoryStmt;
  private readonly historyReplacedByStmt;
  private readonly historyOfImportStmt;
  private readonly deleteHistoryStmt;
  private readonly relinkHistoryStmt;
  private readonly replacedSinceStmt;
  private readonly presenceOfStmt;
  private readonly deletePresence;
  private readonly distinctOfLicense;
  private readonly distinctOfMonth;
  private readonly domainsOfDay;
  /** New license-months, many to a statement: an import writes thousands. */
  private readonly newMonthRows: BatchedInsert;
  private readonly presenceRows: BatchedInsert;

  /** @internal Made by the Store; SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  constructor(db: Database.Database) {
    this.monthRowStmt = db.prepare<[string, string], Packed>('SELECT counts, imports, mailbox_days FROM usage_months WHERE month = ? AND license = ?');
    this.upsertMonthRow = db.prepare<[string, string, Buffer, Buffer, number]>(`INSERT INTO usage_months (month, license, counts, imports, mailbox_days) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (month, license) DO UPDATE SET counts = excluded.counts, imports = excluded.imports, mailbox_days = excluded.mailbox_days`);
    this.deleteMonthRow = db.prepare<[string, string]>('DELETE FROM usage_months WHERE month = ? AND license = ?');
    this.licensesOfMonthStmt = db.prepare<[string], Pick<UsageMonthRow, 'license'>>('SELECT license FROM usage_months WHERE month = ?');
    this.rowsOfMonthStmt = db.prepare<[string], Omit<UsageMonthRow, 'month'>>('SELECT license, counts, imports, mailbox_days FROM usage_months WHERE month = ? ORDER BY license');
    this.nextMonth = db.prepare<[string], Pick<UsageMonthRow, 'month'>>('SELECT month FROM usage_months WHERE month > ? ORDER BY month LIMIT 1');
    this.monthRangeByLicense = db.prepare<[], { license: string; first: string; last: string }>('SELECT license, MIN(month) AS first, MAX(month) AS last FROM usage_months GROUP BY license');
    this.insertHistoryStmt = db.prepare<[string, string, number, number, number, string, string | null]>(
      'INSERT INTO daily_history (license, date, count, import_id, replaced_by, replaced_at, mailboxes) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.historyReplacedByStmt = db.prepare<[number], HistoryRow>('SELECT * FROM daily_history WHERE replaced_by = ?');
    this.historyOfImportStmt = db.prepare<[number], HistoryRow>('SELECT * FROM daily_history WHERE import_id = ?');
    this.deleteHistoryStmt = db.prepare<[number]>('DELETE FROM daily_history WHERE id = ?');
    this.relinkHistoryStmt = db.prepare<[number, number, string, string]>('UPDATE daily_history SET replaced_by = ? WHERE replaced_by = ? AND license = ? AND date = ?');
    this.replacedSinceStmt = db.prepare<[string, string, string], { license: string; date: string; old: number; replaced_at: string }>(
      `SELECT license, date, count AS old, replaced_at FROM daily_history WHERE date >= ? AND date <= ? AND replaced_at > ? ORDER BY license, date, id`);
    this.presenceOfStmt = db.prepare<[string, string], Pick<MailboxMonthRow, 'address' | 'domain' | 'days'>>('SELECT address, domain, days FROM mailbox_months WHERE month = ? AND license = ?');
    this.deletePresence = db.prepare<[string, string, string]>('DELETE FROM mailbox_months WHERE month = ? AND license = ? AND address = ?');
    this.distinctOfLicense = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM mailbox_months WHERE month = ? AND license = ? AND days <> 0');
    this.distinctOfMonth = db.prepare<[string], { license: string; n: number }>('SELECT license, COUNT(*) AS n FROM mailbox_months WHERE month = ? AND days <> 0 GROUP BY license');
    this.domainsOfDay = db.prepare<[number, string, string], { domain: string; billed: number; distinct_n: number }>(
      `SELECT domain, SUM((days >> ?) & 1) AS billed, COUNT(*) AS distinct_n FROM mailbox_months
       WHERE month = ? AND license = ? AND days <> 0 GROUP BY domain ORDER BY domain`);
    this.newMonthRows = new BatchedInsert(db, 'INSERT INTO usage_months (month, license, counts, imports, mailbox_days)', 5);
    this.presenceRows = new BatchedInsert(db, 'INSERT INTO mailbox_months (month, license, address, domain, days)', 5,
      'ON CONFLICT (month, license, address) DO UPDATE SET days = excluded.days, domain = excluded.domain');
  }

  // ---- reads -----------------------------------------------------------------

  readMonthRow(license: string, month: string): MonthRow | null {
    const r = this.monthRowStmt.get(month, license);
    return r ? decode(r) : null;
  }

  /** The licenses with stored days in the month. */
  *licensesOfMonth(month: string): Iterable<string> {
    for (const r of this.licensesOfMonthStmt.iterate(month)) yield r.license;
  }

  /** The month's stored rows, by license. */
  rowsOfMonth(month: string): { license: string; row: MonthRow }[] {
    return this.rowsOfMonthStmt.all(month).map((r) => ({ license: r.license, row: decode(r) }));
  }

  daysOfMonth(month: IsoMonth): DayRow[] {
    const out: DayRow[] = [];
    for (const r of this.rowsOfMonthStmt.iterate(month)) expandRow(r.license as LicenseKey, month, decode(r), out);
    return out;
  }

  daysOfLicense(license: string, from: IsoDate, to: IsoDate): DayRow[] {
    const out: DayRow[] = [];
    for (const month of monthsBetween(from.slice(0, 7), to.slice(0, 7))) {
      const row = this.readMonthRow(license, month);
      if (row) expandRow(license as LicenseKey, month, row, out);
    }
    return out.filter((d) => d.date >= from && d.date <= to);
  }

  /** First and last reported day of each license. */
  dateRangesByLicense(): Map<LicenseKey, [IsoDate, IsoDate]> {
    const out = new Map<LicenseKey, [IsoDate, IsoDate]>();
    for (const r of this.monthRangeByLicense.all()) {
      const license = r.license as LicenseKey;
      const first = this.readMonthRow(license, r.first);
      const last = this.readMonthRow(license, r.last);
      if (!first || !last) continue;
      const firstDay = first.counts.findIndex((c) => c >= 0) + 1;
      let lastDay = 0;
      last.counts.forEach((c, i) => {
        if (c >= 0) lastDay = i + 1;
      });
      out.set(license, [dateOf(r.first, firstDay) as IsoDate, dateOf(r.last, lastDay) as IsoDate]);
    }
    return out;
  }

  /** Distinct mailboxes per license over the month, for licenses with mailbox data. */
  distinctMailboxes(month: IsoMonth): Map<LicenseKey, number> {
    const out = new Map<LicenseKey, number>();
    for (const r of this.distinctOfMonth.all(month)) out.set(r.license as LicenseKey, r.n);
    return out;
  }

  /** Distinct mailboxes of one license over the month; null without mailbox data. */
  distinctMailboxesOf(license: string, month: IsoMonth): number | null {
    const n = this.distinctOfLicense.get(month, license)?.n ?? 0;
    return n > 0 ? n : null;
  }

  /** Per domain: mailboxes on `date` and distinct mailboxes over its month. */
  domainSplit(license: string, date: IsoDate): DomainSplit[] {
    const shift = Number(date.slice(8, 10)) - 1;
    return this.domainsOfDay.all(shift, date.slice(0, 7), license).map((r) => ({ domain: r.domain, billed: r.billed, distinct: r.distinct_n }));
  }

  /** Months that have at least one reported day, oldest first. */
  monthsWithData(): IsoMonth[] {
    // One index step per month, not a scan of every license-month.
    const months: IsoMonth[] = [];
    let after = '';
    for (let r = this.nextMonth.get(after); r; r = this.nextMonth.get(after)) {
      after = r.month;
      months.push(after as IsoMonth);
    }
    return months;
  }

  /** Values of the month replaced after `since` (an ISO timestamp). */
  replacedSince(month: IsoMonth, since: string): ReplacedDay[] {
    const rows = new Map<string, MonthRow | null>();
    const current = (license: string, date: string): number | null => {
      if (!rows.has(license)) rows.set(license, this.readMonthRow(license, month));
      const c = rows.get(license)?.counts[Number(date.slice(8, 10)) - 1] ?? -1;
      return c < 0 ? null : c;
    };
    return this.replacedSinceStmt.all(`${month}-01`, `${month}-31`, since).map((r) => ({
      license: r.license as LicenseKey, date: r.date as IsoDate, old: r.old, current: current(r.license, r.date), replacedAt: r.replaced_at,
    }));
  }

  /** The stored presence of a license-month, by address. */
  presenceOf(month: string, license: string): Map<string, Presence> {
    const out = new Map<string, Presence>();
    for (const r of this.presenceOfStmt.iterate(month, license)) out.set(r.address, { days: r.days, domain: r.domain });
    return out;
  }

  // ---- writes (inside the transaction of an import or an undo) ---------------

  /** A license-month the store did not have: batched with the import's others. */
  addMonthRow(license: string, month: string, row: MonthRow): void {
    this.newMonthRows.add(month, license, encodeCounts(row), encodeImports(row), row.mailboxDays);
  }

  writeMonthRow(license: string, month: string, row: MonthRow): void {
    if (isEmptyRow(row)) this.deleteMonthRow.run(month, license);
    else this.upsertMonthRow.run(month, license, encodeCounts(row), encodeImports(row), row.mailboxDays);
  }

  writePresence(month: string, license: string, changes: PresenceChange[]): void {
    for (const c of changes) {
      if (c.days === 0) this.deletePresence.run(month, license, c.address);
      else this.presenceRows.add(month, license, c.address, c.domain, c.days);
    }
    this.presenceRows.flush();
  }

  /**
   * A license-month without stored mailboxes: the file's mailboxes, with their days in
   * `mask`, in address order (the table's key order, so they append); an address
   * listed twice joins its days. Batched with the import's other rows (see flush).
   */
  addNewPresence(month: string, license: string, mm: MailboxMonth, mask: number): void {
    const { addresses, domains, days } = mm;
    const order = Array.from(addresses.keys()).sort((a, b) => {
      const x = addresses[a] as string;
      const y = addresses[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      const address = addresses[i] as string;
      let d = days[i] ?? 0;
      while (k + 1 < order.length && addresses[order[k + 1] as number] === address) d |= days[order[++k] as number] ?? 0;
      d &= mask;
      if (d !== 0) this.presenceRows.add(month, license, address, domains[i] ?? '', d);
    }
  }

  /** Sends the batched rows not yet sent. */
  flush(): void {
    this.presenceRows.flush();
    this.newMonthRows.flush();
  }

  /** After a rolled-back transaction: rows collected for it are not to be sent. */
  discardPending(): void {
    this.newMonthRows.discard();
    this.presenceRows.discard();
  }

  insertHistory(license: string, date: string, count: number, importId: number, replacedBy: number, replacedAt: string, mailboxes: string | null): void {
    this.insertHistoryStmt.run(license, date, count, importId, replacedBy, replacedAt, mailboxes);
  }

  /** The values an import replaced. */
  historyReplacedBy(importId: number): HistoryRow[] {
    return this.historyReplacedByStmt.all(importId);
  }

  /** An import's own values that later imports replaced. */
  historyOfImport(importId: number): HistoryRow[] {
    return this.historyOfImportStmt.all(importId);
  }

  deleteHistory(id: number): void {
    this.deleteHistoryStmt.run(id);
  }

  /** Hands the values `from` replaced on a day to `to`. */
  relinkHistory(to: number, from: number, license: string, date: string): void {
    this.relinkHistoryStmt.run(to, from, license, date);
  }
}
