// The main process's client of the core worker: typed calls by name, progress,
// cancel, and what happens when the worker is gone. A worker that fails to start
// (a database made by a newer version) or dies mid-call rejects every pending
// call with the reason, and every later call at once, until restart() starts a
// new one: no call waits for an answer that cannot come. No Electron here, so
// that it is tested in Node with real worker threads (test/main/core-client.test.ts).
import type { Worker } from 'node:worker_threads';
import type { ImportProgress } from '../app/api-types';
import { KindError, type WireError } from '../app/errors';
import type { HandlerInput, HandlerName, HandlerOutputs } from '../app/handlers';
import type { WorkerReply, WorkerRequest } from '../app/worker-protocol';

interface Pending {
  name: string;
  resolve: (result: unknown) => void;
  reject: (e: KindError) => void;
  onProgress?: (p: ImportProgress) => void;
}

export interface CoreClient {
  /** A call the shell makes itself, typed by the method table. */
  callCore<K extends HandlerName>(name: K, input: HandlerInput<K>, onProgress?: (p: ImportProgress) => void): Promise<HandlerOutputs[K]>;
  /** A call relayed from the page: the worker checks the name and the input. */
  relay(name: string, input: unknown, onProgress?: (p: ImportProgress) => void): Promise<unknown>;
  /** Asks the imports under way to stop; how many there were. */
  cancelImports(): number;
  /** Why the core is not running, or null while it runs. */
  readonly down: WireError | null;
  /** Starts a new worker (after the old one stopped, or to replace it). */
  restart(): Promise<void>;
  /** Ends the worker for good (the app quits). */
  stop(): Promise<void>;
}

/**
 * The core worker's heap limits: a young generation of 24 MB (V8's default grows to
 * ~48 MB). Objects die young while a file is read (pieces of text, a row's strings),
 * so a smaller young generation keeps the worker's memory nearer what the file's
 * licenses need: the year of counts through the worker 200 → 175 MB peak, no slower
 * (12 MB saved more but cost a quarter more time).
 */
export const CORE_WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 } as const;

/** `start` makes a worker running app/worker.ts (or, in tests, one that behaves like it). */
export function createCoreClient(start: () => Worker): CoreClient {
  let worker: Worker;
  let down: WireError | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let stopping = false;

  /** The worker is gone: every call waiting on it learns why. */
  const fail = (w: Worker, reason: string) => {
    if (w !== worker || down) return;
    down = { kind: 'internal', message: `The app's core stopped: ${reason}` };
    for (const p of pending.values()) p.reject(new KindError(down.kind, down.message));
    pending.clear();
  };

  const launch = () => {
    down = null;
    const w = start();
    worker = w;
    w.on('message', (msg: WorkerReply) => {
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') p.onProgress?.(msg.progress);
      else {
        pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new KindError(msg.error.kind, msg.error.message));
      }
    });
    w.on('error', (e) => fail(w, e.message));
    w.on('exit', (code) => {
      if (!stopping) fail(w, `it exited with code ${code}.`);
    });
  };

  const relay = (name: string, input: unknown, onProgress?: (p: ImportProgress) => void): Promise<unknown> => {
    if (down) return Promise.reject(new KindError(down.kind, down.message));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { name, resolve, reject, onProgress });
      worker.postMessage({ type: 'call', id, name, input } satisfies WorkerRequest);
    });
  };

  launch();
  return {
    callCore: (name, input, onProgress) => relay(name, input, onProgress) as Promise<HandlerOutputs[typeof name]>,
    relay,
    cancelImports: () => {
      let n = 0;
      for (const [id, p] of pending) {
        if (p.name !== 'importFiles') continue;
        worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
        n++;
      }
      return n;
    },
    get down() {
      return down;
    },
    restart: async () => {
      const old = worker;
      // The old worker's calls are answered as stopped; its exit is no news.
      fail(old, 'it was restarted.');
      launch();
      await old.terminate();
    },
    stop: async () => {
      stopping = true;
      await worker.terminate();
    },
  };
}
