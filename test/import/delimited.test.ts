// SPEC §4.1, §4.2 for delimited text: delimiters and encodings found from the content,
// RFC 4180 quoting, the header and preamble, count and mailbox rows, licenses.

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { days, fixture, license, read, rejection, sample, tempDir } from './helpers';

describe('delimiters and encodings', () => {
  it('a pipe-separated file named .txt', async () => {
    const parsed = await read(fixture('delim-pipe.txt'));
    expect(parsed.detail).toBe('pipe-separated, UTF-8');
    expect(days(license(parsed, 'PIPE-LICENSE'))).toEqual({ '2026-10-01': 10, '2026-10-02': 11 });
  });

  it('a tab-separated file with CRLF', async () => {
    const parsed = await read(fixture('delim-tab.tsv'));
    expect(parsed.detail).toBe('tab-separated, UTF-8');
    expect(days(license(parsed, 'PIPE-LICENSE'))).toEqual({ '2026-10-01': 10, '2026-10-02': 11 });
  });

  it('UTF-16 BE with BOM, with letters outside ASCII', async () => {
    const parsed = await read(fixture('delim-utf16be.txt'));
    expect(parsed.detail).toBe('tab-separated, UTF-16 BE');
    expect(parsed.licenses.map((l) => l.key)).toEqual(['JOSÉ-Ü-LICENSE', 'PIPE-LICENSE']);
    expect(days(license(parsed, 'PIPE-LICENSE'))).toEqual({ '2026-10-01': 21, '2026-10-02': 22 });
  });

  it('the format comes from the content, not the name: JSON named .csv, CSV named .json', async () => {
    const t = tempDir();
    try {
      const json = path.join(t.dir, 'usage.csv');
      writeFileSync(json, '  [{"license": "K", "date": "2026-10-01", "count": 3}]');
      expect((await read(json)).format).toBe('json-rows');
      const csv = path.join(t.dir, 'usage.json');
      writeFileSync(csv, 'license,date,count\nK,2026-10-01,3\n');
      expect((await read(csv)).format).toBe('csv');
    } finally {
      t.remove();
    }
  });

  it('a UTF-8 file with non-ASCII text in a large file keeps every row (pieces cut at line ends)', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'accents.csv');
      let text = 'license,date,email\n';
      for (let i = 0; i < 60000; i++) text += `LIC-É,2026-10-${String((i % 28) + 1).padStart(2, '0')},usér${i % 3000}@exämple.org\n`;
      writeFileSync(file, text);
      const parsed = await read(file);
      expect(parsed.rows).toBe(60000);
      const l = license(parsed, 'LIC-É');
      expect(l.mailboxes?.[0]?.addresses).toHaveLength(3000);
      const firstDay = new Set<number>();
      for (let i = 0; i < 60000; i += 28) firstDay.add(i % 3000);
      expect(l.days.get('2026-10-01' as never)).toBe(firstDay.size);
    } finally {
      t.remove();
    }
  });
});

describe('quoting (RFC 4180)', () => {
  it('quoted delimiters, doubled quotes and line ends inside quotes', async () => {
    const parsed = await read(fixture('quoted.csv'));
    const l = license(parsed, 'QUOTED-LICENSE');
    expect(days(l)).toEqual({ '2026-10-01': 1200, '2026-10-02': 1100, '2026-10-03': 1000, '2026-10-04': 900 });
    expect(l.meta.name).toBe('mail "one", main\nsecond line');
    expect(parsed.rows).toBe(4);
  });

  it('the line of a row is the physical line it starts on, after line ends inside quotes', async () => {
    expect(await rejection(fixture('bad-quoted-line.csv'))).toBe('bad-quoted-line.csv line 5: count "lots" is not a whole number');
  });

  it('a quote that never closes is rejected at its line', async () => {
    expect(await rejection(fixture('bad-quote-unclosed.csv'))).toBe('bad-quote-unclosed.csv line 3: a quoted field is not closed (a closing " is missing)');
  });

  it('quoted rows and plain rows around 1 MiB pieces keep their line numbers', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'long.csv');
      const lines = ['license,date,count,note'];
      for (let i = 0; i < 40000; i++) lines.push(`K,2026-10-${String((i % 28) + 1).padStart(2, '0')},${i % 28},"note ${i}\nmore, ""quoted"""`);
      lines.push('K,2026-10-29,oops,x');
      writeFileSync(file, lines.join('\n') + '\n');
      // Each record takes two physical lines: the bad one starts on line 2 + 40000 * 2.
      expect(await rejection(file)).toBe(`long.csv line ${2 + 40000 * 2}: count "oops" is not a whole number`);
    } finally {
      t.remove();
    }
  });
});

