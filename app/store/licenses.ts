// Licenses: what the exports and the user tell about each one (SPEC §3).
import type Database from 'better-sqlite3';
import type { IsoDate, LicenseInfo, LicenseKey } from '../billing/types';
import type { LicenseMeta } from '../import/types';
import { InputError } from '../errors';

/** A row of licenses (migration 1). */
export interface LicenseRow {
  key: string;
  name: string | null;
  edition: string | null;
  version: string | null;
  maintenance_expires: string | null;
  notes: string | null;
  /** Fields the user edited by hand, comma-separated; imports no longer overwrite them. */
  user_fields: string;
  created_at: string;
}

export type EditableLicenseField = 'name' | 'edition' | 'version' | 'maintenanceExpires' | 'notes';
export type LicenseEdit = Partial<Record<EditableLicenseField, string | null>>;

const META_COLUMNS = {
  name: 'name',
  edition: 'edition',
  version: 'version',
  maintenanceExpires: 'maintenance_expires',
} as const satisfies Record<keyof LicenseMeta, keyof LicenseRow>;
const EDITABLE_FIELDS: readonly EditableLicenseField[] = ['name', 'edition', 'version', 'maintenanceExpires', 'notes'];

function toLicenseInfo(r: LicenseRow): LicenseInfo {
  return {
    key: r.key as LicenseKey,
    name: r.name,
    edition: r.edition,
    version: r.version,
    maintenanceExpires: r.maintenance_expires as IsoDate | null,
    notes: r.notes,
  };
}

const lockedFields = (r: LicenseRow): Set<string> => new Set(r.user_fields.split(',').filter(Boolean));

export class LicenseStore {
  private readonly byKey;
  private readonly all;
  private readonly insert;
  private readonly setUserFields;
  /** `UPDATE licenses SET <column> = ?` for each editable column. */
  private readonly setColumn;

  /** @internal Made by the Store; SQLite's handle stays in the core: stripped from the declarations the renderer sees. */
  constructor(private readonly db: Database.Database) {
    this.byKey = db.prepare<[string], LicenseRow>('SELECT * FROM licenses WHERE key = ?');
    this.all = db.prepare<[], LicenseRow>('SELECT * FROM licenses ORDER BY key');
    this.insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO licenses (key, created_at) VALUES (?, ?)');
    this.setUserFields = db.prepare<[string, string]>('UPDATE licenses SET user_fields = ? WHERE key = ?');
    const set = (column: keyof LicenseRow) => db.prepare<[string | null, string]>(`UPDATE licenses SET ${column} = ? WHERE key = ?`);
    this.setColumn = { name: set('name'), edition: set('edition'), version: set('version'), maintenanceExpires: set('maintenance_expires'), notes: set('notes') };
  }

  get(key: string): LicenseInfo | null {
    const r = this.byKey.get(key);
    return r ? toLicenseInfo(r) : null;
  }

  list(): LicenseInfo[] {
    return this.all.all().map(toLicenseInfo);
  }

  /** A license named by an import: created if new; what the file tells fills the fields the user did not edit. */
  upsertMeta(key: string, meta: LicenseMeta, at: string): void {
    this.insert.run(key, at);
    const row = this.byKey.get(key);
    if (!row) return;
    const locked = lockedFields(row);
    for (const field of Object.keys(META_COLUMNS) as (keyof LicenseMeta)[]) {
      const value = meta[field];
      if (value === undefined || value === null || value === '' || locked.has(field)) continue;
      if (row[META_COLUMNS[field]] === value) continue;
      this.setColumn[field].run(value, key);
    }
  }

  /** A user's edit: stored, and protected from being overwritten by later imports. */
  update(key: string, fields: LicenseEdit): LicenseInfo {
    const row = this.byKey.get(key);
    if (!row) throw new InputError(`There is no license ${key}.`);
    const locked = lockedFields(row);
    this.db.transaction(() => {
      for (const field of EDITABLE_FIELDS) {
        const value = fields[field];
        if (value === undefined) continue;
        this.setColumn[field].run(value === '' ? null : value, key);
        locked.add(field);
      }
      this.setUserFields.run([...locked].join(','), key);
    })();
    return this.get(key)!;
  }
}
