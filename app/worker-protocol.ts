// Messages between the core worker (./worker.ts) and the core client that runs
// it (main/core-client.ts). Types only.
import type { ImportProgress } from './api-types';
import type { WireError } from './errors';

export interface WorkerStartData {
  dbPath: string;
  nativeBinding?: string;
}

export type WorkerRequest =
  | { type: 'call'; id: number; name: string; input: unknown }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: WireError }
  | { type: 'progress'; id: number; progress: ImportProgress };
