// The desktop app, where Electron's binary is installed (it is downloaded by
// `npm install`'s postinstall; offline machines have none, and this is skipped).
import { _electron as electron } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { electronEnv } from './electron-env';
import { test, expect, ROOT, CLI, FIXTURES, goTo, goToMonth, licenseRow, usd } from './fixtures';

const env = electronEnv();

test.describe('the desktop app in Electron', () => {
  // The reason is printed once at the start of the run by the global setup too.
  test.skip(env.skipReason !== null, env.skipReason ?? '');

  test('first start, sample data, a license, an import through the system dialog, undo, export', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flexbill-electron-'));
    const db = path.join(dir, 'test.db');
    const app = await electron.launch({
      executablePath: env.binary!,
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
