import type Database from 'better-sqlite3';
import type { IsoDate, IsoMonth, LicenseInfo, LicenseKey, RateChange, Cents, DomainSplit } from '../billing/types';
import type { ParsedFile, ParsedLicense, LicenseMeta } from '../import/types';
import { openDatabase } from './db';
import { writeTransaction } from './write-lock';
import { DAYS, dateOf, decodeMonthRow, emptyMonthRow, encodeCounts, encodeImports, isEmptyRow, monthsBetween, type MonthRow } from './packed';

// Every SQL statement of the app lives in app/store. The rest of the app sees
// typed records only.

export type ImportStatus = 'imported' | 'rejected' | 'duplicate' | 'undone';

export interface Replacement {
  license: string;
  date: string;
  old: number;
  new: number;
}

export interface ImportRecord {
  id: number;
  fileName: string;
  filePath: string | null;
  size: number;
  sha256: string;
  format: string | null;
  detail: string | null;
  kind: string | null;
  status: ImportStatus;
  reason: string | null;
  importedAt: string;
  undoneAt: string | null;
  licenses: string[];
  dateFrom: string | null;
  dateTo: string | null;
  rows: number;
  daysAdded: number;
  daysReplaced: number;
  daysUnchanged: number;
  warnings: string[];
  /** The first replacements (old → new), at most REPLACEMENTS_KEPT of them. */
  replacements: Replacement[];
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

export type { DomainSplit };

export interface ExportRecord {
  id: number;
  month: IsoMonth;
  madeAt: string;
  path: string;
}

export interface VendorInvoiceRecord<T> {
  id: number;
  month: IsoMonth;
  fileName: string;
  sha256: string;
  importedAt: string;
  lines: T[];
}

export const REPLACEMENTS_KEPT = 50;

type Row = Record<string, unknown>;
const monthRange = (month: string): [string, string] => [`${month}-01`, `${month}-31`];
const now = (): string => new Date().toISOString();

/** Appends the reported days of a license-month to `out`, in date order. */
function expandRow(license: LicenseKey, month: string, row: MonthRow, out: DayRow[]): void {
  for (let i = 0; i < DAYS; i++) {
    const count = row.counts[i]!;
    if (count < 0) continue;
    out.push({ license, date: dateOf(month, i + 1) as IsoDate, count, importId: row.imports[i]!, hasMailboxes: (row.mailboxDays & (1 << i)) !== 0 });
  }
}

/** A mailbox's presence over a month: a bit per day, and its domain. */
interface Presence {
  days: number;
  domain: string;
}

/** The months a parsed file reports. */
function fileMonths(parsed: ParsedFile): Set<string> {
  const months = new Set<string>();
  for (const lic of parsed.licenses) {
    let last = '';
    for (const date of lic.days.keys()) {
      if (last !== '' && date.startsWith(last)) continue;
      last = date.slice(0, 7);
      months.add(last);
    }
  }
  return months;
}

/**
 * Rows written many to a statement (an import writes thousands): values are
 * collected and sent 100 rows at a time; `flush` sends the rest one by one.
 * The statements are prepared once, with the Store.
 */
class BatchedInsert {
  private static readonly ROWS = 100;
  private readonly values: (string | number | Buffer)[] = [];
  private readonly batch: Database.Statement;
  private readonly one: Database.Statement;

  constructor(db: Database.Database, private readonly insert: string, private readonly width: number, conflict = '') {
    const sql = (n: number) => `${insert} VALUES ${Array(n).fill(`(${Array(width).fill('?').join(', ')})`).join(', ')} ${conflict}`;
    this.batch = db.prepare(sql(BatchedInsert.ROWS));
    this.one = db.prepare(sql(1));
  }

  add(...row: (string | number | Buffer)[]): void {
    this.values.push(...row);
    if (this.values.length === BatchedInsert.ROWS * this.width) {
      this.batch.run(this.values);
      this.values.length = 0;
    }
  }

  flush(): void {
    for (let i = 0; i < this.values.length; i += this.width) this.one.run(this.values.slice(i, i + this.width));
    this.values.length = 0;
  }

