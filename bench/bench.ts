// `npm run bench`: SPEC §10's benchmark. Generates its own deterministic data,
// runs import, preview and export through the same code the app uses (each
// measured run in a fresh child process, so peak RSS is that run's own), checks
// the answers against an independent count made here, and compares the imports
// with the sqlite3 shell's `.import` of the same file, measured in the same run.
import { benchCollect, describeCollectFigure } from './collect';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { CORE_WORKER_LIMITS, createCoreClient } from '../main/core-client';
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
import { NODE_FLAGS } from '../app/node-flags';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'flexbill-bench');
/** Licenses of the mailbox month (SPEC §10: 60); smaller while developing. */
const MONTH_LICENSES = Number(process.env.BENCH_LICENSES ?? 60);
/** Licenses of the year of counts (SPEC §10: 2,000). */
const YEAR_LICENSES = Number(process.env.BENCH_YEAR_LICENSES ?? 2000);
/** Which parts run: month, big, huge, year, xlsx, preview, export, worker (default all). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'month,big,huge,year,xlsx,preview,export,worker,collect').split(',').map((s) => s.trim()));
const runs = (part: string) => ONLY.has(part) && !(part === 'big' && process.env.BENCH_SKIP_BIG) && !(part === 'huge' && process.env.BENCH_SKIP_BIG);

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

/**
 * A workbook of mailbox rows as Excel writes one: shared strings, real date cells with
 * a date format, a title row above the header, and a hidden sheet first.
 */
async function generateXlsx(file: string, licenses: number, mailboxes: number, [y, m]: [number, number]): Promise<Generated> {
  const expected = new Map<string, Map<string, number>>();
  const perLicense = new Map<string, number>();
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const hidden = wb.addWorksheet('Notes', { state: 'hidden' });
  hidden.addRow(['license', 'date', 'email']).commit();
  hidden.addRow(['NOT-A-LICENSE-1', new Date(Date.UTC(y, m - 1, 1)), 'x@y.example']).commit();
  hidden.commit();
  const ws = wb.addWorksheet('Usage');
  ws.getColumn(2).numFmt = 'yyyy-mm-dd';
  ws.addRow(['EAS mailboxes']).commit();
  ws.addRow(['License', 'Date', 'Email']).commit();
  let rows = 0;
  for (let l = 0; l < licenses; l++) {
    const key = licenseKey(l, 'XL');
    const r = rng(l * 131 + m);
    const daily: number[] = [];
    for (let d = 1; d <= daysIn(y, m); d++) {
      const date = new Date(Date.UTC(y, m - 1, d));
      let n = 0;
      for (let i = 0; i < mailboxes; i++) {
        if (r() < 0.85) {
          const row = ws.addRow([key, date, `u${i}@c${i % 20}.example`]);
          row.getCell(2).numFmt = 'yyyy-mm-dd';
          row.commit();
          n++;
        }
      }
      daily.push(n);
      rows += n;
    }
    perLicense.set(key, billable(daily));
  }
  ws.commit();
  await wb.commit();
  expected.set(isoDay(y, m, 1).slice(0, 7), perLicense);
  return { file, rows, bytes: fs.statSync(file).size, expected };
}

function duckdbVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(require.resolve('@duckdb/node-api/package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '(not installed)';
  }
}

// ---- measured runs (each in its own process) -------------------------------------------

interface ChildResult { seconds: number; maxRssMB: number; extra?: Record<string, unknown> }

