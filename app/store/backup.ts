// Backups and restore (SPEC §13). A backup is read through SQLite, never copied
// as a file: a live database in WAL mode is the main file and its -wal together,
// and a file copy taken while another program writes is torn. Every file this
// writes goes to a temporary name in the target's folder first and is renamed
// into place, so a full disk or a crash never leaves half a backup, nor half a
// database, where a whole one was.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseError, InputError } from '../errors';
import {
  AUTOMATIC_BACKUPS_KEPT, SIDE_FILES, automaticBackupPath, pruneAutomaticBackups, removeQuietly, syncFile, tempBeside,
} from './backup-files';
import { checkDatabaseFile, errorCode, isDamage } from './checks';
import { connect, optionsOf, type OpenOptions } from './connect';
import { LATEST_VERSION, migrate } from './migrations';

export { AUTOMATIC_BACKUPS_KEPT, backupsFolder, listAutomaticBackups, latestAutomaticBackup, type AutomaticBackup } from './backup-files';

/** What a database holds, in a few numbers, for the sentences about it. */
export interface DatabaseSummary {
  schema: number;
  imports: number;
  licenses: number;
  closedMonths: number;
}

export function summarize(db: Database.Database): DatabaseSummary {
  const schema = db.pragma('user_version', { simple: true }) as number;
  const has = (table: string) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    schema,
    imports: has('imports') ? count(`SELECT COUNT(*) AS n FROM imports WHERE status = 'imported'`) : 0,
    licenses: has('licenses') ? count('SELECT COUNT(*) AS n FROM licenses') : 0,
    closedMonths: has('closed_months') ? count('SELECT COUNT(*) AS n FROM closed_months') : 0,
  };
}

/** Why a file could not be written, as a clause: "the disk is full". */
function causeOf(e: unknown): string {
  const code = errorCode(e) ?? '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return 'the folder is read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'you do not have permission to write there';
  if (code === 'ENOENT') return 'the folder does not exist';
  if (code === 'ENOTDIR') return 'a part of that path is a file, not a folder';
  if (code === 'EISDIR') return 'that is a folder';
  if (code === 'EBUSY') return 'the file is in use by another program';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk reported an error while writing (is it full?)';
  if (code === 'SQLITE_CANTOPEN') return 'the file cannot be made there';
  return e instanceof Error ? e.message : String(e);
}

/** The kind of a failure to write: a full disk, or another reason. */
const writeProblem = (e: unknown): 'disk-full' | 'cannot-write' =>
  (causeOf(e) === 'the disk is full' ? 'disk-full' : 'cannot-write');

/** Removes a temporary file and any side file SQLite made beside it. */
function removeTemp(temp: string): void {
  removeQuietly(temp);
  for (const s of SIDE_FILES) removeQuietly(temp + s);
}

