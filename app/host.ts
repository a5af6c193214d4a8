// The core as a long-running host keeps it (the desktop app's worker): the api
// on its database, or, when the database cannot be opened (damaged, made by a
// newer version), the sentence saying why. Then every call answers with that
// sentence instead of the app hanging, and `restore` still works: it is the way
// out of a damaged database.
import { FlexApi } from './api';
import { describeError, InputError } from './errors';
import { createHandlers, dispatch, type HandlerContext } from './handlers';
import { safetyInputSchemas } from './safety';
import { restoreDatabase } from './store/backup';

export class CoreHost {
  private current: FlexApi | null = null;
  /** Why the database could not be opened; null when it is open. */
  problem: string | null = null;

  constructor(readonly dbPath: string, private readonly options: { nativeBinding?: string } = {}) {
    this.open();
  }

  private open(): void {
    try {
      this.current = FlexApi.open(this.dbPath, this.options);
      this.problem = null;
    } catch (e) {
      this.current = null;
      this.problem = describeError(e);
    }
  }

  get api(): FlexApi | null {
    return this.current;
  }

  /** One call of the method table, checked as ./handlers checks it. */
  async call(name: unknown, input: unknown, ctx: HandlerContext = {}): Promise<unknown> {
    if (this.current) return dispatch(createHandlers(this.current, ctx), name, input);
    if (name === 'restore') {
      const parsed = safetyInputSchemas.restore.safeParse(input ?? {});
      if (!parsed.success) throw new InputError('Bad input for restore: path: a file to restore.');
      const result = await restoreDatabase(this.dbPath, parsed.data.path, this.options);
      this.open();
      if (this.problem !== null) throw new InputError(this.problem);
      return result;
    }
    throw new InputError(this.problem ?? 'The database is not open.');
  }

  close(): void {
    this.current?.close();
  }
}
