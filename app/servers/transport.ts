// The wire to one SmarterMail server: HTTP/1.1 over TLS (or plain HTTP where that is
// allowed), JSON in and out, keep-alive connections. TLS is verified as usual; a
// self-signed server is trusted only when its certificate's SHA-256 fingerprint is the
// one the user pinned, checked on the connection's peer certificate before a single
// byte of a request is sent. Nothing here turns verification off for any other server.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { InputError } from '../errors';

/** How a server is reached. */
export interface Endpoint {
  url: URL;
  /** Normalised fingerprint ("AB:CD:..."), or null to verify the certificate chain as usual. */
  fingerprint: string | null;
}

export interface WireAnswer {
  status: number;
  /** The parsed body, or null when it was empty or not JSON. */
  body: unknown;
  /** The server's Date header as milliseconds, when it sent one. */
  serverTime: number | null;
}

/**
 * A call that did not get an HTTP answer (refused, reset, timed out, TLS refused).
 * `retriable` says whether trying again could help; a certificate that is not
 * trusted never becomes trusted by retrying.
 */
export class WireError extends Error {
  constructor(message: string, readonly retriable: boolean, readonly certificate: { fingerprint: string; subject: string } | null = null) {
    super(message);
    this.name = 'WireError';
  }
}

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for this machine's own addresses, where plain http cannot be overheard. */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOCAL_NAMES.has(h) || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** "ab cd…" or "AB:CD:…" (64 hex digits) as "AB:CD:…"; null when it is not a SHA-256 fingerprint. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/^sha256[:=]?/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/**
 * Checks a server address the user typed. Plain http is refused unless it points at
 * this machine or the user confirmed it (`allowHttp`): the password would cross the
 * network in clear text.
 */
