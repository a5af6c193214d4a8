// The one surface of the core: every operation the command line, the desktop app
// and the browser host use. Inputs from IPC and HTTP are checked once, in
// ./handlers (zod); the command line checks its arguments in ./cli.
import path from 'node:path';
import fs from 'node:fs';
import crypto from 'node:crypto';
import {
  MAX_DROPPED_DAYS, OUTLIER_FACTOR, addMonths, applyRule, checkLicenseKey, defaultMonth, lastDayOfMonth, monthOf, outlierDays, buildPreview, computeQuote, datesOfMonth, formatAmount, formatCount, isIsoMonth, parseAmount, rateFor,
  reconcile, shortDate, waitingChanges, type QuoteInput, type VendorLine,
} from './billing';
import type { Cents, IsoDate, IsoMonth, LicenseInfo, LicenseKey, LicenseMonth, MonthPreview } from './billing/types';
import type {
  CompanyBilled, DayDetail, ExportResult, ReconciliationResult, ImportChoice, ImportOutcome, ImportProgress, LicenseDetail, LicenseSummary, MonthsInfo, Settings,
} from './api-types';
import { CancelledError, InputError, describeError } from './errors';
import { readUsageFile, type ParsedFile } from './import';
import { DateOrderError, localToday } from './import/dates';
import { Store, type DayRow, type DomainSplit, type EditableLicenseField, type ImportRecord, type VendorInvoiceRecord } from './store/store';
import { resolveDbPath } from './store/paths';
import { automaticBackup } from './store/backup';
import { readVendorInvoice } from './import/vendor';
import { writeDemoFiles } from './demo';

export const DEFAULT_DROPPED_DAYS = 2;
const DROPPED_DAYS_KEY = 'droppedDays';
const COMPANY_KEY = 'company';

/** What is kept of a month when it is closed: what its invoice shows. */
interface MonthSnapshot {
  preview: MonthPreview;
  daily: [LicenseKey, DayDetail[]][];
  sources: (ImportRecord & { monthDays: number })[];
}

export interface ImportOptions extends ImportChoice {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** The names to show and record for the files, when they differ from the paths (uploads). */
  displayNames?: string[];
}

function requireMonth(month: string): IsoMonth {
  if (!isIsoMonth(month)) throw new InputError(`"${month}" is not a month: write it as YYYY-MM, for example 2026-10.`);
  return month;
}

