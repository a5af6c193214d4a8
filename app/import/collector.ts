// Aggregates the usage rows of one file, whatever its format, into the licenses of a
// ParsedFile (SPEC §4.2, §4.3):
// - count rows: one count per license, day and domain; domains add up; the same
//   license, day and domain twice rejects the file unless it is an exact repeat;
// - mailbox rows and snapshots: distinct lower-cased addresses per license and day,
//   kept as one bit per day so a mailbox costs one slot whatever the number of rows.
//
// Rows are keyed by date id (see dates.ts) while reading, and by calendar date once
// the whole file is read and its slash dates are resolved.

import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { IsoDate, LicenseKey } from '../billing/types';
import { InputError } from '../errors';
import { dateRules, DateTable, detach, type ResolvedDates } from './dates';
import { DayCounts } from './day-counts';
import { buildMonths, countDays, MailboxSet, MailboxSpill, monthGroups } from './mailboxes';
import { quote, type Place } from './place';
import type { LicenseMeta, MailboxMonth, ParsedLicense, ReadOptions, UsageKind } from './types';

export type MetaField = 'name' | 'edition' | 'version' | 'maintenance';

const WARNINGS_LISTED = 5;

/**
 * Mailboxes held in memory before they are set aside in a temp file (see ./mailboxes.ts):
 * about 150 bytes each, so ~15 MB. The ISP month (120,000) sets some aside, at no cost
 * the benchmark can see; the ×10 month peaked at 178-189 MB with 200,000, 137-140 with this.
 */
const SPILL_AT = 100_000;
/** Licenses read again after they were set aside before a file is held in memory instead (see spillAll). */
const COMEBACKS_TO_STOP = 3;

/**
 * Half of a UTF-16 character (a JSON `\ud800`, a broken UTF-16 file): such an address
 * cannot be stored as text, nor told from another broken the same way.
 */
const BROKEN_TEXT = /[\uD800-\uDFFF]/u;

function brokenAddress(where: string, address: string): InputError {
  return new InputError(`${where}: mailbox ${quote(address)} is not valid text (it holds half of a UTF-16 character); export the file again`);
}

/**
 * A growable column of numbers in blocks of 64 Ki values (cheaper than pushing to
 * arrays a million times; growing never copies, so there is no moment with the old
 * and the new array both in memory).
 */
class Column<T extends Int32Array | Float64Array> {
  length = 0;
  private readonly blocks: T[] = [];
  constructor(private readonly make: (size: number) => T) {}

  push(value: number): void {
    const b = this.length >>> 16;
    if (b === this.blocks.length) this.blocks.push(this.make(1 << 16));
    (this.blocks[b] as T)[this.length & 0xffff] = value;
    this.length++;
  }

  at(i: number): number {
    return (this.blocks[i >>> 16] as T)[i & 0xffff] as number;
  }
}

const ints = (size: number): Int32Array => new Int32Array(size);
const floats = (size: number): Float64Array => new Float64Array(size);

/**
 * Where the count rows of one license are, to find a second row for the same day
 * (and domain): by date id in a dense array (ids are few: one per date the file
 * writes), or by date id and domain in a map when the file has a domain column.
 */
class CountIndex {
  /** Per date id: entry + 1 (0: none yet). */
  byDate = new Int32Array(64);
  byDomain: Map<string, number> | null = null;

  get(dateId: number, domain: string): number {
    if (domain !== '') return (this.byDomain?.get(`${dateId}|${domain}`) ?? 0) - 1;
    return dateId < this.byDate.length ? (this.byDate[dateId] as number) - 1 : -1;
  }

  set(dateId: number, domain: string, entry: number): void {
    if (domain !== '') {
      (this.byDomain ??= new Map()).set(`${dateId}|${domain}`, entry + 1);
      return;
    }
    if (dateId >= this.byDate.length) {
      const grown = new Int32Array(Math.max(dateId + 1, this.byDate.length * 2));
      grown.set(this.byDate);
      this.byDate = grown;
    }
    this.byDate[dateId] = entry + 1;
  }
}

