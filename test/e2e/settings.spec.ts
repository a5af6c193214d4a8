// Settings change the figures: a new rate from October changes the amounts on the
// Month screen; the days dropped and the company billed are kept.
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goToMonth, goTo, licenseRow, usd, count } from './fixtures';

test('a rate change in Settings changes the amounts on the Month screen', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  await goToMonth(page);
  const before = app.preview('2026-10');
  expect(before.rate).toBe('1.00');
  await expect(page.getByTestId('total-amount')).toHaveText(usd(before.totals.amount));

  await goTo(page, 'Settings');
  await expect(page.getByTestId('db-path')).toHaveValue(app.db);
  await page.getByTestId('rate-from').fill('2026-10');
  await page.getByTestId('rate-value').fill('1.25');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await expect(page.getByTestId('rates').locator('tr[data-from="2026-10"]')).toContainText('$1.25');

  // A rate that is no amount is refused with the api's sentence.
  await page.getByTestId('rate-from').fill('2026-12');
  await page.getByTestId('rate-value').fill('1.2.5');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await expect(page.getByRole('region', { name: 'Rate' }).getByRole('alert')).toContainText('is not a rate');

  await goToMonth(page);
  const after = app.preview('2026-10');
  expect(after.rate).toBe('1.25');
  const cents = before.totals.billable * 125;
  expect(after.totals.amount).toBe((cents / 100).toFixed(2));
  await expect(page.getByTestId('total-amount')).toHaveText(usd(after.totals.amount));
  await expect(page.getByTestId('rule-line')).toHaveText('The 2 highest days are dropped · rate $1.25');
  const first = after.licenses[0]!;
  await expect(licenseRow(page, first.license).locator('td').nth(7)).toHaveText(usd(first.amount));

  // Days dropped: 3 changes the billed day of every license.
  await goTo(page, 'Settings');
  await page.getByTestId('dropped-days').fill('3');
  await page.getByRole('region', { name: 'Days dropped' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('region', { name: 'Days dropped' })).toContainText('The 3 highest days are dropped');
  await goToMonth(page);
  const three = app.preview('2026-10');
  expect(three.droppedDays).toBe(3);
  await expect(page.getByTestId('rule-line')).toHaveText('The 3 highest days are dropped · rate $1.25');
  await expect(page.getByTestId('total-billable')).toHaveText(count(three.totals.billable));

  // Remove the rate change: back to $1.00.
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Remove the rate from October 2026' }).click();
  // Asked first: Cancel keeps it.
  const ask = page.getByRole('dialog', { name: 'Remove the rate from October 2026?' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('rates').locator('tr[data-from="2026-10"]')).toHaveCount(1);
  // The focus is back on the button that opened the dialog.
  await expect(page.getByRole('button', { name: 'Remove the rate from October 2026' })).toBeFocused();
  await page.getByRole('button', { name: 'Remove the rate from October 2026' }).click();
  await ask.getByRole('button', { name: 'Remove rate' }).click();
  await expect(page.getByTestId('rates').locator('tr[data-from="2026-10"]')).toHaveCount(0);
  await goToMonth(page);
  await expect(page.getByTestId('rule-line')).toHaveText('The 3 highest days are dropped · rate $1.00');

  // The company billed is kept.
  await goTo(page, 'Settings');
  const company = page.getByRole('region', { name: 'Company billed' });
  await company.getByLabel('Name').fill('Northwind Hosting Ltd');
  await company.getByLabel('Address').fill('1 Harbour Street\nSeattle, WA');
  await company.getByRole('button', { name: 'Save' }).click();
  await expect(company.getByRole('button', { name: 'Save' })).toBeDisabled();
  await page.reload();
  await goTo(page, 'Settings');
  await expect(page.getByRole('region', { name: 'Company billed' }).getByLabel('Name')).toHaveValue('Northwind Hosting Ltd');
});
