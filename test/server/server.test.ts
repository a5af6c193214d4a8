// The browser host: 127.0.0.1 only, a token on every request, and the same
// checked operations as the desktop app, except those that name files on disk.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApi } from '../helpers/api';
import { startServer, type RunningServer } from '../../app/server';
import { fixture } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

let running: { server: RunningServer; api: ReturnType<typeof openApi>['api'] } | null = null;
afterEach(async () => {
  await running?.server.close();
  running?.api.close();
  running = null;
});

async function start() {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Flex Billing</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser');
  const { api, core } = openApi(path.join(dir, 'a.db'));
  const server = await startServer({ core, rendererDir });
  running = { server, api };
  return { server, api, base: `http://127.0.0.1:${server.port}` };
}

/** A raw request, so that the Host header and the path are exactly as given. */
function request(port: number, p: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('flexbill serve', () => {
  it('listens on 127.0.0.1 only and prints a URL with a token', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses every request without the token, or with a wrong one, or through another host name', async () => {
    const { server } = await start();
    expect((await request(server.port, '/')).status).toBe(403);
    expect((await request(server.port, '/api/call/months', {}, 'POST', '{}')).status).toBe(403);
    expect((await request(server.port, '/?token=wrong')).status).toBe(403);
    expect((await request(server.port, `/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('trades the token for an HttpOnly cookie, then serves the page with a content security policy', async () => {
    const { server } = await start();
    const first = await request(server.port, `/?token=${server.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await request(server.port, '/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request(server.port, '/../secret.txt', { cookie: cookie.split(';')[0]! })).body).not.toContain('not for the browser');
  });

  it('runs the checked operations; refuses those that name files on disk, and cross-site calls', async () => {
    const { server, api } = await start();
    await api.importFiles({ paths: [fixture('counts-plain.csv')] });
    const h = { 'x-flex-token': server.token, 'content-type': 'application/json' };
    const months = await request(server.port, '/api/call/months', h, 'POST', '{}');
    expect(JSON.parse(months.body)).toEqual({ ok: true, result: { months: ['2026-10'], latest: '2026-10', closed: [] } });
    const bad = await request(server.port, '/api/call/preview', h, 'POST', '{"month":"October"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toEqual({ kind: 'input', message: '"October" is not a month: write it as YYYY-MM, for example 2026-10.' });
    // An operation the month's state refuses is a conflict, not the person's typing.
    expect((await request(server.port, '/api/call/closeMonth', h, 'POST', '{"month":"2026-10"}')).status).toBe(200);
    const again = await request(server.port, '/api/call/closeMonth', h, 'POST', '{"month":"2026-10"}');
    expect([again.status, JSON.parse(again.body).error]).toEqual([409, { kind: 'conflict', message: '2026-10 is already closed.' }]);
    const notJson = await request(server.port, '/api/call/months', h, 'POST', '{nope');
    expect([notJson.status, JSON.parse(notJson.body).error]).toEqual([400, { kind: 'input', message: 'The request is not JSON.' }]);
    const files = await request(server.port, '/api/call/importFiles', h, 'POST', JSON.stringify({ paths: ['/etc/passwd'] }));
    expect(files.status).toBe(400);
    expect(JSON.parse(files.body).error).toMatchObject({ kind: 'input', message: expect.stringMatching(/uploads and downloads instead/) });
    const cross = await request(server.port, '/api/call/months', { ...h, 'sec-fetch-site': 'cross-site' }, 'POST', '{}');
    expect(cross.status).toBe(403);
  });

  it('imports an uploaded file under its own name, and returns the export as a download', async () => {
    const { server } = await start();
    const bytes = fs.readFileSync(fixture('counts-plain.csv'));
    const up = await fetch(`http://127.0.0.1:${server.port}/api/upload?name=${encodeURIComponent('usage oct.csv')}`, { method: 'POST', headers: { 'x-flex-token': server.token }, body: bytes });
    const outcome = (await up.json()) as { ok: boolean; result: { file: string; status: string }[] };
    expect(outcome.result[0]).toMatchObject({ file: 'usage oct.csv', status: 'imported' });
    const ex = await fetch(`http://127.0.0.1:${server.port}/api/export?month=2026-10`, { headers: { 'x-flex-token': server.token } });
    expect(ex.status).toBe(200);
    expect(ex.headers.get('content-disposition')).toBe('attachment; filename="flex-billing-invoice-2026-10.xlsx"');
    expect([ex.headers.get('x-flex-licenses'), ex.headers.get('x-flex-total')]).toEqual(['4', '7446.00']);
    expect(Buffer.from(await ex.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
