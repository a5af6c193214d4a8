// Imports: files read into the usage days, the list of every file offered, undo,
// and the demo data (SPEC §4).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { lastDayOfMonth } from '../billing/calendar';
import { countsByMonth } from '../store/merge';
import { DAYS, dateOf } from '../store/packed';
import { checkLicenseKey, mayHaveOutlierDays, OUTLIER_FACTOR, outlierDays } from '../billing/checks';
import { formatCount } from '../billing/money';
import type { IsoDate, IsoMonth } from '../billing/types';
import type { ImportChoice, ImportOutcome, ImportProgress } from '../api-types';
import type { Core, HandlerContext } from '../core';
import { writeDemoFiles } from '../demo';
import { CancelledError, DatabaseError, describeError, InputError } from '../errors';
import { hashFile } from '../files';
import { readUsageFile, type ParsedFile } from '../import';
import { DateOrderError } from '../import/dates';
import { today } from '../clock';
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
    /** The order of slash dates a file cannot prove (SPEC §4.4): the clerk's answer. */
    dates: z.enum(['dmy', 'mdy'], { error: 'The date order is dmy (day/month/year) or mdy (month/day/year).' }).optional(),
    /** Import the same bytes again as `license`, undoing this earlier import of them. */
    replacing: wholeNumber(1, Number.MAX_SAFE_INTEGER, () => 'The import replaced is a whole number, as `flexbill imports` lists them.').optional(),
    /** The names to show and record for the files, when they differ from the paths (uploads). */
    names: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
  }).strict(),
  loadDemo: none,
};

export interface ImportOptions extends ImportChoice {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** The names to show and record for the files, when they differ from the paths (uploads). */
  displayNames?: string[];
  /** Mailboxes held in memory while a file is read before they are set aside (tests make it small). */
  spillAt?: number;
}

/** Imports files one by one; a rejected file does not stop the others. */
export async function importFiles(core: Core, paths: string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
  if (options.license !== undefined && options.license.trim() !== '') {
    // A key given by hand must look like one (SPEC §4.2), before any file is read.
    const checked = checkLicenseKey(options.license);
    if ('problem' in checked) throw new InputError(checked.problem);
    options = { ...options, license: checked.key };
  }
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
  let parsed;
  try {
    parsed = await readUsageFile(file, {
      license: options.license,
      dates: options.dates,
      today: today(core.clock),
      signal: options.signal,
      displayName,
      spillAt: options.spillAt,
      onProgress: (bytesRead, totalBytes) => options.onProgress?.({ fileIndex, fileCount, file: displayName, bytesRead, totalBytes }),
    });
  } catch (e) {
    if (e instanceof CancelledError) return { file: displayName, status: 'cancelled', message: notImportedCancelled(displayName), record: null };
    const reason = describeError(e);
    const outcome: ImportOutcome = { file: displayName, status: 'rejected', message: reason, record: recordRejection(core, file, displayName, reason) };
    // The app asks the clerk which order the dates are in, showing both readings.
    if (e instanceof DateOrderError) outcome.dateOrder = e.readings;
    return outcome;
  }
  try {
    return storeParsed(core, parsed, file, displayName, options);
  } finally {
    // A large file's mailboxes set aside on disk while it was read.
    parsed.release?.();
  }
}

