// What every domain's handlers work on: the store, where it lives, and the clock.
import type { ImportProgress } from './api-types';
import { systemClock, type Clock } from './clock';
import { Store } from './store';
import { resolveDbPath } from './store/paths';

export interface Core {
  /** The open database; another Store only after `reopen` (a restore put another file in its place). */
  readonly store: Store;
  readonly dbPath: string;
  readonly clock: Clock;
  /** Closes the database and opens the file at dbPath again (data safety: after a restore). */
  reopen(): void;
}

/** What one call may carry besides its input: progress out, cancel in. */
export interface HandlerContext {
  signal?: AbortSignal;
  onImportProgress?: (p: ImportProgress) => void;
}

export interface CoreOptions {
  nativeBinding?: string;
  clock?: Clock;
}

/** Opens the database at `dbPath` (made and migrated if needed). */
export function openCore(dbPath: string, options: CoreOptions = {}): Core & { close(): void } {
  const clock = options.clock ?? systemClock;
  const open = () => new Store(dbPath, { nativeBinding: options.nativeBinding, clock });
  let store = open();
  return {
    get store() {
      return store;
    },
    dbPath,
    clock,
    reopen: () => {
      store.close();
      store = open();
    },
    close: () => store.close(),
  };
}

/** The database of `--db`, else FLEXBILL_DB, else the app's data folder. */
export function openDefaultCore(explicitDb?: string, options: CoreOptions = {}): Core & { close(): void } {
  return openCore(resolveDbPath(explicitDb), options);
}
