// The core in a worker thread: the api and its database, off the Electron main
// process's event loop, so that imports and exports never block the window. The
// main process's core client (main/core-client.ts) sends it checked calls and
// relays the answers (and progress) back.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './worker-protocol';
import { openCore } from './core';
import { createHandlers, dispatch } from './handlers';
import { toWireError } from './errors';
import { collectorHost } from './domains/servers';
import { startDailyCollection } from './servers/schedule';

const port = parentPort;
if (!port) throw new Error('The core worker must run in a worker thread.');
const start = workerData as WorkerStartData;
// A database the core cannot open (made by a newer version, say) throws here:
// the worker stops, and the core client rejects every call with this reason.
const core = openCore(start.dbPath, { nativeBinding: start.nativeBinding });
// The daily collection from SmarterMail servers (SPEC §12) runs in the core, beside the handlers.
startDailyCollection(collectorHost(core));
const controllers = new Map<number, AbortController>();

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  const handlers = createHandlers(core, {
    signal: controller.signal,
    onImportProgress: (progress) => port.postMessage({ type: 'progress', id: msg.id, progress } satisfies WorkerReply),
  });
  dispatch(handlers, msg.name, msg.input).then(
    (result) => port.postMessage({ type: 'result', id: msg.id, ok: true, result } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ type: 'result', id: msg.id, ok: false, error: toWireError(e) } satisfies WorkerReply),
  ).finally(() => controllers.delete(msg.id));
});
