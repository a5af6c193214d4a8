// A SmarterMail server's REST API (SMARTERMAIL-API.md), as far as the collector needs
// it: sign in as system administrator, act as a domain's administrator, read and
// change ActiveSync and the domain's EAS limit. A real server's tokens live minutes,
// so they are refreshed before they expire and on a 401; a call that fails for a
// reason that can pass (a 500, a cut connection, a timeout) is retried with backoff.
import { z } from 'zod';
import { InputError } from '../errors';
import { realSleep, systemClock, type Clock, type Sleep } from './clock';
import { openWire, peekCertificate, WireError, type Endpoint, type Wire, type WireAnswer } from './transport';

/**
 * Something a server did not do: it names the server, and the domain when there is
 * one, in one sentence a person can act on.
 */
export class ServerError extends InputError {
  constructor(message: string, readonly server: string, readonly domain: string | null = null, readonly failure: 'auth' | 'tls' | 'down' | 'answer' = 'answer') {
    super(message);
    this.name = 'ServerError';
  }
}

export interface ClientOptions {
  /** The server's name as the user gave it, for messages. */
  name: string;
  endpoint: Endpoint;
  user: string;
  password: string;
  /** One per collector: a new sign-in with the same clientId ends the earlier session. */
  clientId: string;
  clock?: Clock;
  sleep?: Sleep;
  /** Tries after the first for a call that failed for a passing reason. */
  retries?: number;
  /** The first backoff; each next one doubles. */
  backoffMs?: number;
  timeoutMs?: number;
}

const tokenAnswer = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().nullish(),
  accessTokenExpiration: z.string().nullish(),
});
const impersonateAnswer = z.object({
  impersonateAccessToken: z.string().min(1),
  impersonateAccessTokenExpiration: z.string().nullish(),
});
const domainsAnswer = z.object({ data: z.array(z.object({ name: z.string().min(1) })) });
const accountsAnswer = z.object({
  activeSyncAccounts: z.array(z.object({
    emailAddress: z.string().nullish(),
    isActive: z.boolean().nullish(),
  })),
});
const domainSettingsAnswer = z.object({
  domainSettings: z.object({
    maxActiveSyncAccounts: z.number().int().min(0).nullish(),
    enableActiveSyncAccountManagement: z.boolean().nullish(),
  }),
});
const aboutAnswer = z.object({
  version: z.union([z.string(), z.number()]).nullish(),
  edition: z.union([z.string(), z.number()]).nullish(),
  enterpriseFunctionality: z.boolean().nullish(),
});

export type AccountEntry = z.infer<typeof accountsAnswer>['activeSyncAccounts'][number];
export interface About {
  version?: string;
  edition?: string | number;
  enterpriseFunctionality?: boolean;
}
export interface DomainSettings {
  maxActiveSyncAccounts: number;
  enableActiveSyncAccountManagement: boolean | null;
}

interface Token {
  value: string;
  /** When to stop using it, on the monotonic clock. */
  renewAt: number;
}

type Auth = { as: 'nobody' } | { as: 'admin' } | { as: 'domain'; domain: string };

const MESSAGE_MAX = 200;

/** The server's `message`, short, for a sentence. */
function serverMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const m = (body as Record<string, unknown>).message;
  return typeof m === 'string' && m.trim() !== '' ? m.trim().slice(0, MESSAGE_MAX) : null;
}

export class SmarterMailClient {
  private readonly wire: Wire;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly retries: number;
  private readonly backoffMs: number;
  private admin: (Token & { refresh: string | null }) | null = null;
  /** The one sign-in or refresh under way: workers that need a token wait for it. */
  private pendingAdmin: Promise<Token> | null = null;
  private readonly domainTokens = new Map<string, Promise<Token>>();

  constructor(private readonly options: ClientOptions) {
    this.wire = openWire(options.endpoint, { timeoutMs: options.timeoutMs });
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
  }

  close(): void {
    this.wire.close();
  }

