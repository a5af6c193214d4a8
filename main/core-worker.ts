// Runs the core (the api and its database) in a worker thread, so imports and
// exports never block the Electron main process's event loop. The main process
// only relays validated calls here and the answers (and progress) back.
import { parentPort, workerData } from 'node:worker_threads';
import { FlexApi } from '../app/api';
import { createHandlers, dispatch } from '../app/handlers';
import { describeError } from '../app/errors';
import { startDailyCollection } from '../app/servers/schedule';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './protocol';

const port = parentPort;
if (!port) throw new Error('core-worker must run in a worker thread');
const start = workerData as WorkerStartData;
const api = FlexApi.open(start.dbPath, { nativeBinding: start.nativeBinding });
// The daily collection from SmarterMail servers (SPEC §12) runs in the core, beside the api.
startDailyCollection(api);
const controllers = new Map<number, AbortController>();

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  const handlers = createHandlers(api, {
    signal: controller.signal,
    onImportProgress: (progress) => port.postMessage({ type: 'progress', id: msg.id, progress } satisfies WorkerReply),
  });
  dispatch(handlers, msg.name, msg.input).then(
    (result) => port.postMessage({ type: 'result', id: msg.id, ok: true, result } satisfies WorkerReply),
    (e: unknown) => port.postMessage({ type: 'result', id: msg.id, ok: false, error: describeError(e) } satisfies WorkerReply),
  ).finally(() => controllers.delete(msg.id));
});
