import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../app/errors';
import { writeInvoice } from '../../app/invoice';
import { fullMonth, invoiceData, tempFolder } from './helpers';

const root = tempFolder();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const data = invoiceData('2026-10', [{ key: 'ACME-0001', name: 'mail01', counts: fullMonth(31, 1) }]);

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

/**
 * Makes `folder` read-only, for root too: chmod does not stop root, the
 * immutable attribute does (where the file system has it). Returns how to undo
 * it, or null when the folder stays writable here.
 */
function makeReadOnly(folder: string): (() => void) | null {
  chmodSync(folder, 0o555);
  let immutable = false;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', folder], { stdio: 'ignore' });
      immutable = true;
    } catch {
      // No chattr, or a file system without the attribute.
    }
  }
  const undo = (): void => {
    if (immutable) execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
    chmodSync(folder, 0o755);
  };
  try {
    writeFileSync(path.join(folder, 'probe'), 'x');
  } catch {
    return undo;
  }
  rmSync(path.join(folder, 'probe'));
  undo();
  return null;
}

describe('writeInvoice', () => {
  it('writes the workbook and leaves no temporary file', async () => {
    const folder = path.join(root, 'ok');
    mkdirSync(folder);
    const file = path.join(folder, 'invoice-2026-10.xlsx');
    await writeInvoice(data, file);
    expect(readdirSync(folder)).toEqual(['invoice-2026-10.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
  });

  it('replaces an existing invoice as a whole', async () => {
    const folder = path.join(root, 'replace');
    mkdirSync(folder);
    const file = path.join(folder, 'invoice.xlsx');
    writeFileSync(file, 'an older invoice');
    await writeInvoice(data, file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(folder)).toEqual(['invoice.xlsx']);
  });

  it('says so when the folder does not exist, and leaves nothing behind', async () => {
    const missing = path.join(root, 'missing', 'deeper');
    const e = await failure(writeInvoice(data, path.join(missing, 'invoice.xlsx')));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(`Cannot save the invoice: the folder ${missing} does not exist.`);
    expect(readdirSync(root)).not.toContain('missing');
  });

  it('says so when the target is a folder, and removes its temporary file', async () => {
    const folder = path.join(root, 'target-is-folder');
    const target = path.join(folder, 'invoice.xlsx');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'keep.txt'), 'x');
    const e = await failure(writeInvoice(data, target));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(`Cannot save the invoice: ${target} is a folder; choose a file name such as invoice.xlsx.`);
    expect(readdirSync(folder)).toEqual(['invoice.xlsx']);
    expect(statSync(target).isDirectory()).toBe(true);
  });

  it('says so when the folder is read-only, and leaves the folder as it was', async (ctx) => {
    const folder = path.join(root, 'read-only');
    mkdirSync(folder);
    const undo = makeReadOnly(folder);
    if (!undo) ctx.skip();
    try {
      const e = await failure(writeInvoice(data, path.join(folder, 'invoice.xlsx')));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(
        `Cannot save the invoice: you do not have permission to write in the folder ${folder}; choose another folder.`,
      );
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      undo?.();
    }
  });

  it('resolves a relative path against the working folder', async () => {
    const folder = path.join(root, 'relative');
    mkdirSync(folder);
    const relative = path.relative(process.cwd(), path.join(folder, 'rel.xlsx'));
    await writeInvoice(data, relative);
    expect(readdirSync(folder)).toEqual(['rel.xlsx']);
  });
});
