// The fast paths of the delimited reader (bytes compared in place, guessed mailbox
// order, pieces cut at line ends) checked against a naive reading of the same rows,
// on generated files of several MiB with irregular order, letter case, spaces, CRLF
// and quoted fields; and against the same text in UTF-16, which takes the string path.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUsageFile } from '../../app/import';
import type { ParsedFile } from '../../app/import/types';
import { days, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.remove());

/** A small deterministic random generator (LCG), so failures can be replayed. */
function randomFrom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
}

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function dateOf(day: number): string {
  return day <= 31 ? `2026-10-${String(day).padStart(2, '0')}` : `2026-11-${String(day - 31).padStart(2, '0')}`;
}

describe('fast paths against a naive reading', () => {
  it('mailbox rows', async () => {
    const random = randomFrom(12345);
    const rows: string[] = [];
    const want = new Map<string, Map<string, Set<string>>>();
    for (let l = 0; l < 7; l++) {
      const key = `LIC-${l}-${'X'.repeat(l * 3)}`;
      const perDay = new Map<string, Set<string>>();
      want.set(key, perDay);
      const mailboxes = 1500 + l * 300;
      for (let day = 1; day <= 34; day++) {
        const date = dateOf(day);
        const set = new Set<string>();
        perDay.set(date, set);
        const block: string[] = [];
        for (let m = 0; m < mailboxes; m++) {
          if (random() < 0.15) continue; // off today
          const address = `u${m}@d${m % 17}.example`;
          set.add(address);
          const r = random();
          const written = r < 0.04 ? address.toUpperCase() : r < 0.06 ? `  ${address} ` : address;
          block.push(`${key},${date},${written}`);
          if (random() < 0.02) block.push(`${key},${date},${address}`); // the same mailbox twice
        }
        // Mostly in order; some rows swapped, some blocks reversed.
        for (let i = 0; i < block.length / 20; i++) {
          const a = Math.floor(random() * block.length);
          const b = Math.floor(random() * block.length);
          [block[a], block[b]] = [block[b] as string, block[a] as string];
        }
        if (random() < 0.1) block.reverse();
        rows.push(...block);
      }
    }
    // A tail of rows in random order, repeating earlier ones.
    for (let i = 0; i < 20000; i++) rows.push(rows[Math.floor(random() * rows.length)] as string);
    const text = 'license,date,email\n' + rows.map((r) => (random() < 0.3 ? `${r}\r\n` : `${r}\n`)).join('');
    expect(text.length).toBeGreaterThan(5 * (1 << 20));

    const check = (parsed: ParsedFile): void => {
      expect(parsed.rows).toBe(rows.length);
      expect(parsed.licenses.map((l) => l.key)).toEqual([...want.keys()].sort());
      for (const l of parsed.licenses) {
        const perDay = want.get(l.key) as Map<string, Set<string>>;
        expect(days(l)).toEqual(Object.fromEntries([...perDay].map(([d, s]) => [d, s.size]).sort()));
        for (const month of l.mailboxes ?? []) {
          const bitsOf = (address: string): number => {
            let bits = 0;
            for (const [date, set] of perDay) if (date.startsWith(month.month) && set.has(address)) bits |= 1 << (Number(date.slice(8)) - 1);
            return bits >>> 0;
          };
          // One comparison per month: thousands of expect() calls would be slow.
          expect(month.days, `${l.key} ${month.month}`).toEqual(month.addresses.map(bitsOf));
          const all = new Set<string>();
          for (const [date, set] of perDay) if (date.startsWith(month.month)) for (const a of set) all.add(a);
          expect(month.addresses.length).toBe(all.size);
        }
      }
    };

    const utf8 = path.join(t.dir, 'mailboxes.csv');
    writeFileSync(utf8, text);
    check(await readUsageFile(utf8));
    const wide = path.join(t.dir, 'mailboxes-utf16.txt');
    writeFileSync(wide, utf16le(text));
    check(await readUsageFile(wide));
  });

  it('count rows with domains and quoted fields', async () => {
    const random = randomFrom(777);
    const rows: string[] = [];
    const want = new Map<string, Map<string, number>>();
    for (let l = 0; l < 1000; l++) {
      const key = `K${l}-${l % 7 === 0 ? 'LONGER-KEY-TEXT' : 'S'}`;
      const perDay = new Map<string, number>();
      want.set(key, perDay);
      for (let day = 1; day <= 31; day++) {
        const date = dateOf(day);
        for (const domain of ['a.com', 'b.org', 'c.net']) {
          if (random() < 0.2) continue;
          const count = Math.floor(random() * 5000);
          perDay.set(date, (perDay.get(date) ?? 0) + count);
          const quoted = random() < 0.1;
          const countText = quoted && count >= 1000 ? `"${Math.floor(count / 1000)},${String(count % 1000).padStart(3, '0')}"` : String(count);
          const keyText = quoted ? `"${key}"` : key;
          rows.push(`${keyText},${date},${random() < 0.05 ? domain.toUpperCase() : domain},${countText}`);
        }
      }
    }
    // Rows in random order: license and date change on almost every row.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
    }
    const text = 'License Key,Date,Domain,EAS Accounts\r\n' + rows.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    const check = (parsed: ParsedFile): void => {
      expect(parsed.rows).toBe(rows.length);
      expect(parsed.warnings).toEqual([]);
      for (const [key, perDay] of want) {
        const l = parsed.licenses.find((x) => x.key === key);
        expect(l && days(l)).toEqual(Object.fromEntries([...perDay].sort()));
      }
    };
    const utf8 = path.join(t.dir, 'counts.csv');
    writeFileSync(utf8, text);
    check(await readUsageFile(utf8));
    const wide = path.join(t.dir, 'counts-utf16.txt');
    writeFileSync(wide, utf16le(text));
    check(await readUsageFile(wide));
  });
});
