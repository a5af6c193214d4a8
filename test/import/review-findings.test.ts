// Four ways a figure went wrong, found by reading the import path against files made
// to break it (hand-made in the shapes real writers use): each now reads right or is
// refused with its sentence, and the rest of a batch still lands.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { days, fixture, license, read, rejection, tempDir } from './helpers';
import { flexbill } from '../helpers/cli';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('what the review found', () => {
  it('an .xlsx date cell (t="d") with a time part is its calendar date in every time zone', async () => {
    for (const tz of ['Europe/Berlin', 'America/Los_Angeles', 'UTC']) {
      process.env.TZ = tz;
      const parsed = await read(fixture('xlsx-date-cells-with-time.xlsx'), { today: '2026-12-01' as never });
      expect(days(license(parsed, 'KEY01')), tz).toEqual({ '2026-10-28': 3, '2026-10-29': 4, '2026-10-30': 5, '2026-11-01': 50 });
    }
  });

  it('an .ods cell comment is not part of the cell value', async () => {
    const parsed = await read(fixture('ods-cell-comment.ods'), { today: '2026-12-01' as never });
    expect(parsed.licenses.map((l) => l.key)).toEqual(['KEY01']);
    expect(days(license(parsed, 'KEY01'))).toEqual({ '2026-10-01': 5, '2026-10-02': 9, '2026-10-03': 7 });
  });

  it('a file read as Windows-1252 that has UTF-8 further on (another piece of text) is refused, not misread', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'mixed-late.csv');
      const lines = ['license,date,count,name', 'KEY01-AAAA,2026-10-01,5,Jos\u00e9'];
      const head = Buffer.from(`${lines.join('\n')}\n`, 'latin1'); // é as the single byte E9
      const filler = Buffer.from(Array.from({ length: 3000 }, (_, i) => `K${String(i).padStart(4, '0')}-AAAA,2026-10-02,${i % 7},plain\n`).join(''));
      const tail = Buffer.from('KEY\u00e9-AAAA,2026-10-03,6,late\n', 'utf8'); // é as C3 A9
      fs.writeFileSync(file, Buffer.concat([head, filler, tail]));
      expect(await rejection(file, { today: '2026-12-01' as never })).toMatch(/^mixed-late\.csv mixes encodings: it has text that is not UTF-8 and, near byte \d+, UTF-8 text; save it again as UTF-8$/);
    } finally {
      t.remove();
    }
  });

  it('a count past what a day can hold rejects that file at its line; the other files of the batch land', () => {
    const t = tempDir();
    try {
      const big = path.join(t.dir, 'big.csv');
      const fine = path.join(t.dir, 'fine.csv');
      fs.writeFileSync(big, 'License,Date,Count\nKEYBB1,2026-10-01,5\nKEYCC1,2026-10-02,3000000000\n');
      fs.writeFileSync(fine, 'License,Date,Count\nKEYDD1,2026-10-01,7\n');
      const db = path.join(t.dir, 'x.db');
      const r = flexbill(db, 'import', big, fine);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('big.csv line 3: count "3000000000" is too large: no server has that many mailboxes');
      expect(r.stdout).toContain('fine.csv: imported as #');
      const imports = JSON.parse(flexbill(db, 'imports', '--json').stdout) as { fileName: string; status: string }[];
      expect(imports.map((i) => [i.fileName, i.status])).toEqual([['fine.csv', 'imported'], ['big.csv', 'rejected']]);
    } finally {
      t.remove();
    }
  });

  it('a JSON file that names no license goes to the license given with the import, and says so (as a table does)', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'rows.json');
      fs.writeFileSync(file, JSON.stringify([{ date: '2026-10-01', count: 5 }, { date: '2026-10-02', count: 7 }]));
      const parsed = await read(file, { today: '2026-12-01' as never, license: '  7QK2M-PX4VA-LR8TE-4MTSV ' });
      expect(parsed.licenseGiven).toBe('7QK2M-PX4VA-LR8TE-4MTSV');
      expect(days(license(parsed, '7QK2M-PX4VA-LR8TE-4MTSV'))).toEqual({ '2026-10-01': 5, '2026-10-02': 7 });
    } finally {
      t.remove();
    }
  });
});
