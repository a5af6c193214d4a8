// Beyond the preview (SPEC §11) through the screens: the vendor's invoice against
// ours, closing and reopening a month, and a quote from a license's usage.
import ExcelJS from 'exceljs';
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goToMonth, licenseRow, usd, count } from './fixtures';

test('the vendor’s invoice is compared with ours, per license', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  await goToMonth(page);
  const vendor = await app.writeFile('vendor-oct.csv', 'License,Quantity\nWK3DE-GZDPC-F54ER-F5DHQ,2735\nV9X6U-EH4LX-K94CE-WXY97,540\nZZZZZ-VENDOR-ONLY,12\n');

  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Vendor invoice' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import vendor invoice…' }).click();
  await (await chooser).setFiles(vendor);

  const table = page.getByTestId('reconciliation');
  await expect(table).toBeVisible();
  const json = JSON.parse(app.cli('reconcile', '--month', '2026-10', vendor, '--json').stdout) as {
    lines: { license: string; vendor: number | null; ours: number | null; difference: number; status: string; amountDifference: string }[];
  };
  await expect(table.locator('tbody tr')).toHaveCount(json.lines.length);
  // Differences first, as the api orders them.
  await expect(table.locator('tbody tr').first()).toHaveAttribute('data-license', 'V9X6U-EH4LX-K94CE-WXY97');
  const differs = table.locator('tr[data-license="V9X6U-EH4LX-K94CE-WXY97"] td');
  await expect(differs.nth(2)).toHaveText('Differs');
  await expect(differs.nth(3)).toHaveText('540');
  await expect(differs.nth(4)).toHaveText('530');
  await expect(differs.nth(5)).toHaveText('+10');
  await expect(differs.nth(8)).toHaveText('+$10.00');
  await expect(table.locator('tr[data-license="ZZZZZ-VENDOR-ONLY"] td').nth(2)).toHaveText('Vendor only');
  await expect(table.locator('tr[data-license="WK3DE-GZDPC-F54ER-F5DHQ"] td').nth(2)).toHaveText('Match');
  const diff = json.lines.reduce((s, l) => s + l.difference, 0);
  await expect(page.getByTestId('vendor-difference')).toHaveText(diff < 0 ? `−${count(-diff)}` : `+${count(diff)}`);

  // A file that is no vendor invoice is refused with a sentence.
  const bad = await app.writeFile('notes.csv', 'hello,world\n1,2\n');
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import another vendor invoice…' }).click();
  await (await again).setFiles(bad);
  await expect(page.getByRole('alert')).toContainText('notes.csv');
});

test('a closed month keeps its figures until it is reopened', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  await goToMonth(page);
  const before = app.preview('2026-10');

  await page.getByRole('button', { name: 'Close month…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close October 2026?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Close month' }).click();
  await expect(page.getByTestId('closed-badge')).toHaveText('Closed');
  await expect(page.getByTestId('closed-banner')).toContainText('figures kept at closing');

  // A later import raises one license's days: the closed month does not move.
  const lic = before.licenses[0]!;
  const rows = ['license_key,date,eas_mailboxes'];
  for (let d = 1; d <= 31; d++) {
    const date = `2026-10-${String(d).padStart(2, '0')}`;
    if (!lic.gaps.includes(date)) rows.push(`${lic.license},${date},${5000 + d}`);
  }
  await importFiles(page, [await app.writeFile('late.csv', rows.join('\n') + '\n')]);
  await expectOutcomes(page, { 'late.csv': 'imported' });
  await expect(page.getByTestId('import-results')).toContainText('closed');
  await goToMonth(page);
  await expect(page.getByTestId('total-amount')).toHaveText(usd(before.totals.amount));
  await expect(licenseRow(page, lic.license).locator('td').nth(6)).toHaveText(count(lic.billable));
  const banner = page.getByTestId('closed-banner');
  await expect(banner).toContainText('1 license would change');
  await banner.getByRole('button', { name: 'Show changes' }).click();
  await expect(page.getByTestId('waiting-changes').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('waiting-changes')).toContainText(lic.license);

  // Reopen: the figures follow the data again.
  await page.getByRole('button', { name: 'Reopen month…' }).click();
  await page.getByRole('dialog', { name: 'Reopen October 2026?' }).getByRole('button', { name: 'Reopen month' }).click();
  await expect(page.getByTestId('closed-badge')).toHaveCount(0);
  const after = app.preview('2026-10');
  expect(after.totals.amount).not.toBe(before.totals.amount);
  await expect(page.getByTestId('total-amount')).toHaveText(usd(after.totals.amount));
});

test('a quote from a domain’s usage is exported as a workbook', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await goToMonth(page);
  await licenseRow(page, 'DEMO7-T9HVE-3LQMX-JW6RA').click();
  const domains = page.getByTestId('domains-table');
  await expect(domains).toBeVisible();
  const billed = Number((await domains.locator('tbody tr').first().locator('td').nth(1).textContent())!.replace(/,/g, ''));
  const domain = (await domains.locator('tbody tr').first().locator('td').first().textContent())!;

  await domains.getByRole('button', { name: `Quote for ${domain}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Quote' });
  await expect(dialog.getByLabel('Customer')).toHaveValue(domain);
  await expect(dialog.getByLabel('Mailboxes')).toHaveValue(String(billed));
  await dialog.getByLabel('Months').fill('12');
  await dialog.getByLabel('Our price / mailbox').fill('2.50');
  const figures = page.getByTestId('quote-figures');
  await expect(figures.locator('tr', { hasText: 'Revenue' }).locator('td').first()).toHaveText(usd((billed * 2.5).toFixed(2)));
  await expect(figures.locator('tr', { hasText: 'Margin' }).locator('td').nth(1)).toHaveText(usd((billed * 1.5 * 12).toFixed(2)));
  await dialog.getByLabel('Months').fill('0');
  await expect(dialog.getByRole('alert')).toContainText('Months');
  await expect(dialog.getByRole('button', { name: 'Export quote…' })).toBeDisabled();
  await dialog.getByLabel('Months').fill('12');

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export quote…' }).click();
  const file = await download;
  const saved = path.join(app.dir, file.suggestedFilename());
  await file.saveAs(saved);
  await expect(dialog).toBeHidden();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  expect(wb.worksheets).toHaveLength(1);
  const text: string[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => text.push(String(c.text))));
  expect(text.join(' ')).toContain(domain);
});
