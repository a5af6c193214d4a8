import { describe, expect, it } from 'vitest';
import {
  addMonths,
  asIsoDate,
  dayOfMonth,
  datesOfMonth,
  daysInMonth,
  excelSerialToIsoDate,
  isIsoDate,
  isIsoMonth,
  isValidDate,
  lastDayOfMonth,
  makeIsoDate,
  monthOf,
  shortDate,
} from '../../app/billing';
import { month } from './helpers';

describe('isValidDate', () => {
  it('knows the Gregorian leap years', () => {
    expect(isValidDate(2028, 2, 29)).toBe(true); // divisible by 4
    expect(isValidDate(2026, 2, 29)).toBe(false);
    expect(isValidDate(2100, 2, 29)).toBe(false); // by 100, not 400
    expect(isValidDate(1900, 2, 29)).toBe(false);
    expect(isValidDate(2000, 2, 29)).toBe(true); // by 400
    expect(isValidDate(2400, 2, 29)).toBe(true);
  });

  it('knows the length of every month', () => {
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths.forEach((n, i) => {
      expect(isValidDate(2026, i + 1, n)).toBe(true);
      expect(isValidDate(2026, i + 1, n + 1)).toBe(false);
    });
  });

  it('refuses what is not a date', () => {
    expect(isValidDate(2026, 2, 30)).toBe(false);
    expect(isValidDate(2026, 0, 1)).toBe(false);
    expect(isValidDate(2026, 13, 1)).toBe(false);
    expect(isValidDate(2026, 1, 0)).toBe(false);
    expect(isValidDate(2026, 1, 1.5)).toBe(false);
    expect(isValidDate(Number.NaN, 1, 1)).toBe(false);
    expect(isValidDate(0, 1, 1)).toBe(false);
    expect(isValidDate(10000, 1, 1)).toBe(false);
  });
});

describe('makeIsoDate', () => {
  it('pads to YYYY-MM-DD', () => {
    expect(makeIsoDate(2026, 10, 1)).toBe('2026-10-01');
    expect(makeIsoDate(2028, 2, 29)).toBe('2028-02-29');
    expect(makeIsoDate(999, 1, 9)).toBe('0999-01-09');
  });

  it('throws on an impossible date', () => {
    expect(() => makeIsoDate(2026, 2, 30)).toThrow(/Not a calendar date/);
    expect(() => makeIsoDate(2100, 2, 29)).toThrow();
    expect(() => makeIsoDate(2026, 13, 1)).toThrow();
  });
});

