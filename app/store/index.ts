// The store: SQLite, cut by domain. Each file holds one domain's statements,
// prepared once, with row types that match the migrations; the rest of the app
// sees typed records only. Every SQL statement of the app lives in app/store.
import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock';
import { openDatabase } from './db';
import { ImportStore } from './imports';
import { LicenseStore } from './licenses';
import { MonthStore } from './months';
import { SettingsStore } from './settings';
import { UsageStore } from './usage';

export type { ImportRecord, ImportStatus, Replacement } from '../records';
export { REPLACEMENTS_KEPT } from './imports';
export type { DayRow, ReplacedDay } from './usage';
export type { EditableLicenseField, LicenseEdit } from './licenses';
export type { ExportRecord, VendorInvoiceRecord, ClosingRecord } from './months';

export interface StoreOptions {
  nativeBinding?: string;
  clock?: Clock;
}

export class Store {
  /** @internal SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  readonly db: Database.Database;
  readonly clock: Clock;
  readonly usage: UsageStore;
  readonly licenses: LicenseStore;
  readonly imports: ImportStore;
  readonly settings: SettingsStore;
  readonly months: MonthStore;

  constructor(readonly file: string, options: StoreOptions = {}) {
    this.db = openDatabase(file, options);
    this.clock = options.clock ?? systemClock;
    this.usage = new UsageStore(this.db);
    this.licenses = new LicenseStore(this.db);
    this.imports = new ImportStore(this.db, this.usage, this.licenses, this.clock);
    this.settings = new SettingsStore(this.db);
    this.months = new MonthStore(this.db);
  }

  /**
   * A number that changes when the data changes: SQLite's data_version moves when
   * another connection (the command line, a second window) commits, and
   * total_changes() counts this connection's own writes (the desktop's daily
   * collection runs in the core itself). Both only grow, so their sum moves with
   * either. Screens poll it to refresh.
   */
  private totalChanges: Database.Statement<[], { n: number }> | null = null;

  dataVersion(): number {
    const others = this.db.pragma('data_version', { simple: true }) as number;
    const own = (this.totalChanges ??= this.db.prepare<[], { n: number }>('SELECT total_changes() AS n')).get()!.n;
    return others + own;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
