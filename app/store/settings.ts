// Settings (key → text) and the rate changes (SPEC §2.5).
import type Database from 'better-sqlite3';
import type { Cents, IsoMonth, RateChange } from '../billing/types';

/** A row of settings (migration 1). */
export interface SettingRow {
  key: string;
  value: string;
}

/** A row of rates (migration 1). */
export interface RateRow {
  from_month: string;
  cents: number;
}

export class SettingsStore {
  private readonly getStmt;
  private readonly setStmt;
  private readonly allRates;
  private readonly setRateStmt;
  private readonly deleteRateStmt;

  /** @internal Made by the Store; SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], Pick<SettingRow, 'value'>>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.allRates = db.prepare<[], RateRow>('SELECT from_month, cents FROM rates ORDER BY from_month');
    this.setRateStmt = db.prepare<[string, number]>('INSERT INTO rates (from_month, cents) VALUES (?, ?) ON CONFLICT (from_month) DO UPDATE SET cents = excluded.cents');
    this.deleteRateStmt = db.prepare<[string]>('DELETE FROM rates WHERE from_month = ?');
  }

  get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }

  rates(): RateChange[] {
    return this.allRates.all().map((r) => ({ from: r.from_month as IsoMonth, rate: r.cents as Cents }));
  }

  setRate(from: IsoMonth, rate: Cents): void {
    this.setRateStmt.run(from, rate);
  }

  deleteRate(from: IsoMonth): void {
    this.deleteRateStmt.run(from);
  }
}
