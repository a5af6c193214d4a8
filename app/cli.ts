// The `flexbill` command line: a thin face over the api (SPEC §8).
// Output for people by default, --json for scripts. Exit codes: 0 done,
// 1 some input rejected or nothing to do it on, 2 wrong usage.
import { checkLicenseKey, previewToJson, reconciliationToJson, formatCount, formatUsd, parseAmount, shortDate } from './billing';
import type { Cents, IsoMonth, MonthPreview } from './billing/types';
import type { ReconcileStatus } from './billing/reconcile';
import type { ImportOutcome, ReconciliationResult } from './api-types';
import { openDefaultCore, type Core } from './core';
import { isoMonth } from './domains/schemas';
import { describeError, InputError } from './errors';
import { checkedApi, createHandlers, type Api, type HandlerContext } from './handlers';
import { renderTable } from './table';
import type { ImportRecord } from './records';
import { startServer } from './server';
import { dateTime, monthsSentence, plural, previewRule } from './words';
import { collectorHost } from './domains/servers';
import { runServerCommand, SERVER_COMMANDS, SERVER_DESCRIPTIONS, SERVER_FLAG_OPTIONS, SERVER_USAGE, SERVER_VALUE_OPTIONS } from './cli-servers';
import { SAFETY_COMMANDS, SAFETY_HELP, SAFETY_USAGE, runSafetyCommand } from './cli-safety';
import path from 'node:path';

/** The built renderer: beside the bundled command line (dist/renderer), or FLEXBILL_RENDERER_DIR. */
function rendererDir(): string {
  if (process.env.FLEXBILL_RENDERER_DIR) return process.env.FLEXBILL_RENDERER_DIR;
  return path.join(__dirname, 'renderer');
}

declare const __FLEXBILL_VERSION__: string | undefined;
const VERSION = typeof __FLEXBILL_VERSION__ === 'string' ? __FLEXBILL_VERSION__ : 'dev';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** True when stderr is a terminal (progress is shown there). */
  tty: boolean;
}

export class UsageError extends Error {}

const HELP = `flexbill — Flex Billing for Exchange ActiveSync

Usage:
  flexbill [--db FILE] import FILE... [--license KEY] [--dates dmy|mdy] [--json]
  flexbill [--db FILE] preview --month YYYY-MM [--json]
  flexbill [--db FILE] export --month YYYY-MM [--out FILE.xlsx] [--pdf FILE.pdf]
  flexbill [--db FILE] licenses [--json]
  flexbill [--db FILE] imports [--json]
  flexbill [--db FILE] undo IMPORT_ID
  flexbill [--db FILE] demo
  flexbill [--db FILE] settings [--rate AMOUNT --from YYYY-MM] [--dropped-days N]
                                [--company NAME] [--address TEXT] [--json]
  flexbill [--db FILE] reconcile --month YYYY-MM VENDOR_FILE [--json]
  flexbill [--db FILE] close --month YYYY-MM
  flexbill [--db FILE] reopen --month YYYY-MM
  flexbill [--db FILE] serve [--port N]
${SERVER_USAGE}
${SAFETY_USAGE}

  import    read usage exports (CSV, TSV, TXT, XLSX, ODS, JSON) into the database
  preview   the month's billable mailboxes per license and the invoice total
  export    write the month's summary invoice workbook (.xlsx) and/or its PDF
  licenses  every license known, with its edition, version and M&S expiry
  imports   every import with its result; undo one by its number
  demo      load sample data for trying the app (Sep and Oct 2026)
  settings  show or change the rate, the days dropped and the company billed
  reconcile compare the vendor's summary invoice with the month's preview
  close     keep the month's figures as they are now; reopen lets them follow the data
  serve     the app's screens in a browser, on 127.0.0.1 only
${SERVER_DESCRIPTIONS}
${SAFETY_HELP}

Options:
  --db FILE   the database (default: FLEXBILL_DB, else the app's data folder)
  --json      output for scripts
  -h, --help  this help;  -v, --version  the version

Exit codes: 0 done, 1 some input rejected or nothing to do it on, 2 wrong usage.`;

interface Parsed {
  command: string | null;
  positional: string[];
  options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['--db', '--month', '--out', '--pdf', '--license', '--dates', '--port', '--rate', '--from', '--dropped-days', '--company', '--address', ...SERVER_VALUE_OPTIONS]);
const FLAG_OPTIONS = new Set(['--json', '--help', '-h', '--version', '-v', ...SERVER_FLAG_OPTIONS]);