  /** The password must never reach a message, whatever a server echoes. */
  private scrub(text: string): string {
    const pw = this.options.password;
    return pw.length > 0 ? text.split(pw).join('•••') : text;
  }

  private fail(what: string, why: string, domain: string | null, kind: ServerError['failure'] = 'answer'): ServerError {
    const where = domain === null ? this.options.name : `${this.options.name}, domain ${domain}`;
    return new ServerError(this.scrub(`${where}: ${what} failed: ${why}.`), this.options.name, domain, kind);
  }

  // ---- tokens ------------------------------------------------------------------

  /** When to renew a token the server says expires at `expiration`: a little before. */
  private renewAt(expiration: string | null | undefined, answer: WireAnswer): number {
    const expires = expiration ? Date.parse(expiration) : NaN;
    // Measured against the server's own clock when it sent one, so that a skewed
    // clock here does not shorten or lengthen the token's life.
    const reference = answer.serverTime ?? this.clock.now().getTime();
    const life = Number.isFinite(expires) ? expires - reference : 5 * 60_000;
    const margin = Math.min(60_000, Math.max(0, life) / 5);
    return this.clock.monotonicMs() + Math.max(0, life - margin);
  }

  /** Signs in as the system administrator; a wrong password is a ServerError of kind 'auth'. */
  async signIn(): Promise<void> {
    this.admin = null;
    await this.adminToken();
  }

  private adminToken(): Promise<Token> {
    const current = this.admin;
    if (current && this.clock.monotonicMs() < current.renewAt) return Promise.resolve(current);
    if (!this.pendingAdmin) {
      this.pendingAdmin = (current?.refresh ? this.refresh(current.refresh).catch(() => this.authenticate()) : this.authenticate())
        .finally(() => {
          this.pendingAdmin = null;
        });
    }
    return this.pendingAdmin;
  }

  private async authenticate(): Promise<Token> {
    const { answer, body } = await this.send('POST', 'api/v1/auth/authenticate-user', { as: 'nobody' }, null, 'signing in', {
      username: this.options.user, password: this.options.password, clientId: this.options.clientId,
    }, true);
    const parsed = tokenAnswer.safeParse(body);
    if (!parsed.success) throw this.fail('signing in', 'the server gave no access token', null, 'auth');
    this.admin = { value: parsed.data.accessToken, refresh: parsed.data.refreshToken ?? null, renewAt: this.renewAt(parsed.data.accessTokenExpiration, answer) };
    return this.admin;
  }

  private async refresh(refreshToken: string): Promise<Token> {
    const { answer, body } = await this.send('POST', 'api/v1/auth/refresh-token', { as: 'nobody' }, null, 'renewing the sign-in', { token: refreshToken }, true);
    const parsed = tokenAnswer.safeParse(body);
    if (!parsed.success) throw this.fail('renewing the sign-in', 'the server gave no access token', null, 'auth');
    this.admin = { value: parsed.data.accessToken, refresh: parsed.data.refreshToken ?? refreshToken, renewAt: this.renewAt(parsed.data.accessTokenExpiration, answer) };
    return this.admin;
  }

  private domainToken(domain: string): Promise<Token> {
    const cached = this.domainTokens.get(domain);
    if (cached) {
      return cached.then((t) => (this.clock.monotonicMs() < t.renewAt ? t : this.newDomainToken(domain)), () => this.newDomainToken(domain));
    }
    return this.newDomainToken(domain);
  }

  private newDomainToken(domain: string): Promise<Token> {
    const pending = this.send('POST', `api/v1/settings/sysadmin/manage-domain/${encodeURIComponent(domain)}`, { as: 'admin' }, domain, 'acting as the domain\'s administrator')
      .then(({ answer, body }) => {
        const parsed = impersonateAnswer.safeParse(body);
        if (!parsed.success) throw this.fail('acting as the domain\'s administrator', 'the server gave no token', domain);
        return { value: parsed.data.impersonateAccessToken, renewAt: this.renewAt(parsed.data.impersonateAccessTokenExpiration, answer) };
      });
    this.domainTokens.set(domain, pending);
    pending.catch(() => {
      if (this.domainTokens.get(domain) === pending) this.domainTokens.delete(domain);
    });
    return pending;
  }

