// Where automatic backups live and how they are named, kept and listed: plain
// files, no SQL. The backups themselves are made in ./backup.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** How many automatic backups are kept beside a database (SPEC §13). */
export const AUTOMATIC_BACKUPS_KEPT = 10;

export interface AutomaticBackup {
  path: string;
  /** When it was made, ISO (UTC). */
  madeAt: string;
  /** Why: "before-migration-3", "before-closing-2026-10", "before-restore". */
  reason: string;
  size: number;
}

/** The folder of a database's automatic backups: `backups/` beside it. */
export function backupsFolder(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

/** "flex-billing" for "flex-billing.db": automatic backups of that file start with it. */
function baseName(dbFile: string): string {
  const name = path.basename(dbFile);
  const ext = path.extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

// 2026-12-01T20-30-05-123Z: the time in UTC, sortable as text, and legal in a
// Windows file name (no colons).
const STAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/;
const stamp = (d: Date): string => d.toISOString().replace(/:/g, '-').replace('.', '-');
const reasonSlug = (reason: string): string => reason.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'automatic';

/**
 * A free name for an automatic backup made now, for `reason`:
 * backups/flex-billing.2026-12-01T20-30-05-123Z.before-closing-2026-10.db.
 * Only files named so are counted and pruned: a backup a person put there by
 * hand is left alone.
 */
export function automaticBackupPath(dbFile: string, reason: string, now: Date = new Date()): string {
  const folder = backupsFolder(dbFile);
  for (let t = now.getTime(); ; t++) {
    const file = path.join(folder, `${baseName(dbFile)}.${stamp(new Date(t))}.${reasonSlug(reason)}.db`);
    if (!fs.existsSync(file)) return file;
  }
}

/** The automatic backups of `dbFile`, newest first. */
export function listAutomaticBackups(dbFile: string): AutomaticBackup[] {
  const folder = backupsFolder(dbFile);
  const base = baseName(dbFile);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return []; // no backups folder yet
  }
  const out: AutomaticBackup[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.db')) continue;
    const [time, reason, ...rest] = name.slice(base.length + 1, -'.db'.length).split('.');
    const m = time === undefined ? null : STAMP.exec(time);
    if (!m || !reason || rest.length > 0 || !/^[a-z0-9-]+$/.test(reason)) continue;
    let size: number;
    try {
      size = fs.statSync(path.join(folder, name)).size;
    } catch {
      continue; // removed meanwhile
    }
    out.push({ path: path.join(folder, name), madeAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`, reason, size });
  }
  return out.sort((a, b) => (a.madeAt < b.madeAt ? 1 : a.madeAt > b.madeAt ? -1 : 0));
}

/** The newest automatic backup of `dbFile`, or null. */
export function latestAutomaticBackup(dbFile: string): AutomaticBackup | null {
  return listAutomaticBackups(dbFile)[0] ?? null;
}

/** Removes all but the newest `keep` automatic backups (and their companion -wal files). */
export function pruneAutomaticBackups(dbFile: string, keep: number = AUTOMATIC_BACKUPS_KEPT): AutomaticBackup[] {
  const removed = listAutomaticBackups(dbFile).slice(keep);
  for (const b of removed) {
    removeQuietly(b.path);
    removeQuietly(`${b.path}-wal`);
  }
  return removed;
}

/** A temporary name beside `target`, in the same folder, so that a rename puts it in place at once. */
export function tempBeside(target: string, what = 'tmp'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${what}-${randomBytes(6).toString('hex')}.tmp`);
}

export function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone, or never made: nothing to clean up.
  }
}

/** Flushes a finished file to the disk before it is renamed into place. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The side files SQLite keeps beside a database in WAL mode. */
export const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;
