// Runs the core (the api and its database) in a worker thread, so imports and
// exports never block the Electron main process's event loop. The main process
// only relays validated calls here and the answers (and progress) back.
import { parentPort, workerData } from 'node:worker_threads';
import { CoreHost } from '../app/host';
import { describeError } from '../app/errors';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './protocol';

const port = parentPort;
if (!port) throw new Error('core-worker must run in a worker thread');
const start = workerData as WorkerStartData;
// A database that cannot be opened (damaged, newer) answers every call with why, and can be restored.
const host = new CoreHost(start.dbPath, { nativeBinding: start.nativeBinding });
const controllers = new Map<number, AbortController>();

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  host.call(msg.name, msg.input, {
    signal: controller.signal,
    onImportProgress: (progress) => port.postMessage({ type: 'progress', id: msg.id, progress } satisfies WorkerReply),
  }).then(
    (result) => port.postMessage({ type: 'result', id: msg.id, ok: true, result } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ type: 'result', id: msg.id, ok: false, error: describeError(e) } satisfies WorkerReply),
  ).finally(() => controllers.delete(msg.id));
});
