// Files written by the real programs clerks use (LibreOffice, Gnumeric; see
// test/fixtures/real/make-fixtures.py): each imports to the billable counts computed
// from its values by the script, independently of the app, or is refused with its
// sentence. No file may give a bill that differs from the rule applied to what it shows.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DateOrderError } from '../../app/import/dates';
import { readUsageFile } from '../../app/import';
import type { IsoDate } from '../../app/billing/types';
import { days, license, read, rejection, tempDir } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const real = (name: string): string => path.join(here, '..', 'fixtures', 'real', name);

interface Expected {
  billable?: Record<string, number>;
  days?: Record<string, number>;
  range?: Record<string, [string, string]>;
  names?: Record<string, string>;
  refused?: string;
  warning?: string;
  skipped?: string[];
  dates?: string;
}
const expected = JSON.parse(readFileSync(real('expected.json'), 'utf8')) as Record<string, Expected>;
const TODAY = '2026-12-01' as IsoDate;

/** SPEC §2, written plainly: highest first, earlier date first among equals; drop two, leaving one. */
function billable(counts: ReadonlyMap<string, number>): number {
  const sorted = [...counts].sort(([da, a], [db, b]) => b - a || (da < db ? -1 : 1));
  return (sorted[Math.min(2, sorted.length - 1)] as [string, number])[1];
}

