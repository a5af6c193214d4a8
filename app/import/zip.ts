// The entries of a zip archive (an .xlsx or an OpenDocument file), read through its central
// directory so that one entry can be streamed on its own, whatever the order the
// program stored them in. Stored and deflated entries; no ZIP64 (a spreadsheet of
// more than 4 GB is refused with a sentence).

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { InputError } from '../errors';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The archive's entries, from its central directory. */
export async function zipEntries(path: string, fileName: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, 65_557));
    await handle.read(tail, 0, tail.length, size - tail.length);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    const broken = (why: string): InputError => new InputError(`${fileName} is a damaged zip archive (${why}); open it in the program that made it and save it again`);
    if (eocd < 0) throw broken('its table of contents is missing');
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) throw new InputError(`${fileName} is a ZIP64 archive, too large to be a spreadsheet we read; save the table as CSV`);
    if (dirOffset + dirSize > size) throw broken('its table of contents points past its end');
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw broken('its table of contents is cut short');
      const nameLength = dir.readUInt16LE(p + 28);
      const extra = dir.readUInt16LE(p + 30);
      const comment = dir.readUInt16LE(p + 32);
      entries.push({
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localHeader: dir.readUInt32LE(p + 42),
        name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extra + comment;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** A stream of an entry's uncompressed bytes. */
export async function openEntry(path: string, fileName: string, entry: ZipEntry, chunkSize?: number): Promise<Readable> {
  const handle = await open(path, 'r');
  let dataStart: number;
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, entry.localHeader);
    if (header.readUInt32LE(0) !== LOCAL) throw new InputError(`${fileName} is a damaged zip archive (entry ${entry.name} is not where its table of contents says)`);
    dataStart = entry.localHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 1 << 20 });
  if (entry.method === 0) return raw;
  if (entry.method !== 8) throw new InputError(`${fileName}: entry ${entry.name} is compressed in a way we do not read (method ${entry.method}); save the file again`);
  // Larger pieces of inflated bytes mean fewer trips to the thread that inflates them.
  const inflate = createInflateRaw(chunkSize !== undefined ? { chunkSize } : {});
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}
