// Servers and collection (SPEC §12) as a domain of the method table: the schemas and
// handlers of app/servers, on the core. A collected day is stored through the same
// import as a file (app/domains/imports), so it is recorded with its SHA-256.
import type { z } from 'zod';
import type { Core } from '../core';
import { createServerHandlers, serverInputSchemas } from '../servers/handlers';
import type { CollectorHost } from '../servers/service';
import { importFiles } from './imports';

export const schemas = serverInputSchemas;

const hosts = new WeakMap<Core, CollectorHost>();

/** What the collector needs of the core: where the database is, its handle, the import. */
export function collectorHost(core: Core): CollectorHost {
  let host = hosts.get(core);
  if (!host) {
    host = {
      dbPath: core.dbPath,
      // The store open now: a restore (app/domains/safety.ts) opens another one.
      get store() {
        return core.store;
      },
      importFiles: (paths, options) => importFiles(core, paths, options),
    };
    hosts.set(core, host);
  }
  return host;
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;
type Handlers = { [K in keyof typeof schemas]: (input: In<K>) => ReturnType<ReturnType<typeof createServerHandlers>[K]> };

export function handlers(core: Core): Handlers {
  return createServerHandlers(collectorHost(core)) as Handlers;
}
