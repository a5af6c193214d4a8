// Imports and their undo: the record of every file offered, and the one
// transaction that applies a parsed file to the usage days (or takes it back).
import type Database from 'better-sqlite3';
import { writeTransaction } from './write-lock';
import { DayCounts } from '../import/day-counts';
import type { ParsedFile } from '../import/types';
import type { Clock } from '../clock';
import { ConflictError, InputError } from '../errors';
import type { ImportRecord, ImportStatus, Replacement } from '../records';
import type { LicenseStore } from './licenses';
import { countsByMonth, maskOf, mergeMonth, needsPresence, presenceChanges, presenceOfFile, type Presence } from './merge';
import { DAYS, dateOf, emptyMonthRow, monthsBetween } from './packed';
import type { UsageStore } from './usage';

/** A row of imports (migration 1). */
export interface ImportRow {
  id: number;
  file_name: string;
  file_path: string | null;
  size: number;
  sha256: string;
  format: string | null;
  detail: string | null;
  kind: string | null;
  status: ImportStatus;
  reason: string | null;
  imported_at: string;
  undone_at: string | null;
  /** JSON string[] */
  licenses: string;
  date_from: string | null;
  date_to: string | null;
  rows: number;
  days_added: number;
  days_replaced: number;
  days_unchanged: number;
  /** JSON string[] */
  warnings: string;
  /** JSON Replacement[] */
  replacements: string;
}

export const REPLACEMENTS_KEPT = 50;

const NO_PRESENCE: ReadonlyMap<string, Presence> = new Map();


// The JSON columns are written by this file only, always from these types.
const strings = (json: string): string[] => JSON.parse(json) as string[];

function toImportRecord(r: ImportRow): ImportRecord {
  return {
    id: r.id, fileName: r.file_name, filePath: r.file_path, size: r.size, sha256: r.sha256,
    format: r.format, detail: r.detail, kind: r.kind, status: r.status, reason: r.reason,
    importedAt: r.imported_at, undoneAt: r.undone_at, licenses: strings(r.licenses),
    dateFrom: r.date_from, dateTo: r.date_to, rows: r.rows,
    daysAdded: r.days_added, daysReplaced: r.days_replaced, daysUnchanged: r.days_unchanged,
    warnings: strings(r.warnings), replacements: JSON.parse(r.replacements) as Replacement[],
  };
}

type NewImport = Pick<ImportRow, 'file_name' | 'file_path' | 'size' | 'sha256' | 'format' | 'detail' | 'kind' | 'status' | 'reason' | 'imported_at'>;
type FinishedImport = Pick<ImportRow, 'id' | 'licenses' | 'date_from' | 'date_to' | 'rows' | 'days_added' | 'days_replaced' | 'days_unchanged' | 'warnings' | 'replacements'>;

/** Counters gathered while one file is applied. */
interface ApplyTally {
  added: number;
  replaced: number;
  unchanged: number;
  replacements: Replacement[];
}

/** The months a parsed file reports. */
function fileMonths(parsed: ParsedFile): Set<string> {
  const months = new Set<string>();
  for (const lic of parsed.licenses) {
    if (lic.days instanceof DayCounts) {
      for (const month of lic.days.byMonth.keys()) months.add(month);
      continue;
    }
    let last = '';
    for (const date of lic.days.keys()) {
      if (last !== '' && date.startsWith(last)) continue;
      last = date.slice(0, 7);
      months.add(last);
    }
  }
  return months;
}

export class ImportStore {
  private readonly insert;
  private readonly finish;
  private readonly byId;
  private readonly bySha;
  private readonly all;
  private readonly byIds;
  private readonly markUndone;

