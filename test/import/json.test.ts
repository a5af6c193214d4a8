// SPEC §4.3: JSON rows and snapshot envelopes; errors name the item (and the line of a syntax error).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { days, fixture, license, read, rejection, tempDir } from './helpers';

describe('JSON rows', () => {
  it('mailbox rows with column-name aliases as keys; a number date is an Excel serial', async () => {
    const parsed = await read(fixture('json-mailbox-rows.json'));
    expect(parsed).toMatchObject({ format: 'json-rows', kind: 'mailboxes', rows: 4, detail: 'JSON rows, UTF-8' });
    const l = license(parsed, 'JM-1');
    expect(days(l)).toEqual({ '2026-10-01': 2, '2026-10-02': 1 });
    expect(l.meta).toEqual({ name: 'mail-jm' });
    expect(l.mailboxes).toEqual([{ month: '2026-10', addresses: ['a@x.com', 'b@y.com'], domains: ['x.com', 'y.com'], days: [1, 3] }]);
  });

  it('a bad value names its item', async () => {
    expect(await rejection(fixture('bad-json-item.json'))).toBe('bad-json-item.json item 3: count "many" is not a whole number');
  });

  it('a syntax error names its line and item', async () => {
    expect(await rejection(fixture('bad-json-syntax.json'))).toBe(
      "bad-json-syntax.json line 6 (item 3): the JSON is not valid: Expected ',' or '}' after property value",
    );
  });

  it('a list that is never closed', async () => {
    expect(await rejection(fixture('bad-json-unclosed.json'))).toBe(
      'bad-json-unclosed.json line 2 (item 2): the JSON ends before the list is closed (a "]" is missing)',
    );
  });

  it('rows without a license take the import option, else the file is rejected', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'nolicense.json');
      writeFileSync(file, '[{"date": "2026-10-01", "count": 4}]');
      expect(await rejection(file)).toMatch(/^nolicense\.json names no license/);
      expect(days(license(await read(file, { license: 'OPT' }), 'OPT'))).toEqual({ '2026-10-01': 4 });
    } finally {
      t.remove();
    }
  });

  it('other shapes are rejected with the item: not an object, neither count nor mailbox, mixed kinds, empty list', async () => {
    const t = tempDir();
    const write = (name: string, text: string): string => {
      const file = path.join(t.dir, name);
      writeFileSync(file, text);
      return file;
    };
    try {
      expect(await rejection(write('a.json', '[1, 2]'))).toMatch(/^a\.json item 1: expected an object/);
      expect(await rejection(write('b.json', '[{"license": "K", "date": "2026-10-01", "users": 3}]'))).toMatch(/^b\.json item 1: has no count, mailbox or "domains"/);
      expect(await rejection(write('c.json', '[{"license": "K", "date": "2026-10-01", "count": 3}, {"license": "K", "date": "2026-10-02", "mailbox": "a@b.c"}]'))).toBe(
        'c.json item 2: has a mailbox, but the rows before it give counts',
      );
      expect(await rejection(write('d.json', '[]'))).toBe('d.json is an empty JSON list: no usage rows');
      expect(await rejection(write('e.json', '[{"license": "K", "date": "2026-10-01", "count": 3}] x'))).toBe('e.json line 1: unexpected text after the end of the JSON list');
      expect(await rejection(write('f.json', '{"license": "K", "date": "2026-10-01", "count": 3,}'))).toBe(
        "f.json line 1: the JSON is not valid: Expected double-quoted property name",
      );
    } finally {
      t.remove();
    }
  });

  it('strings with brackets, commas and escaped quotes do not end an item', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'tricky.json');
      writeFileSync(file, '[{"license": "K],{\\"x\\\\", "date": "2026-10-01", "count": "1,234", "name": "a}b"},\n{"license": "K],{\\"x\\\\", "date": "2026-10-02", "count": 5}]');
      const parsed = await read(file);
      const l = license(parsed, 'K],{"x\\');
      expect(days(l)).toEqual({ '2026-10-01': 1234, '2026-10-02': 5 });
      expect(l.meta.name).toBe('a}b');
    } finally {
      t.remove();
    }
  });
});

