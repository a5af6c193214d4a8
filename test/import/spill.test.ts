// A file with more mailboxes than memory should hold sets them aside in a temp file
// (app/import/mailboxes.ts) and reads them back one license at a time. The answer must
// be the one of a reading that kept them all: every day's count, every month's
// addresses with their domains and day bits, the stored figures; and the temp file is
// gone once the file is stored or refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../app/core';
import { importFiles } from '../../app/domains/imports';
import { licenseDetail } from '../../app/domains/licenses';
import { preview } from '../../app/domains/months';
import type { ParsedFile } from '../../app/import/types';
import { days, fixture, read, rejection, sample, tempDir } from './helpers';

const today = { today: '2026-12-01' as never };
const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function folder(): string {
  const t = tempDir();
  dirs.push(t);
  return t.dir;
}

/** Everything a parsed file tells, as plain data (mailboxes sorted by address). */
function whole(parsed: ParsedFile): unknown {
  return {
    rows: parsed.rows,
    warnings: parsed.warnings,
    licenses: parsed.licenses.map((l) => ({
      key: l.key,
      meta: l.meta,
      days: days(l),
      months: (l.mailboxes ?? []).map((m) => ({
        month: m.month,
        mailboxes: m.addresses.map((a, i) => [a, m.domains[i], m.days[i]]).sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
      })),
    })),
  };
}

async function both(file: string, spillAt = 1): Promise<{ kept: unknown; spilled: unknown }> {
  const kept = await read(file, today);
  const spilled = await read(file, { ...today, spillAt });
  // The tiny threshold did set mailboxes aside (else the test would prove nothing).
  expect(spilled.release, path.basename(file)).toBeTypeOf('function');
  expect(kept.release).toBeUndefined();
  const out = { kept: whole(kept), spilled: whole(spilled) };
  spilled.release?.();
  return out;
}

