// Texts found by their bytes, for the reader of delimited text (./delimited.ts): the
// date, license and mailbox fields of a line are compared in the raw bytes of the text,
// four at a time, against texts kept as bytes in an arena, so that a row repeating what
// was seen costs no string and no map look-up.

/** ASCII texts kept as bytes, each a 2-byte length and then its bytes, one after another. */
export class ByteArena {
  private bytes: Buffer;
  view: DataView;
  private used = 0;

  constructor(size: number) {
    this.bytes = Buffer.alloc(size);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
  }

  /** Keeps `text`: the offset of its length (its bytes follow), or -1 when it is not ASCII or too long. */
  add(text: string): number {
    if (text.length > 0xffff || !isAsciiText(text)) return -1;
    const need = this.used + 2 + text.length;
    if (need > this.bytes.length) {
      const bigger = Buffer.alloc(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
      this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
    }
    const at = this.used;
    this.view.setUint16(at, text.length, true);
    this.bytes.write(text, at + 2, 'latin1');
    this.used = need;
    return at;
  }

  clear(): void {
    this.used = 0;
  }
}

/**
 * Small integers by the bytes of ASCII texts (date and license fields): a text seen
 * before is found in the bytes of a line without making a string. Open addressing
 * over the texts kept in an arena.
 */
export class ByteKeys {
  private readonly arena = new ByteArena(4096);
  /** Entry + 1 (0: empty). */
  private table = new Int32Array(256);
  private offsets: number[] = [];
  private values: number[] = [];

  /** The value of the text in `length` bytes at `at`, or -1. */
  find(bytes: DataView, at: number, length: number): number {
    const mask = this.table.length - 1;
    for (let i = hashBytes(bytes, at, length) & mask; ; i = (i + 1) & mask) {
      const entry = (this.table[i] as number) - 1;
      if (entry < 0) return -1;
      const kept = this.offsets[entry] as number;
      const view = this.arena.view;
      if (view.getUint16(kept, true) === length && sameBytes(bytes, at, view, kept + 2, length)) return this.values[entry] as number;
    }
  }

  add(text: string, value: number): void {
    // Texts that all differ (a time of day in each date) must not grow without end.
    if (this.values.length >= 50_000) this.clear();
    const at = this.arena.add(text);
    if (at < 0) return;
    this.offsets.push(at);
    this.values.push(value);
    if (2 * this.values.length > this.table.length) this.rehash(this.table.length * 2);
    else this.place(this.values.length - 1);
  }

  private place(entry: number): void {
    const kept = this.offsets[entry] as number;
    const mask = this.table.length - 1;
    const view = this.arena.view;
    let i = hashBytes(view, kept + 2, view.getUint16(kept, true)) & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = entry + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let e = 0; e < this.values.length; e++) this.place(e);
  }

  private clear(): void {
    this.arena.clear();
    this.offsets = [];
    this.values = [];
    this.table = new Int32Array(256);
  }
}

/** The mailboxes of one license in the order last seen (slots as in the collector). */
export class LicenseSlots {
  /** Per slot: the slot that came after it last time, + 1 (0: none). */
  follow = new Int32Array(1024);
  /** Per slot: its address's offset in the reader's arena, + 1 (0: not kept). */
  bytesAt = new Int32Array(1024);
  /** The slot of the previous row of this license (-1: none yet), and of its first row. */
  previous = -1;
  first = -1;

  /** Open addressing, by the hash of the address's bytes: slot + 1 (0: empty). */
  private table = new Int32Array(2048);
  private entries = 0;

  /** The slot whose kept bytes equal `length` bytes at `at` in `view`, or -1. */
  find(view: DataView, at: number, length: number, arena: DataView): number {
    const mask = this.table.length - 1;
    for (let i = hashBytes(view, at, length) & mask; ; i = (i + 1) & mask) {
      const slot = (this.table[i] as number) - 1;
      if (slot < 0) return -1;
      const kept = (this.bytesAt[slot] as number) - 1;
      if (arena.getUint16(kept, true) === length && sameBytes(view, at, arena, kept + 2, length)) return slot;
    }
  }

  insert(slot: number, hash: number, arena: DataView): void {
    if (2 * (this.entries + 1) > this.table.length) {
      const old = this.table;
      this.table = new Int32Array(old.length * 2);
      this.entries = 0;
      for (const entry of old) {
        if (entry === 0) continue;
        const kept = (this.bytesAt[entry - 1] as number) - 1;
        this.place(entry - 1, hashBytes(arena, kept + 2, arena.getUint16(kept, true)));
      }
    }
    this.place(slot, hash);
  }

  private place(slot: number, hash: number): void {
    const mask = this.table.length - 1;
    let i = hash & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = slot + 1;
    this.entries++;
  }

  /** Empty again, keeping the room it had. */
  reset(): this {
    this.follow.fill(0);
    this.bytesAt.fill(0);
    this.table.fill(0);
    this.entries = 0;
    this.previous = -1;
    this.first = -1;
    return this;
  }

  step(slot: number): void {
    if (this.previous >= 0) this.follow[this.previous] = slot + 1;
    else this.first = slot;
    this.previous = slot;
  }

  grow(slot: number): void {
    if (slot < this.follow.length) return;
    const size = Math.max(slot + 1, this.follow.length * 2);
    const follow = new Int32Array(size);
    follow.set(this.follow);
    this.follow = follow;
    const bytesAt = new Int32Array(size);
    bytesAt.set(this.bytesAt);
    this.bytesAt = bytesAt;
  }
}

/** A 32-bit hash of `n` bytes at `a`, read four at a time. */
export function hashBytes(view: DataView, a: number, n: number): number {
  let h = n ^ 0x811c9dc5;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    h = Math.imul(h ^ view.getUint32(a + i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < n; i++) h = Math.imul(h ^ view.getUint8(a + i), 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Whether `n` bytes at `a` in `x` equal those at `b` in `y`, compared four at a time. */
export function sameBytes(x: DataView, a: number, y: DataView, b: number, n: number): boolean {
  let i = 0;
  for (; i + 4 <= n; i += 4) if (x.getUint32(a + i, true) !== y.getUint32(b + i, true)) return false;
  for (; i < n; i++) if (x.getUint8(a + i) !== y.getUint8(b + i)) return false;
  return true;
}

export function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Whether `text[start, end)` is `key`, compared in place. */
export function sameText(text: string, start: number, end: number, key: string): boolean {
  const n = key.length;
  if (end - start !== n) return false;
  for (let i = 0; i < n; i++) if (text.charCodeAt(start + i) !== key.charCodeAt(i)) return false;
  return true;
}
