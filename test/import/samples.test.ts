// Every shared sample (test/fixtures) read in full, checked against figures computed
// here from the raw files by the simplest independent means (split, Set, JSON.parse).

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { days, license, read, sample } from './helpers';

const expected = JSON.parse(readFileSync(sample('expected-2026-10.json'), 'utf8')) as { billable: Record<string, Record<string, number>> };

/** The billed count of SPEC §2 for a full month: the third highest daily count. */
function billable(values: Iterable<number>): number {
  return [...values].sort((a, b) => b - a)[2] ?? -1;
}

/** license -> date -> count, from rows already split. */
function byLicense(rows: [string, string, number][]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [key, date, count] of rows) {
    const m = out.get(key) ?? new Map<string, number>();
    m.set(date, (m.get(date) ?? 0) + count);
    out.set(key, m);
  }
  return out;
}

function expectSame(parsed: Awaited<ReturnType<typeof read>>, want: Map<string, Map<string, number>>): void {
  expect(parsed.licenses.map((l) => l.key)).toEqual([...want.keys()].sort());
  for (const [key, dayCounts] of want) {
    expect(days(license(parsed, key))).toEqual(Object.fromEntries([...dayCounts].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
}

describe('the shared samples', () => {
  it('every sample gives the billable counts of expected-2026-10.json', async () => {
    for (const [file, licenses] of Object.entries(expected.billable)) {
      const parsed = await read(sample(file));
      expect(parsed.licenses.map((l) => l.key), file).toEqual(Object.keys(licenses).sort());
      for (const l of parsed.licenses) {
        expect(l.days.size, `${file} ${l.key}`).toBe(31);
        expect(billable(l.days.values()), `${file} ${l.key}`).toBe(licenses[l.key]);
      }
    }
  });

  it('counts-plain.csv: every row as split by commas', async () => {
    const lines = readFileSync(sample('counts-plain.csv'), 'utf8').trim().split('\n').slice(1);
    const want = byLicense(lines.map((l) => l.split(',')).map(([k, d, c]) => [k ?? '', d ?? '', Number(c)]));
    const parsed = await read(sample('counts-plain.csv'));
    expect(parsed).toMatchObject({ format: 'csv', kind: 'counts', rows: lines.length, detail: 'comma-separated, UTF-8', warnings: [] });
    expectSame(parsed, want);
    for (const l of parsed.licenses) expect(l.mailboxes).toBeNull();
  });

  it('counts-semicolon-bom-us-dates.csv: BOM, CRLF, month/day/year, header aliases', async () => {
    const text = readFileSync(sample('counts-semicolon-bom-us-dates.csv'), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n').slice(1);
    const want = byLicense(
      lines.map((l) => {
        const [k, d, c] = l.split(';');
        const [m, day, y] = (d ?? '').split('/');
        return [k ?? '', `${y}-${(m ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`, Number(c)];
      }),
    );
    const parsed = await read(sample('counts-semicolon-bom-us-dates.csv'));
    expect(parsed.detail).toBe('semicolon-separated, UTF-8 with BOM');
    expect(parsed.rows).toBe(lines.length);
    expectSame(parsed, want);
  });

  it('counts-excel-unicode-text.txt: UTF-16 LE, tab-separated', async () => {
    const text = new TextDecoder('utf-16le').decode(readFileSync(sample('counts-excel-unicode-text.txt')));
    const lines = text.trim().split(/\r?\n/).slice(1);
    const want = byLicense(lines.map((l) => l.split('\t')).map(([k, d, c]) => [k ?? '', d ?? '', Number(c)]));
    const parsed = await read(sample('counts-excel-unicode-text.txt'));
    expect(parsed.detail).toBe('tab-separated, UTF-16 LE');
    expectSame(parsed, want);
  });

  it('counts-with-title-row.xlsx: title row above the header, date cells, a Name column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sample('counts-with-title-row.xlsx'));
    const rows: [string, string, number][] = [];
    const names = new Map<string, string>();
    wb.worksheets[0]?.eachRow((row, n) => {
      if (n <= 2) return;
      const [, key, name, date, count] = row.values as unknown[];
      rows.push([String(key), (date as Date).toISOString().slice(0, 10), Number(count)]);
      names.set(String(key), String(name));
    });
    const parsed = await read(sample('counts-with-title-row.xlsx'));
    expect(parsed).toMatchObject({ format: 'xlsx', kind: 'counts', detail: 'sheet "EAS usage"', rows: rows.length });
    expectSame(parsed, byLicense(rows));
    for (const l of parsed.licenses) expect(l.meta.name).toBe(names.get(l.key));
  });

  it('counts-one-license-preamble.csv: license and metadata from Key: value lines', async () => {
    const parsed = await read(sample('counts-one-license-preamble.csv'));
    expect(parsed.licenses).toHaveLength(1);
    const l = license(parsed, 'JCECE-ZNE2G-RPPHC-CFU8G');
    expect(l.meta).toEqual({ name: 'mail0.example.org', edition: 'Enterprise', version: '100.0.8665' });
    const lines = readFileSync(sample('counts-one-license-preamble.csv'), 'utf8').trim().split('\n');
    const header = lines.findIndex((x) => x.startsWith('Date,'));
    const want = new Map(lines.slice(header + 1).map((x) => [x.split(',')[0] ?? '', Number(x.split(',')[1])]));
    expect(days(l)).toEqual(Object.fromEntries(want));
  });

  it('mailbox-rows.csv: daily count = distinct addresses, any letter case', async () => {
    const lines = readFileSync(sample('mailbox-rows.csv'), 'utf8').trim().split('\n').slice(1);
    const sets = new Map<string, Set<string>>();
    const month = new Map<string, Set<string>>();
    for (const line of lines) {
      const [k, d, a] = line.split(',');
      const key = `${k}|${d}`;
      sets.set(key, (sets.get(key) ?? new Set()).add((a ?? '').trim().toLowerCase()));
      month.set(k ?? '', (month.get(k ?? '') ?? new Set()).add((a ?? '').trim().toLowerCase()));
    }
    const parsed = await read(sample('mailbox-rows.csv'));
    expect(parsed).toMatchObject({ kind: 'mailboxes', rows: lines.length, format: 'csv' });
    for (const l of parsed.licenses) {
      for (const [date, count] of l.days) expect(count, `${l.key} ${date}`).toBe(sets.get(`${l.key}|${date}`)?.size);
      expect(l.mailboxes).toHaveLength(1);
      const m = l.mailboxes?.[0];
      expect(m?.month).toBe('2026-10');
      expect(new Set(m?.addresses)).toEqual(month.get(l.key));
      expect(m?.domains).toEqual(m?.addresses.map((a) => a.split('@')[1]));
      // The day bits say the same as the daily counts.
      for (const [date, count] of l.days) {
        const bit = 1 << (Number(date.slice(8)) - 1);
        expect(m?.days.filter((d) => (d & bit) !== 0).length).toBe(count);
      }
    }
  });

  it('counts-rows.json: rows as JSON.parse reads them', async () => {
    const items = JSON.parse(readFileSync(sample('counts-rows.json'), 'utf8')) as { license: string; date: string; count: number }[];
    const parsed = await read(sample('counts-rows.json'));
    expect(parsed).toMatchObject({ format: 'json-rows', kind: 'counts', rows: items.length });
    expectSame(parsed, byLicense(items.map((i) => [i.license, i.date, i.count])));
  });

  it('api-snapshots.json: distinct addresses over all domains; about gives version and edition', async () => {
    type Snap = { license: string; date: string; server: string; about: { version: string }; domains: Record<string, { activeSyncAccounts: { emailAddress: string }[] }> };
    const items = JSON.parse(readFileSync(sample('api-snapshots.json'), 'utf8')) as Snap[];
    const want = byLicense(
      items.map((s) => {
        const all = new Set(Object.values(s.domains).flatMap((d) => d.activeSyncAccounts.map((a) => a.emailAddress.toLowerCase())));
        return [s.license, s.date, all.size];
      }),
    );
    const parsed = await read(sample('api-snapshots.json'));
    expect(parsed).toMatchObject({ format: 'json-snapshots', kind: 'mailboxes' });
    expect(parsed.rows).toBe(items.reduce((n, s) => n + Object.values(s.domains).reduce((m, d) => m + d.activeSyncAccounts.length, 0), 0));
    expectSame(parsed, want);
    for (const l of parsed.licenses) {
      const first = items.find((s) => s.license === l.key);
      expect(l.meta).toEqual({ name: first?.server, version: first?.about.version, edition: 'Enterprise' });
    }
  });

  it('size and SHA-256 are those of the bytes', async () => {
    for (const file of Object.keys(expected.billable)) {
      const parsed = await read(sample(file));
      expect(parsed.fileName).toBe(file);
      expect(parsed.size).toBe(statSync(sample(file)).size);
      expect(parsed.sha256).toBe(createHash('sha256').update(readFileSync(sample(file))).digest('hex'));
    }
  });
});
