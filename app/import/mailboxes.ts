// The mailboxes of one license as a file is read (SPEC §4.2: distinct lower-cased
// addresses per license and day), and where they go when a file holds more of them
// than memory should: a temp file, one chunk per license at a time, read back one
// license at a time when the file is checked and stored. A file's peak memory then
// follows what one license holds, not what the whole file holds (issue 13: flat).

import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detach, type ResolvedDates } from './dates';
import type { DayCounts } from './day-counts';
import type { MailboxMonth } from './types';

/**
 * A string of its own, exactly as long as `s` (not a slice of the text it was read
 * from, nor a slice of a copy): one of a million kept addresses costs 40 bytes, not 64.
 */
function flatCopy(s: string): string {
  if (s.length < 13) return s; // shorter strings are never slices
  const copy = Buffer.from(s, 'latin1').toString('latin1');
  return copy === s ? copy : detach(s);
}

/** Mailboxes of one license: address -> slot, and per 32 date ids a column of bits. */
export class MailboxSet {
  readonly index = new Map<string, number>();
  readonly addresses: string[] = [];
  readonly domains: string[] = [];
  /** `bits[g][slot]` bit k: present on date id 32*g + k. */
  bits: Uint32Array[] = [];
  capacity = 64;

  /** The slot of `address`, made when new (then `added` is set); marks it present on the date. */
  add(address: string, dateId: number): number {
    let slot = this.index.get(address);
    this.added = false;
    if (slot === undefined) {
      slot = this.addresses.length;
      const kept = flatCopy(address);
      this.index.set(kept, slot);
      this.addresses.push(kept);
      const at = kept.lastIndexOf('@');
      this.domains.push(at >= 0 ? this.domainOf(kept.slice(at + 1)) : '');
      if (slot >= this.capacity) this.grow();
      this.added = true;
    }
    this.mark(slot, dateId);
    return slot;
  }

  /** Whether the last `add` made a new slot. */
  added = false;

  get size(): number {
    return this.addresses.length;
  }

  /** Empty again (set aside in the temp file), keeping its room for the mailboxes to come. */
  reset(): void {
    this.index.clear();
    this.addresses.length = 0;
    this.domains.length = 0;
    for (const column of this.bits) column.fill(0);
    this.added = false;
  }

  /** Adds every mailbox of `other`, with its days (ids of the same file). */
  addAll(other: MailboxSet): void {
    for (let s = 0; s < other.addresses.length; s++) {
      const slot = this.slotOf(other.addresses[s] as string, other.domains[s] as string);
      other.bits.forEach((column, g) => {
        for (let m = column[s] as number; m !== 0; m &= m - 1) this.mark(slot, 32 * g + (31 - Math.clz32(m & -m)));
      });
    }
  }

  /**
   * A new slot for an address known not to be in the set, not indexed: the set is
   * then only read (a license read back from the temp file), never added to.
   */
  append(address: string, domain: string): number {
    const slot = this.addresses.length;
    this.addresses.push(address);
    this.domains.push(domain === '' ? '' : this.domainOf(domain));
    if (slot >= this.capacity) this.grow();
    return slot;
  }

  /** Day bits for slots 0 to n-1 (a set read back from the temp file): the set is only read from then on. */
  adoptBits(columns: Uint32Array[]): void {
    this.bits = columns;
    this.capacity = this.addresses.length;
  }

  /** The slot of an address read elsewhere (the temp file, another set), with its domain as found there. */
  slotOf(address: string, domain: string): number {
    let slot = this.index.get(address);
    if (slot === undefined) {
      slot = this.addresses.length;
      this.index.set(address, slot);
      this.addresses.push(address);
      this.domains.push(domain === '' ? '' : this.domainOf(domain));
      if (slot >= this.capacity) this.grow();
    }
    return slot;
  }

  /** One string per domain (a domain has thousands of mailboxes), not one per address. */
  private readonly domainNames = new Map<string, string>();

