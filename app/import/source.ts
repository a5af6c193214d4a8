// Reading a file in chunks of 1 MiB into reused buffers: every byte goes through the
// SHA-256 once, progress is reported every few MB, and cancellation is checked
// between chunks. Text is decoded chunk by chunk, so memory does not grow with the
// file's size.

import { isAscii, isUtf8 } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { CancelledError, InputError } from '../errors';

export const CHUNK = 1 << 20;
/** Progress is reported after this many bytes (and at the end). */
export const PROGRESS_EVERY = 4 * CHUNK;
/** Text is handed out in pieces of about this many bytes (see TextSource.nextPiece). */
const PIECE = 64 * 1024;

export interface SourceOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Files at least this large are hashed on a second thread while they are parsed on this one. */
export const PARALLEL_HASH_BYTES = 8 * CHUNK;

/** The SHA-256 of a whole file, read on its own in a worker thread (plain JS: no bundle to load). */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const hash = require('node:crypto').createHash('sha256');
const fd = fs.openSync(workerData.path, 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let size = 0;
for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
fs.closeSync(fd);
parentPort.postMessage({ digest: hash.digest('hex'), size });`;

class ParallelHash {
  private readonly worker: Worker;
  readonly result: Promise<{ digest: string; size: number }>;

  constructor(path: string) {
    this.worker = new Worker(HASH_WORKER, { eval: true, workerData: { path } });
    this.worker.unref();
    this.result = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the hashing thread stopped (${code})`)));
    });
    this.result.catch(() => undefined);
  }

  stop(): void {
    void this.worker.terminate();
  }
}

export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export class FileSource {
  /** The first chunk, read on open for format detection; handed out by the first `readInto`. */
  head: Buffer;
  bytesRead = 0;
  private readonly hash: Hash = createHash('sha256');
  /** A large file's hash, made on another thread from its own read of the file. */
  private parallel: ParallelHash | null = null;
  private lastReported = 0;
  private headPending = true;

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly options: SourceOptions,
    private readonly path: string,
  ) {
    this.head = Buffer.alloc(0);
  }

  static async open(path: string, options: SourceOptions): Promise<FileSource> {
    checkCancelled(options.signal);
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      const source = new FileSource(handle, stat.size, options, path);
      const head = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(stat.size, 1)));
      const n = await source.readRaw(head, 0, head.length);
      source.head = head.subarray(0, n);
      return source;
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  private async readRaw(buffer: Buffer, offset: number, length: number): Promise<number> {
    checkCancelled(this.options.signal);
    let total = 0;
    // A read may return less than asked before the end; fill the chunk.
    while (total < length) {
      const { bytesRead } = await this.handle.read(buffer, offset + total, length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > 0) {
      if (this.parallel === null) this.hash.update(buffer.subarray(offset, offset + total));
      this.bytesRead += total;
    }
    const done = total < length;
    if (this.options.onProgress && (this.bytesRead - this.lastReported >= PROGRESS_EVERY || (done && this.lastReported !== this.bytesRead))) {
      this.lastReported = this.bytesRead;
      this.options.onProgress(this.bytesRead, this.size);
    }
    return total;
  }

  /**
   * Up to `length` bytes into `buffer` at `offset`: the head first (copied), then the
   * rest of the file. 0 at the end.
   */
  async readInto(buffer: Buffer, offset: number, length: number): Promise<number> {
    if (this.headPending) {
      this.headPending = false;
      checkCancelled(this.options.signal);
      const n = Math.min(length, this.head.length);
      this.head.copy(buffer, offset, 0, n);
      if (n < this.head.length) {
        // Never happens with CHUNK-sized reads; kept correct for any caller.
        this.head = this.head.subarray(n);
        this.headPending = true;
      }
      return n;
    }
    return this.readRaw(buffer, offset, length);
  }

  /**
   * From here on the file is hashed on a second thread (when it is large enough to
   * pay for one): the bytes read so far are hashed here once more by the worker's own
   * read. Call before the reader starts.
   */
  hashInParallel(): void {
    if (this.size >= PARALLEL_HASH_BYTES && this.parallel === null) this.parallel = new ParallelHash(this.path);
  }

  /** Reads (and hashes) whatever is left, e.g. after a format that stopped early. */
  async drain(): Promise<void> {
    this.headPending = false;
    if (this.parallel !== null) return; // the other thread reads the whole file
    const buffer = Buffer.allocUnsafe(CHUNK);
    while ((await this.readRaw(buffer, 0, CHUNK)) > 0) {
      /* hashed as read */
    }
  }

  /** The SHA-256 of the file, once it is all read (see drain). */
  async digest(fileName = 'the file'): Promise<string> {
    if (this.parallel === null) return this.hash.digest('hex');
    const { digest, size } = await this.parallel.result;
    // The bytes hashed must be the bytes read: a file written to meanwhile is not imported.
    if (size !== this.size) {
      throw new InputError(`${fileName} changed while it was being read (${this.size} bytes, then ${size}); import it again once it is complete`);
    }
    return digest;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parallel?.stop();
    await this.handle.close();
  }
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The UTF-16 code unit of the two bytes at `i`, little-endian (`le`) or big-endian. */
export function utf16Unit(b: Buffer, i: number, le: boolean): number {
  return le ? (b[i] as number) | ((b[i + 1] as number) << 8) : ((b[i] as number) << 8) | (b[i + 1] as number);
}

/**
 * The encoding found from the byte order mark; without one, UTF-16 is recognised by
 * its zero bytes (text that is mostly ASCII has a zero in every other byte: the odd
 * ones in little-endian, the even ones in big-endian); else UTF-8 (which turns into
 * Windows-1252 while reading if the bytes are not valid UTF-8, see TextSource).
 */
export function detectEncoding(head: Buffer): { encoding: TextEncoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const pairs = Math.min(head.length, 8192) >> 1;
  if (pairs >= 2) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenZeros++;
      if (head[2 * i + 1] === 0) oddZeros++;
    }
    if (oddZeros >= 0.4 * pairs && evenZeros <= 0.05 * pairs) return { encoding: 'utf-16le', bom: false };
    if (evenZeros >= 0.4 * pairs && oddZeros <= 0.05 * pairs) return { encoding: 'utf-16be', bom: false };
  }
  return { encoding: 'utf-8', bom: false };
}