  /** Forgets what was not sent: the transaction it belonged to is rolled back. */
  discard(): void {
    this.values.length = 0;
  }
}

function toImportRecord(r: Row): ImportRecord {
  return {
    id: r.id as number,
    fileName: r.file_name as string,
    filePath: (r.file_path as string | null) ?? null,
    size: r.size as number,
    sha256: r.sha256 as string,
    format: (r.format as string | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    kind: (r.kind as string | null) ?? null,
    status: r.status as ImportStatus,
    reason: (r.reason as string | null) ?? null,
    importedAt: r.imported_at as string,
    undoneAt: (r.undone_at as string | null) ?? null,
    licenses: JSON.parse(r.licenses as string) as string[],
    dateFrom: (r.date_from as string | null) ?? null,
    dateTo: (r.date_to as string | null) ?? null,
    rows: r.rows as number,
    daysAdded: r.days_added as number,
    daysReplaced: r.days_replaced as number,
    daysUnchanged: r.days_unchanged as number,
    warnings: JSON.parse(r.warnings as string) as string[],
    replacements: JSON.parse(r.replacements as string) as Replacement[],
  };
}

function toLicenseInfo(r: Row): LicenseInfo {
  return {
    key: r.key as LicenseKey,
    name: (r.name as string | null) ?? null,
    edition: (r.edition as string | null) ?? null,
    version: (r.version as string | null) ?? null,
    maintenanceExpires: (r.maintenance_expires as IsoDate | null) ?? null,
    notes: (r.notes as string | null) ?? null,
  };
}

const META_COLUMNS: Record<keyof LicenseMeta, string> = {
  name: 'name',
  edition: 'edition',
  version: 'version',
  maintenanceExpires: 'maintenance_expires',
};
export type EditableLicenseField = 'name' | 'edition' | 'version' | 'maintenanceExpires' | 'notes';
const EDITABLE_COLUMNS: Record<EditableLicenseField, string> = { ...META_COLUMNS, notes: 'notes' };

/** Counters gathered while one file is applied. */
interface ApplyTally {
  added: number;
  replaced: number;
  unchanged: number;
  replacements: Replacement[];
}

export class Store {
  readonly db: Database.Database;
  private readonly stmt: ReturnType<Store['prepare']>;

  private readonly newMonthRows: BatchedInsert;
  private readonly presenceRows: BatchedInsert;
  /** `UPDATE licenses SET <column> = ?` for each editable column. */
  private readonly setLicenseColumn: Record<EditableLicenseField, Database.Statement>;

  constructor(readonly file: string, options: { nativeBinding?: string } = {}) {
    this.db = openDatabase(file, options);
    this.stmt = this.prepare();
    this.newMonthRows = new BatchedInsert(this.db, 'INSERT INTO usage_months (month, license, counts, imports, mailbox_days)', 5);
    this.presenceRows = new BatchedInsert(this.db, 'INSERT INTO mailbox_months (month, license, address, domain, days)', 5,
      'ON CONFLICT (month, license, address) DO UPDATE SET days = excluded.days, domain = excluded.domain');
    this.setLicenseColumn = Object.fromEntries(Object.entries(EDITABLE_COLUMNS).map(([field, column]) =>
      [field, this.db.prepare(`UPDATE licenses SET ${column} = ? WHERE key = ?`)])) as Record<EditableLicenseField, Database.Statement>;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private prepare() {
    const db = this.db;
    return {
      insertImport: db.prepare(`INSERT INTO imports (file_name, file_path, size, sha256, format, detail, kind, status, reason, imported_at)
        VALUES (@fileName, @filePath, @size, @sha256, @format, @detail, @kind, @status, @reason, @importedAt)`),
      finishImport: db.prepare(`UPDATE imports SET licenses = @licenses, date_from = @dateFrom, date_to = @dateTo, rows = @rows,
        days_added = @added, days_replaced = @replaced, days_unchanged = @unchanged, warnings = @warnings, replacements = @replacements WHERE id = @id`),
      importById: db.prepare('SELECT * FROM imports WHERE id = ?'),
      importBySha: db.prepare(`SELECT * FROM imports WHERE sha256 = ? AND status = 'imported' ORDER BY id LIMIT 1`),
      allImports: db.prepare('SELECT * FROM imports ORDER BY id DESC'),
      markUndone: db.prepare(`UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?`),

      licenseByKey: db.prepare('SELECT * FROM licenses WHERE key = ?'),
      allLicenses: db.prepare('SELECT * FROM licenses ORDER BY key'),
      insertLicense: db.prepare('INSERT OR IGNORE INTO licenses (key, created_at) VALUES (?, ?)'),
      setUserFields: db.prepare('UPDATE licenses SET user_fields = ? WHERE key = ?'),

      monthRow: db.prepare('SELECT counts, imports, mailbox_days FROM usage_months WHERE month = ? AND license = ?'),
      upsertMonthRow: db.prepare(`INSERT INTO usage_months (month, license, counts, imports, mailbox_days) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (month, license) DO UPDATE SET counts = excluded.counts, imports = excluded.imports, mailbox_days = excluded.mailbox_days`),
      deleteMonthRow: db.prepare('DELETE FROM usage_months WHERE month = ? AND license = ?'),
      licensesOfMonth: db.prepare('SELECT license FROM usage_months WHERE month = ?'),
      rowsOfMonth: db.prepare('SELECT license, counts, imports, mailbox_days FROM usage_months WHERE month = ? ORDER BY license'),
      nextMonth: db.prepare('SELECT month FROM usage_months WHERE month > ? ORDER BY month LIMIT 1'),
      monthRangeByLicense: db.prepare('SELECT license, MIN(month) AS first, MAX(month) AS last FROM usage_months GROUP BY license'),
      importsByIds: db.prepare('SELECT * FROM imports WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id'),
      insertHistory: db.prepare('INSERT INTO daily_history (license, date, count, import_id, replaced_by, replaced_at, mailboxes) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      historyReplacedBy: db.prepare('SELECT * FROM daily_history WHERE replaced_by = ?'),
      historyOfImport: db.prepare('SELECT * FROM daily_history WHERE import_id = ?'),
      deleteHistory: db.prepare('DELETE FROM daily_history WHERE id = ?'),
      relinkHistory: db.prepare('UPDATE daily_history SET replaced_by = ? WHERE replaced_by = ? AND license = ? AND date = ?'),
      replacedSince: db.prepare(`SELECT license, date, count AS old, replaced_at FROM daily_history
        WHERE date >= ? AND date <= ? AND replaced_at > ? ORDER BY license, date, id`),

      presenceOf: db.prepare('SELECT address, domain, days FROM mailbox_months WHERE month = ? AND license = ?'),
      deletePresence: db.prepare('DELETE FROM mailbox_months WHERE month = ? AND license = ? AND address = ?'),
      distinctOfLicense: db.prepare('SELECT COUNT(*) AS n FROM mailbox_months WHERE month = ? AND license = ? AND days <> 0'),
      distinctOfMonth: db.prepare('SELECT license, COUNT(*) AS n FROM mailbox_months WHERE month = ? AND days <> 0 GROUP BY license'),
      domainsOfDay: db.prepare(`SELECT domain, SUM((days >> ?) & 1) AS billed, COUNT(*) AS distinct_n FROM mailbox_months
        WHERE month = ? AND license = ? AND days <> 0 GROUP BY domain ORDER BY domain`),

      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      allRates: db.prepare('SELECT from_month, cents FROM rates ORDER BY from_month'),
      setRate: db.prepare('INSERT INTO rates (from_month, cents) VALUES (?, ?) ON CONFLICT (from_month) DO UPDATE SET cents = excluded.cents'),
      deleteRate: db.prepare('DELETE FROM rates WHERE from_month = ?'),
      insertExport: db.prepare('INSERT INTO exports (month, made_at, path) VALUES (?, ?, ?)'),
      lastExport: db.prepare('SELECT * FROM exports WHERE month = ? ORDER BY made_at DESC, id DESC LIMIT 1'),
      insertVendorInvoice: db.prepare('INSERT INTO vendor_invoices (month, file_name, sha256, imported_at, lines) VALUES (?, ?, ?, ?, ?)'),
      latestVendorInvoice: db.prepare('SELECT * FROM vendor_invoices WHERE month = ? ORDER BY id DESC LIMIT 1'),
      closedMonth: db.prepare('SELECT * FROM closed_months WHERE month = ?'),
      closeMonth: db.prepare('INSERT INTO closed_months (month, closed_at, snapshot) VALUES (?, ?, ?)'),
      reopenMonth: db.prepare('DELETE FROM closed_months WHERE month = ?'),
      closedMonths: db.prepare('SELECT month, closed_at FROM closed_months ORDER BY month'),
    };
  }

  // ---- imports -------------------------------------------------------------

  findImportedBySha(sha256: string): ImportRecord | null {
    const r = this.stmt.importBySha.get(sha256) as Row | undefined;
    return r ? toImportRecord(r) : null;
  }

  getImport(id: number): ImportRecord | null {
    const r = this.stmt.importById.get(id) as Row | undefined;
    return r ? toImportRecord(r) : null;
  }

  listImports(): ImportRecord[] {
    return (this.stmt.allImports.all() as Row[]).map(toImportRecord);
  }

  /** Records a file that was not imported (rejected, or the same bytes again). */
  recordNotImported(rec: { fileName: string; filePath: string | null; size: number; sha256: string; format?: string | null; status: 'rejected' | 'duplicate'; reason: string }): ImportRecord {
    const info = this.stmt.insertImport.run({
      fileName: rec.fileName, filePath: rec.filePath, size: rec.size, sha256: rec.sha256,
      format: rec.format ?? null, detail: null, kind: null, status: rec.status, reason: rec.reason, importedAt: now(),
    });
    return this.getImport(Number(info.lastInsertRowid))!;
  }

  /**
   * Stores a parsed file in one transaction: all of it or, if anything fails
   * (or the process dies), none of it.
   */
  applyParsedFile(parsed: ParsedFile, filePath: string | null): ImportRecord {
    const run = (): number => {
      const importedAt = now();
      const info = this.stmt.insertImport.run({
        fileName: parsed.fileName, filePath, size: parsed.size, sha256: parsed.sha256,
        format: parsed.format, detail: parsed.detail, kind: parsed.kind, status: 'imported', reason: null, importedAt,
      });
      const importId = Number(info.lastInsertRowid);
      const tally: ApplyTally = { added: 0, replaced: 0, unchanged: 0, replacements: [] };
      // License-months already stored among the file's months ("month|license"):
      // one range read per month instead of a lookup per license-month.
      const stored = new Set<string>();
      for (const month of fileMonths(parsed)) {
        for (const r of this.stmt.licensesOfMonth.iterate(month) as Iterable<Row>) stored.add(`${month}|${r.license as string}`);
      }
      let dateFrom: string | null = null;
      let dateTo: string | null = null;
      for (const lic of parsed.licenses) {
        this.upsertLicenseMeta(lic.key, lic.meta);
        const range = this.applyLicense(lic, importId, importedAt, tally, stored);
        if (range && (dateFrom === null || range[0] < dateFrom)) dateFrom = range[0];
        if (range && (dateTo === null || range[1] > dateTo)) dateTo = range[1];
      }
      this.newMonthRows.flush();
      this.stmt.finishImport.run({
        id: importId,
        licenses: JSON.stringify(parsed.licenses.map((l) => l.key)),
        dateFrom, dateTo, rows: parsed.rows,
        added: tally.added, replaced: tally.replaced, unchanged: tally.unchanged,
        warnings: JSON.stringify(parsed.warnings),
        replacements: JSON.stringify(tally.replacements),
      });
      return importId;
    };
    try {
      return this.getImport(writeTransaction(this.db, `the import of ${parsed.fileName}`, run))!;
    } catch (e) {
      this.discardPending();
      throw e;
    }
  }

  private upsertLicenseMeta(key: string, meta: LicenseMeta): void {
    this.stmt.insertLicense.run(key, now());
    const row = this.stmt.licenseByKey.get(key) as Row;
    const locked = new Set(String(row.user_fields).split(',').filter(Boolean));
    for (const [field, column] of Object.entries(META_COLUMNS) as [keyof LicenseMeta, string][]) {
      const value = meta[field];
      if (value === undefined || value === null || value === '' || locked.has(field)) continue;
      if (row[column] === value) continue;
      this.setLicenseColumn[field].run(value, key);
    }
  }

  /** Applies one license of a file; returns the first and last date it reported. */
  private applyLicense(lic: ParsedLicense, importId: number, at: string, tally: ApplyTally, stored: Set<string>): [string, string] | null {
    // Group the file's days by month: mailbox presence is kept per month.
    // The file's counts by month, as day-indexed arrays (-1: the file has no value).
    const byMonth = new Map<string, Int32Array>();
    let month = '';
    let counts: Int32Array | undefined;
    // forEach, not for-of: no [date, count] pair is made for each of a year's days.
    lic.days.forEach((count, date) => {
      if (!counts || !date.startsWith(month)) {
        month = date.slice(0, 7);
        counts = byMonth.get(month);
        if (!counts) byMonth.set(month, (counts = new Int32Array(DAYS).fill(-1)));
      }
      // The readers check counts; the packed row could not tell a bad one from a gap.
      if (!Number.isSafeInteger(count) || count < 0 || count > 0x7fffffff) throw new Error(`Count ${count} of ${lic.key} on ${date} is not a whole number of mailboxes.`);
      counts[(date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 49] = count;
    });
    const mailboxMonths = new Map((lic.mailboxes ?? []).map((mm) => [mm.month, mm]));
    let first: string | null = null;
    let last: string | null = null;

    for (const [month, fileCounts] of byMonth) {
      let fileMask = 0;
      for (let i = 0; i < DAYS; i++) if (fileCounts[i]! >= 0) fileMask |= 1 << i;
      if (first === null || month < first) first = month;
      if (last === null || month > last) last = month;
      const isNew = !stored.has(`${month}|${lic.key}`);
      const row = (isNew ? null : this.readMonthRow(lic.key, month)) ?? emptyMonthRow();
      const fileMailboxes = mailboxMonths.get(month) ?? null;
      const needPresence = fileMailboxes !== null || (row.mailboxDays & fileMask) !== 0;

      // Presence before and after, by address.
      const oldPresence = new Map<string, Presence>();
      const filePresence = new Map<string, Presence>();
      if (needPresence) {
        for (const r of this.stmt.presenceOf.iterate(month, lic.key) as Iterable<Row>) oldPresence.set(r.address as string, { days: r.days as number, domain: r.domain as string });
        if (fileMailboxes) {
          for (let i = 0; i < fileMailboxes.addresses.length; i++) {
            const address = fileMailboxes.addresses[i]!;
            const had = filePresence.get(address);
            if (had) had.days |= fileMailboxes.days[i] ?? 0;
            else filePresence.set(address, { days: fileMailboxes.days[i] ?? 0, domain: fileMailboxes.domains[i] ?? '' });
          }
        }
      }
      // Days whose mailbox set differs between the database and the file.
      let setDiffers = 0;
      if (fileMailboxes && oldPresence.size > 0) {
        for (const [address, old] of oldPresence) setDiffers |= (old.days ^ (filePresence.get(address)?.days ?? 0)) & fileMask;
        for (const [address, p] of filePresence) if (!oldPresence.has(address)) setDiffers |= p.days & fileMask;
      }

      let replaceMask = 0;
      for (let i = 0; i < DAYS; i++) {
        const count = fileCounts[i]!;
        if (count < 0) continue;
        const bit = 1 << i;
        const oldCount = row.counts[i]!;
        if (oldCount < 0) {
          row.counts[i] = count;
          row.imports[i] = importId;
          tally.added++;
          replaceMask |= bit;
          continue;
        }
        const oldHasMailboxes = (row.mailboxDays & bit) !== 0;
        const same = fileMailboxes
          ? oldHasMailboxes && (setDiffers & bit) === 0 && oldCount === count
          : oldCount === count; // a count equal to a richer mailbox set leaves the set in place
        if (same) {
          tally.unchanged++;
          continue;
        }
        let blob: string | null = null;
        if (oldHasMailboxes) {
          const kept: [string, string][] = [];
          for (const [address, p] of oldPresence) if (p.days & bit) kept.push([address, p.domain]);
          blob = JSON.stringify(kept);
        }
        const date = dateOf(month, i + 1);
        this.stmt.insertHistory.run(lic.key, date, oldCount, row.imports[i], importId, at, blob);
        row.counts[i] = count;
        row.imports[i] = importId;
        tally.replaced++;
        if (tally.replacements.length < REPLACEMENTS_KEPT) tally.replacements.push({ license: lic.key, date, old: oldCount, new: count });
        replaceMask |= bit;
      }
      if (replaceMask === 0) continue;
      row.mailboxDays = fileMailboxes ? row.mailboxDays | replaceMask : row.mailboxDays & ~replaceMask;
      if (isNew) this.newMonthRows.add(month, lic.key, encodeCounts(row), encodeImports(row), row.mailboxDays);
      else this.writeMonthRow(lic.key, month, row);
      if (needPresence) this.writePresence(month, lic.key, oldPresence, filePresence, replaceMask);
    }
    if (first === null || last === null) return null;
    const firstDays = byMonth.get(first)!;
    const lastDays = byMonth.get(last)!;
    const firstDay = firstDays.findIndex((c) => c >= 0) + 1;
    let lastDay = DAYS;
    while (lastDay > 1 && lastDays[lastDay - 1]! < 0) lastDay--;
    return [dateOf(first, firstDay), dateOf(last, lastDay)];
  }

  /** Stores the month's presence: the replaced days' bits come from `incoming`. */
  private writePresence(month: string, license: string, old: Map<string, Presence>, incoming: Map<string, Presence>, replaceMask: number): void {
    const consider = (address: string, before: Presence | undefined, now: Presence | undefined) => {
      const b = before?.days ?? 0;
      const after = (b & ~replaceMask) | ((now?.days ?? 0) & replaceMask);
      if (after === b) return;
      if (after === 0) this.stmt.deletePresence.run(month, license, address);
      else this.presenceRows.add(month, license, address, now?.domain ?? before?.domain ?? '', after);
    };
    for (const [address, before] of old) consider(address, before, incoming.get(address));
    // New mailboxes in address order: the table's key order, so they append.
    const added = [...incoming.keys()].filter((a) => !old.has(a)).sort();
    for (const address of added) consider(address, undefined, incoming.get(address));
    this.presenceRows.flush();
  }

  /** After a rolled-back transaction: rows collected for it are not to be sent. */
  private discardPending(): void {
    this.newMonthRows.discard();
    this.presenceRows.discard();
  }

  private readMonthRow(license: string, month: string): MonthRow | null {
    const r = this.stmt.monthRow.get(month, license) as Row | undefined;
    return r ? decodeMonthRow(r.counts as Buffer, r.imports as Buffer, r.mailbox_days as number) : null;
  }

  private writeMonthRow(license: string, month: string, row: MonthRow): void {
    if (isEmptyRow(row)) this.stmt.deleteMonthRow.run(month, license);
    else this.stmt.upsertMonthRow.run(month, license, encodeCounts(row), encodeImports(row), row.mailboxDays);
  }

  /**
   * Undo of an import: removes what it added and restores what it replaced.
   * Values it replaced that a later import replaced again stay replaced, and the
   * later import now counts as their replacer, so undoing that one restores them.
   */
  undoImport(id: number): ImportRecord {
    const rec = this.getImport(id);
    if (!rec) throw new Error(`There is no import #${id}.`);
    if (rec.status !== 'imported') throw new Error(`Import #${id} (${rec.fileName}) was ${rec.status === 'undone' ? 'already undone' : rec.status}; there is nothing to undo.`);
    try {
      writeTransaction(this.db, `the undo of import #${id}`, () => {
        const restoredBy = new Map<string, Row>();
        for (const h of this.stmt.historyReplacedBy.all(id) as Row[]) restoredBy.set(`${h.license}|${h.date}`, h);
        // Presence changes, per license-month: days to clear, mailboxes to set per day.
        const presence = new Map<string, { license: string; month: string; clear: number; set: Map<string, Presence> }>();
        const presenceOf = (license: string, date: string) => {
          const key = `${license}|${date.slice(0, 7)}`;
          let p = presence.get(key);
          if (!p) presence.set(key, (p = { license, month: date.slice(0, 7), clear: 0, set: new Map() }));
          return p;
        };
        const months = rec.dateFrom && rec.dateTo ? monthsBetween(rec.dateFrom.slice(0, 7), rec.dateTo.slice(0, 7)) : [];
        for (const month of months) {
          for (const r of this.stmt.rowsOfMonth.all(month) as Row[]) {
            const row = decodeMonthRow(r.counts as Buffer, r.imports as Buffer, r.mailbox_days as number);
            if (!row.imports.includes(id)) continue;
            const license = r.license as string;
            for (let i = 0; i < DAYS; i++) {
              if (row.imports[i] !== id) continue;
              const date = dateOf(month, i + 1);
              const bit = 1 << i;
              const h = restoredBy.get(`${license}|${date}`);
              const p = presenceOf(license, date);
              if ((row.mailboxDays & bit) !== 0 || h?.mailboxes) p.clear |= bit;
              if (h) {
                row.counts[i] = h.count as number;
                row.imports[i] = h.import_id as number;
                row.mailboxDays = h.mailboxes ? row.mailboxDays | bit : row.mailboxDays & ~bit;
                if (h.mailboxes) {
                  for (const [address, domain] of JSON.parse(h.mailboxes as string) as [string, string][]) {
                    const had = p.set.get(address);
                    if (had) had.days |= bit;
                    else p.set.set(address, { days: bit, domain });
                  }
                }
                this.stmt.deleteHistory.run(h.id);
                restoredBy.delete(`${license}|${date}`);
              } else {
                row.counts[i] = -1;
                row.imports[i] = 0;
                row.mailboxDays &= ~bit;
              }
            }
            this.writeMonthRow(license, month, row);
          }
        }
        // This import's own values that a later import replaced: drop them from
        // history and hand what they had replaced to that later import.
        for (const h of this.stmt.historyOfImport.all(id) as Row[]) {
          this.stmt.relinkHistory.run(h.replaced_by, id, h.license, h.date);
          this.stmt.deleteHistory.run(h.id);
        }
        for (const p of presence.values()) {
          if (p.clear === 0) continue;
          const old = new Map<string, Presence>();
          for (const r of this.stmt.presenceOf.iterate(p.month, p.license) as Iterable<Row>) old.set(r.address as string, { days: r.days as number, domain: r.domain as string });
          this.writePresence(p.month, p.license, old, p.set, p.clear);
        }
        this.stmt.markUndone.run(now(), id);
      });
    } catch (e) {
      this.discardPending();
      throw e;
    }
    return this.getImport(id)!;
  }

  // ---- licenses ------------------------------------------------------------

  getLicense(key: string): LicenseInfo | null {
    const r = this.stmt.licenseByKey.get(key) as Row | undefined;
    return r ? toLicenseInfo(r) : null;
  }

  listLicenses(): LicenseInfo[] {
    return (this.stmt.allLicenses.all() as Row[]).map(toLicenseInfo);
  }

  /** A user's edit: stored, and protected from being overwritten by later imports. */
  updateLicense(key: string, fields: Partial<Record<EditableLicenseField, string | null>>): LicenseInfo {
    const row = this.stmt.licenseByKey.get(key) as Row | undefined;
    if (!row) throw new Error(`There is no license ${key}.`);
    const locked = new Set(String(row.user_fields).split(',').filter(Boolean));
    this.db.transaction(() => {
      for (const [field, value] of Object.entries(fields) as [EditableLicenseField, string | null | undefined][]) {
        const update = this.setLicenseColumn[field];
        if (!update || value === undefined) continue;
        update.run(value === '' ? null : value, key);
        locked.add(field);
      }
      this.stmt.setUserFields.run([...locked].join(','), key);
    })();
    return this.getLicense(key)!;
  }

  // ---- months --------------------------------------------------------------

  daysOfMonth(month: IsoMonth): DayRow[] {
    const out: DayRow[] = [];
    for (const r of this.stmt.rowsOfMonth.iterate(month) as Iterable<Row>) {
      expandRow(r.license as LicenseKey, month, decodeMonthRow(r.counts as Buffer, r.imports as Buffer, r.mailbox_days as number), out);
    }
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
    for (const r of this.stmt.monthRangeByLicense.all() as Row[]) {
      const license = r.license as LicenseKey;
      const first = this.readMonthRow(license, r.first as string);
      const last = this.readMonthRow(license, r.last as string);
      if (!first || !last) continue;
      const firstDay = first.counts.findIndex((c) => c >= 0) + 1;
      let lastDay = 0;
      last.counts.forEach((c, i) => {
        if (c >= 0) lastDay = i + 1;
      });
      out.set(license, [dateOf(r.first as string, firstDay) as IsoDate, dateOf(r.last as string, lastDay) as IsoDate]);
    }
    return out;
  }

  /** Distinct mailboxes per license over the month, for licenses with mailbox data. */
  distinctMailboxes(month: IsoMonth): Map<LicenseKey, number> {
    const out = new Map<LicenseKey, number>();
    for (const r of this.stmt.distinctOfMonth.all(month) as Row[]) out.set(r.license as LicenseKey, r.n as number);
    return out;
  }

  /** Distinct mailboxes of one license over the month; null without mailbox data. */
  distinctMailboxesOf(license: string, month: IsoMonth): number | null {
    const n = (this.stmt.distinctOfLicense.get(month, license) as Row).n as number;
    return n > 0 ? n : null;
  }

  /** Per domain: mailboxes on `date` and distinct mailboxes over its month. */
  domainSplit(license: string, date: IsoDate): DomainSplit[] {
    const shift = Number(date.slice(8, 10)) - 1;
    return (this.stmt.domainsOfDay.all(shift, date.slice(0, 7), license) as Row[]).map((r) => ({
      domain: r.domain as string, billed: r.billed as number, distinct: r.distinct_n as number,
    }));
  }

  /** Months that have at least one reported day, oldest first. */
  monthsWithData(): IsoMonth[] {
    const months: IsoMonth[] = [];
    let after = '';
    for (;;) {
      const r = this.stmt.nextMonth.get(after) as Row | undefined;
      if (!r) break;
      after = r.month as string;
      months.push(after as IsoMonth);
    }
    return months;
  }

  /** Values of the month replaced after `since` (an ISO timestamp). */
  replacedSince(month: IsoMonth, since: string): ReplacedDay[] {
    const [from, to] = monthRange(month);
    const rows = new Map<string, MonthRow | null>();
    const current = (license: string, date: string): number | null => {
      if (!rows.has(license)) rows.set(license, this.readMonthRow(license, month));
      const c = rows.get(license)?.counts[Number(date.slice(8, 10)) - 1] ?? -1;
      return c < 0 ? null : c;
    };
    return (this.stmt.replacedSince.all(from, to, since) as Row[]).map((r) => ({
      license: r.license as LicenseKey, date: r.date as IsoDate, old: r.old as number,
      current: current(r.license as string, r.date as string), replacedAt: r.replaced_at as string,
    }));
  }

  /** The imports with these ids, each with how many of the month's days it gave. */
  importsGiving(daysByImport: Map<number, number>): (ImportRecord & { monthDays: number })[] {
    return (this.stmt.importsByIds.all(JSON.stringify([...daysByImport.keys()])) as Row[]).map((r) => ({ ...toImportRecord(r), monthDays: daysByImport.get(r.id as number) ?? 0 }));
  }


  // ---- settings ------------------------------------------------------------

  getSetting(key: string): string | null {
    const r = this.stmt.getSetting.get(key) as Row | undefined;
    return r ? (r.value as string) : null;
  }

  setSetting(key: string, value: string): void {
    this.stmt.setSetting.run(key, value);
  }

  rates(): RateChange[] {
    return (this.stmt.allRates.all() as Row[]).map((r) => ({ from: r.from_month as IsoMonth, rate: r.cents as Cents }));
  }

  setRate(from: IsoMonth, rate: Cents): void {
    this.stmt.setRate.run(from, rate);
  }

  deleteRate(from: IsoMonth): void {
    this.stmt.deleteRate.run(from);
  }

  recordExport(month: IsoMonth, path: string): ExportRecord {
    const madeAt = now();
    const info = this.stmt.insertExport.run(month, madeAt, path);
    return { id: Number(info.lastInsertRowid), month, madeAt, path };
  }

  // ---- vendor invoices and closed months ---------------------------------------

  saveVendorInvoice<T>(month: IsoMonth, fileName: string, sha256: string, lines: T[]): VendorInvoiceRecord<T> {
    const importedAt = now();
    const info = this.stmt.insertVendorInvoice.run(month, fileName, sha256, importedAt, JSON.stringify(lines));
    return { id: Number(info.lastInsertRowid), month, fileName, sha256, importedAt, lines };
  }

  latestVendorInvoice<T>(month: IsoMonth): VendorInvoiceRecord<T> | null {
    const r = this.stmt.latestVendorInvoice.get(month) as Row | undefined;
    if (!r) return null;
    return { id: r.id as number, month, fileName: r.file_name as string, sha256: r.sha256 as string, importedAt: r.imported_at as string, lines: JSON.parse(r.lines as string) as T[] };
  }

  closedMonth<T>(month: IsoMonth): { closedAt: string; snapshot: T } | null {
    const r = this.stmt.closedMonth.get(month) as Row | undefined;
    return r ? { closedAt: r.closed_at as string, snapshot: JSON.parse(r.snapshot as string) as T } : null;
  }

  closeMonth(month: IsoMonth, snapshot: unknown): string {
    const closedAt = now();
    this.stmt.closeMonth.run(month, closedAt, JSON.stringify(snapshot));
    return closedAt;
  }

  reopenMonth(month: IsoMonth): boolean {
    return this.stmt.reopenMonth.run(month).changes > 0;
  }

  closedMonths(): { month: IsoMonth; closedAt: string }[] {
    return (this.stmt.closedMonths.all() as Row[]).map((r) => ({ month: r.month as IsoMonth, closedAt: r.closed_at as string }));
  }

  lastExport(month: IsoMonth): ExportRecord | null {
    const r = this.stmt.lastExport.get(month) as Row | undefined;
    return r ? { id: r.id as number, month: r.month as IsoMonth, madeAt: r.made_at as string, path: r.path as string } : null;
  }
}
