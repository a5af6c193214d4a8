// `npm run bench`: SPEC §10's benchmark. Generates its own deterministic data,
// runs import, preview and export through the same code the app uses (each
// measured run in a fresh child process, so peak RSS is that run's own), checks
// the answers against an independent count made here, and compares the imports
// with the sqlite3 shell's `.import` of the same file, measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../app/core';
import { importFiles } from '../app/domains/imports';
import { exportInvoice } from '../app/domains/invoices';
import { preview as previewOf } from '../app/domains/months';
import { seededRandom } from '../app/random';
import { daysInMonth, makeIsoDate } from '../app/billing/calendar';
import { asIsoMonth } from '../app/billing/types';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'flexbill-bench');

// ---- deterministic data -------------------------------------------------------------

const rng = seededRandom;

const licenseKey = (i: number, prefix: string) => `${prefix}${String(i).padStart(3, '0')}-GZDPC-F54ER-F5DHQ`;
const isoDay = makeIsoDate;
const daysIn = (y: number, m: number) => daysInMonth(asIsoMonth(makeIsoDate(y, m, 1).slice(0, 7)));

/** Independent rule, written here on purpose (not the app's): drop the 2 highest, bill the next. */
function billable(counts: number[]): number {
  const sorted = [...counts].sort((a, b) => b - a);
  return sorted[Math.min(2, sorted.length - 1)] ?? 0;
}

interface Generated { file: string; rows: number; bytes: number; expected: Map<string, Map<string, number>> }

/** Mailbox rows: `licenses` × `mailboxes` × every day of `months`; ~83% of mailboxes present each day. */
function generateMailboxes(file: string, licenses: number, mailboxes: number, months: [number, number][]): Generated {
  const expected = new Map<string, Map<string, number>>();
  const fd = fs.openSync(file, 'w');
  let rows = 0;
  let bytes = 0;
  const write = (s: string) => {
    bytes += Buffer.byteLength(s);
    fs.writeSync(fd, s);
  };
  write('license,date,email\n');
  for (const [y, m] of months) {
    const month = isoDay(y, m, 1).slice(0, 7);
    const perLicense = new Map<string, number>();
    for (let l = 0; l < licenses; l++) {
      const key = licenseKey(l, 'MB');
      const r = rng(l * 7919 + m);
      const daily: number[] = [];
      for (let d = 1; d <= daysIn(y, m); d++) {
        const date = isoDay(y, m, d);
        const parts: string[] = [];
        const presence = d === 14 || d === 15 ? 0.97 : 0.8 + (d % 7) * 0.01;
        for (let i = 0; i < mailboxes; i++) {
          if (r() < presence) parts.push(`${key},${date},u${i}@c${i % 20}.example\n`);
        }
        daily.push(parts.length);
        rows += parts.length;
        write(parts.join(''));
      }
      perLicense.set(key, billable(daily));
    }
    expected.set(month, perLicense);
  }
  fs.closeSync(fd);
  return { file, rows, bytes, expected };
}

