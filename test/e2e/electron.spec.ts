// The desktop app, where Electron's binary is installed (it is downloaded by
// `npm install`'s postinstall; offline machines have none, and this is skipped).
import { _electron as electron } from '@playwright/test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect, ROOT, CLI, FIXTURES, goTo, goToMonth, licenseRow, usd } from './fixtures';

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

/** better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs), as `npm start` does. */
function electronNative(): { ok: boolean; reason: string } {
  if (!binary.path) return { ok: false, reason: '' };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'electron-native.mjs')], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? { ok: true, reason: '' } : { ok: false, reason: (r.stdout + r.stderr).trim().split('\n').pop() ?? 'failed' };
}

test.describe('the desktop app in Electron', () => {
  test.skip(!binary.path, `Electron binary not installed: ${binary.reason}`);
  test.skip(!fs.existsSync(main), `The Electron shell is not built (${path.relative(ROOT, main)} is missing).`);
  const native = electronNative();
  test.skip(!native.ok, `better-sqlite3 could not be built for Electron: ${native.reason}`);

  test('first start, sample data, a license, an import through the system dialog, undo, export', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flexbill-electron-'));
    const db = path.join(dir, 'test.db');
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [ROOT, '--no-sandbox'],
      env: { ...process.env, FLEXBILL_DB: db } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      // The renderer is sandboxed: no Node, only window.flex.
      await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();
      expect(await page.evaluate('typeof require')).toBe('undefined');
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate('window.flex.host')).toBe('electron');

      await page.getByRole('button', { name: 'Load sample data' }).click();
      await expect(page.locator('h1')).toHaveText('October 2026');
      const preview = JSON.parse(spawnSync(process.execPath, [CLI, '--db', db, 'preview', '--month', '2026-10', '--json'], { encoding: 'utf8' }).stdout) as {
        totals: { licenses: number; billable: number; amount: string };
      };
      await expect(page.getByTestId('total-licenses')).toHaveText(String(preview.totals.licenses));
      await expect(page.getByTestId('total-amount')).toHaveText(usd(preview.totals.amount));

      // A license: its chart and day table.
      await licenseRow(page, 'DEMO1-7KQ2M-PX4VA-LR8TE').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('license-key')).toHaveText('DEMO1-7KQ2M-PX4VA-LR8TE');

      // Import through the system dialog, answered in the main process.
      await app.evaluate(({ dialog }, file) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
      }, path.join(FIXTURES, 'counts-plain.csv'));
      await goTo(page, 'Imports');
      await page.getByRole('button', { name: 'Import files…' }).first().click();
      await expect(page.getByTestId('import-results').locator('li[data-file="counts-plain.csv"]')).toHaveAttribute('data-status', 'imported');

      // Undo it, after the confirmation.
      await page.getByTestId('import-history').locator('tr[data-status="imported"]').first().getByRole('button', { name: /^Undo import/ }).click();
      await page.getByRole('dialog', { name: /Undo import #\d+\?/ }).getByRole('button', { name: 'Undo import' }).click();
      await expect(page.getByTestId('import-history').locator('tr[data-status="undone"]')).toHaveCount(1);

      // Export through the system save dialog.
      const out = path.join(dir, 'invoice.xlsx');
      await app.evaluate(({ dialog }, file) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
      }, out);
      await goToMonth(page);
      await page.getByRole('button', { name: 'Export invoice…' }).click();
      await expect.poll(() => fs.existsSync(out)).toBe(true);
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
