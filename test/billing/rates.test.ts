import { describe, expect, it } from 'vitest';
import { asCents, DEFAULT_RATE, rateFor, type RateChange } from '../../app/billing';
import { month } from './helpers';

const change = (from: string, rate: number): RateChange => ({ from: month(from), rate: asCents(rate) });

describe('rateFor', () => {
  it('is $1.00 when no rate is set', () => {
    expect(DEFAULT_RATE).toBe(100);
    expect(rateFor(month('2026-10'), [])).toBe(100);
  });

  it('changes from the month it takes effect, not before', () => {
    const changes = [change('2026-11', 85)];
    expect(rateFor(month('2026-10'), changes)).toBe(100);
    expect(rateFor(month('2026-11'), changes)).toBe(85);
    expect(rateFor(month('2027-03'), changes)).toBe(85);
  });

  it('takes the latest change at or before the month, whatever the list order', () => {
    const changes = [change('2027-01', 120), change('2025-06', 90), change('2026-11', 85)];
    expect(rateFor(month('2025-05'), changes)).toBe(100);
    expect(rateFor(month('2025-06'), changes)).toBe(90);
    expect(rateFor(month('2026-10'), changes)).toBe(90);
    expect(rateFor(month('2026-11'), changes)).toBe(85);
    expect(rateFor(month('2026-12'), changes)).toBe(85);
    expect(rateFor(month('2027-01'), changes)).toBe(120);
    expect(rateFor(month('2030-01'), [...changes].reverse())).toBe(120);
  });

  it('lets the later of two changes from the same month win', () => {
    expect(rateFor(month('2026-11'), [change('2026-11', 85), change('2026-11', 95)])).toBe(95);
  });

  it('can set a rate of zero', () => {
    expect(rateFor(month('2026-11'), [change('2026-01', 0)])).toBe(0);
  });
});