export function parseArgs(argv: string[]): Parsed {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  let command: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (VALUE_OPTIONS.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value.`);
        options.set(name, value);
      } else if (FLAG_OPTIONS.has(name)) {
        options.set(name, true);
      } else {
        throw new UsageError(`Unknown option ${arg}.`);
      }
      continue;
    }
    if (command === null) command = arg;
    else positional.push(arg);
  }
  return { command, positional, options };
}

function str(p: Parsed, name: string): string | undefined {
  const v = p.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

function need(p: Parsed, name: string, what: string): string {
  const v = str(p, name);
  if (v === undefined) throw new UsageError(`${p.command} needs ${name} ${what}.`);
  return v;
}

/** A month on the command line: a malformed one is wrong usage (exit 2). */
function needMonth(p: Parsed): IsoMonth {
  const m = need(p, '--month', 'YYYY-MM');
  const parsed = isoMonth.safeParse(m);
  if (!parsed.success) throw new UsageError(`--month takes a month as YYYY-MM, for example 2026-10; "${m}" is not one.`);
  return parsed.data;
}

function allow(p: Parsed, ...names: string[]): void {
  const ok = new Set(['--db', '--help', '-h', ...names]);
  for (const name of p.options.keys()) if (!ok.has(name)) throw new UsageError(`${p.command} does not take ${name}.`);
}

function noPositional(p: Parsed): void {
  if (p.positional.length > 0) throw new UsageError(`${p.command} does not take "${p.positional[0]}".`);
}

export function previewText(p: MonthPreview, monthsSentence: string): string {
  if (p.licenses.length === 0) return `No usage for ${p.month}. ${monthsSentence}`;
  const table = renderTable(
    [
      { header: 'License', value: (l) => l.license },
      { header: 'Name', value: (l) => l.name ?? '' },
      { header: 'Days', align: 'right', value: (l) => `${l.daysReported}/${l.daysInMonth}` },
      { header: 'Peak', align: 'right', value: (l) => (l.peak === null ? '' : formatCount(l.peak)) },
      { header: 'Dropped', value: (l) => l.dropped.map((d) => `${shortDate(d.date)} (${formatCount(d.count)})`).join(', ') },
      { header: 'Billed day', value: (l) => (l.billedDay ? shortDate(l.billedDay.date) : '') },
      { header: 'Billable', align: 'right', value: (l) => formatCount(l.billable) },
      { header: 'Amount', align: 'right', value: (l) => formatUsd(l.amount) },
      { header: 'Flags', value: (l) => l.flags.map((f) => f.code).join(', ') },
    ],
    p.licenses,
    ['Total', licensesText(p.totals.licenses), '', '', '', '', formatCount(p.totals.billable), formatUsd(p.totals.amount), ''],
  );
  const notes = p.licenses.flatMap((l) => l.flags.map((f) => `  ${l.license}: ${f.message}`));
  const closed: string[] = [];
  if (p.closed) {
    closed.push('', `This month was closed on ${dateTime(p.closed.closedAt)} UTC: these are the figures of the closing.`);
    if (p.closed.waiting.length === 0) closed.push('No changes are waiting.');
    else {
      closed.push(`Changes waiting (reopen the month to apply them): ${p.closed.waiting.length}`);
      for (const w of p.closed.waiting) {
        const fmt = (n: number | null) => (n === null ? 'none' : formatCount(n));
        closed.push(`  ${w.license}: ${fmt(w.before)} → ${fmt(w.after)} billable`);
      }
    }
  }
  return [
    `${p.month}: ${p.daysInMonth} days; ${previewRule(p.droppedDays, p.rate)}${p.closed ? ' CLOSED.' : ''}`,
    '',
    table,
    ...(notes.length ? ['', 'Flags:', ...notes] : []),
    ...closed,
  ].join('\n');
}

const STATUS_WORDS: Record<ReconcileStatus, string> = { differs: 'differs', 'vendor-only': 'only on vendor invoice', 'ours-only': 'only in our usage', match: 'matches' };

function signed(n: number, format: (n: number) => string): string {
  return n > 0 ? `+${format(n)}` : format(n);
}

function reconcileText(r: ReconciliationResult): string {
  const t = r.totals;
  const table = renderTable(
    [
      { header: 'License', value: (l) => l.license },
      { header: 'Name', value: (l) => l.name ?? '' },
      { header: 'Vendor', align: 'right', value: (l) => (l.vendor === null ? '' : formatCount(l.vendor)) },
      { header: 'Ours', align: 'right', value: (l) => (l.ours === null ? '' : formatCount(l.ours)) },
      { header: 'Difference', align: 'right', value: (l) => signed(l.difference, formatCount) },
      { header: 'Difference $', align: 'right', value: (l) => signed(l.amountDifference, (c) => formatUsd(c as Cents)) },
      { header: 'Status', value: (l) => STATUS_WORDS[l.status] },
    ],
    r.lines,
    ['Total', '', formatCount(t.vendor), formatCount(t.ours), signed(t.difference, formatCount), signed(t.amountDifference, (c) => formatUsd(c as Cents)), ''],
  );
  return [
    `${r.month}: vendor invoice ${r.vendorFile} against our preview (difference = vendor − ours).`,
    `${t.differing} differ, ${t.vendorOnly} only on the vendor's invoice, ${t.oursOnly} only in our usage, ${t.matching} match.`,
    '',
    table,
  ].join('\n');
}

