// The browser host is for this computer only: it listens on 127.0.0.1, refuses
// requests without the token, and the page it serves has no Node and no way out.
import os from 'node:os';
import net from 'node:net';
import { test, expect } from './fixtures';

test('the host refuses requests without the token', async ({ app }) => {
  const api = `${app.origin}/api/call/months`;
  const without = await fetch(api, { method: 'POST', body: '{}' });
  expect(without.status).toBe(403);
  const wrong = await fetch(api, { method: 'POST', body: '{}', headers: { 'X-Flex-Token': 'not-the-token' } });
  expect(wrong.status).toBe(403);
  expect((await fetch(`${app.origin}/`)).status).toBe(403);
  expect((await fetch(`${app.origin}/api/export?month=2026-10`)).status).toBe(403);
  expect((await fetch(`${app.origin}/api/upload?name=x.csv`, { method: 'POST', body: 'a,b\n' })).status).toBe(403);

  const withToken = await fetch(api, { method: 'POST', body: '{}', headers: { 'X-Flex-Token': app.token } });
  expect(withToken.status).toBe(200);
  expect(await withToken.json()).toMatchObject({ ok: true, result: { months: [], latest: null } });

  // Another name for this machine is refused even with the token (DNS rebinding).
  const rebound = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(app.port, '127.0.0.1', () => {
      socket.write(`POST /api/call/months HTTP/1.1\r\nHost: evil.example:${app.port}\r\nX-Flex-Token: ${app.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    });
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  expect(rebound).toMatch(/^HTTP\/1\.1 403/);
});

test('the host listens on 127.0.0.1 only', async ({ app }) => {
  expect(new URL(app.url).hostname).toBe('127.0.0.1');
  const others = Object.values(os.networkInterfaces()).flat()
    .filter((i): i is os.NetworkInterfaceInfo => Boolean(i) && !i!.internal)
    .map((i) => i.address);
  test.info().annotations.push({ type: 'addresses tried', description: others.join(', ') || 'none (no other interface)' });
  const connects = (host: string) => new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port: app.port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
  expect(await connects('127.0.0.1'), 'the loopback address answers').toBe(true);
  for (const address of [...others, '::1']) {
    expect(await connects(address), `connecting to ${address}:${app.port}`).toBe(false);
  }
});

test('the page has no Node, a content security policy, and talks to no one else', async ({ page, app }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(app.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });
  const response = await page.goto(app.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  // The token went into an HttpOnly cookie and out of the address bar.
  expect(page.url()).not.toContain('token=');
  expect(await page.evaluate(() => document.cookie)).toBe('');
  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();

  expect(await page.evaluate('typeof require')).toBe('undefined');
  expect(await page.evaluate('typeof process')).toBe('undefined');
  expect(await page.evaluate('typeof module')).toBe('undefined');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).toContain("connect-src 'self'");
  // Inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.head.appendChild(s);
    return (window as unknown as { __inline?: number }).__inline === 1;
  });
  expect(ran).toBe(false);

  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.getByTestId('total-amount')).toBeVisible();
  expect(foreign).toEqual([]);
});
