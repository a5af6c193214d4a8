// SPEC §4.4: dates and counts as written, each form read or rejected with its line.

import { describe, expect, it } from 'vitest';
import { days, fixture, license, read, rejection } from './helpers';

const L = 'DATES-TEST-LICENSE';

async function datesOf(file: string): Promise<Record<string, number>> {
  return days(license(await read(fixture(file)), L));
}

describe('dates', () => {
  it('ISO dates, with a time part ignored: the calendar date as written', async () => {
    expect(await datesOf('dates-iso-time.csv')).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-03': 7, '2026-10-04': 8 });
  });

  it('10/1/2026 and 10/01/2026 are month/day/year', async () => {
    expect(await datesOf('dates-mdy.csv')).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-13': 7 });
  });

  it('1/10/2026 is day/month/year when a later date of the file proves it (13/10/2026)', async () => {
    expect(await datesOf('dates-dmy-proven.csv')).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-13': 7, '2026-10-03': 8 });
  });

  it('a file with only ambiguous slash dates reads them in the one order that puts them in one month (here day first), and says so', async () => {
    const parsed = await read(fixture('dates-ambiguous.csv'));
    expect(days(license(parsed, L))).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-12': 7 });
    expect(parsed.warnings).toEqual([
      'dates-ambiguous.csv: its slash dates were read day first (day/month/year), the only order in which they all fall in one month',
    ]);
  });

  it('a file showing both orders is rejected, naming both lines', async () => {
    const message = await rejection(fixture('dates-conflict.csv'));
    expect(message).toBe(
      'dates-conflict.csv line 5: date "10/14/2026" can only be month/day/year, but line 3 has "13/10/2026", ' +
        'which can only be day/month/year; a file must write all its dates in one order',
    );
  });

  it('1.10.2026 is day.month.year', async () => {
    expect(await datesOf('dates-dotted.csv')).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-31': 7 });
  });

  it('a plain whole number in the date column is an Excel serial day (46296 = 2026-10-01)', async () => {
    expect(await datesOf('dates-serial.csv')).toEqual({ '2026-10-01': 5, '2026-10-02': 6, '2026-10-03': 7 });
  });

  it('a two-digit year is read as 20YY, and the report says so', async () => {
    const parsed = await read(fixture('dates-two-digit-year.csv'));
    expect(days(license(parsed, L))).toEqual({ '2026-10-01': 5, '2026-10-02': 6 });
    expect(parsed.warnings).toEqual([
      'dates-two-digit-year.csv: dates with a two-digit year were read as 20YY ("10/2/26" is 2026-10-02)',
      'dates-two-digit-year.csv: its slash dates were read month first (month/day/year), the only order in which they all fall in one month',
    ]);
  });

  it('an impossible date rejects the file', async () => {
    expect(await rejection(fixture('dates-impossible.csv'))).toBe('dates-impossible.csv line 3: date "2026-02-30" is not a valid date');
    expect(await rejection(fixture('dates-impossible-slash.csv'))).toBe('dates-impossible-slash.csv line 3: date "13/13/2026" is not a valid date');
  });

  it('one day written two ways is one day: an equal count is a repeat, another count a conflict', async () => {
    const parsed = await read(fixture('dates-two-spellings.csv'));
    expect(days(license(parsed, L))).toEqual({ '2026-01-10': 5, '2026-01-11': 9 });
    expect(parsed.warnings).toEqual([
      'dates-two-spellings.csv: its slash dates were read month first (month/day/year), the only order in which they all fall in one month',
      `line 3 repeats line 2 (license ${L}, 2026-01-10: 5); ignored`,
    ]);
    expect(await rejection(fixture('dates-two-spellings-conflict.csv'))).toBe(
      `dates-two-spellings-conflict.csv line 4: license ${L}, 2026-01-10 has count 6, but line 2 has 5 for the same license and day; remove one of them`,
    );
  });
});

describe('counts', () => {
  it('whole numbers: "1,234" in quotes, 12.0, 0, spaces around, "1,000,000.00"', async () => {
    const parsed = await read(fixture('numbers-ok.csv'));
    expect(days(license(parsed, 'NUMBERS-LICENSE'))).toEqual({
      '2026-10-01': 1234,
      '2026-10-02': 12,
      '2026-10-03': 0,
      '2026-10-04': 77,
      '2026-10-05': 1000000,
    });
  });

  it('12.5, -3, an empty cell and a word reject the file at their line', async () => {
    expect(await rejection(fixture('bad-count-fraction.csv'))).toBe('bad-count-fraction.csv line 3: count "12.5" is not a whole number');
    expect(await rejection(fixture('bad-count-negative.csv'))).toBe(
      'bad-count-negative.csv line 4: count "-3" is negative: expected a whole number of mailboxes (0 or more)',
    );
    expect(await rejection(fixture('bad-count-empty.csv'))).toBe('bad-count-empty.csv line 2: count is empty: expected a whole number of mailboxes');
    expect(await rejection(fixture('bad-count-word.csv'))).toBe('bad-count-word.csv line 3: count "many" is not a whole number');
  });

  it('1,234 without quotes in a comma file is two fields: the line is rejected', async () => {
    expect(await rejection(fixture('bad-count-unquoted-thousands.csv'))).toBe(
      'bad-count-unquoted-thousands.csv line 2: 4 fields where the header (line 1) has 3; a value with a "," in it must be in double quotes',
    );
  });
});
