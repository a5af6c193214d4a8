// What the data-safety tests break things with: generated usage files, a small
// full disk (tmpfs), the built command line run as a separate process, and a
// look at a database from outside (counts, bytes).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { root } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

export const cliBundle = path.join(root, 'dist', 'cli.cjs');

/**
 * Writes a daily-counts file: `licenses` licenses (keys starting with `prefix`)
 * × `days` days from 2026-01-01. 1,000 × 300 is 300,000 rows (12 MB).
 */
export function writeCounts(file: string, prefix: string, licenses: number, days: number): { rows: number; licenses: number } {
  const fd = fs.openSync(file, 'w');
  let chunk = 'license,date,count\n';
  const start = Date.UTC(2026, 0, 1);
  const dates = Array.from({ length: days }, (_, d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  for (let l = 0; l < licenses; l++) {
    const key = `${prefix}${String(l).padStart(5, '0')}-GZDPC-F54ER-F5DHQ`;
    for (let d = 0; d < days; d++) {
      chunk += `${key},${dates[d]},${10 + ((l * 7 + d) % 50)}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return { rows: licenses * days, licenses };
}

export interface DbCounts {
  licenses: number;
  /** Reported days over every license-month (the packed rows' values that are not -1). */
  days: number;
  imports: number;
  closedMonths: number;
}

/** Counts of what a database holds, read from outside the app (read-only). */
export function countsOf(file: string): DbCounts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    let days = 0;
    for (const r of db.prepare('SELECT counts FROM usage_months').iterate() as Iterable<{ counts: Buffer }>) {
      for (let i = 0; i < r.counts.length; i += 4) if (r.counts.readInt32LE(i) >= 0) days++;
    }
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const hasClosed = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'closed_months'`).get() !== undefined;
    return {
      licenses: n('SELECT COUNT(*) AS n FROM licenses'),
      days,
      imports: n(`SELECT COUNT(*) AS n FROM imports WHERE status = 'imported'`),
      closedMonths: hasClosed ? n('SELECT COUNT(*) AS n FROM closed_months') : 0,
    };
  } finally {
    db.close();
  }
}

export function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

export function userVersionOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The bytes of a database and its side files, to compare before and after. */
export function fingerprint(dbFile: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-journal`]) if (fs.existsSync(f)) out[path.basename(f)] = sha256(f);
  return out;
}

export function listDir(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command line in its own process, asynchronously (so that two can run at once). */
export function runCli(args: string[], timeoutMs = 240_000): { done: Promise<Run>; pid: number | undefined; exited: () => boolean } {
  const child = spawn(process.execPath, [cliBundle, ...args], { env: { ...process.env, FLEXBILL_DB: '' } });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  return { done, pid: child.pid, exited: () => exited };
}

/** A small tmpfs: a disk that really fills up. Null, with the reason, where it cannot be mounted (not root, no mount). */
export function mountSmallDisk(sizeMb: number): { dir: string; unmount: () => void } | { reason: string } {
  const dir = tempDir('flexbill-tmpfs-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { reason: `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'mount failed').trim()})` };
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
    },
  };
}

/** Whether a small disk can be had here (root on Linux); the full-disk tests are skipped, saying so, elsewhere. */
export function canMountSmallDisk(): { ok: boolean; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: 'the full-disk tests need Linux (tmpfs)' };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'the full-disk tests mount a tmpfs and need root' };
  const probe = mountSmallDisk(1);
  if ('reason' in probe) return { ok: false, reason: probe.reason };
  probe.unmount();
  return { ok: true, reason: '' };
}

/** Fills `dir`'s disk until fewer than `leaveBytes` are free. */
export function fillDisk(dir: string, leaveBytes: number): void {
  const st = fs.statfsSync(dir);
  const free = st.bavail * st.bsize;
  const fill = free - leaveBytes;
  if (fill <= 0) return;
  const fd = fs.openSync(path.join(dir, 'filler.bin'), 'w');
  try {
    const block = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    while (written < fill) {
      const n = Math.min(block.length, fill - written);
      try {
        fs.writeSync(fd, block, 0, n);
      } catch {
        break; // full already
      }
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}
