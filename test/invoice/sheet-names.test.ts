import { describe, expect, it } from 'vitest';
import { safeSheetName, uniqueSheetName } from '../../app/invoice';

describe('safeSheetName', () => {
  it('keeps a name Excel accepts as it is', () => {
    expect(safeSheetName('example.com')).toBe('example.com');
    expect(safeSheetName('Mail 01 (EU)')).toBe('Mail 01 (EU)');
  });

  it('removes the characters Excel forbids: [ ] : * ? / \\', () => {
    expect(safeSheetName('a[b]c:d*e?f/g\\h')).toBe('abcdefgh');
  });

  it('trims apostrophes and spaces at the ends, keeps them inside', () => {
    expect(safeSheetName("'quoted'")).toBe('quoted');
    expect(safeSheetName("  ''O'Brien''  ")).toBe("O'Brien");
  });

  it('cuts to 31 characters, and trims what the cut leaves at the end', () => {
    const long = 'customer-with-a-really-long-domain-name.example.com';
    expect(safeSheetName(long)).toBe(long.slice(0, 31));
    expect(safeSheetName(long)).toHaveLength(31);
    expect(safeSheetName(`${'a'.repeat(30)} bcd`)).toBe('a'.repeat(30));
  });

  it('never splits a character made of two UTF-16 units', () => {
    const name = safeSheetName(`${'a'.repeat(30)}😀`);
    expect(name).toBe('a'.repeat(30));
  });

  it('is never empty', () => {
    expect(safeSheetName('')).toBe('Sheet');
    expect(safeSheetName('[]:*?/\\')).toBe('Sheet');
    expect(safeSheetName("'''")).toBe('Sheet');
  });

  it('replaces control characters and avoids the name Excel reserves', () => {
    expect(safeSheetName('a\tb\nc')).toBe('a b c');
    expect(safeSheetName('History')).toBe('History (1)');
  });

  it('makes names unique, case-insensitively, within 31 characters', () => {
    const taken = new Set(['summary', 'daily', 'sources']);
    expect(uniqueSheetName('Summary', taken)).toBe('Summary (2)');
    expect(uniqueSheetName('SUMMARY', taken)).toBe('SUMMARY (3)');
    const long = 'x'.repeat(40);
    expect(uniqueSheetName(long, taken)).toBe('x'.repeat(31));
    expect(uniqueSheetName(long, taken)).toBe(`${'x'.repeat(27)} (2)`);
  });
});