/** "1 license", "2,000 licenses". */
const licensesText = (n: number): string => plural(n, 'license');

/** One imported file's line: ✓ imported, = the same bytes again, ✗ rejected or cancelled. */
function outcomeLine(o: ImportOutcome): string {
  return `${o.status === 'imported' ? '✓' : o.status === 'duplicate' ? '=' : '✗'} ${o.message}`;
}

function importsText(list: ImportRecord[]): string {
  if (list.length === 0) return 'No imports yet.';
  return renderTable(
    [
      { header: '#', align: 'right', value: (r) => String(r.id) },
      { header: 'When', value: (r) => dateTime(r.importedAt) },
      { header: 'File', value: (r) => r.fileName },
      { header: 'Result', value: (r) => r.status },
      { header: 'Licenses', align: 'right', value: (r) => (r.status === 'imported' || r.status === 'undone' ? String(r.licenses.length) : '') },
      { header: 'Dates', value: (r) => (r.dateFrom ? `${r.dateFrom} to ${r.dateTo}` : '') },
      { header: 'Rows', align: 'right', value: (r) => (r.rows ? formatCount(r.rows) : '') },
      { header: 'Added', align: 'right', value: (r) => (r.status === 'imported' || r.status === 'undone' ? formatCount(r.daysAdded) : '') },
      { header: 'Replaced', align: 'right', value: (r) => (r.status === 'imported' || r.status === 'undone' ? formatCount(r.daysReplaced) : '') },
      { header: 'Reason', value: (r) => (r.status === 'rejected' || r.status === 'duplicate' ? (r.reason ?? '') : '') },
    ],
    list,
  );
}