export function encodingLabel(encoding: TextEncoding, bom: boolean): string {
  if (encoding === 'windows-1252') return 'Windows-1252';
  if (encoding === 'utf-16le') return bom ? 'UTF-16 LE' : 'UTF-16 LE without BOM';
  if (encoding === 'utf-16be') return bom ? 'UTF-16 BE' : 'UTF-16 BE without BOM';
  return bom ? 'UTF-8 with BOM' : 'UTF-8';
}

/** What the import report says of a file read as legacy Windows text. */
export function encodingWarning(encoding: TextEncoding, fileName: string): string | null {
  return encoding === 'windows-1252'
    ? `${fileName} is not UTF-8 text: it was read as Windows-1252 (Western European), the encoding of older Windows programs; check the names in it`
    : null;
}

const WINDOWS_1252 = new TextDecoder('windows-1252');
const BOM = '\uFEFF';

/** Text without the byte order marks some programs write inside it (one every 1,024 characters). */
function withoutBoms(text: string): string {
  return text.includes(BOM) ? text.replaceAll(BOM, '') : text;
}

/**
 * Decoded text of a FileSource, one piece at a time; the BOM is dropped. Each piece
 * ends at a line end where the bytes allow (the rest waits, as bytes, for the next
 * read), so a reader rarely has to join pieces and the strings it scans are flat.
 */
