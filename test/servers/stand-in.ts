// A SmarterMail stand-in, written from ../shared/SMARTERMAIL-API.md: a real HTTP or
// HTTPS server on 127.0.0.1 (a free port) with a self-signed certificate made at test
// time, answering the calls the collector makes, with the faults a real server has
// switched on by the test: tokens that stop working after a few calls, a domain that
// answers 500 a few times then works, one that always fails, a slow one, inactive and
// mixed-case entries, a domain whose EAS management is off (the patch does nothing
// and says nothing), and as many domains as a test wants.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface StandInAccount {
  emailAddress: string;
  isActive?: boolean;
  displayName?: string;
}

export type DomainFault = { kind: 'fail-times'; times: number } | { kind: 'always-fail' } | { kind: 'slow'; ms: number };

export interface StandInDomain {
  accounts: StandInAccount[];
  maxActiveSyncAccounts?: number;
  /** Off: the patch answers success and changes nothing (as a real server may). */
  enableActiveSyncAccountManagement?: boolean;
  fault?: DomainFault;
}

export interface StandInOptions {
  https?: boolean;
  user?: string;
  password?: string;
  domains: Record<string, StandInDomain>;
  /** An access token (system or domain) is refused with 401 after this many calls. */
  tokenUses?: number;
  /** The lifetime the server reports for its tokens. */
  tokenLifetimeMs?: number;
  /** licensing/about's answer; null: the call is not there (404). */
  about?: Record<string, unknown> | null;
  /** Every call takes at least this long, as a real server's work does (0: none). */
  latencyMs?: number;
}

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256, "AB:CD:...", as the collector is given it. */
  fingerprint: string;
}

/** A self-signed certificate for 127.0.0.1 (its name in subjectAltName, as TLS checks it), made with openssl into a temporary folder. */
export function makeCertificate(): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flexbill-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    const cert = fs.readFileSync(certFile, 'utf8');
    return { key: fs.readFileSync(keyFile, 'utf8'), cert, fingerprint: new crypto.X509Certificate(cert).fingerprint256 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let sharedCert: Certificate | null = null;
/** One certificate per test file is enough (making one takes a moment). */
export function testCertificate(): Certificate {
  sharedCert ??= makeCertificate();
  return sharedCert;
}

/** An address where nothing listens: a server that is down. */
export async function closedPortUrl(protocol: 'https' | 'http' = 'https'): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `${protocol}://127.0.0.1:${port}/`;
}

interface TokenState {
  kind: 'admin' | 'domain';
  domain: string | null;
  clientId: string | null;
  uses: number;
  ended: boolean;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

export class StandIn {
  /** Requests being answered now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  readonly calls: { method: string; path: string }[] = [];
  signIns = 0;
  refreshes = 0;
  /** Calls refused with 401 for a token that was unknown, ended or used up. */
  refused401 = 0;
  /** Every request body received, to check what crossed the wire. */
  readonly bodies: string[] = [];
  private readonly tokens = new Map<string, TokenState>();
  private readonly refreshTokens = new Map<string, string | null>();
  private readonly failures = new Map<string, number>();
  readonly domains: Map<string, StandInDomain>;

  private constructor(private readonly server: http.Server, readonly url: string, readonly fingerprint: string | null, private readonly options: StandInOptions, readonly certificatePem: string | null) {
    this.domains = new Map(Object.entries(options.domains).map(([k, v]) => [k.toLowerCase(), v]));
  }

