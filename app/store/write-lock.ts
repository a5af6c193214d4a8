// Two writers on one database (SPEC §13): the desktop app and `flexbill` may
// import into the same file at once. SQLite lets one write at a time; the other
// waits for its turn instead of failing with "database is locked".
import type Database from 'better-sqlite3';
import { DatabaseError } from '../errors';
import { errorCode } from './checks';

/**
 * How long a write waits for another program's write to finish: longer than the
 * largest import holds the lock (a 159 MB file takes well under a minute), so
 * that only a program that is stuck makes a person wait this long.
 */
export const LOCK_WAIT_MS = 10 * 60_000;

const pause = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

function duration(ms: number): string {
  const [n, unit] = ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Runs `work` in a write transaction taken at its start (BEGIN IMMEDIATE), so it
 * never fails half-way for want of the lock. SQLite's busy timeout waits for the
 * lock; a "busy" that comes back early anyway is tried again until the same
 * wait is over (the connection's busy_timeout, normally LOCK_WAIT_MS). `what`
 * names the change for the sentences: "the import of usage.csv".
 */
export function writeTransaction<T>(db: Database.Database, what: string, work: () => T): T {
  const wait = Number(db.pragma('busy_timeout', { simple: true })) || LOCK_WAIT_MS;
  const deadline = Date.now() + wait;
  for (;;) {
    let started = false;
    try {
      return db.transaction(() => {
        started = true;
        return work();
      }).immediate();
    } catch (e) {
      const code = errorCode(e) ?? '';
      if (code.startsWith('SQLITE_BUSY')) {
        // Only a transaction that never began is tried again: one that began ran
        // `work`, whose side effects outside the database the caller must undo.
        if (!started && Date.now() < deadline) {
          sleep(50);
          continue;
        }
        throw new DatabaseError('locked', `Cannot save ${what}: another program (the desktop app or flexbill) has been writing to ${db.name} for ${duration(wait)}; nothing was saved; try again when it has finished.`);
      }
      if (code === 'SQLITE_FULL') {
        throw new DatabaseError('disk-full', `Cannot save ${what}: the disk holding ${db.name} is full; nothing of it was saved and the database is as it was; free some space and try again.`);
      }
      if (code.startsWith('SQLITE_READONLY')) {
        throw new DatabaseError('cannot-write', `Cannot save ${what}: ${db.name} cannot be written to (a read-only file or folder); nothing was saved.`);
      }
      throw e;
    }
  }
}