/** File descriptors this process has open (Linux), to see that a temp file is closed. */
function openFiles(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Mailbox rows day by day, every license each day (so each license is set aside many times). */
function interleaved(dir: string, name: string, licenses: number, mailboxes: number): string {
  const lines = ['license,date,email'];
  for (let d = 1; d <= 20; d++) {
    for (let l = 0; l < licenses; l++) {
      for (let i = 0; i < mailboxes; i++) {
        if ((i * 7 + d * 3 + l) % 5 !== 0) lines.push(`LIC${l}-AAAA-BBBB,2026-10-${String(d).padStart(2, '0')},U${i}@Dom${i % 3}.example`);
      }
    }
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Mailbox rows license by license, as exports group them (each license set aside whole, or in part). */
function grouped(dir: string, name: string, licenses: number, mailboxes: number): string {
  const lines = ['license,date,email'];
  for (let l = 0; l < licenses; l++) {
    for (let d = 1; d <= 12; d++) {
      for (let i = 0; i < mailboxes; i++) {
        if ((i * 3 + d * 5 + l) % 7 !== 0) lines.push(`GRP${l}-AAAA-BBBB,2026-10-${String(d).padStart(2, '0')},u${i}@d${i % 4}.example`);
      }
    }
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('mailboxes set aside in a temp file', () => {
  it('give the same answer however often they are set aside: whole licenses, a license in part, many times', async () => {
    const file = grouped(folder(), 'by-license.csv', 6, 50);
    // 50 mailboxes a license: set aside between licenses (50, 100), inside one (30, 70, 120), at every mailbox (1).
    for (const spillAt of [1, 30, 50, 70, 100, 120]) {
      const { kept, spilled } = await both(file, spillAt);
      expect(spilled, `spillAt ${spillAt}`).toEqual(kept);
    }
  });

  it('give the same parsed file as one reading that keeps them all, whatever the file', async () => {
    const dir = folder();
    const files = [
      sample('mailbox-rows.csv'),
      fixture('mailbox-case.csv'),
      fixture('json-mailbox-rows.json'),
      sample('api-snapshots.json'),
      interleaved(dir, 'day-by-day.csv', 7, 40),
    ];
    // Addresses beyond ASCII, a domain column for addresses without one, slash dates settled at the end.
    const mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(
      mixed,
      [
        'license,date,domain,mailbox',
        ...Array.from({ length: 60 }, (_, i) => `KEY-${i % 4}-AAAA,10/${1 + (i % 9)}/2026,Zürich.example,${i % 2 ? `jürg${i % 11}@zürich.example` : `user${i % 13}`}`),
      ].join('\n'),
    );
    files.push(mixed);
    for (const file of files) {
      const { kept, spilled } = await both(file);
      expect(spilled, path.basename(file)).toEqual(kept);
    }
  });

  it('store the same figures, the same domain split and the same mailboxes', async () => {
    const dir = folder();
    const file = interleaved(dir, 'day-by-day.csv', 5, 30);
    const stored = async (spillAt: number | undefined) => {
      const core = openCore(path.join(dir, `${spillAt ?? 'kept'}.db`));
      try {
        const [outcome] = await importFiles(core, [file], { spillAt });
        expect(outcome?.status).toBe('imported');
        const month = preview(core, '2026-10' as never);
        const details = month.licenses.map((l) => licenseDetail(core, l.license, '2026-10' as never));
        const presence = month.licenses.map((l) => [...core.store.usage.presenceOf('2026-10', l.license)].sort(([a], [b]) => (a < b ? -1 : 1)));
        return { month, details, presence, record: outcome?.record?.daysAdded };
      } finally {
        core.close();
      }
    };
    const kept = await stored(undefined);
    expect(kept.presence.flat().length).toBeGreaterThan(100);
    expect(await stored(4)).toEqual(kept);
  });

  it('is closed once the file is stored, and when a file is refused after mailboxes were set aside', async () => {
    const dir = folder();
    const good = interleaved(dir, 'good.csv', 3, 20);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${fs.readFileSync(good, 'utf8')}LIC0-AAAA-BBBB,2026-10-31,\n`);
    const before = openFiles();
    expect(await rejection(bad, { ...today, spillAt: 3 })).toMatch(/^bad\.csv line \d+: mailbox is empty$/);
    expect(openFiles()).toBe(before);

    const core = openCore(path.join(dir, 'store.db'));
    try {
      const opened = openFiles();
      const [outcome] = await importFiles(core, [good], { spillAt: 3 });
      expect(outcome?.status).toBe('imported');
      expect(openFiles()).toBe(opened);
    } finally {
      core.close();
    }
  });

  it('refuse an address with half of a UTF-16 character, set aside or not (it cannot be told from another)', async () => {
    const file = path.join(folder(), 'broken.json');
    fs.writeFileSync(
      file,
      '[{"license":"Q-1","date":"2026-10-01","mailbox":"a\\ud800@x.com"},{"license":"Q-1","date":"2026-10-01","mailbox":"a\\udc00@x.com"},{"license":"Q-1","date":"2026-10-01","mailbox":"b@x.com"}]',
    );
    for (const spillAt of [undefined, 1]) {
      expect(await rejection(file, { ...today, spillAt })).toBe('broken.json item 1: mailbox "a\\ud800@x.com" is not valid text (it holds half of a UTF-16 character); export the file again');
    }
  });

  it('are not read after the temp file is removed: that is a bug, said as one, not a month without mailboxes', async () => {
    const parsed = await read(grouped(folder(), 'g.csv', 3, 10), { ...today, spillAt: 5 });
    parsed.release?.();
    expect(() => parsed.licenses.map((l) => l.mailboxes)).toThrow(/read after its temp file was removed/);
  });

  it('say so in one sentence when the temp folder cannot take them', async () => {
    const file = grouped(folder(), 'g.csv', 3, 10);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = path.join(folder(), 'no-such-folder');
    try {
      expect(await rejection(file, { ...today, spillAt: 5 })).toMatch(/^g\.csv has more mailboxes than are kept in memory \(over 5\), and the temp folder .*no-such-folder cannot take the rest \(.*\); free space there, or point TMPDIR \(TEMP on Windows\) at a folder with room, and import it again$/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