  static async start(options: StandInOptions): Promise<StandIn> {
    const secure = options.https !== false;
    const cert = secure ? testCertificate() : null;
    let standIn: StandIn | null = null;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      void standIn!.handle(req, res);
    };
    const server = cert ? https.createServer({ key: cert.key, cert: cert.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    standIn = new StandIn(server, `${secure ? 'https' : 'http'}://127.0.0.1:${port}/`, cert?.fingerprint ?? null, options, cert?.cert ?? null);
    return standIn;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The domain's accounts that count: active (or no isActive), lower case. */
  activeOf(domain: string): string[] {
    return (this.domains.get(domain)?.accounts ?? []).filter((a) => a.isActive !== false).map((a) => a.emailAddress.trim().toLowerCase());
  }

  private issue(kind: 'admin' | 'domain', domain: string | null, clientId: string | null): { access: string; refresh: string; expires: string } {
    const access = crypto.randomBytes(16).toString('hex');
    const refresh = crypto.randomBytes(16).toString('hex');
    this.tokens.set(access, { kind, domain, clientId, uses: 0, ended: false });
    if (kind === 'admin') this.refreshTokens.set(refresh, clientId);
    return { access, refresh, expires: new Date(Date.now() + (this.options.tokenLifetimeMs ?? 10 * 60_000)).toISOString() };
  }

  /** The token of the request if it may be used once more; counts the use. */
  private authorise(req: http.IncomingMessage, kind: 'admin' | 'domain'): TokenState | null {
    const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const t = m ? this.tokens.get(m[1]!) : undefined;
    if (!t || t.ended || t.kind !== kind) return null;
    if (this.options.tokenUses !== undefined && t.uses >= this.options.tokenUses) return null;
    t.uses++;
    return t;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      this.bodies.push(text);
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return json(res, 400, { success: false, message: 'Bad JSON' });
      }
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const p = url.pathname.replace(/^\/+/, '');
      this.calls.push({ method: req.method ?? '', path: p });
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      await this.route(req.method ?? 'GET', p, body, req, res);
    } finally {
      this.inFlight--;
    }
  }

