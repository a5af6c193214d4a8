// The shared words: one phrasing of the rule, the plurals and the cancelled file, for every face.
import { describe, expect, it } from 'vitest';
import type { Cents } from '../app/billing/types';
import { droppedText, notImportedCancelled, plural, previewRule, ruleLine, ruleSentence } from '../app/words';
import { previewText } from '../app/cli';
import { applyRule, buildPreview } from '../app/billing';
import { asIsoDate, asIsoMonth, asLicenseKey } from '../app/billing/types';

const dollar = 100 as Cents;

describe('the words every face shares', () => {
  it('say the rule in good English for 0, 1 and more days dropped', () => {
    expect([0, 1, 2].map((n) => droppedText(n))).toEqual(['No days are dropped', 'The highest day is dropped', 'The 2 highest days are dropped']);
    expect(ruleLine(3, dollar)).toBe('The 3 highest days are dropped · rate $1.00');
    expect(previewRule(1, dollar)).toBe('the highest day of each license is dropped; rate $1.00 per mailbox.');
    expect(previewRule(2, dollar)).toBe('the 2 highest days of each license are dropped; rate $1.00 per mailbox.');
    expect(ruleSentence(1, dollar)).toBe('Each license is billed at its daily count after dropping the highest day of the month; rate $1.00 per mailbox.');
    expect([plural(1, 'license'), plural(2000, 'license'), plural(2, 'mailbox', 'mailboxes')]).toEqual(['1 license', '2,000 licenses', '2 mailboxes']);
    expect(notImportedCancelled('a.csv')).toBe('a.csv: not imported (cancelled).');
  });

  it('the command line never says "the 1 highest days"', () => {
    const month = asIsoMonth('2026-10');
    const days = [1, 2, 3].map((d) => ({ date: asIsoDate(`2026-10-0${d}`), count: 10 * d }));
    const lic = applyRule({ license: asLicenseKey('L'), name: null, month, days, droppedDays: 1, rate: dollar, distinctMailboxes: null, info: null });
    const text = previewText(buildPreview(month, 1, dollar, [lic]), '');
    expect(text.split('\n')[0]).toBe('2026-10: 31 days; the highest day of each license is dropped; rate $1.00 per mailbox.');
  });
});