interface SnapshotRecord {
  license: number;
  dateId: number;
  signature: string;
  position: number;
  count: number;
}

interface MaintenanceRaw {
  text: string;
  position: number;
  column: number;
}

export class UsageCollector {
  readonly dates: DateTable;
  /** Usage rows read (data lines, JSON rows, addresses in snapshots). */
  rows = 0;
  /** The license of rows that name none: the preamble's, else the import option's. */
  fileLicense: string | null = null;
  /** Whether `fileLicense` is the one given with the import (typed or picked by the clerk). */
  licenseGiven = false;
  /** The license a `License Key:` line above the header names, if any. */
  preambleLicense: string | null = null;
  /** What the preamble told, for the file's license. */
  readonly preambleMeta: LicenseMeta = {};
  private preambleMaintenance: MaintenanceRaw | null = null;

  private readonly keys: string[] = [];
  private readonly licenseIndex = new Map<string, number>();
  private readonly metas: LicenseMeta[] = [];
  private readonly maintenance: (MaintenanceRaw | null)[] = [];

  // Count rows, in the order read: parallel arrays, one entry per license/date/domain.
  private readonly countIndex: CountIndex[] = [];
  private readonly eLicense = new Column(ints);
  private readonly eDate = new Column(ints);
  /** Only entries with a domain are here. */
  private readonly eDomain = new Map<number, string>();
  private readonly eCount = new Column(floats);
  private readonly ePosition = new Column(floats);

  private readonly mailboxes: MailboxSet[] = [];
  private readonly snapshots: SnapshotRecord[] = [];

  private repeatsListed: string[] = [];
  private repeats = 0;
  readonly warnings: string[] = [];

  /** Mailboxes held in memory, over all licenses; past `spillAt` they are set aside in a temp file. */
  private held = 0;
  private spillAt: number;
  private spill: MailboxSpill | null = null;
  /** Told when the sets were set aside: a reader's guesses of slots must start anew. */
  onSpill: ((kept: number) => void) | null = null;

  constructor(
    readonly kind: UsageKind,
    readonly place: Place,
    options: ReadOptions = {},
  ) {
    const { order, latest } = dateRules(options);
    this.dates = new DateTable(place, order, latest);
    this.spillAt = options.spillAt ?? SPILL_AT;
    this.onTempFile = options.onTempFile ?? null;
  }

  private readonly onTempFile: ((remove: () => void) => void) | null;

  /**
   * Sets aside the mailboxes of every license but `current`, the one being read (a
   * large file): each starts anew in memory. A file that comes back to licenses set
   * aside (ordered by day, not by license) would write them again and again and unite
   * their chunks at the end: after a few such licenses it is held in memory instead.
   */
  private spillAll(current: number): void {
    if (this.spill === null) {
      this.spill = this.tempFile(() => new MailboxSpill());
      this.onTempFile?.(() => this.release());
    }
    const spill = this.spill;
    let kept = 0;
    this.mailboxes.forEach((set, license) => {
      if (set.size === 0) return;
      if (license === current) {
        kept = set.size;
        return;
      }
      this.tempFile(() => spill.write(license, set));
      set.reset();
    });
    this.held = kept;
    this.onSpill?.(current);
  }

  /** After `address` made a new slot of `license`'s set: refused if broken, counted, a comeback noted. */
  private newAddress(license: number, set: MailboxSet, address: string, where: string): void {
    if (BROKEN_TEXT.test(address)) throw brokenAddress(where, address);
    this.held++;
    this.noteComeback(license, set);
  }

  /** Licenses that had mailboxes again after theirs were set aside. */
  private readonly cameBack = new Set<number>();