export function checkServerUrl(text: string, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError(`"${text}" is not a server address: write it as https://mail.example.com/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`"${text}" is not a server address: it must start with https://.`);
  if (url.username || url.password) throw new InputError('Write the server address without a user name or password in it.');
  if (url.search || url.hash) throw new InputError(`"${text}": the server address takes no ?query or #fragment.`);
  if (url.protocol === 'http:' && !allowHttp && !isLocalHost(url.hostname)) {
    throw new InputError(`${url.host} would be reached over plain http, so the password would cross the network unencrypted; use https://, or confirm plain http for this server (--allow-http).`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** A TLS connection's certificate, as the user sees it to decide whether to trust it. */
function certificateOf(socket: tls.TLSSocket): { fingerprint: string; subject: string } | null {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) return null;
  const cn = cert.subject?.CN;
  return { fingerprint: cert.fingerprint256.toUpperCase(), subject: Array.isArray(cn) ? cn.join(', ') : (cn ?? '') };
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Opens a TLS connection and checks it before handing it to HTTP. With a pinned
 * fingerprint the chain is not what is trusted (a self-signed certificate has none):
 * the exact certificate is. So the chain check is replaced, for this one server, by
 * comparing the peer certificate's SHA-256 with the pin, and the socket is destroyed
 * on a mismatch before anything is written to it.
 */
function connectTls(endpoint: Endpoint, timeoutMs: number, done: (err: Error | null, socket?: Duplex) => void): void {
  const host = hostOf(endpoint.url);
  const pin = endpoint.fingerprint;
  const socket = tls.connect({
    host,
    port: Number(endpoint.url.port || 443),
    servername: net.isIP(host) ? undefined : host,
    rejectUnauthorized: pin === null,
    ALPNProtocols: ['http/1.1'],
  });
  let settled = false;
  const finish = (err: Error | null) => {
    if (settled) return;
    settled = true;
    socket.setTimeout(0);
    if (err) {
      socket.destroy();
      done(err);
    } else done(null, socket);
  };
  socket.setTimeout(timeoutMs, () => finish(new WireError(`no answer within ${Math.round(timeoutMs / 1000)} s`, true)));
  socket.once('secureConnect', () => {
    const cert = certificateOf(socket);
    if (pin !== null) {
      if (!cert || cert.fingerprint !== pin) {
        finish(new WireError(`its certificate (SHA-256 ${cert?.fingerprint ?? 'none'}) is not the pinned one (${pin}); it was refused`, false, cert));
        return;
      }
    }
    finish(null);
  });
  socket.once('error', (e: NodeJS.ErrnoException) => {
    finish(describeSocketError(e, socket));
  });
}

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it presents a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is not signed by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is not signed by an authority this computer trusts',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another name',
};

function describeSocketError(e: NodeJS.ErrnoException, socket: tls.TLSSocket | null): WireError {
  const code = e.code ?? '';
  if (code in TLS_REASONS) {
    return new WireError(`${TLS_REASONS[code]}, so the connection was refused`, false, socket ? certificateOf(socket) : null);
  }
  if (code === 'ECONNREFUSED') return new WireError('the connection was refused (is the server down?)', true);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new WireError('its name could not be found', code === 'EAI_AGAIN');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new WireError('the connection was cut', true);
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new WireError('it could not be reached', true);
  return new WireError(code ? `the connection failed (${code})` : 'the connection failed', true);
}

/** Keep-alive connections to one server, each TLS one checked as above. */
class ServerAgent extends http.Agent {
  constructor(private readonly endpoint: Endpoint, private readonly timeoutMs: number) {
    super({ keepAlive: true, maxSockets: 8 });
  }

  override createConnection(_options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    if (this.endpoint.url.protocol === 'http:') {
      const socket = net.connect({ host: hostOf(this.endpoint.url), port: Number(this.endpoint.url.port || 80) });
      socket.once('error', () => undefined); // reported through the request's own 'error'
      return socket;
    }
    connectTls(this.endpoint, this.timeoutMs, (err, socket) => {
      // The agent's callback accepts (err) alone on failure; its typing wants a stream.
      if (err) (callback as (e: Error | null) => void)(err);
      else callback!(null, socket!);
    });
    return undefined;
  }
}

export interface Wire {
  request(method: 'GET' | 'POST', apiPath: string, options?: { body?: unknown; token?: string | null }): Promise<WireAnswer>;
  close(): void;
}

/** JSON calls to one server. `apiPath` is relative to the server's URL ("api/v1/..."). */
export function openWire(endpoint: Endpoint, options: { timeoutMs?: number } = {}): Wire {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const agent = new ServerAgent(endpoint, timeoutMs);
  return {
    request: (method, apiPath, { body, token } = {}) => new Promise<WireAnswer>((resolve, reject) => {
      const target = new URL(apiPath, endpoint.url);
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: http.OutgoingHttpHeaders = { Accept: 'application/json', Host: endpoint.url.host };
      if (payload) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = payload.length;
      } else if (method === 'POST') headers['Content-Length'] = 0;
      if (token) headers.Authorization = `Bearer ${token}`;
      const req = http.request({
        agent, method, headers,
        host: hostOf(endpoint.url),
        port: Number(endpoint.url.port || (endpoint.url.protocol === 'https:' ? 443 : 80)),
        path: target.pathname + target.search,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(describeSocketError(e, null)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          if (text.trim() !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = null;
            }
          }
          const date = res.headers.date ? Date.parse(res.headers.date) : NaN;
          resolve({ status: res.statusCode ?? 0, body: parsed, serverTime: Number.isFinite(date) ? date : null });
        });
      });
      req.setTimeout(timeoutMs, () => req.destroy(new WireError(`no answer within ${Math.round(timeoutMs / 1000)} s`, true)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof WireError ? e : describeSocketError(e, null)));
      req.end(payload);
    }),
    close: () => agent.destroy(),
  };
}

/**
 * The certificate a server presents, read without trusting it and without sending
 * anything, so the user can compare it with the server's own before pinning it.
 */
export function peekCertificate(url: URL, timeoutMs = 15_000): Promise<{ fingerprint: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const host = hostOf(url);
    const socket = tls.connect({ host, port: Number(url.port || 443), servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new WireError(`no answer within ${Math.round(timeoutMs / 1000)} s`, true));
    });
    socket.once('secureConnect', () => {
      const cert = certificateOf(socket);
      socket.destroy();
      if (cert) resolve(cert);
      else reject(new WireError('it presented no certificate', false));
    });
    socket.once('error', (e: NodeJS.ErrnoException) => reject(describeSocketError(e, null)));
  });
}
