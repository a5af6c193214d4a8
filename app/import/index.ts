// Reading one usage file into a checked, in-memory ParsedFile (SPEC §4). Nothing is
// stored here: the store applies a ParsedFile in one transaction, so a rejected
// file leaves no trace. The format is found from the content, not the file name.

import { basename } from 'node:path';
import { InputError } from '../errors';
import { readDelimited } from './delimited';
import { readJson } from './json';
import { readOds } from './ods';
import { readXlsx } from './xlsx';
import { detectEncoding, FileSource, TextSource, utf16Unit, type TextEncoding } from './source';
import type { ReaderResult } from './table';
import type { ParsedFile, ReadOptions } from './types';

export type { ImportFormat, LicenseMeta, MailboxMonth, ParsedFile, ParsedLicense, ReadOptions, UsageKind } from './types';

type Detected = 'xlsx' | 'ods' | 'json' | 'text';

/** The first character that is not white space, read from the raw bytes after the BOM. */
function firstChar(head: Buffer, encoding: TextEncoding, bom: boolean): number {
  if (encoding === 'utf-8') {
    for (let i = bom ? 3 : 0; i < head.length; i++) {
      const b = head[i] as number;
      if (b !== 32 && b !== 9 && b !== 10 && b !== 13) return b;
    }
    return -1;
  }
  const le = encoding === 'utf-16le';
  for (let i = bom ? 2 : 0; i + 1 < head.length; i += 2) {
    const c = utf16Unit(head, i, le);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}

const ODF = 'application/vnd.oasis.opendocument.';

/**
 * Which kind of zip archive a file is, from its first entries (their names are plain
 * bytes in the local headers; ODF stores its media type uncompressed first).
 * Workbooks we read come back; documents we do not read are refused, by name.
 */
function zipKind(head: Buffer, fileName: string): 'xlsx' | 'ods' {
  const text = head.toString('latin1', 0, Math.min(head.length, 1 << 16));
  if (text.startsWith('mimetype', 30)) {
    const type = text.slice(38, 38 + 80);
    if (type.startsWith(`${ODF}spreadsheet`) && !type.startsWith(`${ODF}spreadsheet-template`)) return 'ods';
    const kind = type.startsWith(`${ODF}text`) ? 'an OpenDocument text document (.odt)' : type.startsWith(`${ODF}presentation`) ? 'an OpenDocument presentation (.odp)' : 'an OpenDocument file that is not a spreadsheet';
    throw new InputError(`${fileName} is ${kind}: put the usage table in a spreadsheet and save it as .ods, .xlsx or CSV`);
  }
  if (text.includes('Index/Document.iwa') || (text.includes('Index/') && text.includes('.iwa'))) {
    throw new InputError(`${fileName} is an Apple Numbers document, which we cannot read: in Numbers choose File > Export To > Excel (or CSV) and import that file`);
  }
  if (text.includes('word/')) throw new InputError(`${fileName} is a Word document (.docx): put the usage table in a spreadsheet and save it as .xlsx or CSV`);
  if (text.includes('ppt/')) throw new InputError(`${fileName} is a PowerPoint presentation (.pptx): save the usage table as .xlsx or CSV`);
  if (text.includes('xl/') || text.includes('[Content_Types].xml')) return 'xlsx';
  // Nothing in the first entries tells: a damaged workbook, most likely; its name says which.
  if (/\.xls[xm]$/i.test(fileName)) return 'xlsx';
  if (/\.ods$/i.test(fileName)) return 'ods';
  throw new InputError(`${fileName} is a zip archive, not a workbook: unpack it and import the usage files inside`);
}

/** What the first bytes say the file is; a binary file we do not read is rejected, by kind. */
function detect(head: Buffer, fileName: string): Detected {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return zipKind(head, fileName);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new InputError(`${fileName} is an old Excel workbook (.xls) or another old Office file, which we do not read: open it and save it as .xlsx (Excel Workbook) or CSV, then import that`);
  }
  if (head.toString('latin1', 0, 5) === '%PDF-') {
    throw new InputError(`${fileName} is a PDF document: the figures in a PDF cannot be read back reliably; export the usage from the program that made it as .xlsx or CSV`);
  }
  const { encoding, bom } = detectEncoding(head);
  if (encoding === 'utf-8' && looksBinary(head)) {
    throw new InputError(`${fileName} is not a usage export: it is not text, a workbook (.xlsx, .ods) or JSON (it looks like a binary file)`);
  }
  const c = firstChar(head, encoding, bom);
  if (c === -1) throw new InputError(`${fileName} is not a usage export: it holds no text`);
  return c === 0x5b || c === 0x7b ? 'json' : 'text';
}

/** NUL bytes or many control characters in the first 8 KB: no text export looks like that. */
function looksBinary(head: Buffer): boolean {
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control > n / 20;
}

/**
 * Reads and checks one usage file: CSV and other delimited text, XLSX or JSON.
 * Rejects bad input with an InputError naming the file and the line (or sheet and
 * cell, or JSON item); throws CancelledError when `options.signal` is aborted.
 */
export async function readUsageFile(path: string, given: ReadOptions = {}): Promise<ParsedFile> {
  // Uploads are read from a temp path: messages and the record use the name the clerk knows.
  const fileName = given.displayName?.trim() || basename(path);
  // Temp files of a reading given up (a rejected file) are removed at once.
  const tempFiles: (() => void)[] = [];
  const removeTempFiles = () => tempFiles.splice(0).forEach((remove) => remove());
  const options: ReadOptions = { ...given, onTempFile: (remove) => tempFiles.push(remove) };
  try {
    return await readChecked(path, fileName, options);
  } catch (e) {
    removeTempFiles();
    throw e;
  }
}

async function readChecked(path: string, fileName: string, options: ReadOptions): Promise<ParsedFile> {
  const source = await FileSource.open(path, options);
  let result: ReaderResult;
  let sha256: string;
  try {
    if (source.size === 0) throw new InputError(`${fileName} is empty`);
    const kind = detect(source.head, fileName);
    if (kind === 'xlsx' || kind === 'ods') {
      await source.close();
      const x = kind === 'xlsx' ? await readXlsx(path, fileName, source.size, options) : await readOds(path, fileName, source.size, options);
      result = x;
      sha256 = x.sha256;
    } else {
      // A large file is hashed on a second thread while this one parses it.
      source.hashInParallel();
      const text = new TextSource(source, fileName);
      result = kind === 'json' ? await readJson(text, fileName, options) : await readDelimited(text, fileName, options);
      // Whatever a reader left unread still belongs to the file's hash.
      await source.drain();
      sha256 = await source.digest(fileName);
    }
  } finally {
    await source.close().catch(() => undefined);
  }

  const collector = result.collector;
  const { licenses, warnings, licenseGiven } = collector.build();
  if (licenses.length === 0) throw new InputError(`${fileName} has no usage rows`);
  return {
    fileName,
    size: source.size,
    sha256,
    format: result.format,
    detail: result.detail,
    kind: result.collector.kind,
    rows: result.collector.rows,
    licenses,
    warnings,
    licenseGiven,
    ...(collector.spilled ? { release: () => collector.release() } : {}),
  };
}
