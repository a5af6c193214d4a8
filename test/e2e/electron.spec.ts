// The desktop app, where Electron's binary is installed (it is downloaded by
// `npm install`'s postinstall; offline machines have none, and this is skipped).
import { _electron as electron } from '@playwright/test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, ROOT } from './fixtures';

function electronBinary(): { path: string | null; reason: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string') return { path: null, reason: 'require("electron") gave no path' };
    if (!fs.existsSync(p)) return { path: null, reason: `${p} does not exist` };
    return { path: p, reason: '' };
  } catch (e) {
    return { path: null, reason: e instanceof Error ? e.message : String(e) };
  }
}

const binary = electronBinary();
const main = path.join(ROOT, 'dist', 'main', 'main.cjs');

test('the desktop window shows the app with no Node in the page', async () => {
  test.skip(!binary.path, `Electron binary not installed: ${binary.reason}`);
  test.skip(!fs.existsSync(main), `The Electron shell is not built (${path.relative(ROOT, main)} is missing).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flexbill-electron-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [ROOT, '--no-sandbox'],
    env: { ...process.env, FLEXBILL_DB: path.join(dir, 'test.db') } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();
    expect(await page.evaluate('typeof require')).toBe('undefined');
    expect(await page.evaluate('typeof process')).toBe('undefined');
    expect(await page.evaluate('typeof window.flex')).toBe('object');
    expect(await page.evaluate('window.flex.host')).toBe('electron');
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect(page.locator('h1')).toHaveText('October 2026');
    await expect(page.getByTestId('total-licenses')).toHaveText('7');
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