  /** After a new address of `license`: a license coming back to the reader after it was set aside. */
  private noteComeback(license: number, set: MailboxSet): void {
    if (set.size !== 1 || this.spill === null || this.spill.chunksOf(license) === 0) return;
    this.cameBack.add(license);
    if (this.cameBack.size >= COMEBACKS_TO_STOP) this.spillAt = Infinity;
  }

  /** The temp folder's failure, said as such (it is not the file's fault, nor the database's). */
  private tempFile<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'it is full' : (e as Error).message;
      throw new InputError(
        `${this.place.fileName} has more mailboxes than are kept in memory (over ${this.spillAt.toLocaleString('en-US')}), and the temp folder ${tmpdir()} ` +
          `cannot take the rest (${why}); free space there, or point TMPDIR (TEMP on Windows) at a folder with room, and import it again`,
      );
    }
  }

  /** Set after `release`: what was set aside is gone. */
  private released = false;

  /** Whether mailboxes were set aside in a temp file (then `release` removes it). */
  get spilled(): boolean {
    return this.spill !== null;
  }

  /** Removes the temp file, if any: after the file is stored, or given up. */
  release(): void {
    if (this.spill !== null) this.released = true;
    this.spill?.close();
    this.spill = null;
  }

  /** A license's whole set: what is in memory, with what was set aside. */
  private wholeSet(license: number): MailboxSet {
    if (this.released) throw new Error('the mailboxes of a file were read after its temp file was removed');
    const set = this.mailboxes[license] as MailboxSet;
    if (this.spill === null || this.spill.chunksOf(license) === 0) return set;
    const whole = new MailboxSet();
    this.spill.readInto(license, whole, set.size === 0);
    whole.addAll(set);
    return whole;
  }

  /** The index of a license key as written; empty falls back to the file's license. */
  license(raw: string, position: number, column: number): number {
    const known = this.licenseIndex.get(raw);
    if (known !== undefined) return known;
    const key = raw.trim();
    if (key === '') return this.defaultLicense(position, column);
    const index = this.licenseOf(key);
    this.licenseIndex.set(detach(raw), index);
    return index;
  }

  /** The file's license for a row without one, or a rejection saying how to give one. */
  defaultLicense(position: number, column: number): number {
    if (this.fileLicense === null) {
      if (column >= 0) throw new InputError(`${this.place.at(position, column)}: license is empty, and the file names no license for such rows`);
      throw this.noLicense();
    }
    return this.licenseOf(this.fileLicense);
  }

  noLicense(): InputError {
    return new InputError(
      `${this.place.fileName} names no license: add a license column or a "License Key:" line, or choose the license when importing`,
    );
  }

  private licenseOf(key: string): number {
    let index = this.licenseIndex.get(key);
    if (index === undefined) {
      index = this.keys.length;
      const kept = detach(key);
      this.keys.push(kept);
      this.metas.push({});
      this.maintenance.push(null);
      this.mailboxes.push(new MailboxSet());
      this.licenseIndex.set(kept, index);
    }
    return index;
  }

  /** Metadata from a column: the last non-empty value wins. */
  setMeta(license: number, field: MetaField, raw: string, position: number, column: number): void {
    const value = raw.trim();
    if (value === '') return;
    if (field === 'maintenance') {
      const current = this.maintenance[license];
      if (current?.text !== value) this.maintenance[license] = { text: detach(value), position, column };
      return;
    }
    const meta = this.metas[license] as LicenseMeta;
    if (meta[field] !== value) meta[field] = detach(value);
  }

  setPreambleMeta(field: MetaField, value: string, position: number, column: number): void {
    if (field === 'maintenance') this.preambleMaintenance = { text: value, position, column };
    else this.preambleMeta[field] = value;
  }

  /** A count row. `domain` is "" when the file has no domain column. */
  addCount(license: number, dateId: number, count: number, domain: string, position: number): void {
    this.rows++;
    let index = this.countIndex[license];
    if (index === undefined) {
      while (this.countIndex.length <= license) this.countIndex.push(new CountIndex());
      index = this.countIndex[license] as CountIndex;
    }
    this.putCount(index, license, dateId, domain, count, position, -1);
  }

  private putCount(
    index: CountIndex,
    license: number,
    dateId: number,
    domain: string,
    count: number,
    position: number,
    entry: number,
  ): void {
    const previous = index.get(dateId, domain);
    if (previous < 0) {
      if (entry === -1) {
        entry = this.eLicense.length;
        this.eLicense.push(license);
        this.eDate.push(dateId);
        if (domain !== '') this.eDomain.set(entry, detach(domain));
        this.eCount.push(count);
        this.ePosition.push(position);
      }
      index.set(dateId, domain, entry);
      return;
    }
    const what = `license ${this.keys[license]}, ${this.dates.textOf(dateId)}${domain === '' ? '' : `, domain ${quote(domain)}`}`;
    const previousCount = this.eCount.at(previous);
    const previousPlace = this.place.short(this.ePosition.at(previous));
    if (previousCount === count) {
      this.repeat(`${this.place.short(position)} repeats ${previousPlace} (${what}: ${count}); ignored`);
      return;
    }
    throw new InputError(
      `${this.place.at(position, -1)}: ${what} has count ${count}, but ${previousPlace} has ${previousCount} for the same ` +
        `${domain === '' ? 'license and day' : 'license, day and domain'}; remove one of them`,
    );
  }

  private repeat(message: string): void {
    this.repeats++;
    if (this.repeatsListed.length < WARNINGS_LISTED) this.repeatsListed.push(message);
  }

  /**
   * A mailbox row: `address` must already be trimmed and lower-cased. Returns true
   * when the address is new for the license (the caller may then give its domain).
   */
  addMailbox(license: number, dateId: number, address: string, position: number, column: number): boolean {
    this.rows++;
    if (address === '') throw new InputError(`${this.place.at(position, column)}: mailbox is empty`);
    if (this.held >= this.spillAt) this.spillAll(license);
    const set = this.mailboxes[license] as MailboxSet;
    this.lastSlot = set.add(address, dateId);
    if (!set.added) return false;
    this.newAddress(license, set, address, this.place.at(position, column));
    return true;
  }

  /** The slot of the address of the last `addMailbox`. */
  lastSlot = -1;

  /**
   * The address in a license's slot, if any. Readers use it to guess the next row's
   * mailbox (exports list a day's mailboxes in the same order every day) and, when
   * the text matches, mark it with `markMailbox` without making a string or a look-up.
   */
  addressAt(license: number, slot: number): string | undefined {
    return (this.mailboxes[license] as MailboxSet).addresses[slot];
  }

  markMailbox(license: number, slot: number, dateId: number): void {
    this.rows++;
    (this.mailboxes[license] as MailboxSet).mark(slot, dateId);
  }

  /** The domain of the address just added, when the address has no `@` (a domain column). */
  setNewAddressDomain(license: number, domain: string): void {
    const set = this.mailboxes[license] as MailboxSet;
    const last = set.domains.length - 1;
    if (last >= 0 && set.domains[last] === '') set.domains[last] = detach(domain.trim().toLowerCase());
  }

  /**
   * A snapshot: every address with EAS on that day. Two snapshots of one license and
   * day must hold the same addresses (an exact repeat) or the file is rejected.
   */
  addSnapshot(license: number, dateId: number, accounts: readonly { address: string; domain: string }[], position: number): void {
    const distinct = new Set<string>();
    if (this.held >= this.spillAt) this.spillAll(license);
    const set = this.mailboxes[license] as MailboxSet;
    for (const { address, domain } of accounts) {
      this.rows++;
      const a = address.trim().toLowerCase();
      if (a === '') continue;
      distinct.add(a);
      set.add(a, dateId);
      if (!set.added) continue;
      this.newAddress(license, set, a, this.place.at(position, -1));
      if (!a.includes('@')) this.setNewAddressDomain(license, domain);
    }
    const signature = createHash('sha256').update([...distinct].sort().join('\n')).digest('hex');
    this.snapshots.push({ license, dateId, signature, position, count: distinct.size });
  }

  /** Everything read, by calendar date; licenses sorted by key. */
  build(): { licenses: ParsedLicense[]; warnings: string[]; licenseGiven: LicenseKey | null } {
    const resolved = this.dates.resolve();
    this.applyPreamble();
    const days: DayCounts[] = this.keys.map(() => new DayCounts());
    let months: ((() => MailboxMonth[]) | null)[] = this.keys.map(() => null);

    if (this.kind === 'counts') this.buildCounts(resolved, days);
    else {
      this.checkSnapshots(resolved);
      // The daily counts now; a license's mailboxes by month only when asked (the store
      // asks one license at a time), so the file's addresses are not all laid out at once.
      // A license set aside in a temp file is read back whole for each, one license at a time.
      // A file that set mailboxes aside sets the rest aside too: the store then holds one
      // license at a time, and the heap little else (V8 lets garbage grow with what lives).
      if (this.spill !== null && this.spillAt !== Infinity) this.spillAll(-1);
      // Set aside in one chunk, with nothing since: its days are counted from its bits alone.
      months = this.mailboxes.map((set, license) => {
        const single = set.size === 0 && this.spill !== null && this.spill.chunksOf(license) === 1;
        const whole = single ? (this.spill as MailboxSpill).bitsOf(license) : this.wholeSet(license);
        const groups = monthGroups(whole, resolved);
        countDays(whole, resolved, groups, days[license] as DayCounts);
        if (whole === set) return () => buildMonths(set, resolved, groups);
        return () => buildMonths(this.wholeSet(license), resolved, groups);
      });
      // A snapshot with no mailbox at all still reports its day, with count 0.
      for (const s of this.snapshots) {
        const map = days[s.license] as DayCounts;
        const date = resolved.date[s.dateId] as IsoDate;
        if (!map.has(date)) map.set(date, 0);
      }
    }

    const licenses: ParsedLicense[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const meta = this.metas[i] as LicenseMeta;
      const maintenance = this.maintenance[i];
      if (maintenance) meta.maintenanceExpires = this.maintenanceDate(maintenance, resolved);
      const licenseDays = days[i] as DayCounts;
      if (licenseDays.size === 0) continue;
      const build = months[i] ?? null;
      const parsed: ParsedLicense = { key: this.keys[i] as LicenseKey, meta, days: licenseDays, mailboxes: null };
      if (build !== null) Object.defineProperty(parsed, 'mailboxes', { get: build, enumerable: true });
      licenses.push(parsed);
    }
    licenses.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    const warnings = [...this.dates.notes(), ...this.warnings];
    if (this.repeats > 0) {
      warnings.push(...this.repeatsListed);
      if (this.repeats > this.repeatsListed.length) {
        warnings.push(`and ${this.repeats - this.repeatsListed.length} more exact repeats, ignored`);
      }
    }
    const given = this.licenseGiven && this.fileLicense !== null && licenses.some((l) => l.key === this.fileLicense) ? (this.fileLicense as LicenseKey) : null;
    return { licenses, warnings, licenseGiven: given };
  }

  /** The preamble's metadata belongs to the file's license, or to the file's only license. */
  private applyPreamble(): void {
    const hasMeta = Object.keys(this.preambleMeta).length > 0 || this.preambleMaintenance !== null;
    if (!hasMeta) return;
    // The license the preamble names; else the import option's, else the file's only license.
    const named = this.preambleLicense ?? this.fileLicense;
    let target = named !== null ? this.licenseIndex.get(named) : undefined;
    if (target === undefined && this.preambleLicense === null && this.keys.length === 1) target = 0;
    if (target === undefined) {
      this.warnings.push(`${this.place.fileName}: the lines above the header describe no single license of the file; they were ignored`);
      return;
    }
    // Columns, read row by row, win over the preamble.
    const meta = this.metas[target] as LicenseMeta;
    this.metas[target] = { ...this.preambleMeta, ...meta };
    if (this.maintenance[target] === null) this.maintenance[target] = this.preambleMaintenance;
  }

  private maintenanceDate(raw: MaintenanceRaw, resolved: ResolvedDates): IsoDate {
    const id = this.dates.fromText(raw.text, raw.position, raw.column);
    if (id < resolved.date.length) return resolved.date[id] as IsoDate;
    // A date first seen here (not among the usage dates): resolve once more.
    return this.dates.resolve().date[id] as IsoDate;
  }

  private buildCounts(resolved: ResolvedDates, days: DayCounts[]): void {
    const n = this.eLicense.length;
    let use: Int8Array | null = null;
    if (resolved.merged) {
      // Two spellings of one date: check repeats and conflicts again by calendar date.
      use = new Int8Array(n);
      const indexes = this.keys.map(() => new CountIndex());
      for (let e = 0; e < n; e++) {
        const license = this.eLicense.at(e);
        const dateId = resolved.canonical[this.eDate.at(e)] as number;
        const domain = this.eDomain.get(e) ?? '';
        const index = indexes[license] as CountIndex;
        const before = index.get(dateId, domain);
        this.putCount(index, license, dateId, domain, this.eCount.at(e), this.ePosition.at(e), e);
        if (before < 0) use[e] = 1;
      }
    }
    // Entries by license (a counting sort), then each license's days summed by date id.
    const licenses = this.keys.length;
    const start = new Int32Array(licenses + 1);
    for (let e = 0; e < n; e++) {
      const at = this.eLicense.at(e) + 1;
      start[at] = (start[at] as number) + 1;
    }
    for (let l = 0; l < licenses; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number);
    const next = start.slice(0, licenses);
    const order = new Int32Array(n);
    for (let e = 0; e < n; e++) {
      const l = this.eLicense.at(e);
      order[next[l] as number] = e;
      next[l] = (next[l] as number) + 1;
    }
    const sums = new Float64Array(resolved.date.length);
    const seen = new Uint8Array(resolved.date.length);
    const touched: number[] = [];
    for (let l = 0; l < licenses; l++) {
      for (let k = start[l] as number; k < (start[l + 1] as number); k++) {
        const e = order[k] as number;
        if (use !== null && use[e] === 0) continue;
        const d = resolved.canonical[this.eDate.at(e)] as number;
        if (seen[d] === 0) {
          seen[d] = 1;
          touched.push(d);
        }
        sums[d] = (sums[d] as number) + this.eCount.at(e);
      }
      const map = days[l] as DayCounts;
      for (const d of touched) {
        map.setDay(resolved.month[d] as string, resolved.day[d] as number, sums[d] as number);
        sums[d] = 0;
        seen[d] = 0;
      }
      touched.length = 0;
    }
  }

  private checkSnapshots(resolved: ResolvedDates): void {
    const seen = new Map<string, SnapshotRecord>();
    for (const s of this.snapshots) {
      const key = `${s.license}|${resolved.canonical[s.dateId]}`;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, s);
        continue;
      }
      const what = `license ${this.keys[s.license]}, ${resolved.date[s.dateId]}`;
      if (first.signature === s.signature) {
        this.repeat(`${this.place.short(s.position)} repeats the snapshot of ${this.place.short(first.position)} (${what}); ignored`);
      } else {
        throw new InputError(
          `${this.place.at(s.position, -1)}: a second snapshot of ${what} with other mailboxes (${s.count}) than ` +
            `${this.place.short(first.position)} (${first.count}); a day has one snapshot`,
        );
      }
    }
  }
}

