import { describe, expect, it } from 'vitest';
import { amountFor, asCents, formatAmount, formatCount, formatUsd, parseAmount } from '../../app/billing';
import { random, randomInt } from './helpers';

describe('formatAmount', () => {
  it('writes plain dollars with two decimals', () => {
    expect(formatAmount(asCents(125000))).toBe('1250.00');
    expect(formatAmount(asCents(100))).toBe('1.00');
    expect(formatAmount(asCents(85))).toBe('0.85');
    expect(formatAmount(asCents(5))).toBe('0.05');
    expect(formatAmount(asCents(0))).toBe('0.00');
    expect(formatAmount(asCents(123456789))).toBe('1234567.89');
    expect(formatAmount(asCents(-350))).toBe('-3.50');
    expect(formatAmount(asCents(-5))).toBe('-0.05');
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatAmount(asCents(1.5))).toThrow(/whole number/);
    expect(() => formatAmount(asCents(Number.NaN))).toThrow();
  });
});

describe('formatUsd', () => {
  it('writes dollars with a $ and thousands separators', () => {
    expect(formatUsd(asCents(125000))).toBe('$1,250.00');
    expect(formatUsd(asCents(0))).toBe('$0.00');
    expect(formatUsd(asCents(99999))).toBe('$999.99');
    expect(formatUsd(asCents(100000))).toBe('$1,000.00');
    expect(formatUsd(asCents(123456789))).toBe('$1,234,567.89');
    expect(formatUsd(asCents(-350))).toBe('-$3.50');
    expect(formatUsd(asCents(-123456789))).toBe('-$1,234,567.89');
  });
});

describe('parseAmount', () => {
  it('reads the forms a clerk types', () => {
    expect(parseAmount('1')).toBe(100);
    expect(parseAmount('1.5')).toBe(150);
    expect(parseAmount('1.50')).toBe(150);
    expect(parseAmount('0.85')).toBe(85);
    expect(parseAmount('.85')).toBe(85);
    expect(parseAmount('$1,250.00')).toBe(125000);
    expect(parseAmount('$1250')).toBe(125000);
    expect(parseAmount('1,234,567.89')).toBe(123456789);
    expect(parseAmount(' 2.00 ')).toBe(200);
    expect(parseAmount('0')).toBe(0);
    expect(parseAmount('-3.50')).toBe(-350);
    expect(parseAmount('-$3.50')).toBe(-350);
    expect(Object.is(parseAmount('-0'), 0)).toBe(true);
  });

  it('has no floating-point drift', () => {
    // 1.15 × 100 is 114.99999999999999 in floating point, 0.29 × 100 is 28.999999999999996.
    expect(parseAmount('1.15')).toBe(115);
    expect(parseAmount('0.29')).toBe(29);
    expect(parseAmount('4.35')).toBe(435);
    expect(parseAmount('1133.05')).toBe(113305);
  });

  it('rejects more than two decimals with a clear message', () => {
    expect(() => parseAmount('1.505')).toThrow(/more than two decimals/);
    expect(() => parseAmount('0.001')).toThrow(/more than two decimals/);
    expect(() => parseAmount('$1,250.000')).toThrow(/more than two decimals/);
  });

  it('rejects what is not an amount, naming it', () => {
    for (const bad of ['', ' ', 'abc', '$', '-', '1.', '1,25', '1,2345.00', '12,345,67', '1e3', '0x10', '1 000', '€5', '5$', '--1', '+1', '1.2.3', 'NaN', 'Infinity']) {
      expect(() => parseAmount(bad), bad).toThrow(`Amount "${bad}"`);
    }
  });

  it('reads back what formatAmount and formatUsd write', () => {
    const rnd = random(7);
    for (let i = 0; i < 2000; i++) {
      const c = asCents(randomInt(rnd, -1e9, 1e9));
      expect(parseAmount(formatAmount(c))).toBe(c);
      expect(parseAmount(formatUsd(c))).toBe(c);
    }
  });
});

describe('amountFor', () => {
  it('multiplies the billable count by the rate in cents', () => {
    expect(amountFor(1250, asCents(100))).toBe(125000);
    expect(formatUsd(amountFor(1250, asCents(100)))).toBe('$1,250.00');
    expect(amountFor(1333, asCents(85))).toBe(113305);
    expect(formatUsd(amountFor(1333, parseAmount('0.85')))).toBe('$1,133.05');
    expect(amountFor(0, asCents(100))).toBe(0);
    expect(amountFor(7, asCents(0))).toBe(0);
  });

  it('is exact where floating-point dollars drift', () => {
    // 1.15 × 3 dollars is 3.4499999999999997 in floating point.
    expect(formatAmount(amountFor(3, parseAmount('1.15')))).toBe('3.45');
    const rnd = random(11);
    for (let i = 0; i < 1000; i++) {
      const billable = randomInt(rnd, 0, 100000);
      const rate = randomInt(rnd, 0, 100000);
      const amount = amountFor(billable, asCents(rate));
      expect(Number.isInteger(amount)).toBe(true);
      expect(BigInt(amount)).toBe(BigInt(billable) * BigInt(rate));
    }
  });

  it('refuses counts that are not whole numbers >= 0', () => {
    expect(() => amountFor(1.5, asCents(100))).toThrow(/whole number/);
    expect(() => amountFor(-1, asCents(100))).toThrow(/whole number/);
    expect(() => amountFor(1, asCents(0.5))).toThrow(/whole number/);
    expect(() => amountFor(Number.MAX_SAFE_INTEGER, asCents(100))).toThrow(/too large/);
  });
});

describe('formatCount', () => {
  it('writes thousands separators', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1250)).toBe('1,250');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1250)).toBe('-1,250');
  });

  it('agrees with en-US number formatting', () => {
    const rnd = random(3);
    for (let i = 0; i < 500; i++) {
      const n = randomInt(rnd, -1e12, 1e12);
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
