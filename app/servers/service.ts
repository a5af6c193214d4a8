// The servers domain (SPEC §12): adding servers, collecting each one's day into a
// snapshot that is imported like any file, and acting on ActiveSync with every
// change verified by reading the server back and written to the audit log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ImportOutcome } from '../api-types';
import { datesOfMonth } from '../billing/calendar';
import type { IsoMonth } from '../billing/types';
import { describeError, InputError } from '../errors';
import { ServerStore, type StoredServer } from '../store/servers';
import { eachLimited, ServerError, SmarterMailClient } from './client';
import { COLLECT_TIME, localDate, localTimeStamp, realSleep, systemClock, type Clock, type Sleep } from './clock';
import { Secrets, type KeyringBackend } from './secrets';
import { activeAddresses, collectSnapshot, DOMAINS_IN_FLIGHT, formatSnapshot } from './snapshot';
import { checkServerUrl, normalizeFingerprint } from './transport';
import type {
  AuditEntry, CollectionMonth, CollectResult, DomainLimit, DomainMailboxes, EasChangeResult, LicenseCollection, LimitsResult, ServerAdded, ServerInfo, ServerSummary, SetLimitResult,
} from './types';

/** What the domain needs of the rest of the core: the database and the ordinary import. */
export interface CollectorHost {
  readonly dbPath: string;
  readonly store: { readonly db: Database.Database };
  importFiles(paths: string[], options?: { displayNames?: string[] }): Promise<ImportOutcome[]>;
}

export interface ServersOptions {
  clock?: Clock;
  sleep?: Sleep;
  keyring?: () => Promise<KeyringBackend | null>;
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  /** Who makes a change, for the audit log. */
  osUser?: () => string;
}

export interface AddServerInput {
  name: string;
  url: string;
  license: string;
  user?: string;
  password: string;
  fingerprint?: string;
  allowHttp?: boolean;
}

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function currentOsUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function publicInfo(s: StoredServer): ServerInfo {
  const { clientId: _clientId, ...info } = s;
  return info;
}

const limitText = (n: number | null) => (n === null || n === 0 ? 'none' : String(n));