/** "2026-11-27 18:33" from a stored ISO timestamp (UTC), for sentences. */
export function dateTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** Items grouped by a key, in the order first seen. */
function groupBy<K, T>(items: Iterable<T>, key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export class FlexApi {
  /** Replaced only by `reopen`, after a restore put another file in its place. */
  store: Store;

  /** Now, for "today" (local date) and months: replaceable in tests. */
  readonly clock: () => Date;

  constructor(readonly dbPath: string, private readonly options: { nativeBinding?: string; clock?: () => Date } = {}) {
    this.store = new Store(dbPath, options);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Data safety (app/safety.ts): opens the database file again, as a restore left it. */
  reopen(): void {
    this.store.close();
    this.store = new Store(this.dbPath, this.options);
  }

  static open(explicitDb?: string, options: { nativeBinding?: string } = {}): FlexApi {
    return new FlexApi(resolveDbPath(explicitDb), options);
  }

  close(): void {
    this.store.close();
  }

  // ---- imports -------------------------------------------------------------

  /** Imports files one by one; a rejected file does not stop the others. */
  async importFiles(paths: string[], options: ImportOptions = {}): Promise<ImportOutcome[]> {
    if (options.license !== undefined && options.license.trim() !== '') {
      const checked = checkLicenseKey(options.license);
      if ('problem' in checked) throw new InputError(checked.problem);
      options = { ...options, license: checked.key };
    }
    const outcomes: ImportOutcome[] = [];
    for (const [index, filePath] of paths.entries()) {
      const displayName = options.displayNames?.[index] ?? path.basename(filePath);
      if (options.signal?.aborted) {
        outcomes.push({ file: displayName, status: 'cancelled', message: `${displayName}: not imported (cancelled).`, record: null });
        continue;
      }
      outcomes.push(await this.importOne(filePath, displayName, index, paths.length, options));
    }
    return outcomes;
  }

  private async importOne(filePath: string, displayName: string, fileIndex: number, fileCount: number, options: ImportOptions): Promise<ImportOutcome> {
    let parsed;
    try {
      parsed = await readUsageFile(filePath, {
        license: options.license,
        dates: options.dates,
        today: this.today(),
        signal: options.signal,
        displayName,
        onProgress: (bytesRead, totalBytes) => options.onProgress?.({ fileIndex, fileCount, file: displayName, bytesRead, totalBytes }),
      });
    } catch (e) {
      if (e instanceof CancelledError) {
        return { file: displayName, status: 'cancelled', message: `${displayName}: not imported (cancelled).`, record: null };
      }
      const reason = describeError(e);
      const record = this.recordRejection(filePath, displayName, reason);
      const outcome: ImportOutcome = { file: displayName, status: 'rejected', message: reason, record };
      if (e instanceof DateOrderError) outcome.dateOrder = e.readings;
      return outcome;
    }
    const earlier = this.store.findImportedBySha(parsed.sha256);
    if (earlier && options.replacing === earlier.id && parsed.licenseGiven !== null && !earlier.licenses.includes(parsed.licenseGiven)) {
      // The clerk chose to import the same bytes again as another license.
      this.store.undoImport(earlier.id);
    } else if (earlier) {
      const wrongLicense = parsed.licenseGiven !== null;
      const message =
        `${displayName}: already imported on ${dateTime(earlier.importedAt)} as #${earlier.id} (${earlier.fileName})` +
        (wrongLicense ? ` for license ${earlier.licenses.join(', ')}; nothing to do, unless that was the wrong license: then import it again as another (the app offers it; on the command line: flexbill undo ${earlier.id}, then import it with --license).` : '; nothing to do.');
      const record = this.store.recordNotImported({ fileName: displayName, filePath, size: parsed.size, sha256: parsed.sha256, format: parsed.format, status: 'duplicate', reason: message });
      const outcome: ImportOutcome = { file: displayName, status: 'duplicate', message, record };
      if (wrongLicense) outcome.reimport = { earlierId: earlier.id, earlierLicenses: earlier.licenses };
      return outcome;
    }
    const newLicense = parsed.licenseGiven !== null && this.store.getLicense(parsed.licenseGiven) === null ? parsed.licenseGiven : null;
    parsed.warnings.push(...this.outlierWarnings(parsed));
    const record = this.store.applyParsedFile({ ...parsed, fileName: displayName }, filePath);
    let message = describeImport(record);
    if (newLicense !== null) message += ` New license ${newLicense}: it was created by this import.`;
    if (earlier) message += ` It replaces import #${earlier.id} of the same file for license ${earlier.licenses.join(', ')}, which was undone.`;
    const closed = this.closedMonthsTouched(record);
    if (closed.length > 0) {
      message += ` ${closed.join(', ')} ${closed.length === 1 ? 'is' : 'are'} closed: the figures kept at closing stay until you reopen ${closed.length === 1 ? 'it' : 'them'}; the changes wait.`;
    }
    const outcome: ImportOutcome = { file: displayName, status: 'imported', message, record };
    if (newLicense !== null) outcome.newLicense = newLicense;
    return outcome;
  }

  /** The computer's local date (an injectable clock for tests). */
  today(): IsoDate {
    return localToday(this.clock());
  }

  /**
   * Days of the file far above their month's usual level, the month taken as it will
   * be after this file (the stored days, with the file's in their place).
   */
  private outlierWarnings(parsed: ParsedFile): string[] {
    const out: string[] = [];
    for (const l of parsed.licenses) {
      const byMonth = groupBy(l.days.keys(), (d) => monthOf(d));
      for (const [month, dates] of byMonth) {
        const merged = new Map<IsoDate, number>(this.store.daysOfLicense(l.key, `${month}-01` as IsoDate, lastDayOfMonth(month)).map((d) => [d.date, d.count]));
        for (const d of dates) merged.set(d, l.days.get(d) as number);
        const fileDays = new Set(dates);
        for (const o of outlierDays([...merged].map(([date, count]) => ({ date, count })))) {
          if (!fileDays.has(o.date)) continue;
          out.push(`license ${l.key}, ${o.date}: ${formatCount(o.count)} is more than ${OUTLIER_FACTOR}× the month's median (${formatCount(o.median)}); only the two highest days are dropped, so check it`);
        }
      }
    }
    return out;
  }

  private recordRejection(filePath: string, displayName: string, reason: string): ImportRecord | null {
    let file: { size: number; sha256: string };
    try {
      const st = fs.statSync(filePath);
      if (!st.isFile()) return null;
      file = { size: st.size, sha256: hashFileSync(filePath) };
    } catch {
      return null; // no such file: nothing to record
    }
    return this.store.recordNotImported({ fileName: displayName, filePath, ...file, status: 'rejected', reason });
  }

  private closedMonthsTouched(r: ImportRecord): IsoMonth[] {
    if (!r.dateFrom || !r.dateTo) return [];
    return this.store.closedMonths().map((c) => c.month).filter((m) => m >= r.dateFrom!.slice(0, 7) && m <= r.dateTo!.slice(0, 7));
  }

  imports(): ImportRecord[] {
    return this.store.listImports();
  }

  undoImport(id: number): ImportRecord {
    try {
      return this.store.undoImport(id);
    } catch (e) {
      throw new InputError(describeError(e));
    }
  }

  // ---- months --------------------------------------------------------------

  months(): MonthsInfo {
    const months = this.store.monthsWithData();
    return { months, latest: defaultMonth(months, monthOf(this.today())), closed: this.store.closedMonths().map((c) => c.month) };
  }

  droppedDays(): number {
    const v = this.store.getSetting(DROPPED_DAYS_KEY);
    return v === null ? DEFAULT_DROPPED_DAYS : Number(v);
  }

  rateOf(month: IsoMonth): Cents {
    return rateFor(month, this.store.rates());
  }

  /** The month's figures: those kept at closing for a closed month, else from the data now. */
  preview(monthText: string): MonthPreview {
    const month = requireMonth(monthText);
    const closed = this.store.closedMonth<MonthSnapshot>(month);
    if (!closed) return this.livePreview(month);
    const live = this.livePreview(month);
    return { ...closed.snapshot.preview, closed: { closedAt: closed.closedAt, waiting: waitingChanges(closed.snapshot.preview, live) } };
  }

  /** The month computed from the data as it is now. */
  livePreview(month: IsoMonth): MonthPreview {
    return this.computeMonth(month).preview;
  }

  /** The month's figures from the data now, and the days they came from (read once). */
  private computeMonth(month: IsoMonth): { preview: MonthPreview; days: Map<LicenseKey, DayRow[]> } {
    const droppedDays = this.droppedDays();
    const rate = this.rateOf(month);
    const days = groupBy(this.store.daysOfMonth(month), (d) => d.license);
    const infos = new Map(this.store.listLicenses().map((l) => [l.key, l]));
    const distinct = this.store.distinctMailboxes(month);
    const replaced = this.replacedAfterExport(month);
    const licenses: LicenseMonth[] = [];
    for (const [license, licenseDays] of days) {
      const info = infos.get(license) ?? null;
      const usage = applyRule({
        license, name: info?.name ?? null, month, days: licenseDays.map((d) => ({ date: d.date, count: d.count })), droppedDays, rate,
        distinctMailboxes: distinct.get(license) ?? null, info, replacedAfterExport: replaced.get(license) ?? null,
      });
      usage.domains = this.domainsOfBilledDay(usage, licenseDays);
      licenses.push(usage);
    }
    return { preview: buildPreview(month, droppedDays, rate, licenses), days };
  }

  /** The billed day split by domain, when that day has mailbox-level data. */
  private domainsOfBilledDay(usage: LicenseMonth, days: DayRow[]): DomainSplit[] | null {
    const billed = usage.billedDay ? days.find((d) => d.date === usage.billedDay!.date) : undefined;
    return billed?.hasMailboxes ? this.store.domainSplit(usage.license, billed.date) : null;
  }

  // ---- vendor invoice review -------------------------------------------------

  /** Reads the vendor's summary invoice for the month, keeps it with the month, and compares. */
  async reconcile(monthText: string, vendorFile: string, displayName?: string): Promise<ReconciliationResult> {
    const month = requireMonth(monthText);
    const file = await readVendorInvoice(vendorFile, displayName);
    return this.review(this.preview(month), this.store.saveVendorInvoice(month, file.fileName, file.sha256, file.lines));
  }

  /** The month's latest vendor invoice compared with our figures; null when none was imported. */
  reconciliation(monthText: string): ReconciliationResult | null {
    const month = requireMonth(monthText);
    // The invoice first: without one there is no figure to compute.
    const vendor = this.store.latestVendorInvoice<VendorLine>(month);
    return vendor ? this.review(this.preview(month), vendor) : null;
  }

  /** The vendor's invoice against these figures. */
  private review(preview: MonthPreview, vendor: VendorInvoiceRecord<VendorLine>): ReconciliationResult {
    return { ...reconcile(preview, vendor.lines), vendorFile: vendor.fileName, vendorImportedAt: vendor.importedAt };
  }

  // ---- quotes ------------------------------------------------------------------

  async exportQuote(input: QuoteInput, outPath: string): Promise<{ path: string }> {
    let quote;
    try {
      quote = computeQuote(input);
    } catch (e) {
      throw new InputError(describeError(e));
    }
    const target = path.resolve(outPath);
    const { writeQuote } = await import('./invoice');
    await writeQuote(quote, { company: this.company(), madeAt: new Date().toISOString() }, target);
    return { path: target };
  }

  // ---- closing a month -------------------------------------------------------

  /** Everything an export of the month shows, from the data now. */
  private monthSnapshot(month: IsoMonth): MonthSnapshot {
    const { preview, days } = this.computeMonth(month);
    const fileNames = this.importFileNames();
    const daily: [LicenseKey, DayDetail[]][] = preview.licenses.map((u) => [u.license, this.dayDetails(month, u, days.get(u.license) ?? [], fileNames)]);
    const daysByImport = new Map<number, number>();
    for (const list of days.values()) for (const d of list) daysByImport.set(d.importId, (daysByImport.get(d.importId) ?? 0) + 1);
    return { preview, daily, sources: this.store.importsGiving(daysByImport) };
  }

  private importFileNames(): Map<number, string> {
    return new Map(this.store.listImports().map((i) => [i.id, i.fileName]));
  }

  closeMonth(monthText: string): MonthPreview {
    const month = requireMonth(monthText);
    if (this.store.closedMonth(month)) throw new InputError(`${month} is already closed.`);
    const snapshot = this.monthSnapshot(month);
    if (snapshot.preview.licenses.length === 0) throw new InputError(`There is no usage for ${month}, so there is nothing to close. ${this.monthsSentence()}`);
    automaticBackup(this.store.db, `before-closing-${month}`, `${month} was not closed`); // SPEC §13
    this.store.closeMonth(month, snapshot);
    return this.preview(month);
  }

  reopenMonth(monthText: string): MonthPreview {
    const month = requireMonth(monthText);
    if (!this.store.reopenMonth(month)) throw new InputError(`${month} is not closed.`);
    return this.preview(month);
  }

  /** Per license, a sentence naming the values replaced since the month's last export. */
  private replacedAfterExport(month: IsoMonth): Map<LicenseKey, string> {
    const out = new Map<LicenseKey, string>();
    const last = this.store.lastExport(month);
    if (!last) return out;
    const byLicense = groupBy(this.store.replacedSince(month, last.madeAt), (r) => r.license);
    for (const [license, replaced] of byLicense) {
      const changes = replaced.map((r) => `${shortDate(r.date)} ${formatCount(r.old)} → ${r.current === null ? 'removed' : formatCount(r.current)}`);
      const shown = changes.slice(0, 3).join(', ') + (changes.length > 3 ? ` and ${changes.length - 3} more` : '');
      out.set(license, `Values replaced after the export of ${dateTime(last.madeAt)}: ${shown}`);
    }
    return out;
  }

  /** Every day of the month for one license, with its status and source. */
  private dayDetails(month: IsoMonth, usage: LicenseMonth | null, days: { date: IsoDate; count: number; importId: number }[], fileNames: Map<number, string>): DayDetail[] {
    const byDate = new Map(days.map((d) => [d.date, d]));
    const dropped = new Set(usage?.dropped.map((d) => d.date) ?? []);
    const billed = usage?.billedDay?.date ?? null;
    return datesOfMonth(month).map((date) => {
      const d = byDate.get(date);
      if (!d) return { date, count: null, status: 'gap', importId: null, fileName: null };
      return {
        date, count: d.count,
        status: date === billed ? 'billed' : dropped.has(date) ? 'dropped' : 'counted',
        importId: d.importId, fileName: fileNames.get(d.importId) ?? null,
      };
    });
  }

  licenseDetail(key: string, monthText: string): LicenseDetail {
    const month = requireMonth(monthText);
    const info = this.store.getLicense(key);
    if (!info) throw new InputError(`There is no license ${key}.`);
    const droppedDays = this.droppedDays();
    const last = `${month}-31` as IsoDate;
    const history: LicenseDetail['history'] = [];
    const histFrom = addMonths(month, -11);
    const histDays = this.store.daysOfLicense(key, `${histFrom}-01` as IsoDate, last);
    for (let i = 0; i < 12; i++) {
      const m = addMonths(histFrom, i);
      // A closed month shows the figures of its closing, here as on the Month screen.
      const closed = this.store.closedMonth<MonthSnapshot>(m);
      const md = histDays.filter((d) => d.date.startsWith(m));
      const u = closed ? (closed.snapshot.preview.licenses.find((l) => l.license === key) ?? null) : md.length === 0 ? null : this.licenseMonth(info, m, md);
      history.push({ month: m, billable: u ? u.billable : null, amount: u ? u.amount : null });
    }
    const closed = this.store.closedMonth<MonthSnapshot>(month);
    if (closed) {
      const usage = closed.snapshot.preview.licenses.find((l) => l.license === key) ?? null;
      const days = closed.snapshot.daily.find(([k]) => k === key)?.[1] ?? this.dayDetails(month, null, [], new Map());
      return { info, month, droppedDays: closed.snapshot.preview.droppedDays, usage, days, history, domains: usage?.domains ?? [], closed: true };
    }
    const days = histDays.filter((d) => d.date.startsWith(month));
    const usage = days.length === 0 ? null : this.licenseMonth(info, month, days);
    const domains = usage ? (this.domainsOfBilledDay(usage, days) ?? []) : [];
    return { info, month, droppedDays, usage, days: this.dayDetails(month, usage, days, this.importFileNames()), history, domains, closed: false };
  }

  private licenseMonth(info: LicenseInfo, month: IsoMonth, days: { date: IsoDate; count: number }[]): LicenseMonth {
    return applyRule({
      license: info.key, name: info.name, month, days: days.map((d) => ({ date: d.date, count: d.count })),
      droppedDays: this.droppedDays(), rate: this.rateOf(month),
      distinctMailboxes: this.store.distinctMailboxesOf(info.key, month), info,
    });
  }

  // ---- licenses ------------------------------------------------------------

  licenses(): LicenseSummary[] {
    const ranges = this.store.dateRangesByLicense();
    return this.store.listLicenses().map((l) => ({ ...l, firstDate: ranges.get(l.key)?.[0] ?? null, lastDate: ranges.get(l.key)?.[1] ?? null }));
  }

  updateLicense(key: string, fields: Partial<Record<EditableLicenseField, string | null>>): LicenseInfo {
    try {
      return this.store.updateLicense(key, fields);
    } catch (e) {
      throw new InputError(describeError(e));
    }
  }

  // ---- settings ------------------------------------------------------------

  settings(): Settings {
    const today = new Date().toISOString().slice(0, 7) as IsoMonth;
    return {
      droppedDays: this.droppedDays(),
      rates: this.store.rates().map((r) => ({ from: r.from, rate: formatAmount(r.rate) })),
      currentRate: formatAmount(this.rateOf(today)),
      company: this.company(),
      dbPath: this.dbPath,
    };
  }

  company(): CompanyBilled {
    const v = this.store.getSetting(COMPANY_KEY);
    if (!v) return { name: '', address: '' };
    const parsed = JSON.parse(v) as Partial<CompanyBilled>;
    return { name: parsed.name ?? '', address: parsed.address ?? '' };
  }

  setCompany(company: CompanyBilled): Settings {
    this.store.setSetting(COMPANY_KEY, JSON.stringify({ name: company.name.trim(), address: company.address.trim() }));
    return this.settings();
  }

  setDroppedDays(n: number): Settings {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_DROPPED_DAYS) throw new InputError(`Days dropped must be a whole number from 0 to ${MAX_DROPPED_DAYS}, not ${n}.`);
    this.store.setSetting(DROPPED_DAYS_KEY, String(n));
    return this.settings();
  }

  /** Sets the rate (e.g. "1.10") that applies from `from` (YYYY-MM) on. */
  setRate(fromText: string, rateText: string): Settings {
    const from = requireMonth(fromText);
    let rate: Cents;
    try {
      rate = parseAmount(rateText);
    } catch {
      throw new InputError(`"${rateText}" is not a rate: write it in dollars, for example 1.00.`);
    }
    if (rate < 0) throw new InputError('The rate cannot be negative.');
    this.store.setRate(from, rate);
    return this.settings();
  }

  deleteRate(fromText: string): Settings {
    this.store.deleteRate(requireMonth(fromText));
    return this.settings();
  }

  // ---- export --------------------------------------------------------------

  async exportInvoice(monthText: string, outPath: string): Promise<ExportResult> {
    const month = requireMonth(monthText);
    // A closed month exports the figures it had at closing.
    const snapshot = this.store.closedMonth<MonthSnapshot>(month)?.snapshot ?? this.monthSnapshot(month);
    const { preview } = snapshot;
    if (preview.licenses.length === 0) {
      throw new InputError(`There is no usage for ${month}, so there is nothing to invoice. ${this.monthsSentence()}`);
    }
    const target = path.resolve(outPath);
    const vendor = this.store.latestVendorInvoice<VendorLine>(month);
    const { writeInvoice } = await import('./invoice');
    await writeInvoice({
      preview, company: this.company(), madeAt: new Date().toISOString(),
      daily: new Map(snapshot.daily), sources: snapshot.sources, reconciliation: vendor ? this.review(preview, vendor) : null,
    }, target);
    this.store.recordExport(month, target);
    return { month, path: target, licenses: preview.licenses.length, total: formatAmount(preview.totals.amount) };
  }

  /** "Months with data: 2026-09, 2026-10." or that there are none. */
  monthsSentence(): string {
    const { months } = this.months();
    if (months.length === 0) return 'No usage has been imported yet.';
    return `Months with data: ${months.join(', ')}.`;
  }

  // ---- demo ----------------------------------------------------------------

  /** Loads sample data (a few licenses over two months) through the ordinary import. */
  async loadDemo(): Promise<ImportOutcome[]> {
    const files = await writeDemoFiles();
    try {
      return await this.importFiles(files);
    } finally {
      await fs.promises.rm(path.dirname(files[0]!), { recursive: true, force: true });
    }
  }
}

export function describeImport(r: ImportRecord): string {
  const parts = [`${r.fileName}: imported as #${r.id}`];
  const lic = r.licenses.length === 1 ? `license ${r.licenses[0]}` : `${r.licenses.length} licenses`;
  parts.push(`${lic}, ${r.dateFrom} to ${r.dateTo}`);
  parts.push(`${formatCount(r.daysAdded)} ${r.daysAdded === 1 ? 'day' : 'days'} added, ${formatCount(r.daysReplaced)} replaced, ${formatCount(r.daysUnchanged)} unchanged`);
  let s = parts.join(' — ');
  if (r.replacements.length > 0) {
    const shown = r.replacements.slice(0, 3).map((x) => `${x.license} ${x.date}: ${formatCount(x.old)} → ${formatCount(x.new)}`).join('; ');
    s += ` (${shown}${r.daysReplaced > 3 ? '; …' : ''})`;
  }
  if (r.warnings.length > 0) s += `. Warnings: ${r.warnings.join(' ')}`;
  return s + (s.endsWith('.') ? '' : '.');
}

function hashFileSync(file: string): string {
  // Only on the rejection path: the reader hashes accepted files as it streams.
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

