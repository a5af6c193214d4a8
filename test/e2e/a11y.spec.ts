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

  await goToMonth(page);
  for (const screen of ['Review', 'Imports', 'Quote', 'Settings'] as const) {
    await goTo(page, screen);
    await expect(page.locator('h1')).toBeVisible();
    await check(page, screen.toLowerCase(), found);
  }

  expect(found, JSON.stringify(found, null, 1)).toEqual([]);
});
