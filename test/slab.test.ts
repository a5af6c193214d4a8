import { describe, expect, it } from 'vitest';
import { Slab } from '../app/slab';
import { decodeMonthRow, emptyMonthRow, encodeCounts, encodeImports } from '../app/store/packed';

describe('small typed arrays cut from blocks', () => {
  it('are zeros of their own: writing one leaves the others as they were, across blocks', () => {
    const slab = new Slab((n) => new Int32Array(n));
    const arrays = Array.from({ length: 2000 }, () => slab.take(31));
    arrays.forEach((a, i) => a.fill(i));
    arrays.forEach((a, i) => expect([...a]).toEqual(Array(31).fill(i)));
    expect(new Set(arrays.map((a) => a.buffer)).size).toBeGreaterThan(1);
    expect(slab.take(40_000).length).toBe(40_000);
  });

  it('keep a license-month row whole through its blobs (rows share a block)', () => {
    const rows = Array.from({ length: 600 }, (_, k) => {
      const row = emptyMonthRow();
      row.counts[k % 31] = k;
      row.imports[k % 31] = k + 1;
      return row;
    });
    expect(rows[0]!.counts.buffer).toBe(rows[1]!.counts.buffer);
    rows.forEach((row, k) => {
      const back = decodeMonthRow(Buffer.from(encodeCounts(row)), Buffer.from(encodeImports(row)), 0);
      expect([...back.counts]).toEqual([...row.counts]);
      expect([...back.imports]).toEqual([...row.imports]);
      expect(back.counts[k % 31]).toBe(k);
      expect([...back.counts].filter((c) => c !== -1)).toEqual([k]);
    });
  });
});