describe('isIsoMonth / isIsoDate', () => {
  it('accepts exactly YYYY-MM with month 01-12', () => {
    for (const good of ['2026-10', '2026-01', '2026-12', '2000-02']) expect(isIsoMonth(good)).toBe(true);
    for (const bad of ['2026-1', '2026-00', '2026-13', '26-10', '2026-10-01', ' 2026-10', '2026-10 ', '2026-10\n', '2026/10', '0000-01', '', '202a-10']) {
      expect(isIsoMonth(bad), bad).toBe(false);
    }
  });

  it('accepts exactly YYYY-MM-DD of a real date', () => {
    expect(isIsoDate('2026-10-31')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-10-32', '2026-10-1', '2026-10-01T00:00', '10/01/2026', '']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });
});

describe('months', () => {
  it('has 28, 29, 30 and 31 days', () => {
    expect(daysInMonth(month('2026-02'))).toBe(28);
    expect(daysInMonth(month('2028-02'))).toBe(29);
    expect(daysInMonth(month('2100-02'))).toBe(28);
    expect(daysInMonth(month('2000-02'))).toBe(29);
    expect(daysInMonth(month('2026-09'))).toBe(30);
    expect(daysInMonth(month('2026-10'))).toBe(31);
    expect(daysInMonth(month('2026-12'))).toBe(31);
  });

  it('lists every date of the month in order', () => {
    for (const [m, n] of [['2026-02', 28], ['2028-02', 29], ['2026-09', 30], ['2026-10', 31]] as const) {
      const dates = datesOfMonth(month(m));
      expect(dates).toHaveLength(n);
      expect(dates[0]).toBe(`${m}-01`);
      expect(dates.at(-1)).toBe(lastDayOfMonth(month(m)));
      expect(dates.every((d) => isIsoDate(d) && monthOf(d) === m)).toBe(true);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('gives the last day of the month', () => {
    expect(lastDayOfMonth(month('2026-10'))).toBe('2026-10-31');
    expect(lastDayOfMonth(month('2026-11'))).toBe('2026-11-30');
    expect(lastDayOfMonth(month('2026-02'))).toBe('2026-02-28');
    expect(lastDayOfMonth(month('2028-02'))).toBe('2028-02-29');
  });

  it('takes a date apart', () => {
    expect(monthOf(asIsoDate('2026-10-14'))).toBe('2026-10');
    expect(dayOfMonth(asIsoDate('2026-10-14'))).toBe(14);
    expect(dayOfMonth(asIsoDate('2026-10-01'))).toBe(1);
    expect(() => monthOf(asIsoDate('2026-02-30'))).toThrow(/Not a date/);
    expect(() => daysInMonth(month('2026-13'))).toThrow(/Not a month/);
  });

  it('adds and subtracts months across years', () => {
    expect(addMonths(month('2026-10'), 0)).toBe('2026-10');
    expect(addMonths(month('2026-10'), 1)).toBe('2026-11');
    expect(addMonths(month('2026-10'), 3)).toBe('2027-01');
    expect(addMonths(month('2026-12'), 1)).toBe('2027-01');
    expect(addMonths(month('2026-01'), -1)).toBe('2025-12');
    expect(addMonths(month('2026-10'), -22)).toBe('2024-12');
    expect(addMonths(month('2026-10'), 24)).toBe('2028-10');
    expect(addMonths(month('2026-10'), -120)).toBe('2016-10');
    expect(() => addMonths(month('2026-10'), 0.5)).toThrow();
    for (let n = -30; n <= 30; n++) expect(addMonths(addMonths(month('2026-05'), n), -n)).toBe('2026-05');
  });

  it('writes a short date for sentences', () => {
    expect(shortDate(asIsoDate('2026-10-05'))).toBe('Oct 5');
    expect(shortDate(asIsoDate('2026-01-31'))).toBe('Jan 31');
    expect(shortDate(asIsoDate('2026-12-01'))).toBe('Dec 1');
  });
});

describe('excelSerialToIsoDate', () => {
  it('reads known serials of the 1900 date system', () => {
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(31)).toBe('1900-01-31');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(36526)).toBe('2000-01-01');
    expect(excelSerialToIsoDate(46296)).toBe('2026-10-01');
    expect(excelSerialToIsoDate(46326)).toBe('2026-10-31');
    expect(excelSerialToIsoDate(46812)).toBe('2028-02-29');
    expect(excelSerialToIsoDate(2958465)).toBe('9999-12-31');
  });

  it("gives null for Excel's 1900-02-29, which never was", () => {
    expect(excelSerialToIsoDate(60)).toBeNull();
    expect(excelSerialToIsoDate(60.5)).toBeNull();
  });

  it('ignores the time of day', () => {
    expect(excelSerialToIsoDate(46296.0001)).toBe('2026-10-01');
    expect(excelSerialToIsoDate(46296.99999)).toBe('2026-10-01');
  });

  it('gives null for what is no serial day', () => {
    for (const bad of [0, 0.5, -1, -46296, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2958466]) {
      expect(excelSerialToIsoDate(bad), String(bad)).toBeNull();
    }
  });

  it('agrees with a count of days from 1899-12-30 for every serial after 60', () => {
    const epoch = Date.UTC(1899, 11, 30);
    for (let serial = 61; serial <= 80000; serial += 7) {
      const expected = new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10);
      expect(excelSerialToIsoDate(serial)).toBe(expected);
    }
  });

  it('gives consecutive dates for consecutive serials, skipping only serial 60', () => {
    const dates = Array.from({ length: 400 }, (_, i) => excelSerialToIsoDate(i + 1)).filter((d) => d !== null);
    expect(dates).toHaveLength(399);
    expect(new Set(dates).size).toBe(399);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every(isIsoDate)).toBe(true);
  });
});