  /** @internal Made by the Store; SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  constructor(private readonly db: Database.Database, private readonly usage: UsageStore, private readonly licenses: LicenseStore, private readonly clock: Clock) {
    this.insert = db.prepare<[NewImport]>(`INSERT INTO imports (file_name, file_path, size, sha256, format, detail, kind, status, reason, imported_at)
      VALUES (@file_name, @file_path, @size, @sha256, @format, @detail, @kind, @status, @reason, @imported_at)`);
    this.finish = db.prepare<[FinishedImport]>(`UPDATE imports SET licenses = @licenses, date_from = @date_from, date_to = @date_to, rows = @rows,
      days_added = @days_added, days_replaced = @days_replaced, days_unchanged = @days_unchanged, warnings = @warnings, replacements = @replacements WHERE id = @id`);
    this.byId = db.prepare<[number], ImportRow>('SELECT * FROM imports WHERE id = ?');
    this.bySha = db.prepare<[string], ImportRow>(`SELECT * FROM imports WHERE sha256 = ? AND status = 'imported' ORDER BY id LIMIT 1`);
    this.all = db.prepare<[], ImportRow>('SELECT * FROM imports ORDER BY id DESC');
    this.byIds = db.prepare<[string], ImportRow>('SELECT * FROM imports WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id');
    this.markUndone = db.prepare<[string, number]>(`UPDATE imports SET status = 'undone', undone_at = ? WHERE id = ?`);
  }

  findImportedBySha(sha256: string): ImportRecord | null {
    const r = this.bySha.get(sha256);
    return r ? toImportRecord(r) : null;
  }

  get(id: number): ImportRecord | null {
    const r = this.byId.get(id);
    return r ? toImportRecord(r) : null;
  }

  list(): ImportRecord[] {
    return this.all.all().map(toImportRecord);
  }

  /** The imports with these ids, each with how many of the month's days it gave. */
  giving(daysByImport: Map<number, number>): (ImportRecord & { monthDays: number })[] {
    return this.byIds.all(JSON.stringify([...daysByImport.keys()])).map((r) => ({ ...toImportRecord(r), monthDays: daysByImport.get(r.id) ?? 0 }));
  }

  /** Records a file that was not imported (rejected, or the same bytes again). */
  recordNotImported(rec: { fileName: string; filePath: string | null; size: number; sha256: string; format?: string | null; status: 'rejected' | 'duplicate'; reason: string }): ImportRecord {
    const info = this.insert.run({
      file_name: rec.fileName, file_path: rec.filePath, size: rec.size, sha256: rec.sha256,
      format: rec.format ?? null, detail: null, kind: null, status: rec.status, reason: rec.reason, imported_at: this.clock.now(),
    });
    return this.get(Number(info.lastInsertRowid))!;
  }

  /**
   * Stores a parsed file in one transaction: all of it or, if anything fails
   * (or the process dies), none of it.
   */
  apply(parsed: ParsedFile, filePath: string | null): ImportRecord {
    // Another program's import may hold the write lock: wait our turn (./write-lock).
    const run = (): number => {
      const importedAt = this.clock.now();
      const info = this.insert.run({
        file_name: parsed.fileName, file_path: filePath, size: parsed.size, sha256: parsed.sha256,
        format: parsed.format, detail: parsed.detail, kind: parsed.kind, status: 'imported', reason: null, imported_at: importedAt,
      });
      const importId = Number(info.lastInsertRowid);
      const tally: ApplyTally = { added: 0, replaced: 0, unchanged: 0, replacements: [] };
      // License-months already stored among the file's months ("month|license"):
      // one range read per month instead of a lookup per license-month.
      const stored = new Set<string>();
      for (const month of fileMonths(parsed)) for (const license of this.usage.licensesOfMonth(month)) stored.add(`${month}|${license}`);
      let dateFrom: string | null = null;
      let dateTo: string | null = null;
      for (const lic of parsed.licenses) {
        this.licenses.upsertMeta(lic.key, lic.meta, importedAt);
        const range = this.applyLicense(lic, importId, importedAt, tally, stored);
        if (range && (dateFrom === null || range[0] < dateFrom)) dateFrom = range[0];
        if (range && (dateTo === null || range[1] > dateTo)) dateTo = range[1];
      }
      this.usage.flush();
      this.finish.run({
        id: importId, licenses: JSON.stringify(parsed.licenses.map((l) => l.key)), date_from: dateFrom, date_to: dateTo, rows: parsed.rows,
        days_added: tally.added, days_replaced: tally.replaced, days_unchanged: tally.unchanged,
        warnings: JSON.stringify(parsed.warnings), replacements: JSON.stringify(tally.replacements),
      });
      return importId;
    };
    // The pages the file dirties go to the WAL as the page cache (8 MB, ./db.ts) fills: still one transaction.
    try {
      return this.get(writeTransaction(this.db, `the import of ${parsed.fileName}`, run))!;
    } catch (e) {
      this.usage.discardPending();
      throw e;
    }
  }

