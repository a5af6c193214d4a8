// The daily counts of one license as a file reports them: per month, 31 numbers
// (-1: no value that day). A year of 2,000 licenses is 24,000 small arrays instead
// of 730,000 map entries; read as a Map of dates to counts (ReadonlyMap), and by
// month (`byMonth`) for the store, which keeps license-months in the same shape.
import type { IsoDate } from '../billing/types';
import { Slab } from '../slab';

const DAYS = 31;
const months = new Slab((n) => new Float64Array(n));

export class DayCounts implements ReadonlyMap<IsoDate, number> {
  /** `YYYY-MM` → counts by day (index day - 1), -1 where the file has no value. */
  readonly byMonth = new Map<string, Float64Array>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Sets the count of day `day` (1-31) of `month` (`YYYY-MM`). */
  setDay(month: string, day: number, count: number): void {
    let days = this.byMonth.get(month);
    if (days === undefined) this.byMonth.set(month, (days = months.take(DAYS).fill(-1)));
    if ((days[day - 1] as number) < 0) this.count++;
    days[day - 1] = count;
  }

  set(date: IsoDate, count: number): this {
    this.setDay(date.slice(0, 7), Number(date.slice(8, 10)), count);
    return this;
  }

  get(date: IsoDate): number | undefined {
    const c = this.byMonth.get(date.slice(0, 7))?.[Number(date.slice(8, 10)) - 1];
    return c === undefined || c < 0 || date.length !== 10 ? undefined : c;
  }

  has(date: IsoDate): boolean {
    return this.get(date) !== undefined;
  }

  forEach(callback: (count: number, date: IsoDate, map: ReadonlyMap<IsoDate, number>) => void): void {
    for (const [date, count] of this.entries()) callback(count, date, this);
  }

  /** Months in order, days in order. */
  *entries(): MapIterator<[IsoDate, number]> {
    for (const month of [...this.byMonth.keys()].sort()) {
      const days = this.byMonth.get(month) as Float64Array;
      for (let i = 0; i < DAYS; i++) {
        const c = days[i] as number;
        if (c >= 0) yield [`${month}-${i < 9 ? '0' : ''}${i + 1}` as IsoDate, c];
      }
    }
  }

  *keys(): MapIterator<IsoDate> {
    for (const [date] of this.entries()) yield date;
  }

  *values(): MapIterator<number> {
    for (const [, count] of this.entries()) yield count;
  }

  [Symbol.iterator](): MapIterator<[IsoDate, number]> {
    return this.entries();
  }
}
