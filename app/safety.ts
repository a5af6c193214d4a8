// The data-safety domain (SPEC §13): backups on demand, the automatic ones, and
// restore. Input schemas and handlers, joined into the one method table by
// ./handlers; the work itself is in app/store/backup.
import path from 'node:path';
import { z } from 'zod';
import type { FlexApi } from './api';
import { optionsOf } from './store/connect';
import { backupTo, listAutomaticBackups, restoreDatabase, type AutomaticBackup, type BackupResult, type RestoreResult } from './store/backup';

export type { AutomaticBackup, BackupResult, RestoreResult };

const filePath = z.string().min(1).max(4096);

export const safetyInputSchemas = {
  backup: z.object({ path: filePath }).strict(),
  restore: z.object({ path: filePath }).strict(),
  backups: z.object({}).strict(),
};

export interface SafetyOutputs {
  backup: BackupResult;
  restore: RestoreResult;
  backups: AutomaticBackup[];
}

type SafetyName = keyof typeof safetyInputSchemas;
export type SafetyHandlers = { [K in SafetyName]: (input: z.input<(typeof safetyInputSchemas)[K]>) => Promise<SafetyOutputs[K]> };

/** A backup of the open database at `out`, made while it stays in use. */
export async function backup(api: FlexApi, out: string): Promise<BackupResult> {
  return backupTo(api.store.db, path.resolve(out));
}

/**
 * Restores `file` over the open database: it is closed for the replacement and
 * opened again whatever happens, on the restored data or, when the file was
 * refused, on the data as it was.
 */
export async function restore(api: FlexApi, file: string): Promise<RestoreResult> {
  const options = optionsOf(api.store.db);
  api.store.close();
  try {
    return await restoreDatabase(api.dbPath, file, options);
  } finally {
    api.reopen();
  }
}

/** The automatic backups beside the database, newest first. */
export function backups(api: FlexApi): AutomaticBackup[] {
  return listAutomaticBackups(api.dbPath);
}

export function safetyHandlers(api: FlexApi): SafetyHandlers {
  return {
    backup: async ({ path: out }) => backup(api, out),
    restore: async ({ path: file }) => restore(api, file),
    backups: async () => backups(api),
  };
}
