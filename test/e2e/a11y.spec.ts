// Every screen at 1024×700 (a laptop, or the app beside a spreadsheet), light and dark:
// axe (WCAG 2.2 A and AA) finds no serious or critical violation, and nothing important
// is cut off. Screenshots go to test-results/1024 (docs/screenshots/1024 with
// UPDATE_SCREENSHOTS=1).
import fs from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, ROOT, goToMonth, goTo, licenseRow } from './fixtures';

const OUT = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs', 'screenshots', '1024') : path.join(ROOT, 'test-results', '1024');

interface Found {
  screen: string;
  scheme: string;
  id: string;
  impact: string;
  nodes: string[];
}

async function check(page: Page, screen: string, found: Found[]): Promise<void> {
  const dismiss = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await page.mouse.move(1023, 699);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(OUT, `${screen}-${scheme}.png`) });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    for (const v of result.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      found.push({ screen, scheme, id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('every screen at 1024×700, light and dark: no serious or critical axe violation', async ({ page, app }) => {
  test.setTimeout(180_000);
  await fs.mkdir(OUT, { recursive: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await app.open(page);
  const found: Found[] = [];

  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();
  await check(page, 'empty', found);

  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  await check(page, 'month', found);

  await licenseRow(page, 'DEMO3-R8YTA-WE2MC-5UNHS').click();
  await expect(page.getByTestId('daily-chart')).toBeVisible();
  await check(page, 'license', found);

  // A license with mailbox data: its domains split.
  await goToMonth(page);
  await licenseRow(page, 'DEMO7-T9HVE-3LQMX-JW6RA').click();
  await expect(page.getByTestId('domains-table')).toBeVisible();
  await page.getByTestId('domains-table').scrollIntoViewIfNeeded();
  await check(page, 'license-domains', found);

  // The month's completeness, opened.
  await goToMonth(page);
  await page.getByTestId('completeness').getByRole('button', { name: 'Show details' }).click();
  await expect(page.getByTestId('license-progress')).toBeVisible();
  await check(page, 'month-completeness', found);
  await page.getByTestId('completeness').getByRole('button', { name: 'Hide details' }).click();

  // Help.
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Help' })).toBeVisible();
  await check(page, 'help', found);
  await page.keyboard.press('Escape');

  for (const screen of ['Review', 'Imports', 'Servers', 'Quote', 'Settings'] as const) {
    await goTo(page, screen);
    await expect(page.locator('h1')).toBeVisible();
    await check(page, screen.toLowerCase(), found);
  }

  // Review with the vendor's invoice: differences, one side only, matches.
  const vendor = await app.writeFile('vendor-invoice-2026-10.csv', [
    'License,Quantity,Amount',
    'DEMO1-7KQ2M-PX4VA-LR8TE,1265,1265.00',
    'DEMO2-H3ZWN-C6RJD-9QFKB,3472,3472.00',
    'DEMO3-R8YTA-WE2MC-5UNHS,571,571.00',
    'DEMO7-T9HVE-3LQMX-JW6RA,180,180.00',
    'DEMO8-X2NQP-7HWTS-LK4ZE,25,25.00',
  ].join('\n') + '\n');
  await goTo(page, 'Review');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import vendor invoice…' }).click();
  await (await chooser).setFiles(vendor);
  await expect(page.getByTestId('reconciliation')).toBeVisible();
  // Nothing important off screen at 1024: the Name and "$ difference" columns are in view.
  for (const header of ['Name', '$ difference']) {
    const box = await page.getByTestId('reconciliation').getByRole('columnheader', { name: header, exact: true }).boundingBox();
    expect(box && box.width > 100 && box.x + box.width <= 1024, header).toBe(true);
  }
  await check(page, 'review-vendor', found);

  expect(found, JSON.stringify(found, null, 1)).toEqual([]);
});
