// Imports: files read into the usage days, the list of every file offered, undo,
// and the demo data (SPEC §4).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatCount } from '../billing/money';
import type { IsoMonth } from '../billing/types';
import type { ImportOutcome, ImportProgress } from '../api-types';
import type { Core, HandlerContext } from '../core';
import { writeDemoFiles } from '../demo';
import { CancelledError, describeError } from '../errors';
import { hashFile } from '../files';
import { readUsageFile } from '../import';
import type { ImportRecord } from '../records';
import { dateTime, notImportedCancelled, plural } from '../words';
import { filePath, none, wholeNumber } from './schemas';

export const schemas = {
  imports: none,
  undoImport: z.object({ id: wholeNumber(1, Number.MAX_SAFE_INTEGER, () => 'The import number is a whole number, as `flexbill imports` lists them.') }).strict(),
  importFiles: z.object({
    // As many as a shell glob gives the command line (`flexbill import exports/*.csv`).
    paths: z.array(filePath).min(1).max(100_000),
    license: z.string().trim().max(200).optional(),
    /** The names to show and record for the files, when they differ from the paths (uploads). */
    names: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
  }).strict(),
  loadDemo: none,
};

export interface ImportOptions {
  license?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** The names to show and record for the files, when they differ from the paths (uploads). */
  displayNames?: string[];
}

/** Imports files one by one; a rejected file does not stop the others. */
export async function importFiles(core: Core, paths: string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const [index, file] of paths.entries()) {
    const displayName = options.displayNames?.[index] ?? path.basename(file);
    if (options.signal?.aborted) {
      outcomes.push({ file: displayName, status: 'cancelled', message: notImportedCancelled(displayName), record: null });
      continue;
    }
    outcomes.push(await importOne(core, file, displayName, index, paths.length, options));
  }
  return outcomes;
}

async function importOne(core: Core, file: string, displayName: string, fileIndex: number, fileCount: number, options: ImportOptions): Promise<ImportOutcome> {
  const { imports } = core.store;
  let parsed;
  try {
    parsed = await readUsageFile(file, {
      license: options.license,
      signal: options.signal,
      displayName,
      onProgress: (bytesRead, totalBytes) => options.onProgress?.({ fileIndex, fileCount, file: displayName, bytesRead, totalBytes }),
    });
  } catch (e) {
    if (e instanceof CancelledError) return { file: displayName, status: 'cancelled', message: notImportedCancelled(displayName), record: null };
    const reason = describeError(e);
    return { file: displayName, status: 'rejected', message: reason, record: recordRejection(core, file, displayName, reason) };
  }
  const earlier = imports.findImportedBySha(parsed.sha256);
  if (earlier) {
    const message = `${displayName}: already imported on ${dateTime(earlier.importedAt)} as #${earlier.id} (${earlier.fileName}); nothing to do.`;
    const record = imports.recordNotImported({ fileName: displayName, filePath: file, size: parsed.size, sha256: parsed.sha256, format: parsed.format, status: 'duplicate', reason: message });
    return { file: displayName, status: 'duplicate', message, record };
  }
  const record = imports.apply({ ...parsed, fileName: displayName }, file);
  let message = describeImport(record);
  const closed = closedMonthsTouched(core, record);
  if (closed.length > 0) {
    message += ` ${closed.join(', ')} ${closed.length === 1 ? 'is' : 'are'} closed: the figures kept at closing stay until you reopen ${closed.length === 1 ? 'it' : 'them'}; the changes wait.`;
  }
  return { file: displayName, status: 'imported', message, record };
}

function recordRejection(core: Core, file: string, displayName: string, reason: string): ImportRecord | null {
  let facts: { size: number; sha256: string };
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return null;
    facts = { size: st.size, sha256: hashFile(file) };
  } catch {
    return null; // no such file: nothing to record
  }
  return core.store.imports.recordNotImported({ fileName: displayName, filePath: file, ...facts, status: 'rejected', reason });
}

function closedMonthsTouched(core: Core, r: ImportRecord): IsoMonth[] {
  if (!r.dateFrom || !r.dateTo) return [];
  const from = r.dateFrom.slice(0, 7);
  const to = r.dateTo.slice(0, 7);
  return core.store.months.closedMonths().map((c) => c.month).filter((m) => m >= from && m <= to);
}

/** Loads sample data (a few licenses over two months) through the ordinary import. */
export async function loadDemo(core: Core): Promise<ImportOutcome[]> {
  const files = await writeDemoFiles();
  try {
    return await importFiles(core, files);
  } finally {
    await fs.promises.rm(path.dirname(files[0]!), { recursive: true, force: true });
  }
}

function describeImport(r: ImportRecord): string {
  const parts = [`${r.fileName}: imported as #${r.id}`];
  const lic = r.licenses.length === 1 ? `license ${r.licenses[0]}` : `${r.licenses.length} licenses`;
  parts.push(`${lic}, ${r.dateFrom} to ${r.dateTo}`);
  parts.push(`${plural(r.daysAdded, 'day')} added, ${formatCount(r.daysReplaced)} replaced, ${formatCount(r.daysUnchanged)} unchanged`);
  let s = parts.join(' — ');
  if (r.replacements.length > 0) {
    const shown = r.replacements.slice(0, 3).map((x) => `${x.license} ${x.date}: ${formatCount(x.old)} → ${formatCount(x.new)}`).join('; ');
    s += ` (${shown}${r.daysReplaced > 3 ? '; …' : ''})`;
  }
  if (r.warnings.length > 0) s += `. Warnings: ${r.warnings.join(' ')}`;
  return s + (s.endsWith('.') ? '' : '.');
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core, ctx: HandlerContext) {
  return {
    imports: async (_: In<'imports'>) => core.store.imports.list(),
    undoImport: async ({ id }: In<'undoImport'>) => core.store.imports.undo(id),
    importFiles: async ({ paths, license, names }: In<'importFiles'>) =>
      importFiles(core, paths, { license: license || undefined, displayNames: names, onProgress: ctx.onImportProgress, signal: ctx.signal }),
    loadDemo: async (_: In<'loadDemo'>) => loadDemo(core),
  };
}
