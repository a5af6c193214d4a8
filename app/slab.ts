// Small typed arrays cut from larger ones. A typed array of more than 64 bytes gets a
// buffer of its own outside V8's heap, which is slow to make and slow to collect; a
// year of daily counts made about 100,000 of them (31 numbers per license-month, a few
// times over), and the collector's time went with them. Cut from blocks of 16 Ki
// values, they are views that share a block (a block lives while any view of it does).
type Typed = Int32Array | Uint32Array | Float64Array;

export class Slab<T extends Typed> {
  private block: T | null = null;
  private used = 0;

  constructor(private readonly make: (length: number) => T) {}

  /** A new array of `length` zeros, of its own (no other view shares its values). */
  take(length: number): T {
    if (this.block === null || this.used + length > this.block.length) {
      this.block = this.make(Math.max(1 << 14, length));
      this.used = 0;
    }
    const out = this.block.subarray(this.used, this.used + length) as T;
    this.used += length;
    return out;
  }
}
