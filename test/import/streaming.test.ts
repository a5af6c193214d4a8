// Large files stream (SPEC §4.5, §10): progress, cancellation between chunks, the hash
// of every byte, and memory that does not grow with the file's size.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../app/errors';
import { readUsageFile } from '../../app/import';
import { days, license, sample, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
let big: string;
let bigSize = 0;
const LICENSES = 20;
const MAILBOXES = 1500;
const DAYS = 31;

/** `license,date,email` rows: each license's mailboxes, every day; mailbox m is off on days where (m + day) % 7 == 0. */
function writeMailboxCsv(file: string): number {
  const fd = openSync(file, 'w');
  let size = 0;
  let buf = 'license,date,email\n';
  for (let l = 0; l < LICENSES; l++) {
    for (let d = 1; d <= DAYS; d++) {
      const date = `2026-10-${String(d).padStart(2, '0')}`;
      for (let m = 0; m < MAILBOXES; m++) {
        if ((m + d) % 7 === 0) continue;
        buf += `LIC${String(l).padStart(3, '0')}-STREAM-TEST-KEY,${date},${m % 10 === 0 ? 'User' : 'user'}${m}@customer${m % 50}.example.com\n`;
        if (buf.length > 1 << 20) {
          size += writeSync(fd, buf);
          buf = '';
        }
      }
    }
  }
  size += writeSync(fd, buf);
  closeSync(fd);
  return size;
}

beforeAll(() => {
  t = tempDir();
  big = path.join(t.dir, 'big-mailboxes.csv');
  bigSize = writeMailboxCsv(big);
});
afterAll(() => t.remove());

describe('streaming', () => {
  it(
    'reads a ~50 MB mailbox file with modest memory, the right counts and the hash of every byte',
    async () => {
      expect(bigSize).toBeGreaterThan(45e6);
      const before = process.memoryUsage().rss;
      let peak = before;
      const progress: number[] = [];
      const parsed = await readUsageFile(big, {
        onProgress: (bytes, total) => {
          expect(total).toBe(bigSize);
          progress.push(bytes);
          peak = Math.max(peak, process.memoryUsage().rss);
        },
      });
      peak = Math.max(peak, process.memoryUsage().rss);
      expect((peak - before) / 1e6).toBeLessThan(150);

      expect(parsed.licenses).toHaveLength(LICENSES);
      const perDay = (d: number): number => [...Array(MAILBOXES).keys()].filter((m) => (m + d) % 7 !== 0).length;
      for (const l of parsed.licenses) {
        expect(l.days.size).toBe(DAYS);
        for (let d = 1; d <= DAYS; d++) expect(l.days.get(`2026-10-${String(d).padStart(2, '0')}` as never)).toBe(perDay(d));
        expect(l.mailboxes?.[0]?.addresses).toHaveLength(MAILBOXES);
      }
      expect(parsed.rows).toBe(LICENSES * [...Array(DAYS).keys()].reduce((n, d) => n + perDay(d + 1), 0));

      // Progress now and then, growing, ending at the size.
      expect(progress.length).toBeGreaterThan(5);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(bigSize);
      expect(parsed.size).toBe(bigSize);
      expect(parsed.sha256).toBe(createHash('sha256').update(readFileSync(big)).digest('hex'));
    },
    20_000,
  );

  it('a large file (hashed on a second thread, read in pieces of 64 KB) names the exact line of an error far in, and its hash', async () => {
    const file = path.join(t.dir, 'counts-bad-late.csv');
    const lines = ['license,date,count'];
    // 5,000 licenses × 80 days (August to October).
    const row = (i: number, count: string) => {
      const k = Math.floor(i / 5000);
      return `LATE-${String(i % 5000).padStart(5, '0')}-KEY,2026-${String(8 + Math.floor(k / 28)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')},${count}`;
    };
    for (let i = 0; i < 400_000; i++) lines.push(row(i, String(i % 97)));
    const bad = 345_678;
    lines[bad - 1] = row(bad - 2, 'many');
    writeFileSync(file, lines.join('\n') + '\n');
    expect(statSync(file).size).toBeGreaterThan(10e6);
    await expect(readUsageFile(file)).rejects.toThrow(`counts-bad-late.csv line ${bad}: count "many" is not a whole number`);
    lines[bad - 1] = row(bad - 2, '5');
    writeFileSync(file, lines.join('\n') + '\n');
    const parsed = await readUsageFile(file);
    expect(parsed.rows).toBe(400_000);
    expect(parsed.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });

  it('cancels between chunks when the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const reading = readUsageFile(big, {
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(reading).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(1);
  });

  it('an aborted signal cancels before reading, for every format', async () => {
    const controller = new AbortController();
    controller.abort();
    for (const file of ['counts-plain.csv', 'counts-rows.json', 'counts-with-title-row.xlsx']) {
      await expect(readUsageFile(sample(file), { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    }
  });

  it('progress reaches the size for small files and workbooks too', async () => {
    for (const file of ['counts-plain.csv', 'api-snapshots.json', 'counts-with-title-row.xlsx']) {
      const seen: [number, number][] = [];
      const parsed = await readUsageFile(sample(file), { onProgress: (b, total) => seen.push([b, total]) });
      expect(seen.at(-1), file).toEqual([parsed.size, parsed.size]);
    }
  });

  it('the same rows in random order give the same result', async () => {
    const lines = readFileSync(sample('mailbox-rows.csv'), 'utf8').trim().split('\n');
    const [header, ...rows] = lines;
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as string, rows[i] as string];
    }
    const file = path.join(t.dir, 'shuffled.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, [header, ...rows].join('\r\n'));
    const a = await readUsageFile(sample('mailbox-rows.csv'));
    const b = await readUsageFile(file);
    for (const l of a.licenses) {
      expect(days(license(b, l.key))).toEqual(days(l));
      const sorted = (x: typeof l): string[] => (x.mailboxes?.[0]?.addresses.map((addr, i) => `${addr} ${x.mailboxes?.[0]?.days[i]}`) ?? []).sort();
      expect(sorted(license(b, l.key))).toEqual(sorted(l));
    }
  });
});
