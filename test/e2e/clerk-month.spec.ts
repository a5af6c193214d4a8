// The clerk's month (issue 12): the open screen follows the database when another
// process writes it; "Is the month complete?" and the month under way's floor;
// the import history by month.
import { test, expect, goTo, licenseRow, count, usd } from './fixtures';

const pad = (n: number) => String(n).padStart(2, '0');
const rows = (license: string, month: string, days: number, value: (d: number) => number) =>
  Array.from({ length: days }, (_, i) => `${license},${month}-${pad(i + 1)},${value(i + 1)}`);

test('the Month screen follows an import made by the command line, keeping its filter', async ({ page, app }) => {
  const first = await app.writeFile('oct.csv', ['license_key,date,eas_mailboxes', ...rows('LIVE0-00001', '2026-10', 31, () => 100), ...rows('LIVE0-00002', '2026-10', 31, () => 50)].join('\n'));
  expect(app.cli('import', first).status).toBe(0);
  await app.open(page);
  await expect(page.locator('h1')).toHaveText('October 2026');
  await expect(page.getByTestId('total-amount')).toHaveText(usd(app.preview('2026-10').totals.amount));
  const filter = page.getByRole('searchbox', { name: 'Filter licenses' });
  await filter.fill('LIVE0-00001');
  await expect(licenseRow(page, 'LIVE0-00001').locator('td').nth(6)).toHaveText('100');

  // Another process raises LIVE0-00001 to 180 a day: the screen follows by itself.
  const later = await app.writeFile('oct-again.csv', ['license_key,date,eas_mailboxes', ...rows('LIVE0-00001', '2026-10', 31, () => 180)].join('\n'));
  expect(app.cli('import', later).status).toBe(0);
  const preview = app.preview('2026-10');
  expect(preview.totals.billable).toBe(230);
  await expect(page.getByTestId('total-amount')).toHaveText(usd(preview.totals.amount), { timeout: 4_000 });
  await expect(licenseRow(page, 'LIVE0-00001').locator('td').nth(6)).toHaveText('180');
  await expect(filter).toHaveValue('LIVE0-00001');
  await expect(licenseRow(page, 'LIVE0-00002')).toHaveCount(0);
});

