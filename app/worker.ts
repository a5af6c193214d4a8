// The core in a worker thread: the api and its database, off the Electron main
// process's event loop, so that imports and exports never block the window. The
// main process's core client (main/core-client.ts) sends it checked calls and
// relays the answers (and progress) back.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './worker-protocol';
import { openCore, type Core } from './core';
import { createHandlers, dispatch } from './handlers';
import { KindError, toWireError, type WireError } from './errors';
import { schemas as safetySchemas } from './domains/safety';
import { restoreDatabase } from './store/backup';
import { collectorHost } from './domains/servers';
import { startDailyCollection } from './servers/schedule';

const port = parentPort;
if (!port) throw new Error('The core worker must run in a worker thread.');
const start = workerData as WorkerStartData;
// A database the core cannot open (made by a newer version, damaged) does not stop
// the worker: every call answers with the reason, and `restore` still works, since
// putting a backup in its place is the way out (SPEC §13).
let core: (Core & { close(): void }) | null = null;
let problem: WireError | null = null;
function open(): void {
  try {
    core = openCore(start.dbPath, { nativeBinding: start.nativeBinding });
    problem = null;
    // The daily collection from SmarterMail servers (SPEC §12) runs in the core, beside the handlers.
    startDailyCollection(collectorHost(core));
  } catch (e) {
    core = null;
    problem = toWireError(e);
  }
}
open();
const controllers = new Map<number, AbortController>();

/** A call while the database cannot be opened: only a restore, which then opens it. */
async function withoutCore(name: string, input: unknown): Promise<unknown> {
  const parsed = name === 'restore' ? safetySchemas.restore.safeParse(input ?? {}) : null;
  if (!parsed?.success) throw new KindError(problem?.kind ?? 'internal', problem?.message ?? 'The database is not open.');
  const result = await restoreDatabase(start.dbPath, parsed.data.path, { nativeBinding: start.nativeBinding });
  open();
  if (problem !== null) throw new KindError(problem.kind, problem.message);
  return result;
}

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const reply = (work: Promise<unknown>) => work.then(
    (result) => port.postMessage({ type: 'result', id: msg.id, ok: true, result } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ type: 'result', id: msg.id, ok: false, error: toWireError(e) } satisfies WorkerReply),
  );
  if (core === null) {
    void reply(withoutCore(msg.name, msg.input));
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  const handlers = createHandlers(core, {
    signal: controller.signal,
    onImportProgress: (progress) => port.postMessage({ type: 'progress', id: msg.id, progress } satisfies WorkerReply),
  });
  void reply(dispatch(handlers, msg.name, msg.input)).finally(() => controllers.delete(msg.id));
});
