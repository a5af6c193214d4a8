import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { InputError } from '../../app/errors';
import { readUsageFile } from '../../app/import';
import type { ParsedFile, ParsedLicense, ReadOptions } from '../../app/import/types';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The shared samples (test/fixtures). */
export const sample = (name: string): string => path.join(here, '..', 'fixtures', name);
/** The import tests' own small files (test/fixtures/import). */
export const fixture = (name: string): string => path.join(here, '..', 'fixtures', 'import', name);

export async function read(file: string, options?: ReadOptions): Promise<ParsedFile> {
  return readUsageFile(file, options);
}

/** The InputError message a file is rejected with (fails when it is read, or fails otherwise). */
export async function rejection(file: string, options?: ReadOptions): Promise<string> {
  try {
    await readUsageFile(file, options);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error(`${path.basename(file)} was read, but should have been rejected`);
}

export function license(file: ParsedFile, key: string): ParsedLicense {
  const found = file.licenses.find((l) => l.key === key);
  if (!found) throw new Error(`no license ${key} in ${file.fileName}: ${file.licenses.map((l) => l.key).join(', ')}`);
  return found;
}

/** The days of a license as a plain sorted object, for readable comparisons. */
export function days(l: ParsedLicense): Record<string, number> {
  return Object.fromEntries([...l.days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A temp folder for generated files, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'flexbill-import-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
