import { describe, expect, it } from 'vitest';
import { ColumnWidths, columnLetter, textUnits, wrappedLines } from '../../app/invoice/layout';

describe('column widths and wrapping', () => {
  it('measures text in digit widths: narrow letters less, wide and capital letters more', () => {
    expect(textUnits('0000')).toBe(4);
    expect(textUnits('iiii')).toBeLessThan(textUnits('0000'));
    expect(textUnits('MMMM')).toBeGreaterThan(textUnits('0000'));
  });

  it('wraps at spaces, and breaks a word longer than the line', () => {
    expect(wrappedLines('short', 20)).toBe(1);
    expect(wrappedLines('one two three four five six seven eight nine ten', 20)).toBeGreaterThanOrEqual(3);
    expect(wrappedLines('x'.repeat(50), 12)).toBeGreaterThanOrEqual(5);
    expect(wrappedLines('', 10)).toBe(1);
  });

  it('fits a column to its longest text, up to its max, and text that set a width takes one line', () => {
    const widths = new ColumnWidths([
      { header: 'Name', max: 30 },
      { header: 'Notes', max: 20, wrap: true },
    ]);
    widths.note(0, 'mail01.example.net');
    widths.note(1, 'a note much longer than twenty digits of width, so it wraps');
    const [name, notes] = widths.widths();
    expect(name).toBeGreaterThan(textUnits('mail01.example.net'));
    expect(name).toBeLessThan(30);
    expect(wrappedLines('mail01.example.net', name ?? 0)).toBe(1);
    expect(notes).toBeLessThanOrEqual(22);
    expect(wrappedLines('a note much longer than twenty digits of width, so it wraps', notes ?? 0)).toBeGreaterThan(1);
  });

  it('never makes a column narrower than its header needs beside the filter button', () => {
    const widths = new ColumnWidths([{ header: 'Billable mailboxes', max: 5 }]);
    widths.note(0, '12');
    expect(widths.widths()[0]).toBeGreaterThan(textUnits('mailboxes') + 2);
  });

  it('names columns as Excel does', () => {
    expect([1, 9, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'I', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
