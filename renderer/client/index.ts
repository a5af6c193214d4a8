// One client for the whole UI: the desktop app's preload provides `window.flex`;
// in a browser (`flexbill serve`) the HTTP client stands in for it. Either way a
// failed call rejects with an ApiError: a sentence and its kind.
import { toApiError } from './errors';
import { createHttpClient } from './http';
import type { FlexClient } from './types';

export type { FlexClient, MenuCommand } from './types';
export { ApiError, type ErrorKind } from './errors';

let client: FlexClient | null = null;

/** The preload's client, whose calls reject with {kind, message} (all that crosses the bridge), rethrowing ApiErrors. */
function typed(bridge: FlexClient): FlexClient {
  const wrap = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (e) {
      throw toApiError(e);
    }
  };
  return {
    ...bridge,
    call: (name, input) => wrap(bridge.call)(name, input),
    importFiles: wrap(bridge.importFiles),
    exportInvoice: wrap(bridge.exportInvoice),
    importWithDialog: bridge.importWithDialog ? wrap(bridge.importWithDialog) : undefined,
    importVendorInvoice: wrap(bridge.importVendorInvoice),
    exportQuote: wrap(bridge.exportQuote),
    restartCore: bridge.restartCore ? wrap(bridge.restartCore) : undefined,
  };
}

export function getClient(): FlexClient {
  if (!client) client = window.flex ? typed(window.flex) : createHttpClient();
  return client;
}

/** The sentence to show for a failed call: the api's message, never a stack. */
export function errorMessage(e: unknown): string {
  return toApiError(e).message;
}