/** Daily counts: `licenses` × every day of `year`. */
function generateCounts(file: string, licenses: number, year: number): Generated {
  const expected = new Map<string, Map<string, number>>();
  const fd = fs.openSync(file, 'w');
  let rows = 0;
  let bytes = 0;
  const header = 'license,date,count\n';
  fs.writeSync(fd, header);
  bytes += header.length;
  for (let l = 0; l < licenses; l++) {
    const key = licenseKey(l, 'CT');
    const r = rng(l + 17);
    const base = 50 + Math.floor(r() * 5000);
    const lines: string[] = [];
    for (let m = 1; m <= 12; m++) {
      const daily: number[] = [];
      for (let d = 1; d <= daysIn(year, m); d++) {
        const c = Math.round(base * (0.9 + r() * 0.2));
        daily.push(c);
        lines.push(`${key},${isoDay(year, m, d)},${c}\n`);
      }
      const month = isoDay(year, m, 1).slice(0, 7);
      let per = expected.get(month);
      if (!per) expected.set(month, (per = new Map()));
      per.set(key, billable(daily));
    }
    const text = lines.join('');
    rows += lines.length;
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
  return { file, rows, bytes, expected };
}

// ---- measured runs (each in its own process) -------------------------------------------

interface ChildResult { seconds: number; maxRssMB: number; extra?: Record<string, unknown> }

async function child(task: string, args: string[]): Promise<void> {
  const t0 = process.hrtime.bigint();
  let extra: Record<string, unknown> = {};
  if (task === 'import') {
    const [file, db, month] = args as [string, string, string];
    const api = openCore(db);
    const outcomes = await importFiles(api, [file]);
    if (outcomes[0]?.status !== 'imported') throw new Error(`import failed: ${outcomes[0]?.message}`);
    const tImport = Number(process.hrtime.bigint() - t0) / 1e9;
    const preview = previewOf(api, asIsoMonth(month));
    extra = { importSeconds: tImport, billable: Object.fromEntries(preview.licenses.map((l) => [l.license, l.billable])) };
    api.close();
  } else if (task === 'export') {
    const [db, month, out] = args as [string, string, string];
    const api = openCore(db);
    const r = await exportInvoice(api, asIsoMonth(month), out);
    extra = { licenses: r.licenses };
    api.close();
  } else if (task === 'preview') {
    const [db, month] = args as [string, string];
    const api = openCore(db);
    const times: number[] = [];
    let licenses = 0;
    let result: Record<string, number> = {};
    for (let i = 0; i < 7; i++) {
      const t = process.hrtime.bigint();
      const p = previewOf(api, asIsoMonth(month));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      licenses = p.licenses.length;
      result = Object.fromEntries(p.licenses.map((l) => [l.license, l.billable]));
    }
    extra = { firstMs: times[0], medianMs: median(times.slice(1)), licenses, billable: result };
    api.close();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const out: ChildResult = { seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, extra };
  process.stdout.write(JSON.stringify(out));
}

function runChild(task: string, args: string[]): ChildResult {
  const r = spawnSync(process.execPath, [__filename, 'child', task, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`bench child ${task} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

function sqliteImport(file: string): { seconds: number } {
  const db = path.join(dir, 'reference.db');
  fs.rmSync(db, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sqlite3', [db, '.mode csv', `.import '${file}' usage`], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`sqlite3 .import failed: ${r.stderr}`);
  fs.rmSync(db, { force: true });
  return { seconds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function freshDb(name: string): string {
  const db = path.join(dir, name);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  return db;
}

function checkAnswers(label: string, got: Record<string, number>, want: Map<string, number>): void {
  const bad = [...want].filter(([k, v]) => got[k] !== v);
  if (bad.length > 0 || Object.keys(got).length !== want.size) {
    throw new Error(`${label}: wrong answers, e.g. ${bad.slice(0, 3).map(([k, v]) => `${k}: want ${v}, got ${got[k]}`).join('; ')}`);
  }
}

const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const sqlite = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (sqlite.status !== 0) throw new Error('The sqlite3 shell is needed as the reference: install it (Debian: apt-get install sqlite3).');
  console.log(`Flex Billing benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, sqlite3 ${sqlite.stdout.split(' ')[0]}; medians of ${RUNS} runs.`);
  console.log(`Data in ${dir}\n`);

  console.log('Generating data…');
  const month = generateMailboxes(path.join(dir, 'mailboxes-month.csv'), 60, 2000, [[2026, 10]]);
  const big = process.env.BENCH_SKIP_BIG ? null : generateMailboxes(path.join(dir, 'mailboxes-4-months.csv'), 60, 2000, [[2026, 7], [2026, 8], [2026, 9], [2026, 10]]);
  const year = generateCounts(path.join(dir, 'counts-year.csv'), 2000, 2026);

  const rows: string[][] = [];
  const verdicts: string[] = [];
  // `withPreview`: time the import and the month's preview together (the mailbox
  // month's target); otherwise the import alone (the year's target).
  const measure = (label: string, g: Generated, checkMonth: string, target: number | null, runs = RUNS, withPreview = true) => {
    const ours: ChildResult[] = [];
    const ref: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = runChild('import', [g.file, freshDb('bench.db'), checkMonth]);
      checkAnswers(label, (r.extra?.billable ?? {}) as Record<string, number>, g.expected.get(checkMonth)!);
      ours.push(r);
      ref.push(sqliteImport(g.file).seconds);
    }
    const sec = median(ours.map((r) => (withPreview ? r.seconds : (r.extra?.importSeconds as number))));
    const refSec = median(ref);
    const rss = median(ours.map((r) => r.maxRssMB));
    const mb = g.bytes / 1e6;
    const ratio = sec / refSec;
    rows.push([label, fmt(g.rows, 0), fmt(mb, 0), fmt(sec), fmt(g.rows / sec, 0), fmt(mb / sec, 1), fmt(rss, 0), fmt(refSec), `${fmt(ratio)}×`, target === null ? '' : `≤ ${fmt(target, 1)}×`]);
    if (target !== null) verdicts.push(`${label}: ${fmt(ratio)}× the sqlite3 shell's .import (target ≤ ${target}×) — ${ratio <= target ? 'met' : `missed by ${fmt((ratio / target - 1) * 100, 0)}%`}`);
    return { sec, rss, ratio };
  };

  console.log('Measuring…');
  const m = measure('Mailbox month: import + preview', month, '2026-10', 0.6);
  if (m.rss >= 300) verdicts.push(`Mailbox month peak RSS ${fmt(m.rss, 0)} MB (target < 300 MB) — missed`);
  else verdicts.push(`Mailbox month peak RSS ${fmt(m.rss, 0)} MB (target < 300 MB) — met`);
  if (big) {
    const b = measure('4 months of mailboxes (×4 file)', big, '2026-10', null, 1);
    verdicts.push(`Peak RSS: ${fmt(m.rss, 0)} MB for the ${fmt(month.bytes / 1e6, 0)} MB file, ${fmt(b.rss, 0)} MB for the ${fmt(big.bytes / 1e6, 0)} MB one`);
  }
  measure('Year of daily counts: import', year, '2026-06', 1.0, RUNS, false);

  // Preview and export of a 2,000-license month, on the year's database.
  const yearDb = freshDb('year.db');
  runChild('import', [year.file, yearDb, '2026-06']);
  const pv = runChild('preview', [yearDb, '2026-06']);
  checkAnswers('preview', (pv.extra?.billable ?? {}) as Record<string, number>, year.expected.get('2026-06')!);
  const pvMs = pv.extra?.medianMs as number;
  verdicts.push(`Preview of a ${pv.extra?.licenses as number}-license month: ${fmt(pvMs, 0)} ms median in process (first call ${fmt(pv.extra?.firstMs as number, 0)} ms; target < 300 ms) — ${pvMs < 300 ? 'met' : 'missed'}`);
  const exports: number[] = [];
  for (let i = 0; i < RUNS; i++) exports.push(runChild('export', [yearDb, '2026-06', path.join(dir, 'invoice.xlsx')]).seconds);
  const ex = median(exports);
  verdicts.push(`Export of the ${pv.extra?.licenses as number}-license workbook: ${fmt(ex)} s median (target < 5 s) — ${ex < 5 ? 'met' : 'missed'}`);

  const header = ['Run', 'Rows', 'MB', 'Seconds', 'Rows/s', 'MB/s', 'Peak RSS MB', 'sqlite3 .import s', 'Ratio', 'Target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\n' + verdicts.map((v) => `- ${v}`).join('\n'));
  console.log('\nAnswers checked against an independent count in the benchmark: all right.');
}

if (process.argv[2] === 'child') {
  child(process.argv[3]!, process.argv.slice(4)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
