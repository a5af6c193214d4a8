// What happens to a month after its figures: exports made, the vendor's invoices
// kept with it, and its closing (the figures kept as they were).
import type Database from 'better-sqlite3';
import type { Cents, IsoMonth } from '../billing/types';

/** A row of exports (migration 1). */
export interface ExportRow {
  id: number;
  month: string;
  made_at: string;
  path: string;
}

/** A row of vendor_invoices (migration 2). */
export interface VendorInvoiceRow {
  id: number;
  month: string;
  file_name: string;
  sha256: string;
  imported_at: string;
  /** JSON of the invoice's lines. */
  lines: string;
}

/** A row of closed_months (migration 2). */
export interface ClosedMonthRow {
  month: string;
  closed_at: string;
  /** JSON of what the month's invoice showed (see app/domains/closing.ts). */
  snapshot: string;
  /** The shape of `snapshot` (migration 3). */
  snapshot_version: number;
}

/** A row of closed_license_months (migration 3): one license's kept figures. */
export interface ClosedLicenseMonthRow {
  month: string;
  license: string;
  billable: number;
  amount: number;
}

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

export interface ClosingRecord {
  month: IsoMonth;
  closedAt: string;
  /** The kept figures as stored; app/domains/closing.ts reads them. */
  snapshot: string;
  snapshotVersion: number;
}

/** One license's figures in a closed month. */
export interface ClosedLicenseFigures {
  month: IsoMonth;
  billable: number;
  amount: Cents;
}

export class MonthStore {
  private readonly insertExport;
  private readonly lastExportStmt;
  private readonly insertVendorInvoice;
  private readonly latestVendorInvoiceStmt;
  private readonly closedMonthStmt;
  private readonly closeMonthStmt;
  private readonly reopenMonthStmt;
  private readonly closedMonthsStmt;
  private readonly insertLicenseFigures;
  private readonly licenseFigures;

  /** @internal Made by the Store; SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  constructor(private readonly db: Database.Database) {
    this.insertExport = db.prepare<[string, string, string]>('INSERT INTO exports (month, made_at, path) VALUES (?, ?, ?)');
    this.lastExportStmt = db.prepare<[string], ExportRow>('SELECT * FROM exports WHERE month = ? ORDER BY made_at DESC, id DESC LIMIT 1');
    this.insertVendorInvoice = db.prepare<[string, string, string, string, string]>('INSERT INTO vendor_invoices (month, file_name, sha256, imported_at, lines) VALUES (?, ?, ?, ?, ?)');
    this.latestVendorInvoiceStmt = db.prepare<[string], VendorInvoiceRow>('SELECT * FROM vendor_invoices WHERE month = ? ORDER BY id DESC LIMIT 1');
    this.closedMonthStmt = db.prepare<[string], ClosedMonthRow>('SELECT * FROM closed_months WHERE month = ?');
    this.closeMonthStmt = db.prepare<[string, string, string, number]>('INSERT INTO closed_months (month, closed_at, snapshot, snapshot_version) VALUES (?, ?, ?, ?)');
    this.insertLicenseFigures = db.prepare<[ClosedLicenseMonthRow]>('INSERT INTO closed_license_months (month, license, billable, amount) VALUES (@month, @license, @billable, @amount)');
    this.licenseFigures = db.prepare<[string, string, string], ClosedLicenseMonthRow>(
      'SELECT * FROM closed_license_months WHERE license = ? AND month >= ? AND month <= ? ORDER BY month');
    this.reopenMonthStmt = db.prepare<[string]>('DELETE FROM closed_months WHERE month = ?');
    this.closedMonthsStmt = db.prepare<[], Pick<ClosedMonthRow, 'month' | 'closed_at'>>('SELECT month, closed_at FROM closed_months ORDER BY month');
  }

  recordExport(month: IsoMonth, path: string, madeAt: string): ExportRecord {
    const info = this.insertExport.run(month, madeAt, path);
    return { id: Number(info.lastInsertRowid), month, madeAt, path };
  }

  lastExport(month: IsoMonth): ExportRecord | null {
    const r = this.lastExportStmt.get(month);
    return r ? { id: r.id, month: r.month as IsoMonth, madeAt: r.made_at, path: r.path } : null;
  }

  saveVendorInvoice<T>(month: IsoMonth, fileName: string, sha256: string, lines: T[], importedAt: string): VendorInvoiceRecord<T> {
    const info = this.insertVendorInvoice.run(month, fileName, sha256, importedAt, JSON.stringify(lines));
    return { id: Number(info.lastInsertRowid), month, fileName, sha256, importedAt, lines };
  }

  /** The month's latest vendor invoice; `readLines` checks the kept JSON. */
  latestVendorInvoice<T>(month: IsoMonth, readLines: (json: unknown) => T[]): VendorInvoiceRecord<T> | null {
    const r = this.latestVendorInvoiceStmt.get(month);
    if (!r) return null;
    return { id: r.id, month, fileName: r.file_name, sha256: r.sha256, importedAt: r.imported_at, lines: readLines(JSON.parse(r.lines)) };
  }

  closing(month: IsoMonth): ClosingRecord | null {
    const r = this.closedMonthStmt.get(month);
    return r ? { month, closedAt: r.closed_at, snapshot: r.snapshot, snapshotVersion: r.snapshot_version } : null;
  }

  /** Closes the month: its kept figures, and each license's, in one transaction. */
  close(month: IsoMonth, closedAt: string, snapshot: { json: string; version: number }, licenses: { license: string; billable: number; amount: Cents }[]): void {
    this.db.transaction(() => {
      this.closeMonthStmt.run(month, closedAt, snapshot.json, snapshot.version);
      for (const l of licenses) this.insertLicenseFigures.run({ month, ...l });
    })();
  }

  /** One license's kept figures in the closed months from `from` to `to`. */
  closedFiguresOf(license: string, from: IsoMonth, to: IsoMonth): ClosedLicenseFigures[] {
    return this.licenseFigures.all(license, from, to).map((r) => ({ month: r.month as IsoMonth, billable: r.billable, amount: r.amount as Cents }));
  }

  reopen(month: IsoMonth): boolean {
    return this.reopenMonthStmt.run(month).changes > 0;
  }

  closedMonths(): { month: IsoMonth; closedAt: string }[] {
    return this.closedMonthsStmt.all().map((r) => ({ month: r.month as IsoMonth, closedAt: r.closed_at }));
  }
}