/** Writes `text` to `file` through a temporary file renamed into place: never half a snapshot. */
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export class ServersDomain {
  private prepared: { db: Database.Database; store: ServerStore } | null = null;

  /** This domain's statements, on the database open now (a restore opens another). */
  get store(): ServerStore {
    const db = this.host.store.db;
    if (this.prepared?.db !== db) this.prepared = { db, store: new ServerStore(db) };
    return this.prepared.store;
  }
  readonly secrets: Secrets;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly osUser: () => string;

  constructor(private readonly host: CollectorHost, private readonly options: ServersOptions = {}) {
    this.secrets = new Secrets(host.dbPath, options.keyring);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.osUser = options.osUser ?? currentOsUser;
  }

  /** Where snapshots are kept: a folder beside the database. */
  get snapshotDir(): string {
    return path.join(path.dirname(this.host.dbPath), 'snapshots');
  }

  list(): ServerSummary[] {
    const last = this.store.lastCollections();
    return this.store.servers().map((s) => ({ ...publicInfo(s), lastCollection: last.get(s.name) ?? null }));
  }

  private server(name: string): StoredServer {
    const s = this.store.server(name);
    if (!s) {
      const known = this.store.servers().map((x) => x.name);
      throw new InputError(`There is no server ${name}. ${known.length ? `Servers: ${known.join(', ')}.` : 'Add one with flexbill servers add.'}`);
    }
    return s;
  }

  private client(s: Pick<StoredServer, 'name' | 'url' | 'fingerprint' | 'user' | 'clientId' | 'allowHttp'>, password: string): SmarterMailClient {
    return new SmarterMailClient({
      name: s.name,
      endpoint: { url: checkServerUrl(s.url, s.allowHttp), fingerprint: s.fingerprint },
      user: s.user, password, clientId: s.clientId,
      clock: this.clock, sleep: this.sleep, retries: this.options.retries, backoffMs: this.options.backoffMs, timeoutMs: this.options.timeoutMs,
    });
  }

  private async withClient<T>(name: string, work: (client: SmarterMailClient, s: StoredServer) => Promise<T>): Promise<T> {
    const s = this.server(name);
    const client = this.client(s, await this.secrets.load(s.name, s.secretPlace));
    try {
      return await work(client, s);
    } finally {
      client.close();
    }
  }

  // ---- servers -------------------------------------------------------------------

  /** Adds a server after signing in to it once; a wrong password, or an untrusted certificate, is refused. */
  async add(input: AddServerInput): Promise<ServerAdded> {
    const name = input.name.trim();
    if (!SERVER_NAME.test(name)) throw new InputError(`"${input.name}" cannot be a server's name: use letters, digits, ".", "-" and "_" (up to 63), for example mail01.`);
    const existing = this.store.server(name);
    if (existing) throw new InputError(`There is already a server ${existing.name}; remove it first to add it again.`);
    const license = input.license.trim();
    if (license.length < 5 || /\s/.test(license)) throw new InputError(`"${input.license}" does not look like a license key (at least 5 characters, no spaces).`);
    const user = (input.user ?? 'admin').trim();
    if (user === '') throw new InputError('The user name is empty: give the system administrator\'s user name.');
    if (input.password === '') throw new InputError('The password is empty.');
    const url = checkServerUrl(input.url, input.allowHttp === true);
    let fingerprint: string | null = null;
    if (input.fingerprint !== undefined && input.fingerprint.trim() !== '') {
      fingerprint = normalizeFingerprint(input.fingerprint);
      if (!fingerprint) throw new InputError(`"${input.fingerprint}" is not a SHA-256 fingerprint: 64 hexadecimal digits, with or without colons.`);
      if (url.protocol !== 'https:') throw new InputError('A certificate fingerprint is for an https:// server.');
    }
    const server: StoredServer = {
      name, url: url.toString(), license, user, fingerprint, allowHttp: input.allowHttp === true,
      secretPlace: 'file', createdAt: this.clock.now().toISOString(), clientId: `flexbill-${crypto.randomUUID()}`,
    };
    const client = this.client(server, input.password);
    try {
      await client.signIn();
      // Listing the domains checks that the user is the system administrator the collector needs.
      await client.domains();
    } finally {
      client.close();
    }
    server.secretPlace = await this.secrets.save(name, input.password);
    try {
      this.store.addServer(server);
    } catch (e) {
      await this.secrets.remove(name, server.secretPlace);
      throw e;
    }
    return { server: publicInfo(server), secretWhere: this.secrets.where(name, server.secretPlace) };
  }

  async remove(name: string): Promise<ServerInfo> {
    const s = this.server(name);
    await this.secrets.remove(s.name, s.secretPlace);
    this.store.removeServer(s.name);
    return publicInfo(s);
  }

  // ---- collecting ------------------------------------------------------------------

  /** Collects today's snapshot of each server named (all when none), one server after another. */
  async collect(names: string[] = [], options: { outDir?: string } = {}): Promise<CollectResult[]> {
    const servers = names.length > 0 ? names.map((n) => this.server(n)) : this.store.servers();
    if (servers.length === 0) throw new InputError('There are no servers to collect from yet: add one with flexbill servers add NAME --url URL --license KEY.');
    if (options.outDir) fs.mkdirSync(options.outDir, { recursive: true });
    const results: CollectResult[] = [];
    for (const s of servers) results.push(await this.collectOne(s, options.outDir));
    return results;
  }

  private async collectOne(s: StoredServer, outDir: string | undefined): Promise<CollectResult> {
    const now = this.clock.now();
    const date = localDate(now);
    const result: CollectResult = { server: s.name, license: s.license, date, domains: null, mailboxes: null, status: 'failed', error: null, snapshot: null, message: null, copyError: null };
    let importId: number | null = null;
    try {
      const password = await this.secrets.load(s.name, s.secretPlace);
      const client = this.client(s, password);
      let collected;
      try {
        collected = await collectSnapshot(client, { server: s.name, license: s.license, date, collectedAt: now });
      } finally {
        client.close();
      }
      // Only a whole day reaches the disk and the database.
      fs.mkdirSync(this.snapshotDir, { recursive: true });
      const file = this.snapshotFile(s.name, date, now);
      const text = formatSnapshot(collected.envelope);
      writeWhole(file, text);
      const [outcome] = await this.host.importFiles([file]);
      if (!outcome || (outcome.status !== 'imported' && outcome.status !== 'duplicate')) {
        throw new InputError(`${s.name}: the snapshot ${path.basename(file)} was not imported: ${outcome?.message ?? 'no outcome'}`);
      }
      importId = outcome.record?.id ?? null;
      Object.assign(result, { status: 'ok', domains: collected.domains, mailboxes: collected.mailboxes, snapshot: file, message: outcome.message });
      if (outDir) {
        // The day is stored by now: a copy that cannot be written does not undo it, but is told.
        try {
          writeWhole(path.join(outDir, path.basename(file)), text);
        } catch (e) {
          result.copyError = `${s.name}: the copy of the snapshot could not be written to ${outDir}: ${describeError(e)}`;
        }
      }
    } catch (e) {
      result.error = e instanceof ServerError ? e.message : `${s.name}: ${describeError(e).replace(new RegExp(`^${escapeRegExp(s.name)}: `), '')}`;
    }
    this.store.recordCollection({
      server: s.name, license: s.license, date, collectedAt: now.toISOString(), status: result.status, error: result.error,
      domains: result.domains, mailboxes: result.mailboxes, importId, snapshotPath: result.snapshot,
    });
    return result;
  }

  /** snapshots/<server>_<date>_<HHMMSS>.json; every collection keeps its own file for the reviewer. */
  private snapshotFile(server: string, date: string, now: Date): string {
    const base = `${server}_${date}_${localTimeStamp(now)}`;
    let file = path.join(this.snapshotDir, `${base}.json`);
    for (let n = 2; fs.existsSync(file); n++) file = path.join(this.snapshotDir, `${base}-${n}.json`);
    return file;
  }

  /** Per server, the days of `month` collected and missed, and whether today's failed. */
  collectionMonth(month: IsoMonth): CollectionMonth {
    const today = localDate(this.clock.now());
    const dates = datesOfMonth(month);
    const tried = this.store.collectionsBetween(dates[0]!, dates[dates.length - 1]!);
    const servers = this.store.servers().map((s): LicenseCollection => {
      const mine = tried.filter((c) => c.server === s.name);
      const ok = new Set(mine.filter((c) => c.status === 'ok').map((c) => c.date));
      const since = localDate(new Date(s.createdAt));
      const failed = mine.filter((c) => c.date === today && c.status === 'failed');
      return {
        license: s.license, server: s.name,
        collected: dates.filter((d) => ok.has(d)),
        missed: dates.filter((d) => d >= since && d < today && !ok.has(d)),
        failedToday: ok.has(today) || failed.length === 0 ? null : failed[failed.length - 1]!.error,
      };
    });
    return { month, today, servers };
  }

  private readonly collectTimeListeners = new Set<() => void>();

  /** The local time ("HH:MM") of the desktop app's daily collection; null for none. */
  collectTime(): string | null {
    return this.store.collectTime();
  }

  setCollectTime(time: string | null): { time: string | null } {
    if (time !== null && !COLLECT_TIME.test(time)) throw new InputError(`"${time}" is not a time of day: write it as HH:MM, for example 23:30.`);
    this.store.setCollectTime(time);
    for (const listener of this.collectTimeListeners) listener();
    return { time };
  }

  onCollectTimeChange(listener: () => void): () => void {
    this.collectTimeListeners.add(listener);
    return () => this.collectTimeListeners.delete(listener);
  }

  // ---- limits and switches ------------------------------------------------------------

  /** Each domain's active EAS mailboxes now and its maxActiveSyncAccounts (null: none). */
  async limits(name: string): Promise<LimitsResult> {
    return this.withClient(name, async (client, s) => {
      await client.signIn();
      const names = [...new Set((await client.domains()).map((d) => d.toLowerCase()))].sort();
      const domains = await eachLimited(names, DOMAINS_IN_FLIGHT, async (domain): Promise<DomainLimit> => {
        const settings = await client.domainSettings(domain);
        const accounts = await client.activeSyncAccounts(domain);
        return { domain, easMailboxes: activeAddresses(accounts).length, limit: settings.maxActiveSyncAccounts === 0 ? null : settings.maxActiveSyncAccounts };
      });
      return { server: s.name, domains };
    });
  }

  /** A domain's active EAS mailboxes now, to pick from. */
  async easMailboxes(name: string, domainText: string): Promise<DomainMailboxes> {
    const domain = domainText.trim().toLowerCase();
    return this.withClient(name, async (client, s) => {
      await client.signIn();
      return { server: s.name, domain, addresses: activeAddresses(await client.activeSyncAccounts(domain)) };
    });
  }

  private audit(e: Omit<AuditEntry, 'id' | 'at' | 'osUser'>): AuditEntry {
    return this.store.addAudit({ ...e, at: this.clock.now().toISOString(), osUser: this.osUser() });
  }

  /** Sets a domain's EAS limit (0: none), then reads it back. */
  async setLimit(name: string, domainText: string, max: number): Promise<SetLimitResult> {
    if (!Number.isSafeInteger(max) || max < 0) throw new InputError(`The limit must be a whole number of mailboxes, 0 for none, not ${max}.`);
    const domain = domainText.trim().toLowerCase();
    return this.withClient(name, async (client, s) => {
      await client.signIn();
      const before = (await client.domainSettings(domain)).maxActiveSyncAccounts;
      const change = `maxActiveSyncAccounts ${limitText(before)} → ${limitText(max)}`;
      let answer: string;
      try {
        answer = await client.setMaxActiveSyncAccounts(domain, max);
      } catch (e) {
        this.audit({ server: s.name, action: 'set-limit', domain, change, answer: describeError(e), verified: false, note: 'the server refused the change' });
        throw e;
      }
      let after: number | null;
      try {
        after = (await client.domainSettings(domain)).maxActiveSyncAccounts;
      } catch (e) {
        // The change may have been made: it is logged, unverified, before the error is told.
        this.audit({ server: s.name, action: 'set-limit', domain, change, answer, verified: false, note: `reading the server back failed: ${describeError(e)}` });
        throw e;
      }
      const verified = after === max;
      const note = verified ? null : `reading the server back shows ${limitText(after)}`;
      const audit = this.audit({ server: s.name, action: 'set-limit', domain, change, answer, verified, note });
      const message = verified
        ? `${s.name}, ${domain}: the EAS limit is now ${limitText(max)} (was ${limitText(before)}); reading the server back confirms it.`
        : `${s.name}, ${domain}: the EAS limit was not changed: ${note}.`;
      return { server: s.name, domain, before: before === 0 ? null : before, limit: after === 0 ? null : after, verified, message, audit };
    });
  }

  /** Switches EAS off (or on) for mailboxes, domain by domain, and reads each domain back. */
  async setEas(name: string, addressTexts: string[], enable: boolean): Promise<EasChangeResult> {
    const byDomain = new Map<string, string[]>();
    for (const text of addressTexts) {
      const a = text.trim().toLowerCase();
      const at = a.lastIndexOf('@');
      if (at <= 0 || at === a.length - 1) throw new InputError(`"${text}" is not a mailbox address (name@domain).`);
      const domain = a.slice(at + 1);
      const list = byDomain.get(domain) ?? [];
      if (!list.includes(a)) list.push(a);
      byDomain.set(domain, list);
    }
    if (byDomain.size === 0) throw new InputError('Name at least one mailbox.');
    return this.withClient(name, async (client, s) => {
      await client.signIn();
      const mailboxes: EasChangeResult['mailboxes'] = [];
      const audit: AuditEntry[] = [];
      const notes: string[] = [];
      for (const [domain, addresses] of byDomain) {
        // The server's own spelling of each address, so that the patch names what it lists.
        const listed = new Map((await client.activeSyncAccounts(domain)).flatMap((e) => (e.emailAddress ? [[e.emailAddress.trim().toLowerCase(), e.emailAddress.trim()] as const] : [])));
        const asListed = addresses.map((a) => listed.get(a) ?? a);
        const action = enable ? 'enable-eas' : 'disable-eas';
        const change = `EAS ${enable ? 'on' : 'off'} for ${addresses.join(', ')}`;
        let answer: string;
        try {
          answer = await client.patchActiveSync(domain, asListed, enable);
        } catch (e) {
          audit.push(this.audit({ server: s.name, action, domain, change, answer: describeError(e), verified: false, note: 'the server refused the change' }));
          throw e;
        }
        // The patch can do nothing without saying so: only the server's list now tells.
        let active: Set<string>;
        try {
          active = new Set(activeAddresses(await client.activeSyncAccounts(domain)));
        } catch (e) {
          audit.push(this.audit({ server: s.name, action, domain, change, answer, verified: false, note: `reading the server back failed: ${describeError(e)}` }));
          throw e;
        }
        const missed: string[] = [];
        for (const a of addresses) {
          const ok = enable ? active.has(a) : !active.has(a);
          mailboxes.push({ address: a, verified: ok });
          if (!ok) missed.push(a);
        }
        let note: string | null = null;
        if (missed.length > 0) {
          const settings = await client.domainSettings(domain).catch(() => null);
          note = settings?.enableActiveSyncAccountManagement === false
            ? `${domain} does not allow ActiveSync account management (enableActiveSyncAccountManagement is off), so the server ignored the change for ${missed.join(', ')}`
            : `reading the server back shows EAS still ${enable ? 'off' : 'on'} for ${missed.join(', ')}`;
          notes.push(note);
        }
        audit.push(this.audit({ server: s.name, action, domain, change, answer, verified: missed.length === 0, note }));
      }
      const verified = mailboxes.every((m) => m.verified);
      const n = mailboxes.length;
      const what = `EAS ${enable ? 'on' : 'off'} for ${n} ${n === 1 ? 'mailbox' : 'mailboxes'} on ${s.name}`;
      const message = verified ? `${what}: reading the server back confirms it.` : `${what}: NOT confirmed: ${notes.join('; ')}.`;
      return { server: s.name, enable, mailboxes, verified, message, audit };
    });
  }

  auditLog(limit = 200, server?: string): AuditEntry[] {
    return this.store.auditLog(limit, server);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