describe('rows', () => {
  it('blank lines (and lines of delimiters only) are skipped', async () => {
    const parsed = await read(fixture('blank-lines.csv'));
    expect(days(license(parsed, 'B'))).toEqual({ '2026-10-01': 5, '2026-10-02': 6 });
    expect(parsed.rows).toBe(2);
  });

  it('a data row with the wrong number of fields is rejected with its line', async () => {
    expect(await rejection(fixture('bad-field-count.csv'))).toBe(
      'bad-field-count.csv line 3: 4 fields where the header (line 1) has 3; a value with a "," in it must be in double quotes',
    );
  });

  it('count rows of several domains add up; an exact repeat is ignored with a warning', async () => {
    const parsed = await read(fixture('domains-sum.csv'));
    expect(days(license(parsed, 'DOMAIN-LICENSE'))).toEqual({ '2026-10-01': 15, '2026-10-02': 17 });
    expect(parsed.warnings).toEqual(['line 6 repeats line 4 (license DOMAIN-LICENSE, 2026-10-02, domain "a.com": 11); ignored']);
  });

  it('the same license and day twice with different counts rejects the file, naming both lines', async () => {
    expect(await rejection(fixture('bad-duplicate-conflict.csv'))).toBe(
      'bad-duplicate-conflict.csv line 5: license DOMAIN-LICENSE, 2026-10-02 has count 13, but line 3 has 11 for the same license and day; remove one of them',
    );
    expect(await rejection(fixture('bad-domain-conflict.csv'))).toBe(
      'bad-domain-conflict.csv line 4: license DOMAIN-LICENSE, 2026-10-01, domain "a.com" has count 7, but line 2 has 10 for the same license, day and domain; remove one of them',
    );
  });

  it('many exact repeats: five listed, then how many more', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'repeats.csv');
      const rows = ['license,date,count'];
      for (let d = 1; d <= 9; d++) rows.push(`R,2026-10-0${d},${d}`, `R,2026-10-0${d},${d}`);
      writeFileSync(file, rows.join('\n'));
      const parsed = await read(file);
      expect(parsed.warnings).toHaveLength(6);
      expect(parsed.warnings[0]).toBe('line 3 repeats line 2 (license R, 2026-10-01: 1); ignored');
      expect(parsed.warnings[5]).toBe('and 4 more exact repeats, ignored');
      expect(license(parsed, 'R').days.size).toBe(9);
    } finally {
      t.remove();
    }
  });

  it('mailbox rows: distinct addresses per day, trimmed and in any letter case; domains; months', async () => {
    const parsed = await read(fixture('mailbox-case.csv'));
    expect(parsed.kind).toBe('mailboxes');
    const l = license(parsed, 'MAILBOX-LICENSE');
    expect(days(l)).toEqual({ '2026-10-01': 2, '2026-10-02': 2, '2026-11-01': 1 });
    expect(l.mailboxes).toEqual([
      { month: '2026-10', addresses: ['user1@example.com', 'user2@example.com', 'jdoe'], domains: ['example.com', 'example.com', 'other.org'], days: [0b1, 0b11, 0b10] },
      { month: '2026-11', addresses: ['user1@example.com'], domains: ['example.com'], days: [0b1] },
    ]);
  });
});

