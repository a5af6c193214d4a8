// One client for the whole UI: the desktop app's preload provides `window.flex`;
// in a browser (`flexbill serve`) the HTTP client stands in for it.
import { createHttpClient } from './http';
import type { FlexClient } from './types';

export type { FlexClient, MenuCommand } from './types';

let client: FlexClient | null = null;

export function getClient(): FlexClient {
  if (!client) client = window.flex ?? createHttpClient();
  return client;
}

/** The sentence to show for a failed call: the api's message, never a stack. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    // Electron prefixes errors from ipcMain.handle with where they came from.
    return e.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  }
  return typeof e === 'string' ? e : 'Something went wrong.';
}