function storeParsed(core: Core, parsed: ParsedFile, file: string, displayName: string, options: ImportOptions): ImportOutcome {
  const { imports } = core.store;
  const earlier = imports.findImportedBySha(parsed.sha256);
  if (earlier && options.replacing === earlier.id && parsed.licenseGiven !== null && !earlier.licenses.includes(parsed.licenseGiven)) {
    // The clerk chose to import the same bytes again as another license.
    imports.undo(earlier.id);
  } else if (earlier) {
    // A file that names no license went to the license given then: that may have been the wrong one.
    const byHand = parsed.licenseGiven !== null;
    const message =
      `${displayName}: already imported on ${dateTime(earlier.importedAt)} as #${earlier.id} (${earlier.fileName})` +
      (byHand
        ? ` for license ${earlier.licenses.join(', ')}; nothing to do, unless that was the wrong license: then import it again as another (the app offers it; on the command line: flexbill undo ${earlier.id}, then import it with --license).`
        : '; nothing to do.');
    const record = imports.recordNotImported({ fileName: displayName, filePath: file, size: parsed.size, sha256: parsed.sha256, format: parsed.format, status: 'duplicate', reason: message });
    const outcome: ImportOutcome = { file: displayName, status: 'duplicate', message, record };
    if (byHand) outcome.reimport = { earlierId: earlier.id, earlierLicenses: earlier.licenses };
    return outcome;
  }
  const newLicense = parsed.licenseGiven !== null && core.store.licenses.get(parsed.licenseGiven) === null ? parsed.licenseGiven : null;
  parsed.warnings.push(...outlierWarnings(core, parsed));
  let record: ImportRecord;
  try {
    record = imports.apply({ ...parsed, fileName: displayName }, file);
  } catch (e) {
    // Refused while storing (a day's domains adding up past what a day can hold):
    // this file is not imported, the others of the batch still are. A problem of the
    // database itself (a full disk, the write lock) stops the batch with its sentence.
    if (!(e instanceof InputError) || e instanceof DatabaseError) throw e;
    const reason = e.message.startsWith(displayName) ? e.message : `${displayName}: ${e.message}`;
    return { file: displayName, status: 'rejected', message: reason, record: recordRejection(core, file, displayName, reason) };
  }
  let message = describeImport(record);
  if (newLicense !== null) message += ` New license ${newLicense}: it was created by this import.`;
  if (earlier) message += ` It replaces import #${earlier.id} of the same file for license ${earlier.licenses.join(', ')}, which was undone.`;
  const closed = closedMonthsTouched(core, record);
  if (closed.length > 0) {
    message += ` ${closed.join(', ')} ${closed.length === 1 ? 'is' : 'are'} closed: the figures kept at closing stay until you reopen ${closed.length === 1 ? 'it' : 'them'}; the changes wait.`;
  }
  const outcome: ImportOutcome = { file: displayName, status: 'imported', message, record };
  if (newLicense !== null) outcome.newLicense = newLicense;
  return outcome;
}

/**
 * Days of the file far above their month's usual level, the month taken as it will be
 * after this file (the stored days, with the file's in their place).
 */
function outlierWarnings(core: Core, parsed: ParsedFile): string[] {
  const out: string[] = [];
  // The licenses stored in each month of the file: one read per month, not one per license-month.
  const storedIn = new Map<string, Set<string>>();
  const stored = (month: string): Set<string> => {
    let s = storedIn.get(month);
    if (!s) storedIn.set(month, (s = new Set(core.store.usage.licensesOfMonth(month))));
    return s;
  };
  const scratch = new Float64Array(DAYS);
  for (const l of parsed.licenses) {
    for (const [month, counts] of countsByMonth(l)) {
      // A month the store does not have for this license: its days are the file's,
      // and most months have no day far above their median, which plain numbers tell.
      if (!stored(month).has(l.key) && !mayHaveOutlierDays(counts, scratch)) continue;
      const m = month as IsoMonth;
      const merged = new Map<IsoDate, number>(core.store.usage.daysOfLicense(l.key, `${m}-01` as IsoDate, lastDayOfMonth(m)).map((d) => [d.date, d.count]));
      const fileDays = new Set<IsoDate>();
      for (let i = 0; i < DAYS; i++) {
        if (counts[i]! < 0) continue;
        const d = dateOf(m, i + 1) as IsoDate;
        fileDays.add(d);
        merged.set(d, counts[i]!);
      }
      for (const o of outlierDays([...merged].map(([date, count]) => ({ date, count })))) {
        if (!fileDays.has(o.date)) continue;
        out.push(`license ${l.key}, ${o.date}: ${formatCount(o.count)} is more than ${OUTLIER_FACTOR}× the month's median (${formatCount(o.median)}); only the two highest days are dropped, so check it`);
      }
    }
  }
  return out;
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
    importFiles: async ({ paths, license, dates, replacing, names }: In<'importFiles'>) =>
      importFiles(core, paths, { license: license || undefined, dates, replacing, displayNames: names, onProgress: ctx.onImportProgress, signal: ctx.signal }),
    loadDemo: async (_: In<'loadDemo'>) => loadDemo(core),
  };
}