test('is the month complete: the license gone quiet, each license\'s last day and file, the month so far', async ({ page, app }) => {
  // The server's clock is the real one: December 2026 or later is under way.
  const now = new Date();
  const month = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}`;
  const prevDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const previous = `${prevDate.getUTCFullYear()}-${pad(prevDate.getUTCMonth() + 1)}`;
  const prevDays = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).getUTCDate();
  const monthDays = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const today = now.getUTCDate();
  const long = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthName = (m: string) => new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' });

  const before = await app.writeFile('before.csv', ['license_key,date,eas_mailboxes', ...rows('QUIET-00001', previous, prevDays, () => 40), ...rows('BUSY0-00001', previous, prevDays, () => 70)].join('\n'));
  // This month: every day so far, the highest today.
  const sofar = await app.writeFile('sofar.csv', ['license_key,date,eas_mailboxes', ...rows('BUSY0-00001', month, today, (d) => 60 + d)].join('\n'));
  expect(app.cli('import', before).status).toBe(0);
  expect(app.cli('import', sofar).status).toBe(0);
  // No day dropped: the floor exists from the first day on (the billed day is the highest).
  expect(app.cli('settings', '--dropped-days', '0').status).toBe(0);

  await app.open(page);
  await expect(page.locator('h1')).toHaveText(monthName(month));
  const panel = page.getByTestId('completeness');
  await expect(panel.getByTestId('completeness-summary')).toHaveText(`1 license of ${monthName(previous)} has not reported. No gaps so far.`);
  const floor = 60 + today;
  expect(app.preview(month).totals.billable).toBe(floor);
  await expect(panel.getByTestId('so-far')).toContainText(`at least ${count(floor)} billable mailboxes so far, ${monthDays - today} ${monthDays - today === 1 ? 'day' : 'days'} to go · at least ${usd(`${floor}.00`)}`);

  await panel.getByRole('button', { name: 'Show details' }).click();
  await expect(panel.getByTestId('quiet-licenses').locator('tr[data-license="QUIET-00001"] td').nth(1)).toHaveText(long(`${previous}-${pad(prevDays)}`));
  const busy = panel.getByTestId('license-progress').locator('tr[data-license="BUSY0-00001"] td');
  await expect(busy.nth(2)).toHaveText(long(`${month}-${pad(today)}`));
  await expect(busy.nth(3)).toContainText('sofar.csv');
  await expect(busy.nth(4)).toHaveText('None');

  // The previous month: complete, and no floor (it is over).
  await page.getByRole('combobox', { name: 'Month' }).selectOption(previous);
  await expect(page.locator('h1')).toHaveText(monthName(previous));
  await expect(panel.getByTestId('completeness-summary')).toContainText('No gaps so far.');
  await expect(panel.getByTestId('so-far')).toHaveCount(0);

  // The import history, by month.
  await goTo(page, 'Imports');
  await expect(page.getByTestId('history-count')).toHaveText('2 imports');
  await page.getByTestId('history-month').selectOption(month);
  await expect(page.getByTestId('history-count')).toHaveText(`1 import with days in ${monthName(month)}`);
  await expect(page.getByTestId('import-history').locator('tbody tr[data-import-id]')).toHaveCount(1);
  await expect(page.getByTestId('import-history').locator('tbody tr[data-import-id]')).toContainText('sofar.csv');
});

test('Print / Save as PDF…: the invoice\'s own print layout, with page numbers and no window around it', async ({ page, app }) => {
  // The print dialog stands in: it counts its calls and leaves the layout on the page (no afterprint).
  await page.addInitScript(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => {
      w.printed += 1;
    };
  });
  expect(app.cli('demo').status).toBe(0);
  expect(app.cli('settings', '--company', 'Northwind Hosting Ltd').status).toBe(0);
  await app.open(page);
  await expect(page.locator('h1')).toHaveText('October 2026');
  await page.getByRole('button', { name: 'Print / Save as PDF…' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  const preview = app.preview('2026-10');
  const invoice = page.getByTestId('print-invoice');
  await expect(invoice.getByTestId('print-total-amount')).toHaveText(usd(preview.totals.amount));

  // What the page prints (Chromium's own PDF of the print media), read back as text.
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const file = await app.writeFile('printed.pdf', '');
  await (await import('node:fs/promises')).writeFile(file, pdf);
  const text = (await import('node:child_process')).spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  expect(text).toContain('Summary invoice');
  expect(text).toContain('Company billed: Northwind Hosting Ltd');
  for (const l of preview.licenses) expect(text).toContain(l.license);
  expect(text).toMatch(/Total\s+7 licenses/);
  expect(text).toContain(usd(preview.totals.amount));
  expect(text).toContain('Page 1 of 1');
  // No sidebar, no screen around it.
  expect(text).not.toContain('Exchange ActiveSync\n');
  expect(text).not.toContain('Filter by license');
  expect(text).not.toContain('Settings');
});

test('a closed month marks the licenses that would change; the License screen names the change; undo says the month is closed', async ({ page, app }) => {
  const oct = await app.writeFile('oct.csv', ['license_key,date,eas_mailboxes', ...rows('CLOSE-00001', '2026-10', 31, () => 100), ...rows('CLOSE-00002', '2026-10', 31, () => 50)].join('\n'));
  expect(app.cli('import', oct).status).toBe(0);
  expect(app.cli('close', '--month', '2026-10').status).toBe(0);
  const later = await app.writeFile('oct-later.csv', ['license_key,date,eas_mailboxes', ...rows('CLOSE-00001', '2026-10', 31, () => 120)].join('\n'));
  expect(app.cli('import', later).status).toBe(0);

  await app.open(page);
  await expect(page.getByTestId('closed-badge')).toBeVisible();
  await expect(licenseRow(page, 'CLOSE-00001').getByTestId('waiting-mark')).toHaveAttribute('title', 'Would change if reopened: billable 100 → 120');
  await expect(licenseRow(page, 'CLOSE-00002').getByTestId('waiting-mark')).toHaveCount(0);

  await licenseRow(page, 'CLOSE-00001').click();
  await expect(page.getByTestId('waiting-change')).toContainText('Reopening it would change this license: billable 100 → 120, amount $100.00 → $120.00');
  // Esc leaves the License screen for its month.
  await page.keyboard.press('Escape');
  await expect(page.locator('h1')).toHaveText(/October 2026/);

  await goTo(page, 'Imports');
  await page.getByTestId('import-history').locator('tbody tr', { hasText: 'oct-later.csv' }).getByRole('button', { name: /Undo/ }).click();
  await expect(page.getByRole('dialog').getByTestId('undo-closed')).toContainText('October 2026 is closed');
});

test('help with F1 and ?, a skip link, Back leaves a license, unsaved edits kept, a Review row opens its license', async ({ page, app }) => {
  expect(app.cli('demo').status).toBe(0);
  await app.open(page);
  await expect(page.locator('h1')).toHaveText('October 2026');

  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Help' });
  await expect(help.getByTestId('help-keys')).toContainText('Esc');
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toHaveCount(0);
  await page.locator('body').press('?');
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // The first Tab reaches the skip link; it takes the focus to the screen's heading.
  await page.reload();
  await expect(page.locator('h1')).toHaveText('October 2026');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main h1')).toBeFocused();

  // A draft of the details survives leaving the License screen (the browser's Back).
  await licenseRow(page, 'DEMO4-B6PLK-2XG9Q-MVD3J').click();
  const details = page.getByRole('region', { name: 'Details', exact: true });
  await details.getByLabel('Notes').fill('Call about the edition');
  await expect(details.getByRole('combobox', { name: 'Edition' })).toHaveValue('Professional');
  await details.getByRole('combobox', { name: 'Edition' }).selectOption('Enterprise');
  await page.goBack();
  await expect(page.locator('h1')).toHaveText('October 2026');
  await licenseRow(page, 'DEMO4-B6PLK-2XG9Q-MVD3J').click();
  await expect(details.getByLabel('Notes')).toHaveValue('Call about the edition');
  await expect(details.getByRole('combobox', { name: 'Edition' })).toHaveValue('Enterprise');
  await expect(details.getByTestId('draft-kept')).toBeVisible();
  await details.getByRole('button', { name: 'Discard changes' }).click();
  await expect(details.getByLabel('Notes')).toHaveValue('');

  // Review: a row opens its license.
  const vendor = await app.writeFile('vendor.csv', 'license,quantity\nDEMO1-7KQ2M-PX4VA-LR8TE,1300\n');
  expect(app.cli('reconcile', '--month', '2026-10', vendor).status).toBeLessThanOrEqual(1);
  await page.evaluate(() => {
    window.print = () => undefined;
  });
  await goTo(page, 'Review');
  await expect(page.getByTestId('who-owes')).toContainText('The vendor bills');
  // Printing from Review: the invoice with its Reconciliation, in words who owes whom.
  await page.getByRole('button', { name: 'Print / Save as PDF…' }).click();
  await expect(page.getByTestId('print-reconciliation')).toContainText('vendor.csv');
  await expect(page.getByTestId('print-reconciliation').locator('tr', { hasText: 'DEMO1-7KQ2M-PX4VA-LR8TE' })).toContainText('Vendor bills more');
  await page.getByTestId('reconciliation').locator('tr[data-license="DEMO1-7KQ2M-PX4VA-LR8TE"] td').nth(1).click();
  await expect(page.getByTestId('license-key')).toHaveText('DEMO1-7KQ2M-PX4VA-LR8TE');
});
