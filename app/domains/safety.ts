// Data safety (SPEC §13) as a domain of the method table: a backup on demand, the
// automatic backups beside the database, and restore. The work is in app/store/backup.
import path from 'node:path';
import { z } from 'zod';
import type { Core } from '../core';
import { backupTo, listAutomaticBackups, restoreDatabase, type AutomaticBackup, type BackupResult, type RestoreResult } from '../store/backup';
import { optionsOf } from '../store/connect';
import { filePath, none } from './schemas';

export type { AutomaticBackup, BackupResult, RestoreResult };

export const schemas = {
  backup: z.object({ path: filePath }).strict(),
  restore: z.object({ path: filePath }).strict(),
  backups: none,
};

/** A backup of the open database at `out`, made while it stays in use. */
export async function backup(core: Core, out: string): Promise<BackupResult> {
  return backupTo(core.store.db, path.resolve(out));
}

/**
 * Restores `file` over the open database: it is closed for the replacement and
 * opened again whatever happens, on the restored data or, when the file was
 * refused, on the data as it was.
 */
export async function restore(core: Core, file: string): Promise<RestoreResult> {
  const options = optionsOf(core.store.db);
  core.store.close();
  try {
    return await restoreDatabase(core.dbPath, file, options);
  } finally {
    core.reopen();
  }
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    backup: async ({ path: out }: In<'backup'>) => backup(core, out),
    restore: async ({ path: file }: In<'restore'>) => restore(core, file),
    /** The automatic backups beside the database, newest first. */
    backups: async (_: In<'backups'>): Promise<AutomaticBackup[]> => listAutomaticBackups(core.dbPath),
  };
}
