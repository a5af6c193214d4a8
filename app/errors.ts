/**
 * An error a person can act on: it names the file and the place in it, and says
 * what was expected. It never carries a stack trace to the user; the command line
 * and the UI print `message` alone.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Thrown when an import is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('Import cancelled.');
    this.name = 'CancelledError';
  }
}

/** The user-facing text of any error: our own as they are, others briefly. */
export function describeError(e: unknown): string {
  if (e instanceof InputError || e instanceof CancelledError) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const path = (e as NodeJS.ErrnoException).path;
    if (code === 'ENOENT' && path) return `${path}: no such file.`;
    if (code === 'EACCES' || code === 'EPERM') return `${path ?? 'file'}: permission denied.`;
    if (code === 'EISDIR' && path) return `${path} is a folder, not a file.`;
    if (code === 'EBUSY') return `${path ?? 'file'} is in use by another program (is it open in Excel?).`;
    return e.message;
  }
  return String(e);
}
