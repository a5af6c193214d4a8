import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { flexbill, fixture, root } from './helpers/cli';
import { tempDir } from './helpers/tmp';

const expected = JSON.parse(fs.readFileSync(fixture('expected-2026-10.json'), 'utf8')) as { billable: Record<string, Record<string, number>> };

interface PreviewJson {
  month: string; daysInMonth: number; droppedDays: number; rate: string; currency: string;
  licenses: { license: string; name: string | null; daysReported: number; gaps: string[]; peak: number; dropped: { date: string; count: number }[];
    billedDay: { date: string; count: number } | null; billable: number; amount: string; distinctMailboxes: number | null; flags: { code: string; message: string }[] }[];
  totals: { licenses: number; billable: number; amount: string };
}

function previewJson(db: string, month = '2026-10'): PreviewJson {
  const r = flexbill(db, 'preview', '--month', month, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PreviewJson;
}

describe('flexbill: usage and exit codes', () => {
  it('prints help with exit 0, and wrong usage is exit 2 with a sentence', () => {
    const db = path.join(tempDir(), 'a.db');
    const help = flexbill(db, '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('flexbill [--db FILE] preview --month YYYY-MM [--json]');
    for (const args of [['frobnicate'], ['preview'], ['preview', '--month', '2026-13'], ['import'], ['undo', 'x'], ['preview', '--month', '2026-10', '--bogus']]) {
      const r = flexbill(db, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^flexbill: .+/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('a month without data is an empty preview, exit 0, saying which months have data', () => {
    const db = path.join(tempDir(), 'a.db');
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const r = flexbill(db, 'preview', '--month', '2026-11');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No usage for 2026-11. Months with data: 2026-10.');
    const j = previewJson(db, '2026-11');
    expect(j.licenses).toEqual([]);
    expect(j.totals).toEqual({ licenses: 0, billable: 0, amount: '0.00' });
  });
});

describe('flexbill into a pipe that closes early', () => {
  it('`flexbill preview ... | head -1` ends quietly, without an EPIPE stack trace', async () => {
    const db = path.join(tempDir(), 'a.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    // The reader is gone before the command writes its first line.
    const child = spawn(process.execPath, [path.join(root, 'bin', 'flexbill.cjs'), '--db', db, 'preview', '--month', '2026-10'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('flexbill import + preview: the sample files give the expected billable counts', () => {
  for (const [file, answers] of Object.entries(expected.billable)) {
    it(file, () => {
      const db = path.join(tempDir(), 'a.db');
      const r = flexbill(db, 'import', fixture(file));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^✓ .*imported as #1/);
      const j = previewJson(db);
      expect(Object.fromEntries(j.licenses.map((l) => [l.license, l.billable]))).toEqual(answers);
      const total = Object.values(answers).reduce((a, b) => a + b, 0);
      expect(j.totals).toEqual({ licenses: Object.keys(answers).length, billable: total, amount: `${total}.00` });
    });
  }
});

describe('flexbill import: the whole story of a month', () => {
  it('preview --json matches answers computed by hand', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    // Worked example of SPEC §2 in a 30-day month, plus a 2-day license.
    const rows = ['license,date,count'];
    const counts: Record<number, number> = { 14: 1320, 15: 1301, 3: 1250, 20: 1250, 9: 1244 };
    for (let d = 1; d <= 30; d++) rows.push(`WORKED,2026-09-${String(d).padStart(2, '0')},${counts[d] ?? 1000 + d}`);
    rows.push('SHORT,2026-09-10,40', 'SHORT,2026-09-11,30');
    fs.writeFileSync(path.join(dir, 'sep.csv'), rows.join('\n'));
    expect(flexbill(db, 'import', path.join(dir, 'sep.csv')).code).toBe(0);
    const j = previewJson(db, '2026-09');
    expect(j).toMatchObject({ month: '2026-09', daysInMonth: 30, droppedDays: 2, rate: '1.00', currency: 'USD' });
    expect(j.licenses[1]).toMatchObject({
      license: 'WORKED', daysReported: 30, gaps: [], peak: 1320,
      dropped: [{ date: '2026-09-14', count: 1320 }, { date: '2026-09-15', count: 1301 }],
      billedDay: { date: '2026-09-03', count: 1250 }, billable: 1250, amount: '1250.00', distinctMailboxes: null, flags: [],
    });
    expect(j.licenses[0]).toMatchObject({
      license: 'SHORT', daysReported: 2, peak: 40, dropped: [{ date: '2026-09-10', count: 40 }],
      billedDay: { date: '2026-09-11', count: 30 }, billable: 30, amount: '30.00',
    });
    expect(j.licenses[0]!.gaps).toHaveLength(28);
    expect(j.licenses[0]!.flags.map((f) => f.code)).toEqual(['short-month', 'gaps']);
    expect(j.totals).toEqual({ licenses: 2, billable: 1280, amount: '1280.00' });
  });

  it('the same bytes again do nothing under any name; a correction replaces; undo restores', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    fs.writeFileSync(path.join(dir, 'a.csv'), 'license,date,count\nL1,2026-10-01,10\nL1,2026-10-02,20\nL1,2026-10-03,30\n');
    fs.copyFileSync(path.join(dir, 'a.csv'), path.join(dir, 'copy of a.csv'));
    fs.writeFileSync(path.join(dir, 'fix.csv'), 'license,date,count\nL1,2026-10-01,15\n');
    expect(flexbill(db, 'import', path.join(dir, 'a.csv')).code).toBe(0);
    const again = flexbill(db, 'import', path.join(dir, 'copy of a.csv'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported on .* as #1 \(a\.csv\); nothing to do/);
    expect(previewJson(db).licenses[0]!.billable).toBe(10);
    const fix = flexbill(db, 'import', path.join(dir, 'fix.csv'));
    expect(fix.stdout).toContain('0 days added, 1 replaced, 0 unchanged');
    expect(fix.stdout).toContain('L1 2026-10-01: 10 → 15');
    expect(previewJson(db).licenses[0]!.billable).toBe(15);
    const list = JSON.parse(flexbill(db, 'imports', '--json').stdout) as { id: number; status: string }[];
    expect(list.map((i) => [i.id, i.status])).toEqual([[3, 'imported'], [2, 'duplicate'], [1, 'imported']]);
    const undo = flexbill(db, 'undo', '3');
    expect(undo.code).toBe(0);
    expect(previewJson(db).licenses[0]!.billable).toBe(10);
    expect(flexbill(db, 'undo', '3').code).toBe(1);
    expect(flexbill(db, 'undo', '99').stderr).toContain('There is no import #99.');
  });

  it('one bad file among several does not stop the others; the bad one changes nothing and names its line', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    fs.writeFileSync(path.join(dir, 'usage-oct.csv'), 'license,date,count\nL1,2026-10-01,10\nL1,2026-10-02,many\n');
    const r = flexbill(db, 'import', path.join(dir, 'usage-oct.csv'), fixture('counts-plain.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ usage-oct\.csv line 3: count "many" is not a whole number/);
    expect(r.stdout).toMatch(/✓ counts-plain\.csv: imported as #2/);
    const j = previewJson(db);
    expect(j.licenses.map((l) => l.license)).not.toContain('L1');
    expect(j.totals.licenses).toBe(4);
    const list = JSON.parse(flexbill(db, 'imports', '--json').stdout) as { status: string; reason: string | null; sha256: string }[];
    expect(list[1]).toMatchObject({ status: 'rejected' });
    expect(list[1]!.reason).toContain('line 3');
    expect(list[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a file that is not there, or not a table, is a sentence and exit 1', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'Meeting notes\nnothing to see here\n');
    const r = flexbill(db, 'import', path.join(dir, 'missing.csv'), path.join(dir, 'notes.txt'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing\.csv: no such file/);
    expect(r.stdout).toMatch(/✗ notes\.txt/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('licenses and imports print aligned tables with thousands separators', () => {
    const db = path.join(tempDir(), 'a.db');
    flexbill(db, 'import', fixture('counts-plain.csv'), fixture('counts-one-license-preamble.csv'));
    const lic = flexbill(db, 'licenses');
    expect(lic.code).toBe(0);
    expect(lic.stdout).toMatch(/JCECE-ZNE2G-RPPHC-CFU8G\s+mail0\.example\.org\s+Enterprise\s+100\.0\.8665/);
    const pv = flexbill(db, 'preview', '--month', '2026-10');
    expect(pv.stdout).toMatch(/333G8-3DNEP-6LHXD-GAKGZ .* 2,915 +\$2,915\.00/);
    const lines = pv.stdout.split('\n').filter((l) => /^[A-Z0-9]{5}-/.test(l));
    const amountEnds = new Set(lines.map((l) => l.indexOf('$') + l.slice(l.indexOf('$')).indexOf('.')));
    expect(amountEnds.size).toBe(1); // right-aligned money
  });

  it('demo loads sample data once; a second run imports nothing new', () => {
    const db = path.join(tempDir(), 'a.db');
    const first = flexbill(db, 'demo');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✓ demo-usage-2026-10\.csv: imported/);
    const second = flexbill(db, 'demo');
    expect(second.stdout).toMatch(/= demo-usage-2026-10\.csv: already imported/);
    const j = previewJson(db);
    expect(j.totals.licenses).toBe(7);
    expect(j.licenses.find((l) => l.license.startsWith('DEMO7'))?.distinctMailboxes).toBeGreaterThan(0);
  });
});

describe('flexbill import: a kill in the middle leaves the database as it was', () => {
  it('kill -9 during a large import', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    expect(flexbill(db, 'import', fixture('counts-plain.csv')).code).toBe(0);
    const snapshot = () => {
      const d = new Database(db, { readonly: true });
      const s = {
        days: d.prepare('SELECT COUNT(*) AS n, group_concat(hex(counts)) AS s FROM (SELECT counts FROM usage_months ORDER BY month, license)').get(),
        imports: d.prepare('SELECT COUNT(*) AS n FROM imports').get(),
        licenses: d.prepare('SELECT COUNT(*) AS n FROM licenses').get(),
        check: d.pragma('integrity_check', { simple: true }),
      };
      d.close();
      return s;
    };
    const before = snapshot();
    // 2,000 licenses × a year of daily counts: long enough to be killed while writing.
    const big = path.join(dir, 'year.csv');
    const out = fs.openSync(big, 'w');
    fs.writeSync(out, 'license,date,count\n');
    for (let l = 0; l < 2000; l++) {
      const lines: string[] = [];
      for (let day = 0; day < 365; day++) {
        const d = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
        lines.push(`KILL${l},${d},${100 + ((l * 7 + day) % 50)}`);
      }
      fs.writeSync(out, lines.join('\n') + '\n');
    }
    fs.closeSync(out);
    const child = spawn(process.execPath, [path.join(root, 'bin', 'flexbill.cjs'), '--db', db, 'import', big], { stdio: 'ignore' });
    // Wait until the import holds SQLite's write lock (its one transaction for the
    // file is open: another connection cannot begin a write), then kill it.
    const probe = new Database(db, { timeout: 0 });
    const killedWhileWriting = await new Promise<boolean>((resolve) => {
      const t0 = Date.now();
      const poll = () => {
        try {
          probe.exec('BEGIN IMMEDIATE; ROLLBACK;');
        } catch (e) {
          if ((e as { code?: string }).code === 'SQLITE_BUSY') {
            child.kill('SIGKILL');
            return resolve(true);
          }
          throw e;
        }
        if (child.exitCode !== null || Date.now() - t0 > 60_000) return resolve(false);
        setTimeout(poll, 1);
      };
      poll();
    });
    probe.close();
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    expect(killedWhileWriting).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(snapshot()).toEqual(before);
    expect(before.check).toBe('ok');
  });
});