describe('a JSON list larger than a chunk', () => {
  it('is read element by element, strings with brackets and escapes across chunk ends included', async () => {
    const t = tempDir();
    try {
      const items: { license: string; date: string; mailbox: string; name: string }[] = [];
      for (let i = 0; i < 40000; i++) {
        items.push({
          license: `L${i % 13}`,
          date: `2026-10-${String((i % 31) + 1).padStart(2, '0')}`,
          mailbox: `m${i % 977}@d${i % 5}.example`,
          name: `srv ${'}]["\\,'.repeat(i % 4)} ${'é'.repeat(i % 3)}`,
        });
      }
      const file = path.join(t.dir, 'big.json');
      writeFileSync(file, JSON.stringify(items, null, 1)); // pretty-printed: many lines
      const parsed = await read(file);
      expect(parsed.rows).toBe(items.length);
      const want = new Map<string, Set<string>>();
      for (const it of items) want.set(`${it.license} ${it.date}`, (want.get(`${it.license} ${it.date}`) ?? new Set()).add(it.mailbox));
      for (const l of parsed.licenses) for (const [date, n] of l.days) expect(n).toBe(want.get(`${l.key} ${date}`)?.size);
      const lastOf = (key: string): string | undefined => items.filter((x) => x.license === key).at(-1)?.name;
      for (const l of parsed.licenses) expect(l.meta.name).toBe(lastOf(l.key)?.trim());
    } finally {
      t.remove();
    }
  });
});

describe('JSON snapshots', () => {
  it('one snapshot object: distinct addresses over all domains; about gives version and edition', async () => {
    const parsed = await read(fixture('json-snapshot-one.json'));
    expect(parsed).toMatchObject({ format: 'json-snapshots', kind: 'mailboxes', rows: 4, detail: 'JSON snapshots, UTF-8' });
    const l = license(parsed, 'SNAP-1');
    expect(days(l)).toEqual({ '2026-10-05': 3 });
    expect(l.meta).toEqual({ name: 'mail05', version: '15.7.6500', edition: 'Not Enterprise' });
    expect(l.mailboxes?.[0]?.addresses).toEqual(['x@a.com', 'y@a.com', 'z@b.com']);
    expect(l.mailboxes?.[0]?.days).toEqual([1 << 4, 1 << 4, 1 << 4]);
  });

  it('the same snapshot twice is a repeat (warning); a day with no mailbox counts 0', async () => {
    const parsed = await read(fixture('json-snapshots-repeat.json'));
    expect(parsed.warnings).toEqual(['item 2 repeats the snapshot of item 1 (license SNAP-2, 2026-10-01); ignored']);
    expect(days(license(parsed, 'SNAP-2'))).toEqual({ '2026-10-01': 2, '2026-10-02': 0 });
  });

  it('two different snapshots of one license and day reject the file, naming both items', async () => {
    expect(await rejection(fixture('bad-json-snapshots-conflict.json'))).toBe(
      'bad-json-snapshots-conflict.json item 3: a second snapshot of license SNAP-3, 2026-10-01 with other mailboxes (2) than item 1 (1); a day has one snapshot',
    );
  });

  it('a snapshot without the accounts list is rejected with its item', async () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'snap.json');
      writeFileSync(file, '[{"license": "K", "date": "2026-10-01", "domains": {"a.com": {"activeSyncAccounts": [{"emailAddress": "x@a.com"}]}}},\n {"license": "K", "date": "2026-10-02", "domains": {"a.com": {"accounts": []}}}]');
      expect(await rejection(file)).toBe('snap.json item 2: domain "a.com" has no "activeSyncAccounts" list');
    } finally {
      t.remove();
    }
  });
});