describe('the header, the preamble and the license', () => {
  it('preamble lines Key,value give the license and its metadata; other lines are ignored', async () => {
    const parsed = await read(fixture('preamble-key-value.csv'));
    expect(parsed.licenses).toHaveLength(1);
    expect(license(parsed, 'PRE-LICENSE').meta).toEqual({
      name: 'mail9.example.net',
      edition: 'Enterprise',
      version: '17.0.6964',
      maintenanceExpires: '2027-03-31',
    });
  });

  it('a file without a license takes the license chosen when importing, else is rejected', async () => {
    expect(await rejection(fixture('no-license.csv'))).toBe(
      'no-license.csv names no license: add a license column or a "License Key:" line, or choose the license when importing',
    );
    const parsed = await read(fixture('no-license.csv'), { license: ' CHOSEN-KEY ' });
    expect(parsed.licenses.map((l) => l.key)).toEqual(['CHOSEN-KEY']);
    expect(days(license(parsed, 'CHOSEN-KEY'))).toEqual({ '2026-10-01': 10, '2026-10-02': 12 });
  });

  it('the preamble license wins over the import option; a license column over both', async () => {
    const preamble = await read(sample('counts-one-license-preamble.csv'), { license: 'OTHER' });
    expect(preamble.licenses.map((l) => l.key)).toEqual(['JCECE-ZNE2G-RPPHC-CFU8G']);
    const column = await read(sample('counts-plain.csv'), { license: 'OTHER' });
    expect(column.licenses.map((l) => l.key)).not.toContain('OTHER');
  });

  it('messages and the file name use the display name when one is given (uploads)', async () => {
    const parsed = await read(fixture('blank-lines.csv'), { displayName: 'october usage.csv' });
    expect(parsed.fileName).toBe('october usage.csv');
    expect(await rejection(fixture('bad-count-word.csv'), { displayName: 'upload.csv' })).toBe('upload.csv line 3: count "many" is not a whole number');
  });

  it('a header with both a count and a mailbox column is rejected', async () => {
    expect(await rejection(fixture('bad-both-columns.csv'))).toBe(
      'bad-both-columns.csv line 1: the header has a count column ("eas accounts") and a mailbox column ("email"); a file gives either daily counts or one row per mailbox, not both',
    );
  });

  it('text that is no table, an empty file, a blank file, a header without rows, a binary file', async () => {
    expect(await rejection(fixture('bad-not-a-table.txt'))).toBe(
      'bad-not-a-table.txt is not a usage export: no header row with a date column and a count or mailbox column was found in the first 100 lines',
    );
    expect(await rejection(fixture('bad-empty.csv'))).toBe('bad-empty.csv is empty');
    expect(await rejection(fixture('bad-blank.csv'))).toBe('bad-blank.csv is not a usage export: it holds no text');
    expect(await rejection(fixture('bad-header-only.csv'))).toBe('bad-header-only.csv has a header row (line 1) but no usage rows');
    const t = tempDir();
    try {
      const bin = path.join(t.dir, 'photo.jpg');
      writeFileSync(bin, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), randomBytes(4000)]));
      expect(await rejection(bin)).toBe('photo.jpg is not a usage export: it is not text, a workbook (.xlsx, .ods) or JSON (it looks like a binary file)');
      const xls = path.join(t.dir, 'old.xls');
      writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(100)]));
      expect(await rejection(xls)).toMatch(/^old\.xls is an old Excel workbook \(\.xls\)/);
    } finally {
      t.remove();
    }
  });

  it('a header below line 100 is not searched for', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'late.csv');
      writeFileSync(file, 'title\n'.repeat(100) + 'license,date,count\nK,2026-10-01,1\n');
      expect(await rejection(file)).toMatch(/^late\.csv is not a usage export: no header row .* in the first 100 lines$/);
      writeFileSync(file, 'title\n'.repeat(99) + 'license,date,count\nK,2026-10-01,1\n');
      expect((await read(file)).rows).toBe(1);
    } finally {
      t.remove();
    }
  });
});