export class TextSource {
  /** Found from the first bytes; UTF-8 becomes Windows-1252 at the first bytes that are not UTF-8. */
  encoding: TextEncoding;
  /** Whether a piece held valid UTF-8 beyond ASCII (then a later invalid byte cannot be Windows-1252). */
  private sawUtf8 = false;
  /** Bytes decoded before the current piece, for messages. */
  private offset = 0;
  readonly bom: boolean;
  /**
   * Two buffers, each with room for the bytes carried over (less than one chunk) and
   * one chunk: while a reader works on the text of one, the next chunk is read into
   * the other.
   */
  private readonly buffers = [Buffer.allocUnsafe(2 * CHUNK + 8), Buffer.allocUnsafe(2 * CHUNK + 8)] as const;
  private readonly views = this.buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.length));
  /** The buffer the next piece is decoded from, and the read filling it (null: not started). */
  private current = 0;
  private reading: Promise<number> | null = null;
  /** Bytes after the last line end, already at the start of the current buffer. */
  private carry = 0;
  /**
   * When the last piece was ASCII: where its first character is in `bytes` (character
   * i is byte asciiAt + i until the next call); else -1. Readers compare fields in
   * these bytes four at a time, which is much faster than character by character.
   */
  asciiAt = -1;
  bytes: DataView;
  private first = true;
  private done = false;

  constructor(
    private readonly source: FileSource,
    private readonly fileName = 'the file',
  ) {
    const { encoding, bom } = detectEncoding(source.head);
    this.encoding = encoding;
    this.bom = bom;
    this.bytes = this.views[0] as DataView;
  }

  /** The next piece of text, or null at the end of the file. */
  async next(): Promise<string | null> {
    this.asciiAt = -1;
    if (this.pendingBuffer !== null) return this.nextPiece();
    if (this.done) return null;
    const index = this.current;
    const buffer = this.buffers[index] as Buffer;
    const reading = this.reading ?? this.source.readInto(buffer, this.carry, CHUNK);
    this.reading = null;
    const n = await reading;
    let start = 0;
    if (this.first) {
      this.first = false;
      if (this.bom) start = this.encoding === 'utf-8' ? 3 : 2;
    }
    const end = this.carry + n;
    this.bytes = this.views[index] as DataView;
    if (n === 0) {
      this.done = true;
      this.carry = 0;
      // The last line (or a truncated character, decoded as a replacement character).
      return end > start ? this.decode(buffer, start, end) : null;
    }
    const cut = this.cut(buffer, start, end);
    // The rest goes to the front of the other buffer, and the next chunk is read after
    // it now, while the caller works on this chunk's pieces (whose bytes stay untouched).
    const other = this.buffers[1 - index] as Buffer;
    this.carry = buffer.copy(other, 0, cut, end);
    this.current = 1 - index;
    this.reading = this.source.readInto(other, this.carry, CHUNK);
    // A failed read (or a cancellation) is reported when the next piece is asked for;
    // if none is, it must not surface as an unhandled rejection.
    this.reading.catch(() => undefined);
    this.pendingBuffer = buffer;
    this.pendingAt = start;
    this.pendingEnd = cut;
    return this.nextPiece();
  }

  /**
   * The chunk's bytes not yet handed out (ending at a line end), in `pendingBuffer`.
   * They are handed out in pieces of about PIECE bytes, each ending at a line end: a
   * string of a megabyte would be a large object to V8, which lives until a full
   * garbage collection, so a file's pieces piled up in memory; small strings die young.
   */
  private pendingBuffer: Buffer | null = null;
  private pendingAt = 0;
  private pendingEnd = 0;

  private nextPiece(): string {
    const buffer = this.pendingBuffer as Buffer;
    const at = this.pendingAt;
    let end = this.pendingEnd;
    if (end - at > PIECE && (this.encoding === 'utf-8' || this.encoding === 'windows-1252')) {
      const lf = buffer.lastIndexOf(10, at + PIECE - 1);
      if (lf >= at) end = lf + 1;
    }
    this.pendingAt = end;
    if (end === this.pendingEnd) this.pendingBuffer = null;
    const views = this.views as DataView[];
    this.bytes = views[this.buffers[0] === buffer ? 0 : 1] as DataView;
    return this.decode(buffer, at, end);
  }

  /** Where to end this piece: after the last line end, else after the last whole character. */
  private cut(b: Buffer, start: number, end: number): number {
    if (this.encoding === 'utf-8' || this.encoding === 'windows-1252') {
      const lf = b.lastIndexOf(10, end - 1);
      if (lf >= start) return lf + 1;
      return this.encoding === 'utf-8' ? completeUtf8(b, start, end) : end;
    }
    // UTF-16: code units of two bytes from `start`; LF is 0A 00 (LE) or 00 0A (BE).
    const le = this.encoding === 'utf-16le';
    let last = start + ((end - start) & ~1);
    for (let i = last - 2; i >= start; i -= 2) {
      if (utf16Unit(b, i, le) === 10) return i + 2;
    }
    // No line end at all: keep a high surrogate with its pair.
    if (last - 2 >= start) {
      const unit = utf16Unit(b, last - 2, le);
      if (unit >= 0xd800 && unit <= 0xdbff) last -= 2;
    }
    return last;
  }

  private decode(b: Buffer, start: number, end: number): string {
    this.asciiAt = -1;
    const at = this.offset;
    this.offset += end - start;
    if (this.encoding === 'utf-8' || this.encoding === 'windows-1252') {
      const bytes = b.subarray(start, end);
      // Pure ASCII (the usual export) decodes several times faster this way, and is
      // the same text in UTF-8 and Windows-1252.
      if (isAscii(bytes)) {
        this.asciiAt = start;
        return b.toString('ascii', start, end);
      }
      if (this.encoding === 'utf-8') {
        if (isUtf8(bytes)) {
          this.sawUtf8 = true;
          return withoutBoms(b.toString('utf8', start, end));
        }
        if (this.sawUtf8 || hasUtf8Sequence(bytes)) {
          throw new InputError(
            `${this.fileName} mixes encodings: it has UTF-8 text and, near byte ${at + firstInvalidUtf8(bytes)}, bytes that are not UTF-8; save it again as UTF-8`,
          );
        }
        this.encoding = 'windows-1252';
      } else if (hasUtf8Sequence(bytes)) {
        // Read as Windows-1252 since an earlier piece: UTF-8 here would be misread.
        throw new InputError(
          `${this.fileName} mixes encodings: it has text that is not UTF-8 and, near byte ${at + firstUtf8Sequence(bytes)}, UTF-8 text; save it again as UTF-8`,
        );
      }
      return WINDOWS_1252.decode(bytes);
    }
    if (this.encoding === 'utf-16le') return withoutBoms(b.toString('utf16le', start, end));
    const copy = Buffer.from(b.subarray(start, end - ((end - start) & 1)));
    return withoutBoms(copy.swap16().toString('utf16le'));
  }
}

/**
 * Whether `bytes` hold a well-formed UTF-8 sequence beyond ASCII ("ü" as C3 BC): with
 * bytes that are not UTF-8 beside it, the file mixes encodings and cannot be read.
 */
function hasUtf8Sequence(bytes: Buffer): boolean {
  return firstUtf8Sequence(bytes) >= 0;
}

/** Where the first well-formed UTF-8 sequence beyond ASCII starts, or -1. */
function firstUtf8Sequence(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) return i;
  }
  return -1;
}

/** Where the first byte that breaks UTF-8 is, roughly (for a message). */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by halving (isUtf8 is fast; a message needs no exact byte).
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    if (isUtf8(bytes.subarray(0, completeUtf8(bytes, 0, mid)))) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The end of the last complete UTF-8 character in `buffer[start, end)`. */
function completeUtf8(buffer: Buffer, start: number, end: number): number {
  // Walk back over at most 3 continuation bytes to the lead byte of the last character.
  let i = end - 1;
  const stop = Math.max(start, end - 4);
  while (i >= stop && ((buffer[i] as number) & 0xc0) === 0x80) i--;
  if (i < stop) return end;
  const lead = buffer[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - i >= need ? end : i;
}
