/**
 * What kind of failure a person is looking at, as every face passes it on
 * (IPC, HTTP, the command line): their input or a file they gave (`input`), a
 * cancel they asked for (`cancelled`), an operation the data's state refuses
 * (`conflict`: a month already closed, an import already undone), or our bug
 * or the machine's (`internal`).
 */
export type ErrorKind = 'input' | 'cancelled' | 'conflict' | 'internal';

/** An error as it crosses IPC and HTTP: serialisable, with its kind. */
export interface WireError {
  kind: ErrorKind;
  message: string;
}

/**
 * An error a person can act on: it names the file and the place in it, and says
 * what was expected. It never carries a stack trace to the user; the command line
 * and the UI print `message` alone.
 */
export class InputError extends Error {
  readonly kind: ErrorKind = 'input';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The operation does not fit the data as it is now (already closed, already undone...). */
export class ConflictError extends InputError {
  override readonly kind: ErrorKind = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * What is wrong with a database file itself (data safety, SPEC §13). The kind lets
 * a face react (the app offers the latest backup for a damaged file); the message
 * is the sentence, naming the file.
 */
export type DatabaseProblem = 'newer-version' | 'damaged' | 'not-ours' | 'locked' | 'disk-full' | 'in-use' | 'cannot-write';

export class DatabaseError extends InputError {
  constructor(readonly problem: DatabaseProblem, message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Thrown when an import is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  readonly kind: ErrorKind = 'cancelled';
  constructor() {
    super('Import cancelled.');
    this.name = 'CancelledError';
  }
}

/** An error that arrived with its kind (from the core worker, over IPC or HTTP), or a core that stopped. */
export class KindError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'KindError';
  }
}

/** The user-facing text of any error: our own as they are, others briefly. */
export function describeError(e: unknown): string {
  if (e instanceof InputError || e instanceof CancelledError || e instanceof KindError) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const path = (e as NodeJS.ErrnoException).path;
    if (code === 'ENOENT' && path) return `${path}: no such file.`;
    if (code === 'EACCES' || code === 'EPERM') return `${path ?? 'file'}: permission denied.`;
    if (code === 'EISDIR' && path) return `${path} is a folder, not a file.`;
    if (code === 'EBUSY') return `${path ?? 'file'} is in use by another program (is it open in Excel?).`;
    // SQLite's own, when no sentence naming the database was made nearer to it.
    if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'The disk is full: the change was not saved; free some space and try again.';
    if (code?.startsWith('SQLITE_BUSY')) return 'The database is busy with another program (the desktop app or flexbill) and the change was not saved; try again when it has finished.';
    if (code?.startsWith('SQLITE_READONLY')) return 'The database cannot be written to (a read-only file or folder); nothing was changed.';
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'The database file is damaged; restore the latest backup (flexbill restore FILE, or Restore… in the app).';
    return e.message;
  }
  return String(e);
}

/** The kind of any error: a file the machine cannot read is the person's input too. */
function errorKind(e: unknown): ErrorKind {
  if (e instanceof InputError || e instanceof CancelledError || e instanceof KindError) return e.kind;
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'EBUSY') return 'input';
  return 'internal';
}

/** Any error as it crosses IPC and HTTP. */
export function toWireError(e: unknown): WireError {
  return { kind: errorKind(e), message: describeError(e) };
}
