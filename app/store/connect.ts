// Every connection the store opens goes through here, with the options of the
// database it belongs to: the desktop app loads a better-sqlite3 built for
// Electron's ABI from its own place (nativeBinding), and a backup or a restore
// made from there must open its files with that same build.
import Database from 'better-sqlite3';

export interface OpenOptions {
  nativeBinding?: string;
}

const optionsOfConnection = new WeakMap<Database.Database, OpenOptions>();

export function connect(file: string, options: OpenOptions = {}, flags: Database.Options = {}): Database.Database {
  const db = new Database(file, { ...flags, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  optionsOfConnection.set(db, options);
  return db;
}

/** The options `db` was opened with, for the other files a backup of it opens. */
export function optionsOf(db: Database.Database): OpenOptions {
  return optionsOfConnection.get(db) ?? {};
}
