// The shell's client of the core worker, in Node with real worker threads: a
// worker that fails to start or dies mid-call never leaves a call waiting.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../app/core';
import { LATEST_VERSION } from '../../app/store/migrations';
import { createCoreClient, type CoreClient } from '../../main/core-client';
import { root } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

/** A worker that answers every call with its name, as app/worker.ts answers with a result. */
const ANSWERS = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.type === 'call') parentPort.postMessage({ type: 'result', id: m.id, ok: true, result: 'answered ' + m.name }); });`;
const FAILS_ON_START = `throw new Error('This database was made by a newer version of Flex Billing.');`;
const DIES_MID_CALL = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.type === 'call') setTimeout(() => process.exit(3), 20); });`;

const evalWorker = (code: string) => () => new Worker(code, { eval: true });
const clients: CoreClient[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.stop();
});
function client(start: () => Worker): CoreClient {
  const c = createCoreClient(start);
  clients.push(c);
  return c;
}

describe('the core client', () => {
  it('a worker that fails to start rejects the pending call and every later one with the reason; a restart works', async () => {
    let starts = 0;
    const c = client(() => (starts++ === 0 ? evalWorker(FAILS_ON_START) : evalWorker(ANSWERS))());
    const pending = c.relay('months', {});
    await expect(pending).rejects.toMatchObject({ kind: 'internal', message: "The app's core stopped: This database was made by a newer version of Flex Billing." });
    await expect(c.relay('preview', { month: '2026-10' })).rejects.toMatchObject({ kind: 'internal', message: /newer version/ });
    expect(c.down).toMatchObject({ kind: 'internal' });
    await c.restart();
    expect(c.down).toBeNull();
    await expect(c.relay('months', {})).resolves.toBe('answered months');
  });

  it('a worker that dies mid-call rejects the calls waiting on it', async () => {
    let starts = 0;
    const c = client(() => (starts++ === 0 ? evalWorker(DIES_MID_CALL) : evalWorker(ANSWERS))());
    const a = c.relay('months', {});
    const b = c.callCore('preview', { month: '2026-10' });
    await expect(a).rejects.toMatchObject({ kind: 'internal', message: "The app's core stopped: it exited with code 3." });
    await expect(b).rejects.toMatchObject({ kind: 'internal', message: /exited with code 3/ });
    await c.restart();
    await expect(c.callCore('months', {})).resolves.toBe('answered months');
  });

  it('the real core worker on a database from a newer version says so instead of hanging', async () => {
    const dbPath = path.join(tempDir(), 'newer.db');
    const db = new Database(dbPath);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const c = client(() => new Worker(path.join(root, 'dist', 'main', 'core-worker.cjs'), { workerData: { dbPath } }));
    // The worker stays up to answer every call with the reason (a restore is still possible).
    await expect(c.callCore('months', {})).rejects.toMatchObject({ kind: 'input', message: /made by a newer version of Flex Billing .*update the app to open it/ });
    await expect(c.relay('preview', { month: '2026-10' })).rejects.toMatchObject({ kind: 'input', message: /newer version/ });
  });

  it('the real core worker on a damaged database still restores a backup, then opens it', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'damaged.db');
    // A database file that is not one at all: refused on open, not written to.
    fs.writeFileSync(dbPath, Buffer.alloc(8192, 7));
    const c = client(() => new Worker(path.join(root, 'dist', 'main', 'core-worker.cjs'), { workerData: { dbPath } }));
    await expect(c.callCore('months', {})).rejects.toMatchObject({ kind: 'input' });
    const backupOf = path.join(dir, 'backup.db');
    const made = openCore(backupOf);
    made.close();
    await expect(c.callCore('restore', { path: backupOf })).resolves.toMatchObject({ from: backupOf });
    await expect(c.callCore('months', {})).resolves.toEqual({ months: [], latest: null, closed: [] });
  });

  it('the real core worker answers checked calls, and their errors keep their kind', async () => {
    const dbPath = path.join(tempDir(), 'a.db');
    const c = client(() => new Worker(path.join(root, 'dist', 'main', 'core-worker.cjs'), { workerData: { dbPath } }));
    await expect(c.callCore('months', {})).resolves.toEqual({ months: [], latest: null, closed: [] });
    await expect(c.relay('preview', { month: 'soon' })).rejects.toMatchObject({ kind: 'input', message: '"soon" is not a month: write it as YYYY-MM, for example 2026-10.' });
    await expect(c.callCore('reopenMonth', { month: '2026-10' })).rejects.toMatchObject({ kind: 'conflict', message: '2026-10 is not closed.' });
  });
});