/** The same file, whatever the spelling (a backup onto the database itself is refused). */
function sameFile(a: string, b: string): boolean {
  const ra = path.resolve(a);
  const rb = path.resolve(b);
  if (ra === rb || SIDE_FILES.some((s) => ra === rb + s)) return true;
  try {
    const sa = fs.statSync(ra);
    const sb = fs.statSync(rb);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/**
 * SQLite's online backup of `db` into `temp` (made here, in the folder the
 * backup goes to), then made one self-contained file: the copy of a WAL database
 * says "WAL" in its header and would grow -wal and -shm files wherever it is
 * opened; in DELETE mode it is a single file that can be mailed or archived.
 */
async function onlineCopy(db: Database.Database, temp: string): Promise<void> {
  // Made first with O_EXCL: a missing or read-only folder fails here with its
  // reason (SQLite would say only "unable to open database file").
  fs.closeSync(fs.openSync(temp, 'wx'));
  await db.backup(temp);
  const copy = connect(temp, optionsOf(db));
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  syncFile(temp);
}

export interface BackupResult {
  path: string;
  size: number;
  summary: DatabaseSummary;
}

/**
 * Backs `db` up to `out` on demand (`flexbill backup --out FILE`, "Back up…").
 * A file at `out` is replaced only by a whole backup: on any failure it is as it
 * was, and the sentence names the file and the reason.
 */
export async function backupTo(db: Database.Database, out: string): Promise<BackupResult> {
  const target = path.resolve(out);
  if (sameFile(target, db.name)) throw new InputError(`Cannot back up to ${target}: that is the database itself; choose another file.`);
  let existed = false;
  try {
    const st = fs.statSync(target);
    if (st.isDirectory()) throw new InputError(`Cannot back up to ${target}: it is a folder; choose a file name such as flex-billing-backup.db.`);
    existed = true;
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
  const earlier = existed ? 'the earlier file there is as it was' : 'nothing was written';
  const temp = tempBeside(target, 'backup');
  try {
    await onlineCopy(db, temp);
  } catch (e) {
    removeTemp(temp);
    throw new DatabaseError(writeProblem(e), `Cannot back up to ${target}: ${causeOf(e)}; ${earlier}.`);
  }
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    removeTemp(temp);
    throw new DatabaseError(writeProblem(e), `Cannot back up to ${target}: ${causeOf(e)}; ${earlier}.`);
  }
  return { path: target, size: fs.statSync(target).size, summary: summarize(db) };
}

/**
 * An automatic backup into backups/ beside the database, before something that
 * changes it for good (a migration, a closing): made with VACUUM INTO, which
 * reads one consistent snapshot like the online backup but is synchronous, as
 * the opening of a database and the closing of a month are. Keeps the latest
 * ten. If it cannot be written, the change is not made: `refusal` says so
 * ("2026-10 was not closed").
 */
export function automaticBackup(db: Database.Database, reason: string, refusal: string): string {
  const target = automaticBackupPath(db.name, reason);
  const folder = path.dirname(target);
  const temp = tempBeside(target, 'backup');
  try {
    fs.mkdirSync(folder, { recursive: true });
    // Made first with O_EXCL, for the reason of a failure (see onlineCopy); VACUUM INTO takes an empty file.
    fs.closeSync(fs.openSync(temp, 'wx'));
    db.prepare('VACUUM INTO ?').run(temp);
    syncFile(temp);
    fs.renameSync(temp, target);
  } catch (e) {
    removeTemp(temp);
    throw new DatabaseError(writeProblem(e),
      `Cannot back ${db.name} up into ${folder} first (${causeOf(e)}), so ${refusal}; free some space or make the folder writable and try again.`);
  }
  pruneAutomaticBackups(db.name, AUTOMATIC_BACKUPS_KEPT);
  return target;
}

/**
 * Brings the schema up to date, backing the database up first when a migration
 * will run on a database that holds data (a new, empty one has nothing to lose).
 */
export function migrateWithBackup(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > 0 && current < LATEST_VERSION) {
    automaticBackup(db, `before-migration-${LATEST_VERSION}`, `${db.name} was not updated to this version's schema ${LATEST_VERSION}`);
  }
  return migrate(db);
}

export interface RestoreResult {
  /** The database that was replaced. */
  database: string;
  /** The file it was restored from. */
  from: string;
  /** The automatic backup of the database as it was, or null when there was none. */
  previous: string | null;
  summary: DatabaseSummary;
}

/**
 * Restores `file` over the database `dbFile` (closed by the caller): the file is
 * checked first (a whole SQLite file, ours, not newer: else refused with the
 * reason and nothing changed), copied beside the database, the database as it
 * is backed up into backups/, and then the copy is renamed over it. Opening the
 * database afterwards brings an older backup's schema up to date.
 */
export async function restoreDatabase(dbFile: string, file: string, options: OpenOptions = {}): Promise<RestoreResult> {
  const target = path.resolve(dbFile);
  const source = path.resolve(file);
  if (sameFile(source, target)) throw new InputError(`Cannot restore ${source}: it is the database itself; choose a backup file.`);
  const checked = checkDatabaseFile(source, options);
  const temp = tempBeside(target, 'restore');
  let summary: DatabaseSummary;
  try {
    summary = summarize(checked.db);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await onlineCopy(checked.db, temp);
    } catch (e) {
      removeTemp(temp);
      throw new DatabaseError(writeProblem(e), `Cannot restore ${source}: it could not be copied beside ${target} (${causeOf(e)}); the database is as it was.`);
    }
  } finally {
    checked.done();
  }
  let previous: string | null = null;
  try {
    if (fs.existsSync(target) && fs.statSync(target).size > 0) previous = await setAside(target, options);
    // A -wal or -journal left beside the old file would be read into the new one.
    for (const s of SIDE_FILES) removeQuietly(target + s);
    fs.renameSync(temp, target);
  } catch (e) {
    removeTemp(temp);
    if (e instanceof InputError) throw e;
    throw new DatabaseError(writeProblem(e), `Cannot restore ${source} over ${target}: ${causeOf(e)}; the database is as it was.`);
  }
  return { database: target, from: source, previous, summary };
}

/**
 * Before a restore: makes sure no other program has the database open (it would
 * keep writing to the file being replaced), then backs it up into backups/.
 * Leaving WAL mode needs every other connection gone, so it is the test: it
 * fails with "busy" while the desktop app or another flexbill has the file open.
 */
async function setAside(target: string, options: OpenOptions): Promise<string> {
  const inUse = () => new DatabaseError('in-use',
    `Cannot restore over ${target}: it is open in another program (the desktop app, flexbill serve, or an import); close it and restore again; nothing was changed.`);
  const db = connect(target, options);
  try {
    db.pragma('busy_timeout = 2000');
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch (e) {
      if (errorCode(e)?.startsWith('SQLITE_BUSY')) throw inUse();
      if (isDamage(e)) return copyDamaged(target);
      throw e;
    }
    if (mode !== 'delete') throw inUse();
    const backup = automaticBackupPath(target, 'before-restore');
    const temp = tempBeside(backup, 'backup');
    try {
      fs.mkdirSync(path.dirname(backup), { recursive: true });
      await onlineCopy(db, temp);
      fs.renameSync(temp, backup);
    } catch (e) {
      removeTemp(temp);
      throw new DatabaseError(writeProblem(e), `Cannot restore over ${target}: the database as it is could not be backed up first into ${path.dirname(backup)} (${causeOf(e)}); nothing was changed.`);
    }
    pruneAutomaticBackups(target, AUTOMATIC_BACKUPS_KEPT);
    return backup;
  } finally {
    db.close();
  }
}

/** A database SQLite cannot read even its header of: kept as its bytes (and its -wal), since no reader can copy it. */
function copyDamaged(target: string): string {
  const backup = automaticBackupPath(target, 'before-restore-damaged');
  fs.mkdirSync(path.dirname(backup), { recursive: true });
  fs.copyFileSync(target, backup);
  if (fs.existsSync(`${target}-wal`)) fs.copyFileSync(`${target}-wal`, `${backup}-wal`);
  return backup;
}
