// Saving a workbook: into a temporary file beside the target, then renamed
// onto it, so a failure never leaves half a workbook where the invoice (or
// the quote) should be.

import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors';
import type ExcelJS from 'exceljs';
import type { InvoiceData } from './types';
import { buildInvoiceWorkbook } from './workbook';

/** What is being saved, as the error sentences name it: "Cannot save the quote: ...". */
export type SavedDocument = 'invoice' | 'quote';

const errnoCode = (e: unknown): string | undefined =>
  e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;

const isWindows = process.platform === 'win32';

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** The sentence for a failure to write the temporary file in `folder`. */
function writeFailure(e: unknown, folder: string, what: SavedDocument): Error {
  const code = errnoCode(e);
  if (code === 'ENOENT') {
    return new InputError(`Cannot save the ${what}: the folder ${folder} does not exist.`);
  }
  if (code === 'ENOTDIR') {
    return new InputError(`Cannot save the ${what}: ${folder} is not a folder.`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError(`Cannot save the ${what}: you do not have permission to write in the folder ${folder}; choose another folder.`);
  }
  if (code === 'EROFS') {
    return new InputError(`Cannot save the ${what}: the folder ${folder} is read-only; choose another folder.`);
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new InputError(`Cannot save the ${what}: the disk of ${folder} is full.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** The sentence for a failure to put the finished file in place at `target`. */
async function renameFailure(e: unknown, target: string, what: SavedDocument): Promise<Error> {
  const code = errnoCode(e);
  if (await isFolder(target)) {
    return new InputError(`Cannot save the ${what}: ${target} is a folder; choose a file name such as ${what}${path.extname(target) || '.xlsx'}.`);
  }
  if (code === 'EBUSY' || (isWindows && (code === 'EPERM' || code === 'EACCES'))) {
    return new InputError(`Cannot save the ${what}: ${target} is open in another program (Excel?); close it and export again.`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError(`Cannot save the ${what}: you do not have permission to replace ${target}.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** A file in use (Excel, a virus scanner) on Windows: retried briefly, since a scanner lets go soon. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const code = errnoCode(e);
      const transient = isWindows && (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES');
      if (!transient || attempt >= 4) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}

async function removeQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch {
    // Already gone, or never made: nothing to clean up.
  }
}

/**
 * Saves `workbook` at `outPath`, replacing a file there, all at once: written
 * beside it under a temporary name, then renamed onto it. Errors a person can
 * act on (missing folder, no permission, the file open in Excel) are
 * InputErrors with a sentence saying so, naming the document (`what`).
 */
export async function writeWorkbookAtomically(workbook: ExcelJS.Workbook, outPath: string, what: SavedDocument = 'invoice'): Promise<void> {
  // The fastest deflate level: a third of the time of the default on 60,000
  // daily rows, for a file about a third larger.
  const xlsx = await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } });
  await writeFileAtomically(Buffer.from(xlsx), outPath, what);
}

/** Saves `buffer` at `outPath` the same way: a temporary file beside it, renamed onto it. */
export async function writeFileAtomically(buffer: Buffer, outPath: string, what: SavedDocument = 'invoice'): Promise<void> {
  const target = path.resolve(outPath);
  const folder = path.dirname(target);

  const temp = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(buffer);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await removeQuietly(temp);
    throw writeFailure(e, folder, what);
  }

  try {
    await renameWithRetry(temp, target);
  } catch (e) {
    await removeQuietly(temp);
    throw await renameFailure(e, target, what);
  }
}

/**
 * Builds the invoice workbook and saves it at `outPath`, replacing a file
 * there (see writeWorkbookAtomically).
 */
export async function writeInvoice(data: InvoiceData, outPath: string): Promise<void> {
  await writeWorkbookAtomically(buildInvoiceWorkbook(data), outPath, 'invoice');
}

/** Writes the invoice as a PDF at `outPath` (see writeFileAtomically). */
export async function writeInvoicePdf(data: InvoiceData, outPath: string): Promise<void> {
  const { invoicePdf } = await import('./pdf');
  await writeFileAtomically(invoicePdf(data), outPath, 'invoice');
}