async function child(task: string, args: string[]): Promise<void> {
  // BENCH_MEMORY=1: where the memory is at its peak (heap, buffers outside it), sampled.
  const peaks = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = process.env.BENCH_MEMORY
    ? setInterval(() => {
        const u = process.memoryUsage();
        for (const k of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[k] = Math.max(peaks[k], u[k] / 2 ** 20);
      }, 20)
    : null;
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
  } else if (task === 'worker-import') {
    // The desktop app's path: the core in a worker thread, called through the shell's client.
    const [file, db, month] = args as [string, string, string];
    const limits = process.env.BENCH_WORKER_DEFAULT_HEAP ? {} : CORE_WORKER_LIMITS;
    const client = createCoreClient(() => new Worker(path.join(__dirname, 'main', 'core-worker.cjs'), { workerData: { dbPath: db }, resourceLimits: limits }));
    await client.callCore('imports', {});
    const t = process.hrtime.bigint();
    const outcomes = await client.callCore('importFiles', { paths: [file] });
    if (outcomes[0]?.status !== 'imported') throw new Error(`import failed: ${outcomes[0]?.message}`);
    const importSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const preview = await client.callCore('preview', { month });
    extra = { importSeconds, billable: Object.fromEntries(preview.licenses.map((l) => [l.license, l.billable])) };
    await client.stop();
  } else if (task === 'duck-month' || task === 'duck-table') {
    // The reference a data-savvy clerk would reach for: DuckDB on the same file.
    const [file, db, month] = args as [string, string, string];
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(task === 'duck-table' ? db : ':memory:');
    const conn = await instance.connect();
    const csv = `read_csv('${file.replaceAll("'", "''")}')`;
    if (task === 'duck-table') {
      await conn.run(`CREATE TABLE usage AS SELECT * FROM ${csv}`);
      const r = await conn.runAndReadAll('SELECT count(*) AS n FROM usage');
      extra = { rows: Number(r.getRowObjectsJS()[0]?.n) };
    } else {
      // Distinct mailboxes per license and day, then the third-highest day of the month.
      const r = await conn.runAndReadAll(`
        WITH days AS (
          SELECT license, date, count(DISTINCT email) AS n FROM ${csv} GROUP BY license, date),
        ranked AS (
          SELECT license, n, row_number() OVER (PARTITION BY license ORDER BY n DESC) AS k, count(*) OVER (PARTITION BY license) AS days
          FROM days WHERE strftime(date, '%Y-%m') = '${month}')
        SELECT license, n FROM ranked WHERE k = least(3, days)`);
      extra = { billable: Object.fromEntries(r.getRowObjectsJS().map((o) => [String(o.license), Number(o.n)])) };
    }
    conn.closeSync();
    instance.closeSync();
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
  if (sampler) {
    clearInterval(sampler);
    console.error(`memory peaks (MB, sampled): ${Object.entries(peaks).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  }
  const out: ChildResult = { seconds, maxRssMB: peakRssMB(), extra };
  process.stdout.write(JSON.stringify(out));
}

/**
 * This process's own peak RSS. Linux keeps in getrusage's maxrss the RSS the process had
 * before exec, that is the benchmark's own at the moment it started the child: VmHWM
 * (the peak of this process's memory map, made at exec) is the child's alone.
 */
function peakRssMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024;
}

function runChild(task: string, args: string[]): ChildResult {
  // Ours run with the command line's flags (app/node-flags.ts); DuckDB's with Node's own.
  const flags = task.startsWith('duck') ? [] : NODE_FLAGS;
  const r = spawnSync(process.execPath, [...flags, __filename, 'child', task, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
  console.log(`Flex Billing benchmark — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, sqlite3 ${sqlite.stdout.split(' ')[0]}, DuckDB ${duckdbVersion()}; medians of ${RUNS} runs.`);
  console.log(`Data in ${dir}\n`);

  const rows: string[][] = [];
  const verdicts: string[] = [];
  const verdict = (what: string, ratio: number, target: number, unit = '×') =>
    verdicts.push(`${what}: ${fmt(ratio)}${unit} (target ≤ ${target}${unit}) — ${ratio <= target ? 'met' : `missed by ${fmt((ratio / target - 1) * 100, 0)}%`}`);

  /**
   * Ours, the sqlite3 shell's `.import` and DuckDB, alternated run by run so that load
   * on the machine falls on all three alike. `withPreview`: ours times the import and
   * the month's preview together, DuckDB the month's billable query; otherwise ours the
   * import alone and DuckDB a `CREATE TABLE AS SELECT * FROM read_csv`.
   */
  const measure = (label: string, g: Generated, checkMonth: string, runs = RUNS, withPreview = true, refs = { sqlite: true, duck: true }) => {
    const ours: ChildResult[] = [];
    const ref: number[] = [];
    const duck: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      const r = runChild('import', [g.file, freshDb('bench.db'), checkMonth]);
      checkAnswers(label, (r.extra?.billable ?? {}) as Record<string, number>, g.expected.get(checkMonth)!);
      ours.push(r);
      if (refs.duck) {
        const d = runChild(withPreview ? 'duck-month' : 'duck-table', [g.file, freshDb('duck.db'), checkMonth]);
        if (withPreview) checkAnswers(`${label} (DuckDB)`, (d.extra?.billable ?? {}) as Record<string, number>, g.expected.get(checkMonth)!);
        else if (d.extra?.rows !== g.rows) throw new Error(`${label} (DuckDB): ${String(d.extra?.rows)} rows, want ${g.rows}`);
        duck.push(d);
        freshDb('duck.db');
      }
      if (refs.sqlite) ref.push(sqliteImport(g.file).seconds);
    }
    const sec = median(ours.map((r) => (withPreview ? r.seconds : (r.extra?.importSeconds as number))));
    const importSec = median(ours.map((r) => r.extra?.importSeconds as number));
    const refSec = refs.sqlite ? median(ref) : NaN;
    const duckSec = refs.duck ? median(duck.map((d) => d.seconds)) : NaN;
    const duckRss = refs.duck ? median(duck.map((d) => d.maxRssMB)) : NaN;
    const rss = median(ours.map((r) => r.maxRssMB));
    const mb = g.bytes / 1e6;
    const na = (x: number, f: (x: number) => string) => (Number.isNaN(x) ? '' : f(x));
    console.log(`  ${label}: ${fmt(sec)} s, ${fmt(rss, 0)} MB${refs.duck ? `; DuckDB ${fmt(duckSec)} s, ${fmt(duckRss, 0)} MB` : ''}${refs.sqlite ? `; sqlite3 .import ${fmt(refSec)} s` : ''}`);
    rows.push([label, fmt(g.rows, 0), fmt(mb, 0), fmt(sec), fmt(g.rows / sec, 0), fmt(mb / sec, 1), fmt(rss, 0),
      na(duckSec, (x) => fmt(x)), na(duckRss, (x) => fmt(x, 0)), na(duckSec, (x) => `${fmt(sec / x)}×`),
      na(refSec, (x) => fmt(x)), na(refSec, (x) => `${fmt(sec / x)}×`)]);
    return { sec, importSec, rss, duckSec, refSec, rows: g.rows };
  };

  const month = runs('month') || runs('worker') ? generateMailboxes(path.join(dir, 'mailboxes-month.csv'), MONTH_LICENSES, 2000, [[2026, 10]]) : null;
  console.log('Measuring…');
  let m: ReturnType<typeof measure> | null = null;
  if (month && runs('month')) {
    m = measure('Mailbox month: import + preview', month, '2026-10');
    verdict("Mailbox month, import + preview, against DuckDB's billable query", m.sec / m.duckSec, 0.7);
    verdict("Mailbox month, import + preview, against the sqlite3 shell's .import", m.sec / m.refSec, 0.4);
    verdict('Mailbox month peak RSS', m.rss, 150, ' MB');
  }
  const flat: string[] = [];
  const scaled = (part: string, label: string, months: [number, number][], licenses: number) => {
    // Big files go to a temp folder of their own, deleted at once.
    const tmp = fs.mkdtempSync(path.join(process.env.BENCH_BIG_DIR ?? os.tmpdir(), 'flexbill-bench-big-'));
    try {
      const g = generateMailboxes(path.join(tmp, `${part}.csv`), licenses, 2000, months);
      const r = measure(label, g, '2026-10', 1, true, { sqlite: false, duck: true });
      flat.push(`${fmt(r.rss, 0)} MB for the ${fmt(g.bytes / 1e6, 0)} MB file (${fmt(r.rows / r.sec / 1e6, 2)} M rows/s)`);
      verdict(`${label} peak RSS`, r.rss, 150, ' MB');
      if (m) verdict(`${label}: time per row against the month's`, (r.sec / r.rows) / (m.sec / m.rows), 1.2);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  };
  if (runs('big')) scaled('big', '4 months of mailboxes (×4 file)', [[2026, 7], [2026, 8], [2026, 9], [2026, 10]], MONTH_LICENSES);
  if (runs('huge')) scaled('huge', 'A month of 10× the licenses (×10 file)', [[2026, 10]], MONTH_LICENSES * 10);
  if (m && flat.length > 0) verdicts.push(`Peak RSS: ${fmt(m.rss, 0)} MB for the ${fmt(month!.bytes / 1e6, 0)} MB month, ${flat.join(', ')}`);

  const year = runs('year') || runs('preview') || runs('export') ? generateCounts(path.join(dir, 'counts-year.csv'), YEAR_LICENSES, 2025) : null;
  if (year && runs('year')) {
    const y = measure('Year of daily counts: import', year, '2025-06', RUNS, false);
    verdict("Year of daily counts, import, against DuckDB's CREATE TABLE AS SELECT * FROM read_csv", y.sec / y.duckSec, 0.7);
    verdict('Year of daily counts peak RSS', y.rss, 150, ' MB');
  }

  if (runs('xlsx')) {
    const file = path.join(dir, 'mailboxes.xlsx');
    const x = await generateXlsx(file, 30, 1000, [2026, 10]);
    const ours: ChildResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = runChild('import', [x.file, freshDb('bench.db'), '2026-10']);
      checkAnswers('xlsx', (r.extra?.billable ?? {}) as Record<string, number>, x.expected.get('2026-10')!);
      ours.push(r);
    }
    const sec = median(ours.map((r) => r.extra?.importSeconds as number));
    const rss = median(ours.map((r) => r.maxRssMB));
    rows.push([`Workbook (.xlsx) of mailbox rows: import`, fmt(x.rows, 0), fmt(x.bytes / 1e6, 0), fmt(sec), fmt(x.rows / sec, 0), fmt(x.bytes / 1e6 / sec, 1), fmt(rss, 0), '', '', '', '', '']);
    verdict(`A ${fmt(x.rows, 0)}-row .xlsx: import`, sec, 3, ' s');
    verdict(`A ${fmt(x.rows, 0)}-row .xlsx peak RSS`, rss, 150, ' MB');
  }

  if (month && runs('worker')) {
    // The desktop app's path: the same import through the core worker (worker_threads).
    const times: { cli: number; worker: number; cliRss: number; workerRss: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = runChild('import', [month.file, freshDb('bench.db'), '2026-10']);
      const w = runChild('worker-import', [month.file, freshDb('bench.db'), '2026-10']);
      checkAnswers('worker', (w.extra?.billable ?? {}) as Record<string, number>, month.expected.get('2026-10')!);
      times.push({ cli: c.extra?.importSeconds as number, worker: w.extra?.importSeconds as number, cliRss: c.maxRssMB, workerRss: w.maxRssMB });
    }
    const cli = median(times.map((t) => t.cli));
    const wk = median(times.map((t) => t.worker));
    verdict(`Mailbox month through the core worker (${fmt(wk)} s, peak RSS ${fmt(median(times.map((t) => t.workerRss)), 0)} MB) against the command line's path (${fmt(cli)} s, ${fmt(median(times.map((t) => t.cliRss)), 0)} MB)`, wk / cli, 1.1);
  }

  if (year && (runs('preview') || runs('export'))) {
    // Preview and export of a 2,000-license month, on the year's database.
    const yearDb = freshDb('year.db');
    runChild('import', [year.file, yearDb, '2025-06']);
    if (runs('preview')) {
      const pv = runChild('preview', [yearDb, '2025-06']);
      checkAnswers('preview', (pv.extra?.billable ?? {}) as Record<string, number>, year.expected.get('2025-06')!);
      const pvMs = pv.extra?.medianMs as number;
      verdicts.push(`Preview of a ${pv.extra?.licenses as number}-license month: ${fmt(pvMs, 0)} ms median in process (first call ${fmt(pv.extra?.firstMs as number, 0)} ms; target < 300 ms) — ${pvMs < 300 ? 'met' : 'missed'}`);
    }
    if (runs('export')) {
      const exports: number[] = [];
      for (let i = 0; i < RUNS; i++) exports.push(runChild('export', [yearDb, '2025-06', path.join(dir, 'invoice.xlsx')]).seconds);
      const ex = median(exports);
      verdicts.push(`Export of the ${YEAR_LICENSES}-license workbook: ${fmt(ex)} s median (target < 5 s) — ${ex < 5 ? 'met' : 'missed'}`);
    }
  }

  if (runs('collect')) {
    // SPEC §12 / issue 10: a server of 1,000 domains and 50,000 EAS mailboxes from the local SmarterMail stand-in.
    const figure = await benchCollect();
    verdicts.push(describeCollectFigure(figure));
  }

  const header = ['Run', 'Rows', 'MB', 'Seconds', 'Rows/s', 'MB/s', 'Peak RSS MB', 'DuckDB s', 'DuckDB RSS MB', 'vs DuckDB', 'sqlite3 .import s', 'vs sqlite3'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('\n' + verdicts.map((v) => `- ${v}`).join('\n'));
  console.log('\nAnswers checked against an independent count in the benchmark (ours and DuckDB\'s): all right.');
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