async function run(p: Parsed, io: Io): Promise<number> {
  if (p.command !== null && SAFETY_COMMANDS.has(p.command)) return runSafetyCommand(p, io, (m) => new UsageError(m));
  const json = p.options.has('--json');
  const openCore = () => openDefaultCore(str(p, '--db') ?? undefined);
  /** Runs `work` on the method table and closes the database after, whatever happens. */
  const withApi = async <T>(work: (api: Api, core: Core) => Promise<T>, ctx: HandlerContext = {}): Promise<T> => {
    const core = openCore();
    try {
      return await work(checkedApi(createHandlers(core, ctx)), core);
    } finally {
      core.close();
    }
  };
  switch (p.command) {
    case 'import': {
      allow(p, '--license', '--dates', '--json');
      if (p.positional.length === 0) throw new UsageError('import needs at least one FILE.');
      const dates = str(p, '--dates');
      if (dates !== undefined && dates !== 'dmy' && dates !== 'mdy') {
        throw new UsageError(`--dates must be dmy (day/month/year) or mdy (month/day/year), not "${dates}".`);
      }
      const license = str(p, '--license');
      if (license !== undefined) {
        const checked = checkLicenseKey(license);
        if ('problem' in checked) throw new UsageError(`--license: ${checked.problem}`);
      }
      let lastShown = 0;
      return withApi(async (api) => {
        const outcomes = await api.importFiles({ paths: p.positional, license, dates });
        if (json) io.out(JSON.stringify(outcomes, null, 2));
        else for (const o of outcomes) io.out(outcomeLine(o));
        return outcomes.some((o) => o.status === 'rejected' || o.status === 'cancelled') ? 1 : 0;
      }, {
        onImportProgress: (pr) => {
          if (!io.tty || pr.totalBytes < 20_000_000) return;
          const t = Date.now();
          if (t - lastShown < 250 && pr.bytesRead < pr.totalBytes) return;
          lastShown = t;
          io.err(`\r${pr.file}: ${Math.floor((pr.bytesRead / pr.totalBytes) * 100)}%`);
        },
      });
    }
    case 'preview': {
      allow(p, '--month', '--json');
      noPositional(p);
      const month = needMonth(p);
      return withApi(async (api) => {
        const preview = await api.preview({ month });
        if (json) io.out(JSON.stringify(previewToJson(preview), null, 2));
        else io.out(previewText(preview, monthsSentence((await api.months({})).months)));
        return 0;
      });
    }
    case 'export': {
      allow(p, '--month', '--out', '--pdf');
      noPositional(p);
      const month = needMonth(p);
      const out = str(p, '--out');
      const pdf = str(p, '--pdf');
      if (out === undefined && pdf === undefined) throw new UsageError('export needs --out FILE.xlsx or --pdf FILE.pdf (or both).');
      if (out !== undefined && !out.toLowerCase().endsWith('.xlsx')) throw new UsageError('--out must name an .xlsx file.');
      if (pdf !== undefined && !pdf.toLowerCase().endsWith('.pdf')) throw new UsageError('--pdf must name a .pdf file.');
      return withApi(async (api) => {
        if (out !== undefined) {
          const r = await api.exportInvoice({ month, path: out });
          io.out(`Wrote ${r.path}: ${licensesText(r.licenses)}, total ${formatUsd(parseAmount(r.total))}.`);
        }
        if (pdf !== undefined) {
          const r = await api.exportInvoicePdf({ month, path: pdf });
          io.out(`Wrote ${r.path}: ${licensesText(r.licenses)}, total ${formatUsd(parseAmount(r.total))}.`);
        }
        return 0;
      });
    }
    case 'licenses': {
      allow(p, '--json');
      noPositional(p);
      return withApi(async (api) => {
        const list = await api.licenses({});
        if (json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No licenses yet: import usage files first.');
        else io.out(renderTable([
          { header: 'License', value: (l) => l.key },
          { header: 'Name', value: (l) => l.name ?? '' },
          { header: 'Edition', value: (l) => l.edition ?? 'unknown' },
          { header: 'Version', value: (l) => l.version ?? 'unknown' },
          { header: 'M&S expires', value: (l) => l.maintenanceExpires ?? 'unknown' },
          { header: 'Data from', value: (l) => l.firstDate ?? '' },
          { header: 'Data to', value: (l) => l.lastDate ?? '' },
        ], list));
        return 0;
      });
    }
    case 'imports': {
      allow(p, '--json');
      noPositional(p);
      return withApi(async (api) => {
        const list = await api.imports({});
        io.out(json ? JSON.stringify(list, null, 2) : importsText(list));
        return 0;
      });
    }
    case 'undo': {
      allow(p);
      const [idText, ...rest] = p.positional;
      if (!idText || rest.length > 0 || !/^\d+$/.test(idText)) throw new UsageError('undo needs one IMPORT_ID, a number from `flexbill imports`.');
      return withApi(async (api) => {
        const r = await api.undoImport({ id: Number(idText) });
        io.out(`Undid import #${r.id} (${r.fileName}): its ${plural(r.daysAdded, 'added day')} removed and ${plural(r.daysReplaced, 'replaced value')} restored.`);
        return 0;
      });
    }
    case 'demo': {
      allow(p);
      noPositional(p);
      return withApi(async (api, core) => {
        const outcomes = await api.loadDemo({});
        for (const o of outcomes) io.out(outcomeLine(o));
        io.out(`Sample data is in ${core.dbPath}. Try: flexbill preview --month 2026-10`);
        return outcomes.some((o) => o.status === 'rejected') ? 1 : 0;
      });
    }
    case 'settings': {
      allow(p, '--rate', '--from', '--dropped-days', '--company', '--address', '--json');
      noPositional(p);
      return withApi(async (api) => {
        const rate = str(p, '--rate');
        const from = str(p, '--from');
        if ((rate === undefined) !== (from === undefined)) throw new UsageError('--rate and --from go together: the rate and the month it takes effect.');
        if (rate !== undefined && from !== undefined) await api.setRate({ from, rate });
        const dropped = str(p, '--dropped-days');
        if (dropped !== undefined) {
          if (!/^\d+$/.test(dropped)) throw new UsageError('--dropped-days needs a whole number.');
          await api.setDroppedDays({ droppedDays: Number(dropped) });
        }
        const company = str(p, '--company');
        const address = str(p, '--address');
        if (company !== undefined || address !== undefined) {
          const c = (await api.settings({})).company;
          await api.setCompany({ name: company ?? c.name, address: address ?? c.address });
        }
        const s = await api.settings({});
        if (json) io.out(JSON.stringify(s, null, 2));
        else {
          io.out(`Database:      ${s.dbPath}`);
          io.out(`Days dropped:  ${s.droppedDays}`);
          io.out(`Rate:          $${s.currentRate} per mailbox this month`);
          for (const r of s.rates) io.out(`               $${r.rate} from ${r.from}`);
          io.out(`Company billed: ${s.company.name || '(not set)'}${s.company.address ? `, ${s.company.address.replace(/\n/g, ', ')}` : ''}`);
        }
        return 0;
      });
    }
    case 'reconcile': {
      allow(p, '--month', '--json');
      const month = needMonth(p);
      if (p.positional.length !== 1) throw new UsageError('reconcile needs one VENDOR_FILE: the vendor\'s summary invoice (CSV or XLSX).');
      return withApi(async (api) => {
        const r = await api.reconcile({ month, path: p.positional[0]! });
        if (json) {
          io.out(JSON.stringify({ ...reconciliationToJson(r), vendorFile: r.vendorFile }, null, 2));
        } else {
          io.out(reconcileText(r));
        }
        return 0;
      });
    }
    case 'close':
    case 'reopen': {
      allow(p, '--month');
      noPositional(p);
      const month = needMonth(p);
      return withApi(async (api) => {
        const preview = p.command === 'close' ? await api.closeMonth({ month }) : await api.reopenMonth({ month });
        io.out(p.command === 'close'
          ? `Closed ${month}: ${licensesText(preview.totals.licenses)}, ${formatCount(preview.totals.billable)} billable mailboxes, ${formatUsd(preview.totals.amount)}. These figures stay as they are until you reopen the month.`
          : `Reopened ${month}: the figures follow the data again (${licensesText(preview.totals.licenses)}, ${formatCount(preview.totals.billable)} billable mailboxes, ${formatUsd(preview.totals.amount)}).`);
        return 0;
      });
    }
    case 'serve': {
      allow(p, '--port');
      noPositional(p);
      const portText = str(p, '--port');
      if (portText !== undefined && !/^\d{1,5}$/.test(portText)) throw new UsageError('--port needs a number from 1 to 65535.');
      const core = openCore();
      let server;
      try {
        server = await startServer({ core, port: portText === undefined ? 0 : Number(portText), rendererDir: rendererDir() });
      } catch (e) {
        core.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new InputError(`Port ${portText} is in use; choose another with --port, or leave it out to get a free one.`);
        throw e;
      }
      io.out(`Flex Billing is at ${server.url}`);
      io.out('Open that address in a browser on this computer. Press Ctrl+C to stop.');
      const running = server;
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      core.close();
      return 0;
    }
    default:
      if (p.command !== null && SERVER_COMMANDS.has(p.command)) {
        return runServerCommand({
          ...p, command: p.command, io, usage: (m) => new UsageError(m),
          openApi: () => {
            const core = openCore();
            return { ...collectorHost(core), close: () => core.close() };
          },
        });
      }
      throw new UsageError(`Unknown command "${p.command}".`);
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    io.err(`flexbill: ${describeError(e)}\nRun \`flexbill --help\` for usage.`);
    return 2;
  }
  if (parsed.options.has('--version') || parsed.options.has('-v')) {
    io.out(VERSION);
    return 0;
  }
  if (parsed.command === null || parsed.options.has('--help') || parsed.options.has('-h') || parsed.command === 'help') {
    io.out(HELP);
    return parsed.command === null && !parsed.options.has('--help') && !parsed.options.has('-h') ? 2 : 0;
  }
  try {
    return await run(parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`flexbill: ${e.message}\nRun \`flexbill --help\` for usage.`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`flexbill: ${e.message}`);
      return 1;
    }
    // Anything else is our bug or the machine's: a sentence, never a stack trace.
    io.err(`flexbill: ${describeError(e)}`);
    if (process.env.FLEXBILL_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 1;
  }
}


/**
 * A reader that stopped reading (`flexbill preview ... | head -1`) closes our
 * stdout: the command has nothing more to say to anyone and ends quietly, with
 * no stack trace, as other command-line tools do.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // Any other failure to write: there is no one to tell; the exit code says it.
    exit(e.code === 'EPIPE' ? 0 : 1);
  });
}

/** Entry point of the installed command. */
export function runFromProcess(): void {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s.startsWith('\r') ? s : s + '\n'),
    env: process.env,
    tty: Boolean(process.stderr.isTTY),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`flexbill: ${describeError(e)}\n`);
      process.exitCode = 1;
    },
  );
}

// Run when this bundle is the program itself (`node dist/cli.cjs ...`); bin/flexbill.cjs calls runFromProcess.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) runFromProcess();