  /** Applies one license of a file; returns the first and last date it reported. */
  private applyLicense(lic: ParsedFile['licenses'][number], importId: number, at: string, tally: ApplyTally, stored: Set<string>): [string, string] | null {
    const byMonth = countsByMonth(lic);
    const mailboxMonths = new Map((lic.mailboxes ?? []).map((mm) => [mm.month, mm]));
    let first: string | null = null;
    let last: string | null = null;
    for (const [month, fileCounts] of byMonth) {
      if (first === null || month < first) first = month;
      if (last === null || month > last) last = month;
      const isNew = !stored.has(`${month}|${lic.key}`);
      const row = (isNew ? null : this.usage.readMonthRow(lic.key, month)) ?? emptyMonthRow();
      const fileMailboxes = mailboxMonths.get(month) ?? null;
      const needPresence = needsPresence(row, maskOf(fileCounts), fileMailboxes);
      const oldPresence = needPresence ? this.usage.presenceOf(month, lic.key) : NO_PRESENCE;
      // Nothing stored to weigh them against: the file's mailboxes go in as they are.
      const direct = fileMailboxes !== null && oldPresence.size === 0;
      const filePresence = fileMailboxes ? (direct ? NO_PRESENCE : presenceOfFile(fileMailboxes)) : null;
      const merge = mergeMonth(row, fileCounts, importId, oldPresence, filePresence);
      tally.added += merge.added;
      tally.unchanged += merge.unchanged;
      for (const r of merge.replaced) {
        const date = dateOf(month, r.day);
        this.usage.insertHistory(lic.key, date, r.old, r.oldImport, importId, at, r.mailboxes ? JSON.stringify(r.mailboxes) : null);
        tally.replaced++;
        if (tally.replacements.length < REPLACEMENTS_KEPT) tally.replacements.push({ license: lic.key, date, old: r.old, new: r.new });
      }
      if (merge.replaceMask === 0) continue;
      if (isNew) this.usage.addMonthRow(lic.key, month, row);
      else this.usage.writeMonthRow(lic.key, month, row);
      if (direct) this.usage.addNewPresence(month, lic.key, fileMailboxes, merge.replaceMask);
      else if (needPresence) this.usage.writePresence(month, lic.key, presenceChanges(oldPresence, filePresence ?? new Map(), merge.replaceMask));
    }
    if (first === null || last === null) return null;
    const firstDays = byMonth.get(first)!;
    const lastDays = byMonth.get(last)!;
    const firstDay = firstDays.findIndex((c) => c >= 0) + 1;
    let lastDay = DAYS;
    while (lastDay > 1 && lastDays[lastDay - 1]! < 0) lastDay--;
    return [dateOf(first, firstDay), dateOf(last, lastDay)];
  }

  /**
   * Undo of an import: removes what it added and restores what it replaced.
   * Values it replaced that a later import replaced again stay replaced, and the
   * later import now counts as their replacer, so undoing that one restores them.
   */
  undo(id: number): ImportRecord {
    const rec = this.get(id);
    if (!rec) throw new InputError(`There is no import #${id}.`);
    if (rec.status !== 'imported') throw new ConflictError(`Import #${id} (${rec.fileName}) was ${rec.status === 'undone' ? 'already undone' : rec.status}; there is nothing to undo.`);
    const usage = this.usage;
    try {
      writeTransaction(this.db, `the undo of import #${id}`, () => {
        const restoredBy = new Map(usage.historyReplacedBy(id).map((h) => [`${h.license}|${h.date}`, h]));
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
          for (const { license, row } of usage.rowsOfMonth(month)) {
            if (!row.imports.includes(id)) continue;
            for (let i = 0; i < DAYS; i++) {
              if (row.imports[i] !== id) continue;
              const date = dateOf(month, i + 1);
              const bit = 1 << i;
              const h = restoredBy.get(`${license}|${date}`);
              const p = presenceOf(license, date);
              if ((row.mailboxDays & bit) !== 0 || h?.mailboxes) p.clear |= bit;
              if (h) {
                row.counts[i] = h.count;
                row.imports[i] = h.import_id;
                row.mailboxDays = h.mailboxes ? row.mailboxDays | bit : row.mailboxDays & ~bit;
                if (h.mailboxes) {
                  for (const [address, domain] of JSON.parse(h.mailboxes) as [string, string][]) {
                    const had = p.set.get(address);
                    if (had) had.days |= bit;
                    else p.set.set(address, { days: bit, domain });
                  }
                }
                usage.deleteHistory(h.id);
                restoredBy.delete(`${license}|${date}`);
              } else {
                row.counts[i] = -1;
                row.imports[i] = 0;
                row.mailboxDays &= ~bit;
              }
            }
            usage.writeMonthRow(license, month, row);
          }
        }
        // This import's own values that a later import replaced: drop them from
        // history and hand what they had replaced to that later import.
        for (const h of usage.historyOfImport(id)) {
          usage.relinkHistory(h.replaced_by, id, h.license, h.date);
          usage.deleteHistory(h.id);
        }
        for (const p of presence.values()) {
          if (p.clear === 0) continue;
          usage.writePresence(p.month, p.license, presenceChanges(usage.presenceOf(p.month, p.license), p.set, p.clear));
        }
        this.markUndone.run(this.clock.now(), id);
      });
    } catch (e) {
      usage.discardPending();
      throw e;
    }
    return this.get(id)!;
  }
}