  /** Forgets a token the server refused, unless another call has already renewed it. */
  private forget(auth: Auth, used: string): void {
    if (auth.as === 'admin' && this.admin?.value === used) this.admin = { ...this.admin, renewAt: -Infinity };
    if (auth.as === 'domain') this.domainTokens.delete(auth.domain);
  }

  // ---- calls -------------------------------------------------------------------

  /**
   * One call with its retries. A 401 renews the token and tries once more (not
   * counted as a retry); a 5xx, 408, 429 or a connection that failed is retried with
   * backoff; any other refusal, or `success: false`, is the server's answer.
   */
  private async send(method: 'GET' | 'POST', apiPath: string, auth: Auth, domain: string | null, what: string, body?: unknown, signingIn = false): Promise<{ answer: WireAnswer; body: unknown }> {
    // Tokens that got a 401 on this call: each is renewed once. Several calls in flight
    // may see a renewed token used up before their own try (tokens live minutes, or a
    // few calls), so a refused *new* token is renewed too, a few times at most.
    const refused = new Set<string>();
    let lastWhy = '';
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      let used: string | null = null;
      let answer: WireAnswer;
      try {
        if (auth.as === 'admin') used = (await this.adminToken()).value;
        else if (auth.as === 'domain') used = (await this.domainToken(auth.domain)).value;
        answer = await this.wire.request(method, apiPath, { body, token: used });
      } catch (e) {
        if (e instanceof ServerError) throw e;
        if (!(e instanceof WireError)) throw e;
        if (!e.retriable) throw await this.wireFailure(e, what, domain);
        lastWhy = e.message;
        if (attempt < this.retries) await this.sleep(this.backoffMs * 2 ** attempt);
        continue;
      }
      const message = serverMessage(answer.body);
      if (answer.status === 401 || answer.status === 403) {
        if (signingIn) throw this.fail(what, `the server refused the user name or password${message ? ` ("${message}")` : ''}`, domain, 'auth');
        if (answer.status === 401 && used !== null && !refused.has(used) && refused.size < 5) {
          refused.add(used);
          this.forget(auth, used);
          attempt--;
          continue;
        }
        throw this.fail(what, `the server refused access (${answer.status}${message ? `: ${message}` : ''})`, domain, 'auth');
      }
      if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
        lastWhy = `the server answered ${answer.status}${message ? ` (${message})` : ''}`;
        if (attempt < this.retries) await this.sleep(this.backoffMs * 2 ** attempt);
        continue;
      }
      if (answer.status === 400 && signingIn && apiPath.endsWith('authenticate-user')) {
        throw this.fail(what, `the server refused the user name or password${message ? ` ("${message}")` : ''}`, domain, 'auth');
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw this.fail(what, `the server answered ${answer.status}${message ? ` (${message})` : ''}`, domain);
      }
      if (typeof answer.body === 'object' && answer.body !== null && (answer.body as Record<string, unknown>).success === false) {
        const kind = signingIn && apiPath.endsWith('authenticate-user') ? 'auth' : 'answer';
        throw this.fail(what, kind === 'auth' ? `the server refused the user name or password${message ? ` ("${message}")` : ''}` : `the server said no${message ? `: ${message}` : ''}`, domain, kind);
      }
      return { answer, body: answer.body };
    }
    const tries = this.retries + 1;
    throw this.fail(what, `${lastWhy} (${tries} ${tries === 1 ? 'try' : 'tries'})`, domain, /refused|not reachable|could not be reached|name could not/.test(lastWhy) ? 'down' : 'answer');
  }

  /** A connection that cannot succeed by retrying; for an untrusted certificate, shows which one. */
  private async wireFailure(e: WireError, what: string, domain: string | null): Promise<ServerError> {
    let cert = e.certificate;
    if (!cert && this.options.endpoint.url.protocol === 'https:' && /certificate/.test(e.message)) {
      cert = await peekCertificate(this.options.endpoint.url).catch(() => null);
    }
    const pinHint = cert && this.options.endpoint.fingerprint === null
      ? `; if ${cert.fingerprint} is the SHA-256 fingerprint of the server's own certificate${cert.subject ? ` (${cert.subject})` : ''}, pin it (--fingerprint)`
      : '';
    const kind = /certificate/.test(e.message) ? 'tls' : 'down';
    return this.fail(what, `${e.message}${pinHint}`, domain, kind);
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, what: string, domain: string | null): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.fail(what, `the answer is not what SmarterMail sends (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape'})`, domain);
    }
    return parsed.data;
  }

  // ---- the API -----------------------------------------------------------------

  /** `licensing/about`: version and edition; no sign-in needed. */
  async about(): Promise<About> {
    const what = 'reading licensing/about';
    const { body } = await this.send('GET', 'api/v1/licensing/about', { as: 'nobody' }, null, what);
    const a = this.parse(aboutAnswer, body, what, null);
    const out: About = {};
    if (a.version !== null && a.version !== undefined) out.version = String(a.version);
    if (a.edition !== null && a.edition !== undefined) out.edition = a.edition;
    if (typeof a.enterpriseFunctionality === 'boolean') out.enterpriseFunctionality = a.enterpriseFunctionality;
    return out;
  }

  /** The names of every domain on the server. */
  async domains(): Promise<string[]> {
    const what = 'listing the domains';
    const { body } = await this.send('GET', 'api/v1/settings/sysadmin/domains', { as: 'admin' }, null, what);
    return this.parse(domainsAnswer, body, what, null).data.map((d) => d.name.trim()).filter((n) => n !== '');
  }

  /** The domain's ActiveSync mailbox entries, as the server lists them (active or not). */
  async activeSyncAccounts(domain: string): Promise<AccountEntry[]> {
    const what = 'reading its ActiveSync mailboxes';
    const { body } = await this.send('GET', 'api/v1/settings/domain/active-sync-mailboxes', { as: 'domain', domain }, domain, what);
    return this.parse(accountsAnswer, body, what, domain).activeSyncAccounts;
  }

  /** Switches EAS on or off for mailboxes of one domain; the answer says little (read back to know). */
  async patchActiveSync(domain: string, addresses: string[], isActive: boolean): Promise<string> {
    const what = 'switching ActiveSync';
    const { body } = await this.send('POST', 'api/v1/settings/domain/active-sync-mailboxes-patch', { as: 'domain', domain }, domain, what,
      addresses.map((emailAddress) => ({ emailAddress, isActive })));
    return answerText(body);
  }

  async domainSettings(domain: string): Promise<DomainSettings> {
    const what = 'reading its settings';
    const { body } = await this.send('GET', `api/v1/settings/sysadmin/domain-settings/${encodeURIComponent(domain)}`, { as: 'admin' }, domain, what);
    const s = this.parse(domainSettingsAnswer, body, what, domain).domainSettings;
    return { maxActiveSyncAccounts: s.maxActiveSyncAccounts ?? 0, enableActiveSyncAccountManagement: s.enableActiveSyncAccountManagement ?? null };
  }

  /** Sets the domain's maxActiveSyncAccounts (0: no limit). */
  async setMaxActiveSyncAccounts(domain: string, max: number): Promise<string> {
    const what = 'setting its EAS limit';
    const { body } = await this.send('POST', `api/v1/settings/sysadmin/domain-settings/${encodeURIComponent(domain)}`, { as: 'admin' }, domain, what,
      { domainSettings: { maxActiveSyncAccounts: max } });
    return answerText(body);
  }
}

/** The server's answer to a change, briefly, for the audit log. */
function answerText(body: unknown): string {
  if (body === null || body === undefined) return 'empty answer';
  const text = JSON.stringify(body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Runs `work` on each item with at most `limit` in flight; the first failure stops new work and is thrown once the rest settle. */
export async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
