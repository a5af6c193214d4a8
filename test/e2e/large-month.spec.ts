// A month of 2,000 licenses: the table filters, sorts and scrolls at once, and
// keeps only the rows in view in the page.
import { test, expect, importFiles, expectOutcomes, goToMonth, licenseRow, count } from './fixtures';

const LICENSES = 2000;

function bigMonth(): string {
  const lines = ['license_key,license_name,date,eas_mailboxes'];
  for (let i = 1; i <= LICENSES; i++) {
    const key = `BIG-${String(i).padStart(5, '0')}`;
    const base = 50 + ((i * 37) % 950);
    for (let d = 1; d <= 31; d++) {
      lines.push(`${key},host${i}.example,2026-10-${String(d).padStart(2, '0')},${base + ((d * 13 + i) % 40)}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('a 2,000-license month filters and scrolls', async ({ page, app }) => {
  const file = await app.writeFile('big-month.csv', bigMonth());
  await app.open(page);
  await importFiles(page, [file]);
  await expectOutcomes(page, { 'big-month.csv': 'imported' });
  await goToMonth(page);
  const preview = app.preview('2026-10');
  expect(preview.licenses).toHaveLength(LICENSES);
  await expect(page.getByTestId('total-licenses')).toHaveText('2,000');
  await expect(page.getByTestId('total-billable')).toHaveText(count(preview.totals.billable));
  await expect(page.getByTestId('row-count')).toHaveText('2,000 licenses');

  // Only the rows in view are in the page.
  const rendered = await page.locator('#license-table tbody tr[data-license]').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  await expect(page.locator('#license-table')).toHaveAttribute('aria-rowcount', String(LICENSES + 1));

  // Filter: by license key, then by name.
  const filter = page.getByRole('searchbox', { name: 'Filter licenses' });
  await filter.fill('BIG-0199');
  await expect(page.getByTestId('row-count')).toContainText('10 of 2,000 licenses');
  await expect(page.locator('#license-table tbody tr[data-license]')).toHaveCount(10);
  await filter.fill('host1234.example');
  await expect(page.getByTestId('row-count')).toContainText('1 of 2,000 licenses');
  await expect(licenseRow(page, 'BIG-01234')).toBeVisible();
  await filter.fill('no such license');
  await expect(page.getByText('No license matches “no such license”.')).toBeVisible();
  await filter.fill('');
  await expect(page.getByTestId('row-count')).toHaveText('2,000 licenses');

  // Scroll to the bottom: the last license is there.
  await expect(licenseRow(page, 'BIG-02000')).toHaveCount(0);
  const scroller = page.getByTestId('license-table-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(licenseRow(page, 'BIG-02000')).toBeVisible();
  await expect(licenseRow(page, 'BIG-00001')).toHaveCount(0);
  const last = preview.licenses.find((l) => l.license === 'BIG-02000')!;
  await expect(licenseRow(page, 'BIG-02000').locator('td').nth(6)).toHaveText(count(last.billable));

  // Keyboard: Home goes back to the first license, End to the last.
  await licenseRow(page, 'BIG-02000').focus();
  await page.keyboard.press('Home');
  await expect(licenseRow(page, 'BIG-00001')).toBeFocused();
  await page.keyboard.press('End');
  await expect(licenseRow(page, 'BIG-02000')).toBeFocused();

  // Sorting 2,000 rows by amount, highest first (a number column's first click).
  const amount = page.locator('#license-table th', { hasText: 'Amount' });
  // A number column's first click puts the largest first.
  await amount.getByRole('button').click();
  await expect(amount).toHaveAttribute('aria-sort', 'descending');
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const top = [...preview.licenses].sort((a, b) => Number(b.amount) - Number(a.amount) || a.license.localeCompare(b.license))[0]!;
  await expect(page.locator('#license-table tbody tr[data-license]').first()).toHaveAttribute('data-license', top.license);
});
