// Screenshots of every screen, light and dark, at 1280×800. They are made from the
// sample data, through the same screens a person uses. Every run takes them (into
// test-results/screenshots); `UPDATE_SCREENSHOTS=1 npm run test:e2e` writes them to
// docs/screenshots, where the README shows them (times and temp paths in them
// change from run to run, so an ordinary test run leaves the docs alone).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ROOT, importFiles, expectOutcomes, goToMonth, goTo, licenseRow } from './fixtures';

const OUT = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screenshots');

async function shoot(page: Page, screen: string): Promise<void> {
  // No toast, no hover, no focus ring in the pictures.
  const dismiss = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await page.mouse.move(1279, 799);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(OUT, `${screen}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('screenshots of every screen, light and dark', async ({ page, app }) => {
  test.setTimeout(120_000);
  await fs.mkdir(OUT, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open(page);

  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();
  await shoot(page, 'empty');

  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  const call = (name: string, input: unknown) => fetch(`${app.origin}/api/call/${name}`, {
    method: 'POST', headers: { 'X-Flex-Token': app.token, 'Content-Type': 'application/json' }, body: JSON.stringify(input),
  });
  expect((await call('setCompany', { name: 'Northwind Hosting Ltd', address: '1 Harbour Street\nSeattle, WA 98101' })).status).toBe(200);
  expect((await call('setRate', { from: '2027-01', rate: '1.10' })).status).toBe(200);

  // The vendor's invoice against ours, on the Review screen.
  const vendor = await app.writeFile('vendor-invoice-2026-10.csv', [
    'License,Quantity,Amount',
    'DEMO1-7KQ2M-PX4VA-LR8TE,1265,1265.00',
    'DEMO2-H3ZWN-C6RJD-9QFKB,3472,3472.00',
    'DEMO3-R8YTA-WE2MC-5UNHS,571,571.00',
    'DEMO4-B6PLK-2XG9Q-MVD3J,89,89.00',
    'DEMO5-Q4CJU-N7EHX-TY2WP,219,219.00',
    'DEMO7-T9HVE-3LQMX-JW6RA,180,180.00',
    'DEMO8-X2NQP-7HWTS-LK4ZE,25,25.00',
  ].join('\n') + '\n');
  await goTo(page, 'Review');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import vendor invoice…' }).click();
  await (await chooser).setFiles(vendor);
  await expect(page.getByTestId('reconciliation')).toBeVisible();
  await shoot(page, 'review');

  await goToMonth(page);
  await expect(licenseRow(page, 'DEMO3-R8YTA-WE2MC-5UNHS')).toBeVisible();
  await expect(page.getByTestId('vendor-notice')).toBeVisible();
  await shoot(page, 'month');

  await licenseRow(page, 'DEMO3-R8YTA-WE2MC-5UNHS').click();
  await expect(page.getByTestId('daily-chart').locator('path.bar-billed')).toHaveCount(1);
  await shoot(page, 'license');

  // The mailbox-level license, scrolled to its domains split.
  await page.getByRole('button', { name: /October 2026/ }).first().click();
  await licenseRow(page, 'DEMO7-T9HVE-3LQMX-JW6RA').click();
  await expect(page.getByTestId('domains-table')).toBeVisible();
  await page.getByTestId('domains-table').scrollIntoViewIfNeeded();
  await shoot(page, 'license-domains');

  // A quote for one of its domains, from the domain's row.
  await page.getByRole('button', { name: 'Quote for bluebird.example' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quote', exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Customer', exact: true }).fill('Bluebird Outfitters');
  await page.getByRole('textbox', { name: 'Price per mailbox per month', exact: true }).fill('2.25');
  await expect(page.getByTestId('quote-margin-percent')).not.toHaveText('—');
  await shoot(page, 'quote');

  await goTo(page, 'Imports');
  const bad = await app.writeFile('usage-nov.csv', 'license_key,date,eas_mailboxes\nDEMO1-7KQ2M-PX4VA-LR8TE,2026-11-01,1250\nDEMO1-7KQ2M-PX4VA-LR8TE,2026-11-02,many\n');
  const good = await app.writeFile('usage-nov-fixed.csv', 'license_key,date,eas_mailboxes\nDEMO1-7KQ2M-PX4VA-LR8TE,2026-11-01,1250\nDEMO1-7KQ2M-PX4VA-LR8TE,2026-11-02,1262\n');
  await importFiles(page, [good, bad]);
  await expectOutcomes(page, { 'usage-nov-fixed.csv': 'imported', 'usage-nov.csv': 'rejected' });
  await shoot(page, 'imports');

  await goTo(page, 'Settings');
  await expect(page.getByTestId('rates').locator('tr[data-from="2027-01"]')).toBeVisible();
  await shoot(page, 'settings');
});