  private async route(method: string, p: string, body: unknown, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const b = (body ?? {}) as Record<string, unknown>;
    const unauthorised = () => {
      this.refused401++;
      json(res, 401, { success: false, message: 'Unauthorized' });
    };

    if (method === 'POST' && p === 'api/v1/auth/authenticate-user') {
      this.signIns++;
      if (b.username !== (this.options.user ?? 'admin') || b.password !== (this.options.password ?? 'secret')) {
        return json(res, 401, { success: false, message: 'Invalid username or password.' });
      }
      const clientId = typeof b.clientId === 'string' ? b.clientId : null;
      // A new sign-in with the same clientId ends the earlier session.
      if (clientId) for (const t of this.tokens.values()) if (t.clientId === clientId) t.ended = true;
      const t = this.issue('admin', null, clientId);
      return json(res, 200, {
        success: true, accessToken: t.access, refreshToken: t.refresh, accessTokenExpiration: t.expires,
        refreshTokenExpiration: new Date(Date.now() + 3600_000).toISOString(), isAdmin: true, isDomainAdmin: false,
      });
    }
    if (method === 'POST' && p === 'api/v1/auth/refresh-token') {
      this.refreshes++;
      const token = typeof b.token === 'string' ? b.token : '';
      if (!this.refreshTokens.has(token)) return json(res, 401, { success: false, message: 'Invalid refresh token' });
      const clientId = this.refreshTokens.get(token) ?? null;
      this.refreshTokens.delete(token);
      const t = this.issue('admin', null, clientId);
      return json(res, 200, { success: true, accessToken: t.access, refreshToken: t.refresh, accessTokenExpiration: t.expires });
    }
    if (method === 'GET' && p === 'api/v1/licensing/about') {
      if (this.options.about === null) return json(res, 404, { success: false, message: 'Not found' });
      return json(res, 200, this.options.about ?? { version: '100.0.9030', edition: 2, enterpriseFunctionality: true });
    }
    if (method === 'GET' && p === 'api/v1/settings/sysadmin/domains') {
      if (!this.authorise(req, 'admin')) return unauthorised();
      return json(res, 200, { success: true, data: [...this.domains.keys()].map((name) => ({ name, aliasCount: 0 })) });
    }
    let m = /^api\/v1\/settings\/sysadmin\/manage-domain\/([^/]+)$/.exec(p);
    if (method === 'POST' && m) {
      if (!this.authorise(req, 'admin')) return unauthorised();
      const domain = decodeURIComponent(m[1]!).toLowerCase();
      if (!this.domains.has(domain)) return json(res, 200, { success: false, message: 'Domain not found' });
      const t = this.issue('domain', domain, null);
      return json(res, 200, { success: true, impersonateAccessToken: t.access, impersonateRefreshToken: t.refresh, impersonateAccessTokenExpiration: t.expires });
    }
    if (method === 'GET' && p === 'api/v1/settings/domain/active-sync-mailboxes') {
      const t = this.authorise(req, 'domain');
      if (!t) return unauthorised();
      const d = this.domains.get(t.domain!)!;
      const fault = d.fault;
      if (fault?.kind === 'always-fail') return json(res, 500, { success: false, message: 'Internal server error' });
      if (fault?.kind === 'fail-times') {
        const n = this.failures.get(t.domain!) ?? 0;
        if (n < fault.times) {
          this.failures.set(t.domain!, n + 1);
          return json(res, 500, { success: false, message: 'Internal server error' });
        }
      }
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      return json(res, 200, {
        success: true,
        activeSyncAccounts: d.accounts.map((a) => ({ ...a, displayName: a.displayName ?? a.emailAddress.split('@')[0], lastSync: '2026-11-30T22:01:00Z' })),
      });
    }
    if (method === 'POST' && p === 'api/v1/settings/domain/active-sync-mailboxes-patch') {
      const t = this.authorise(req, 'domain');
      if (!t) return unauthorised();
      const d = this.domains.get(t.domain!)!;
      if (!Array.isArray(body)) return json(res, 400, { success: false, message: 'Expected a list' });
      if (d.enableActiveSyncAccountManagement !== false) {
        for (const e of body as { emailAddress?: unknown; isActive?: unknown }[]) {
          if (typeof e.emailAddress !== 'string' || typeof e.isActive !== 'boolean') continue;
          const found = d.accounts.find((a) => a.emailAddress.trim().toLowerCase() === (e.emailAddress as string).trim().toLowerCase());
          if (found) found.isActive = e.isActive;
          else if (e.isActive) d.accounts.push({ emailAddress: e.emailAddress, isActive: true });
        }
      }
      // Success either way: a real server may not say that it did nothing.
      return json(res, 200, { success: true });
    }
    m = /^api\/v1\/settings\/sysadmin\/domain-settings\/([^/]+)$/.exec(p);
    if (m) {
      if (!this.authorise(req, 'admin')) return unauthorised();
      const d = this.domains.get(decodeURIComponent(m[1]!).toLowerCase());
      if (!d) return json(res, 200, { success: false, message: 'Domain not found' });
      if (method === 'POST') {
        const s = (b.domainSettings ?? {}) as Record<string, unknown>;
        if (typeof s.maxActiveSyncAccounts === 'number') d.maxActiveSyncAccounts = s.maxActiveSyncAccounts;
        return json(res, 200, { success: true });
      }
      return json(res, 200, {
        success: true,
        domainSettings: { maxActiveSyncAccounts: d.maxActiveSyncAccounts ?? 0, enableActiveSyncAccountManagement: d.enableActiveSyncAccountManagement !== false, maxMailboxes: 0 },
      });
    }
    return json(res, 404, { success: false, message: `No such call: ${method} ${p}` });
  }
}

/** A server of `domains` domains with `perDomain` active mailboxes each. */
export function manyDomains(domains: number, perDomain: number): Record<string, StandInDomain> {
  const out: Record<string, StandInDomain> = {};
  for (let d = 0; d < domains; d++) {
    const name = `d${String(d).padStart(4, '0')}.example`;
    out[name] = { accounts: Array.from({ length: perDomain }, (_, i) => ({ emailAddress: `user${i}@${name}`, isActive: true })) };
  }
  return out;
}
