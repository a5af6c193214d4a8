// The browser host (`flexbill serve`): the same renderer and the same api as the
// desktop app, over HTTP on 127.0.0.1 only. A token made at launch must come with
// every request (in the URL once, then as a cookie or the X-Flex-Token header);
// anything else is refused with 403.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from './core';
import type { ExportResult } from './api-types';
import { createHandlers, dispatch, FILE_OPERATIONS } from './handlers';
import { today } from './clock';
import { quoteFileName } from './words';
import { InputError, toWireError, type ErrorKind, type WireError } from './errors';

export interface ServeOptions {
  core: Core;
  port?: number;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close: () => Promise<void>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

function cookieToken(req: http.IncomingMessage): string | null {
  const m = /(?:^|;\s*)flex_token=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return m ? m[1]! : null;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

const STATUS: Record<ErrorKind, number> = { input: 400, cancelled: 409, conflict: 409, internal: 500 };

/** A failed call's answer: its kind and sentence, with the status that goes with the kind. */
function sendError(res: http.ServerResponse, e: unknown): void {
  const error: WireError = toWireError(e);
  sendJson(res, STATUS[error.kind], { ok: false, error });
}

/** A request body as JSON; anything else is the caller's mistake. */
function parseJson(body: Buffer): unknown {
  try {
    return body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    throw new InputError('The request is not JSON.');
  }
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new InputError('The request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The uploaded file's name as the person knows it (no folders). */
function uploadName(url: URL, fallback: string): string {
  return path.basename(url.searchParams.get('name') || fallback);
}

/** A name that is safe to save under in our own temporary folder. */
function safeFileName(name: string): string {
  return name.replace(/[^\w.\- ()]/g, '_') || 'upload';
}

/** Streams a request's body into `file`, refusing more than `limit` bytes. */
async function receiveFile(req: http.IncomingMessage, file: string, name: string, limit = MAX_UPLOAD): Promise<void> {
  let size = 0;
  const out = fs.createWriteStream(file);
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new InputError(`${name} is too large to upload (over ${Math.round(limit / 1024 / 1024)} MB).`);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/**
 * Runs `work` with a temporary folder for uploads and downloads, removed after;
 * its errors answer the request as a sentence (400).
 */
async function inTempDir(res: http.ServerResponse, work: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'flexbill-host-'));
  try {
    await work(dir);
  } catch (e) {
    sendError(res, e);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function sendWorkbook(res: http.ServerResponse, file: string, downloadName: string, extra: Record<string, string> = {}): Promise<void> {
  await sendDownload(res, file, downloadName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extra);
}

async function sendDownload(res: http.ServerResponse, file: string, downloadName: string, type: string, extra: Record<string, string> = {}): Promise<void> {
  send(res, 200, await fsp.readFile(file), type, {
    // A plain ASCII name for every browser, and the real one (the customer's name may have accents) as RFC 6266's filename*.
    'Content-Disposition': /^[\x20-\x7e]*$/.test(downloadName) && !downloadName.includes('"')
      ? `attachment; filename="${downloadName}"`
      : `attachment; filename="${downloadName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`,
    ...extra,
  });
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const handlers = createHandlers(options.core);
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, e);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A page on another site cannot reach us through a name that points here.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Forbidden');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const given = url.searchParams.get('token') ?? (req.headers['x-flex-token'] as string | undefined) ?? cookieToken(req);
    if (!given || !safeEqual(given, token)) return send(res, 403, 'Forbidden: this address needs the token that `flexbill serve` printed.');

    if (url.searchParams.has('token') && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the address for a cookie, and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: url.pathname + url.search,
        'Set-Cookie': `flex_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      return void res.end();
    }

    if (url.pathname.startsWith('/api/')) {
      // Cross-site requests are refused even with the cookie.
      const site = req.headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none') return send(res, 403, 'Forbidden');
      return api_(req, res, url);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    return serveStatic(res, url.pathname);
  }

  async function api_(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      const name = call[1]!;
      if (FILE_OPERATIONS.has(name)) return sendError(res, new InputError(`${name} takes files on this computer; the browser uploads and downloads instead.`));
      try {
        const input = parseJson(await readBody(req, 1_000_000));
        const result = await dispatch(handlers, name, input);
        return sendJson(res, 200, { ok: true, result });
      } catch (e) {
        return sendError(res, e);
      }
    }
    if (url.pathname === '/api/upload' && req.method === 'POST') {
      const name = uploadName(url, 'upload');
      const license = url.searchParams.get('license') || undefined;
      const dates = url.searchParams.get('dates');
      const replacing = url.searchParams.get('replacing');
      return inTempDir(res, async (dir) => {
        const file = path.join(dir, safeFileName(name));
        await receiveFile(req, file, name);
        // The clerk's answers travel as they came; the table's schema checks them.
        const outcomes = await dispatch(handlers, 'importFiles', {
          paths: [file],
          license,
          dates: dates ?? undefined,
          replacing: replacing === null ? undefined : Number(replacing),
          names: [name],
        });
        sendJson(res, 200, { ok: true, result: outcomes });
      });
    }
    if (url.pathname === '/api/upload-vendor' && req.method === 'POST') {
      const name = uploadName(url, 'vendor-invoice');
      return inTempDir(res, async (dir) => {
        // Saved under its own name: the comparison names the vendor's file.
        const file = path.join(dir, safeFileName(name));
        await receiveFile(req, file, name, 50 * 1024 * 1024);
        const result = await dispatch(handlers, 'reconcile', { month: url.searchParams.get('month') ?? '', path: file });
        sendJson(res, 200, { ok: true, result });
      });
    }
    if (url.pathname === '/api/export-quote' && req.method === 'POST') {
      return inTempDir(res, async (dir) => {
        const quote = parseJson(await readBody(req, 100_000));
        const file = path.join(dir, 'quote.xlsx');
        await dispatch(handlers, 'exportQuote', { quote, path: file });
        const customer = quote !== null && typeof quote === 'object' && 'customer' in quote ? quote.customer : '';
        await sendWorkbook(res, file, quoteFileName(customer, today(options.core.clock)));
      });
    }
    if (url.pathname === '/api/export' && req.method === 'GET') {
      const month = url.searchParams.get('month') ?? '';
      return inTempDir(res, async (dir) => {
        const fileName = `flex-billing-invoice-${month}.xlsx`;
        const result = (await dispatch(handlers, 'exportInvoice', { month, path: path.join(dir, fileName) })) as ExportResult;
        // What the workbook holds, for the page's message, without a second call.
        await sendWorkbook(res, result.path, fileName, { 'X-Flex-Licenses': String(result.licenses), 'X-Flex-Total': result.total });
      });
    }
    if (url.pathname === '/api/backup' && req.method === 'GET') {
      // A backup on demand (SPEC §13), made in a temp folder and downloaded.
      return inTempDir(res, async (dir) => {
        const fileName = `flex-billing-backup-${new Date().toISOString().slice(0, 10)}.db`;
        await dispatch(handlers, 'backup', { path: path.join(dir, fileName) });
        await sendDownload(res, path.join(dir, fileName), fileName, 'application/vnd.sqlite3');
      });
    }
    if (url.pathname === '/api/restore' && req.method === 'POST') {
      const name = uploadName(url, 'backup.db');
      return inTempDir(res, async (dir) => {
        const file = path.join(dir, safeFileName(name));
        await receiveFile(req, file, name);
        const result = await dispatch(handlers, 'restore', { path: file });
        sendJson(res, 200, { ok: true, result });
      });
    }
    return sendJson(res, 404, { ok: false, error: { kind: 'input', message: 'No such operation.' } satisfies WireError });
  }

  async function serveStatic(res: http.ServerResponse, pathname: string): Promise<void> {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.resolve(rendererDir, '.' + rel);
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'Not found');
    let body: Buffer;
    try {
      body = await fsp.readFile(file);
    } catch {
      if (rel === '/index.html') return send(res, 500, 'The screens are not built yet: run `npm run build` and start again.');
      return send(res, 404, 'Not found');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const extra: Record<string, string> = type.startsWith('text/html') ? { 'Content-Security-Policy': CSP, 'X-Frame-Options': 'DENY' } : {};
    return send(res, 200, body, type, extra);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
