// Errors from the core as the UI sees them: a sentence for the person and its
// kind, so that a screen can tell the person's input from a conflict with the
// data or the core's failure (and offer a restart for that).
import type { ErrorKind, WireError } from '../../app/errors';

export type { ErrorKind, WireError };

export class ApiError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

const KINDS: ReadonlySet<string> = new Set<ErrorKind>(['input', 'cancelled', 'conflict', 'internal']);

export function isWireError(v: unknown): v is WireError {
  if (typeof v !== 'object' || v === null) return false;
  const { kind, message } = v as Record<string, unknown>;
  return typeof kind === 'string' && KINDS.has(kind) && typeof message === 'string';
}

/** Whatever a call rejected with, as an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isWireError(e)) return new ApiError(e.kind, e.message);
  if (e instanceof Error) {
    // Electron prefixes errors from ipcMain.handle with where they came from.
    return new ApiError('internal', e.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, ''));
  }
  return new ApiError('internal', typeof e === 'string' ? e : 'Something went wrong.');
}
