// Checks of a database file before it is trusted: the one about to be opened
// (newer version? damaged?) and one about to be restored (ours? whole? which
// version?). Both look through a read-only connection, so a file that fails
// is never written to.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { DatabaseError, InputError } from '../errors';
import { backupsFolder, latestAutomaticBackup, removeQuietly } from './backup-files';
import { LATEST_VERSION, migrate } from './migrations';
import { newerVersionError } from './version';
import { connect, type OpenOptions } from './connect';

export type { OpenOptions };

/** The SQLite (or errno) code of an error, if it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** SQLite's codes for a file whose pages do not hold a database. */
export function isDamage(e: unknown): boolean {
  const code = errorCode(e);
  return code !== undefined && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** The first few lines a check reported, as one clause. */
function checkFindings(rows: unknown[]): string {
  // SQLite's report is lines, the first naming the schema ("*** in database main ***").
  const lines = rows.flatMap((r) => String(Object.values(r as Record<string, unknown>)[0]).split('\n'))
    .map((l) => l.trim()).filter((l) => l !== '' && !/^\*\*\* in database /.test(l));
  const shown = lines.slice(0, 2).join('; ');
  return lines.length > 2 ? `${shown}; and ${lines.length - 2} more` : shown;
}

function damagedError(file: string, finding: string): DatabaseError {
  const latest = latestAutomaticBackup(file);
  const restore = latest
    ? `restore the latest backup, made ${latest.madeAt.replace('T', ' ').slice(0, 16)} UTC: flexbill restore "${latest.path}" (or Restore… in the app)`
    : `restore a backup you made, with flexbill restore FILE (or Restore… in the app); there is none in ${backupsFolder(file)}`;
  return new DatabaseError('damaged', `${file} is damaged (SQLite's check found: ${finding}); it was opened read-only and nothing was written to it: ${restore}.`);
}

/** The side files that a read-only look at `file` made: they are removed again when it is refused. */
function sideFilesMissing(file: string): string[] {
  return ['-wal', '-shm'].map((s) => file + s).filter((f) => !fs.existsSync(f));
}

function removeIfMadeByUs(made: string[]): void {
  // Only an empty -wal (no transaction in it) and the -shm that goes with it.
  const wal = made.find((f) => f.endsWith('-wal'));
  if (wal && fs.existsSync(wal) && fs.statSync(wal).size > 0) return;
  for (const f of made) removeQuietly(f);
}

/**
 * Before a database is opened for writing: a newer version's is refused, and one
 * that fails SQLite's quick check is refused as damaged, naming the latest
 * automatic backup. A missing or empty file is a new database and passes.
 */
export function checkBeforeOpening(file: string, options: OpenOptions = {}): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // a new database
  }
  if (size === 0) return;
  const made = sideFilesMissing(file);
  let db: Database.Database | null = null;
  let refused = true;
  try {
    db = connect(file, options, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) throw newerVersionError(file, version, LATEST_VERSION);
    const findings = db.pragma('quick_check(3)') as unknown[];
    if (checkFindings(findings) !== 'ok') throw damagedError(file, checkFindings(findings));
    refused = false;
  } catch (e) {
    if (isDamage(e)) throw damagedError(file, e instanceof Error ? e.message : String(e));
    throw e;
  } finally {
    db?.close();
    if (refused) removeIfMadeByUs(made);
  }
}

/** Table name → its columns, as the migrations up to `version` make them. */
const expectedSchemas = new Map<number, Map<string, string[]>>();

function tablesOf(db: Database.Database): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  for (const { name } of names) {
    out.set(name, (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name));
  }
  return out;
}

function expectedSchema(version: number, options: OpenOptions): Map<string, string[]> {
  let schema = expectedSchemas.get(version);
  if (!schema) {
    const mem = connect(':memory:', options);
    try {
      migrate(mem, version);
      schema = tablesOf(mem);
    } finally {
      mem.close();
    }
    expectedSchemas.set(version, schema);
  }
  return schema;
}

export interface CheckedFile {
  /** A read-only connection to the file; the caller closes it (then calls `done`). */
  db: Database.Database;
  schema: number;
  /** Closes the connection and removes the side files the look made. */
  done: () => void;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A file offered for restoring: it must be a whole SQLite database (integrity
 * check), made by this version of the app or an earlier one, with our tables.
 * Every refusal is a sentence with its reason; the file is not changed.
 */
export function checkDatabaseFile(file: string, options: OpenOptions = {}): CheckedFile {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new InputError(`${file}: no such file; nothing was restored.`);
  }
  if (st.isDirectory()) throw new InputError(`${file} is a folder, not a backup file; nothing was restored.`);
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new DatabaseError('not-ours', `${file} is not a Flex Billing backup: it is not a SQLite database at all; nothing was restored.`);
  }
  const made = sideFilesMissing(file);
  const db = connect(file, options, { readonly: true, fileMustExist: true });
  const done = () => {
    if (db.open) db.close();
    removeIfMadeByUs(made);
  };
  try {
    let findings: string;
    try {
      findings = checkFindings(db.pragma('integrity_check(3)') as unknown[]);
    } catch (e) {
      if (!isDamage(e)) throw e;
      findings = e instanceof Error ? e.message : String(e);
    }
    if (findings !== 'ok') {
      throw new DatabaseError('damaged', `${file} is damaged (SQLite's integrity check found: ${findings}), perhaps cut short when it was copied; nothing was restored.`);
    }
    const schema = db.pragma('user_version', { simple: true }) as number;
    if (schema > LATEST_VERSION) throw newerVersionError(file, schema, LATEST_VERSION, 'restore');
    const tables = tablesOf(db);
    if (schema === 0) {
      const some = [...tables.keys()].slice(0, 3).join(', ');
      throw new DatabaseError('not-ours', `${file} is not a Flex Billing database: it has none of its tables${some ? ` (it has ${some})` : ''}; nothing was restored.`);
    }
    const expected = expectedSchema(schema, options);
    const missingTables = [...expected.keys()].filter((t) => !tables.has(t));
    if (missingTables.length > 0) {
      throw new DatabaseError('not-ours', `${file} is not a Flex Billing database: it lacks the table${missingTables.length === 1 ? '' : 's'} ${missingTables.join(', ')}; nothing was restored.`);
    }
    for (const [table, columns] of expected) {
      const missing = columns.filter((c) => !tables.get(table)!.includes(c));
      if (missing.length > 0) {
        throw new DatabaseError('not-ours', `${file} is not a Flex Billing database: its table ${table} has no column ${missing.join(', ')}; nothing was restored.`);
      }
    }
    return { db, schema, done };
  } catch (e) {
    done();
    throw e;
  }
}
