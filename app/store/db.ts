import type Database from 'better-sqlite3';
import { connect } from './connect';
import fs from 'node:fs';
import path from 'node:path';
import { migrateWithBackup } from './backup';
import { checkBeforeOpening } from './checks';
import { LOCK_WAIT_MS } from './write-lock';

/** Opens (creating if needed) the database file in WAL mode and brings its schema up to date. */
export function openDatabase(file: string, options: { nativeBinding?: string } = {}): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  // Data safety (SPEC §13): a newer version's file or a damaged one is refused
  // after a read-only look, before anything below writes to it.
  if (file !== ':memory:') checkBeforeOpening(file, options);
  // nativeBinding: the desktop app loads a better-sqlite3 built for Electron's ABI
  // from its own place, so node_modules keeps the Node build the tests and the
  // command line use.
  const db = connect(file, options);
  // Another program's import may hold the write lock for a while: wait for it (./write-lock).
  db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode (only an OS crash
  // can lose the last transactions, never corrupt the file).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // 8 MB of page cache (the system caches the file as well): 32 MB made the preview of
  // a 600-license month of mailboxes 20 MB larger in memory, and no faster.
  db.pragma('cache_size = -8000');
  try {
    migrateWithBackup(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