describe('files made by LibreOffice and Gnumeric', () => {
  const imported = Object.entries(expected).filter(([, e]) => e.billable !== undefined && e.refused === undefined);
  const refused = Object.entries(expected).filter(([, e]) => e.refused !== undefined);

  it('there is a file of every kind the issue names', () => {
    const names = Object.keys(expected);
    for (const kind of ['lo-counts.ods', 'gnumeric-counts.ods', 'lo-hidden-first-sheet.xlsx', 'lo-hidden-first-sheet.ods', 'lo-formula-zero.xlsx',
      'lo-en-gb-days-1-12.csv', 'lo-one-ambiguous-date.csv', 'lo-us-two-digit-years.csv', 'gnumeric-ymd-slash.csv', 'utf16le-no-bom.txt',
      'utf16le-stray-boms.txt', 'lo-windows-1252.csv', 'lo-totals-row.xlsx', 'lo-totals-row.csv', 'ods-repeated-rows.ods']) {
      expect(names).toContain(kind);
    }
  });

  for (const [file, want] of imported) {
    it(`${file}: the billable count of every license, its days and its name`, async () => {
      const parsed = await read(real(file), { today: TODAY });
      expect(parsed.licenses.map((l) => l.key)).toEqual(Object.keys(want.billable ?? {}).sort());
      for (const l of parsed.licenses) {
        expect(l.days.size, `${file} ${l.key} days`).toBe(want.days?.[l.key]);
        expect(billable(l.days), `${file} ${l.key} billable`).toBe(want.billable?.[l.key]);
        const dates = [...l.days.keys()].sort();
        expect([dates[0], dates[dates.length - 1]]).toEqual(want.range?.[l.key]);
        if (want.names) expect(l.meta.name, `${file} ${l.key} name`).toBe(want.names[l.key]);
      }
      if (want.warning) expect(parsed.warnings.join('\n')).toContain(want.warning);
      for (const sheet of want.skipped ?? []) expect(parsed.warnings.join('\n')).toContain(`sheet "${sheet}" is a hidden sheet and was not read`);
    });
  }

  for (const [file, want] of refused) {
    it(`${file} is refused with a sentence that says what to do`, async () => {
      const message = await rejection(real(file), { today: TODAY });
      expect(message).toContain(want.refused);
      expect(message.startsWith(file)).toBe(true);
    });
  }

  it('one date that reads both ways is not guessed: both readings are given, and the order chosen is used', async () => {
    try {
      await readUsageFile(real('lo-one-ambiguous-date.csv'), { today: TODAY });
      throw new Error('read');
    } catch (e) {
      expect(e).toBeInstanceOf(DateOrderError);
      expect((e as DateOrderError).readings).toEqual({
        example: '05/10/2026',
        dmy: { from: '2026-10-05', to: '2026-10-05' },
        mdy: { from: '2026-05-10', to: '2026-05-10' },
      });
    }
    const key = 'ZRH01-W8KXN-2PLQA-4MTSV';
    expect(days(license(await read(real('lo-one-ambiguous-date.csv'), { dates: 'dmy', today: TODAY }), key))).toEqual({ '2026-10-05': 77 });
    expect(days(license(await read(real('lo-one-ambiguous-date.csv'), { dates: 'mdy', today: TODAY }), key))).toEqual({ '2026-05-10': 77 });
  });

  it('British dates of the first twelve days are read day first; the US week month first', async () => {
    const gb = await read(real('lo-en-gb-days-1-12.csv'), { today: TODAY });
    for (const l of gb.licenses) expect([...l.days.keys()].every((d) => d.startsWith('2026-10-'))).toBe(true);
    const us = await read(real('lo-en-us-week.csv'), { today: TODAY });
    expect([...(us.licenses[0]?.days.keys() ?? [])].sort()).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
  });

  it('an order given with the import that the file disproves is refused at the line that disproves it', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'uk.csv');
      writeFileSync(file, 'license,date,count\nKEY01-AAAAA,01/10/2026,5\nKEY01-AAAAA,13/10/2026,6\n');
      expect(await rejection(file, { dates: 'mdy', today: TODAY })).toBe(
        'uk.csv line 3: date "13/10/2026" can only be day/month/year, but the import was told the file writes month first; import it again with the other order',
      );
    } finally {
      t.remove();
    }
  });

  it('a date after tomorrow rejects the file at its line; tomorrow itself is accepted', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'stray.csv');
      writeFileSync(file, 'license,date,count\nKEY01-AAAAA,2026-11-30,5\nKEY01-AAAAA,2026-12-02,6\nKEY01-AAAAA,2027-03-05,7\n');
      expect(await rejection(file, { today: TODAY })).toBe(
        'stray.csv line 4: date 2027-03-05 is in the future (after 2026-12-02); no server can have reported it yet: check the date',
      );
      writeFileSync(file, 'license,date,count\nKEY01-AAAAA,2026-11-30,5\nKEY01-AAAAA,2026-12-02,6\n');
      expect((await read(file, { today: TODAY })).licenses[0]?.days.size).toBe(2);
    } finally {
      t.remove();
    }
  });

  it('UTF-16 BE without a BOM is recognised by its zero bytes', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'be.txt');
      const text = 'License\tDate\tCount\nBE001-AAAAA\t2026-10-01\t5\nBE001-AAAAA\t2026-10-02\t6\n';
      writeFileSync(file, Buffer.from(text, 'utf16le').swap16());
      const parsed = await read(file, { today: TODAY });
      expect(parsed.detail).toBe('tab-separated, UTF-16 BE without BOM');
      expect(days(license(parsed, 'BE001-AAAAA'))).toEqual({ '2026-10-01': 5, '2026-10-02': 6 });
    } finally {
      t.remove();
    }
  });

  it('Windows-1252 is named in the report; a file that mixes it with UTF-8 is refused', async () => {
    const parsed = await read(real('lo-windows-1252.csv'), { today: TODAY });
    expect(parsed.detail).toBe('comma-separated, Windows-1252');
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'mixed.csv');
      writeFileSync(file, Buffer.concat([Buffer.from('license,date,count,name\nKEY01-AAAAA,2026-10-01,5,Zürich\n'), Buffer.from('KEY01-AAAAA,2026-10-02,6,'), Buffer.from([0x5a, 0xfc, 0x72, 0x0a])]));
      expect(await rejection(file, { today: TODAY })).toMatch(/^mixed\.csv mixes encodings: it has UTF-8 text and, near byte \d+, bytes that are not UTF-8; save it again as UTF-8$/);
    } finally {
      t.remove();
    }
  });
});