  private domainOf(domain: string): string {
    let kept = this.domainNames.get(domain);
    if (kept === undefined) this.domainNames.set(domain, (kept = detach(domain)));
    return kept;
  }

  mark(slot: number, dateId: number): void {
    const g = dateId >>> 5;
    let column = this.bits[g];
    if (column === undefined) {
      while (this.bits.length <= g) this.bits.push(new Uint32Array(this.capacity));
      column = this.bits[g] as Uint32Array;
    }
    column[slot] = ((column[slot] as number) | (1 << (dateId & 31))) >>> 0;
  }

  private grow(): void {
    this.capacity *= 2;
    this.bits = this.bits.map((old) => {
      const next = new Uint32Array(this.capacity);
      next.set(old);
      return next;
    });
  }

  has(slot: number, dateId: number): boolean {
    const column = this.bits[dateId >>> 5];
    return column !== undefined && (((column[slot] as number) >>> (dateId & 31)) & 1) === 1;
  }
}


/** The day bits of a license's mailboxes, without their addresses: enough to count its days. */
export interface DayBits {
  readonly size: number;
  /** `bits[g][slot]` bit k: present on date id 32*g + k. */
  readonly bits: readonly Uint32Array[];
}

/** Date ids with any mailbox of the license, grouped by month (months in order). */
export function monthGroups(set: DayBits, resolved: ResolvedDates): [string, number[]][] {
  const byMonth = new Map<string, number[]>();
  for (let id = 0; id < resolved.date.length; id++) {
    const column = set.bits[id >>> 5];
    if (column === undefined) continue;
    let any = false;
    const bit = 1 << (id & 31);
    for (let slot = 0; slot < set.size; slot++) {
      if (((column[slot] as number) & bit) !== 0) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const month = resolved.month[id] as string;
    const ids = byMonth.get(month);
    if (ids) ids.push(id);
    else byMonth.set(month, [id]);
  }
  return [...byMonth].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/**
 * A month's day bits of a slot, from its columns of date-id bits: per column (32 ids)
 * that holds ids of the month, four tables from a byte of the column to the days its
 * bits stand for (two spellings of a date give the same day). Four look-ups a column,
 * instead of a test per date id.
 */
class MonthMask {
  private readonly columns: number[] = [];
  private readonly tables: Int32Array[] = [];

  constructor(ids: readonly number[], resolved: ResolvedDates) {
    for (const id of ids) {
      const g = id >>> 5;
      let at = this.columns.indexOf(g);
      if (at < 0) {
        at = this.columns.push(g) - 1;
        this.tables.push(new Int32Array(4 * 256));
      }
      const table = this.tables[at] as Int32Array;
      const dayBit = 1 << ((resolved.day[id] as number) - 1);
      const k = id & 31;
      const base = 256 * (k >>> 3);
      const bit = 1 << (k & 7);
      for (let v = 0; v < 256; v++) if ((v & bit) !== 0) table[base + v] = (table[base + v] as number) | dayBit;
    }
  }

  of(set: DayBits, slot: number): number {
    let mask = 0;
    for (let c = 0; c < this.columns.length; c++) {
      const v = (set.bits[this.columns[c] as number]?.[slot] ?? 0) >>> 0;
      if (v === 0) continue;
      const t = this.tables[c] as Int32Array;
      mask |= (t[v & 255] as number) | (t[256 + ((v >>> 8) & 255)] as number) | (t[512 + ((v >>> 16) & 255)] as number) | (t[768 + (v >>> 24)] as number);
    }
    return mask >>> 0;
  }
}

/** Each day's count: the distinct addresses present (two spellings of a date are one day). */
export function countDays(set: DayBits, resolved: ResolvedDates, groups: [string, number[]][], days: DayCounts): void {
  for (const [month, ids] of groups) {
    const perDay = new Int32Array(32);
    const masks = new MonthMask(ids, resolved);
    for (let slot = 0; slot < set.size; slot++) {
      for (let m = masks.of(set, slot); m !== 0; m &= m - 1) {
        const bit = 31 - Math.clz32(m & -m);
        perDay[bit] = (perDay[bit] as number) + 1;
      }
    }
    for (const id of ids) {
      const d = resolved.day[id] as number;
      days.setDay(month, d, perDay[d - 1] as number);
    }
  }
}

/** Per month touched: the addresses present, their domains and day bits. */
export function buildMonths(set: MailboxSet, resolved: ResolvedDates, groups: [string, number[]][]): MailboxMonth[] {
  const months: MailboxMonth[] = [];
  for (const [month, ids] of groups) {
    const out: MailboxMonth = { month, addresses: [], domains: [], days: [] };
    const masks = new MonthMask(ids, resolved);
    for (let slot = 0; slot < set.addresses.length; slot++) {
      const mask = masks.of(set, slot);
      if (mask === 0) continue;
      out.addresses.push(set.addresses[slot] as string);
      out.domains.push(set.domains[slot] as string);
      out.days.push(mask);
    }
    months.push(out);
  }
  return months;
}

/** Where a spilled chunk of one license is in the temp file. */
interface Chunk {
  at: number;
  length: number;
}

const spillFiles = new Set<string>();
let exitHook = false;

/**
 * A temp file of mailbox sets set aside while a large file is read. Each chunk is one
 * license's set at the moment it was set aside: addresses and domains (UTF-8, with
 * their lengths), then the day bits, slot by slot. A license may have several chunks
 * (its set is set aside again after it grows anew); reading it back unites them.
 * The file is removed as soon as it is opened where the system allows it (the open
 * handle keeps it readable), else when the import is done, or at the latest on exit.
 */
export class MailboxSpill {
  private readonly fd: number;
  private path: string | null;
  private end = 0;
  private readonly chunks: Chunk[][] = [];

  constructor() {
    const path = join(tmpdir(), `flexbill-import-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    this.fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
      this.path = null;
    } catch {
      // Windows: an open file cannot be removed; it is removed on close.
      this.path = path;
      spillFiles.add(path);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const f of spillFiles) {
            try {
              unlinkSync(f);
            } catch {
              /* already gone */
            }
          }
        });
      }
    }
  }

  /** The licenses with chunks, and how many each has. */
  chunksOf(license: number): number {
    return this.chunks[license]?.length ?? 0;
  }

  /** Sets `set` aside as a chunk of `license` (the caller then starts the license anew). */
  write(license: number, set: MailboxSet): void {
    const n = set.addresses.length;
    if (n === 0) return;
    const groups = set.bits.length;
    // A license's domains are few: written once each, a slot gives its domain's number.
    const domainIndex = new Map<string, number>();
    let size = 16;
    for (let s = 0; s < n; s++) {
      const domain = set.domains[s] as string;
      if (!domainIndex.has(domain)) {
        domainIndex.set(domain, domainIndex.size);
        size += 4 + Buffer.byteLength(domain);
      }
      size += 8 + Buffer.byteLength(set.addresses[s] as string);
    }
    size += 4 * groups * n;
    const b = this.scratch(size);
    b.writeUInt32LE(n, 0);
    b.writeUInt32LE(groups, 4);
    b.writeUInt32LE(domainIndex.size, 12);
    let at = 16;
    const text = (t: string) => {
      const length = b.write(t, at + 4);
      b.writeUInt32LE(length, at);
      at += 4 + length;
    };
    for (const domain of domainIndex.keys()) text(domain);
    for (let s = 0; s < n; s++) {
      b.writeUInt32LE(domainIndex.get(set.domains[s] as string) as number, at);
      at += 4;
      text(set.addresses[s] as string);
    }
    b.writeUInt32LE(at, 8); // where the day bits start
    for (const column of set.bits) {
      Buffer.from(column.buffer, column.byteOffset, 4 * n).copy(b, at);
      at += 4 * n;
    }
    let written = 0;
    while (written < size) written += writeSync(this.fd, b, written, size - written, this.end + written);
    while (this.chunks.length <= license) this.chunks.push([]);
    (this.chunks[license] as Chunk[]).push({ at: this.end, length: size });
    this.end += size;
  }

  /**
   * One buffer for every chunk written or read, grown as needed: a buffer per chunk
   * (600 licenses of the ×10 month) was 36 MB outside the heap, waiting for a full
   * collection to be freed. What is read from it is copied out before the next use.
   */
  private buffer = Buffer.alloc(0);

  private scratch(size: number): Buffer {
    if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(Math.max(size, 2 * this.buffer.length, 1 << 16));
    return this.buffer.subarray(0, size);
  }

  private read(at: number, length: number): Buffer {
    const b = this.scratch(length);
    let read = 0;
    while (read < length) {
      const got = readSync(this.fd, b, read, length - read, at + read);
      if (got === 0) throw new Error('the temp file of a large import was cut short');
      read += got;
    }
    return b;
  }

  /** The day bits of a license set aside in one chunk (its addresses are not read). */
  bitsOf(license: number): DayBits {
    const chunk = (this.chunks[license] as Chunk[])[0] as Chunk;
    const head = this.read(chunk.at, 12);
    const [n, groups, bitsAt] = [head.readUInt32LE(0), head.readUInt32LE(4), head.readUInt32LE(8)];
    const b = this.read(chunk.at + bitsAt, 4 * n * groups);
    const bits: Uint32Array[] = [];
    for (let g = 0; g < groups; g++) bits.push(new Uint32Array(b.buffer.slice(b.byteOffset + 4 * n * g, b.byteOffset + 4 * n * (g + 1))));
    return { size: n, bits };
  }

  /**
   * Adds every chunk of `license` to `into` (a license's set, read back whole). `last`:
   * nothing is added to `into` after this (then one chunk into an empty set needs no
   * look-up: its addresses are distinct already, and the set is not indexed).
   */
  readInto(license: number, into: MailboxSet, last: boolean): void {
    const chunks = this.chunks[license] ?? [];
    const distinct = last && into.size === 0 && chunks.length === 1;
    for (const chunk of chunks) {
      const b = this.read(chunk.at, chunk.length);
      const [n, groups, bitsAt] = [b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8)];
      let at = 16;
      const text = (): string => {
        const length = b.readUInt32LE(at);
        at += 4 + length;
        return b.toString('utf8', at - length, at);
      };
      const domains = Array.from({ length: b.readUInt32LE(12) }, text);
      const slots = new Int32Array(n);
      for (let s = 0; s < n; s++) {
        const domain = domains[b.readUInt32LE(at)] as string;
        at += 4;
        const address = text();
        slots[s] = distinct ? into.append(address, domain) : into.slotOf(address, domain);
      }
      if (distinct) {
        // Slots 0 to n-1 in order: the day bits are the chunk's as they are.
        const columns: Uint32Array[] = [];
        for (let g = 0; g < groups; g++) columns.push(new Uint32Array(b.buffer.slice(b.byteOffset + bitsAt + 4 * n * g, b.byteOffset + bitsAt + 4 * n * (g + 1))));
        into.adoptBits(columns);
        continue;
      }
      at = bitsAt;
      for (let g = 0; g < groups; g++) {
        for (let s = 0; s < n; s++, at += 4) {
          for (let m = b.readUInt32LE(at); m !== 0; m &= m - 1) into.mark(slots[s] as number, 32 * g + (31 - Math.clz32(m & -m)));
        }
      }
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* closed already */
    }
    if (this.path !== null) {
      try {
        unlinkSync(this.path);
      } catch {
        /* gone already */
      }
      spillFiles.delete(this.path);
      this.path = null;
    }
  }
}
