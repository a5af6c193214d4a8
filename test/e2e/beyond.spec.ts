// Beyond the preview (SPEC §11) through the screens: the Review screen (the
// vendor's invoice against ours), closing and reopening a month, and the Quote
// screen (a quote from a domain's or a license's usage).
import ExcelJS from 'exceljs';
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goTo, goToMonth, licenseRow, usd, count } from './fixtures';

interface ReconcileJson {
  month: string;
  lines: { license: string; vendor: number | null; ours: number | null; difference: number; status: string; vendorAmount: string | null; oursAmount: string | null; amountDifference: string }[];
  totals: { vendor: number; ours: number; difference: number; vendorAmount: string; oursAmount: string; amountDifference: string; matching: number; differing: number; vendorOnly: number; oursOnly: number };
}

/** A signed count or amount as the Review screen writes it: "+10", "−2,915", "0"; "+$10.00", "−$2,915.00", "$0.00". */
function signed(n: number, money = false): string {
  const abs = money ? usd(Math.abs(n).toFixed(2)) : count(Math.abs(n));
  return n > 0 ? `+${abs}` : n < 0 ? `−${abs}` : abs;
}

test('the Review screen compares the vendor’s invoice with ours, differences first', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });

  // Before any vendor invoice: what one is, and how to import it.
  await goTo(page, 'Review');
  const empty = page.getByTestId('review-empty');
  await expect(empty).toContainText('No vendor invoice for October 2026');
  await expect(empty).toContainText('a license column');
  await expect(empty).toContainText('quantity');
  await expect(page.getByRole('combobox', { name: 'Month' })).toHaveValue('2026-10');

  const vendorFile = path.join(FIXTURES, 'vendor-invoice-2026-10.csv');
  const chooser = page.waitForEvent('filechooser');
  await empty.getByRole('button', { name: 'Import vendor invoice…' }).click();
  await (await chooser).setFiles(vendorFile);

  const table = page.getByTestId('reconciliation');
  await expect(table).toBeVisible();
  const r = app.cli('reconcile', '--month', '2026-10', vendorFile, '--json');
  expect(r.status).toBe(0);
  const json = JSON.parse(r.stdout) as ReconcileJson;
  // The fixture: 1 differs, 1 only on the vendor's invoice, 1 only ours, 2 match.
  expect(json.lines.map((l) => l.status)).toEqual(['differs', 'vendor-only', 'ours-only', 'match', 'match']);

  // The same rows in the same order as the command line, differences first.
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(json.lines.length);
  const label: Record<string, string> = { differs: 'Differs', 'vendor-only': 'Vendor only', 'ours-only': 'Ours only', match: 'Match' };
  for (const [i, l] of json.lines.entries()) {
    const row = rows.nth(i);
    await expect(row).toHaveAttribute('data-license', l.license);
    await expect(row).toHaveAttribute('data-status', l.status);
    const cells = row.locator('td');
    await expect(cells.nth(0)).toHaveText(l.license);
    await expect(cells.nth(2)).toHaveText(label[l.status]!);
    await expect(cells.nth(3)).toHaveText(l.vendor === null ? '—' : count(l.vendor));
    await expect(cells.nth(4)).toHaveText(l.ours === null ? '—' : count(l.ours));
    await expect(cells.nth(5)).toHaveText(signed(l.difference));
    await expect(cells.nth(6)).toHaveText(l.vendorAmount === null ? '—' : usd(l.vendorAmount));
    await expect(cells.nth(7)).toHaveText(l.oursAmount === null ? '—' : usd(l.oursAmount));
    await expect(cells.nth(8)).toHaveText(signed(Number(l.amountDifference), true));
  }

  // The totals and the sentence of the counts.
  const t = json.totals;
  await expect(page.getByTestId('vendor-total')).toHaveText(count(t.vendor));
  await expect(page.getByTestId('ours-total')).toHaveText(count(t.ours));
  await expect(page.getByTestId('vendor-difference')).toHaveText(signed(t.difference));
  await expect(page.getByTestId('vendor-amount-difference')).toHaveText(signed(Number(t.amountDifference), true));
  const totals = page.getByTestId('review-totals');
  await expect(totals.locator('td').nth(2)).toHaveText(count(t.vendor));
  await expect(totals.locator('td').nth(3)).toHaveText(count(t.ours));
  await expect(totals.locator('td').nth(7)).toHaveText(signed(Number(t.amountDifference), true));
  await expect(page.getByTestId('review-sentence')).toContainText(
    '1 license differs, 1 is only on the vendor’s invoice, 1 only in our usage and 2 match.',
  );

  // The Month screen says so in one line, and leads back here.
  await goToMonth(page);
  await expect(page.getByRole('group', { name: 'Show' })).toHaveCount(0);
  const notice = page.getByTestId('vendor-notice');
  await expect(notice).toContainText('Vendor invoice: 3 licenses don’t match');
  await notice.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vendor invoice review' })).toBeVisible();
  await expect(page.getByTestId('reconciliation').locator('tbody tr')).toHaveCount(json.lines.length);

  // A file that is no vendor invoice is refused with a sentence naming it; the comparison stays.
  const bad = await app.writeFile('notes.csv', 'hello,world\n1,2\n');
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import another vendor invoice…' }).click();
  // Replacing the month's comparison is asked first.
  await expect(page.getByRole('dialog', { name: 'Replace the vendor invoice for October 2026?' })).toContainText('vendor');
  await page.getByRole('dialog').getByRole('button', { name: 'Choose file…' }).click();
  await (await again).setFiles(bad);
  await expect(page.getByRole('alert')).toContainText('notes.csv');
  await expect(page.getByTestId('reconciliation').locator('tbody tr')).toHaveCount(json.lines.length);
});

test('the Review screen opens on the month chosen on Month', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-09');
  await expect(page.locator('h1')).toHaveText('September 2026');
  await goTo(page, 'Review');
  await expect(page.getByRole('combobox', { name: 'Month' })).toHaveValue('2026-09');
  await expect(page.getByTestId('review-empty')).toContainText('No vendor invoice for September 2026');
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

interface DomainsJson {
  licenses: { license: string; domains: { domain: string; billed: number; distinct: number }[] | null }[];
}

/** Cents as the screens show them. */
function cents(c: number): string {
  return usd((c / 100).toFixed(2));
}

test('the Quote screen prefills from a domain, shows cost, revenue and margin, and exports a sheet for the customer', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  const preview = JSON.parse(app.cli('preview', '--month', '2026-10', '--json').stdout) as DomainsJson;
  const domains = preview.licenses.find((l) => l.license === 'DEMO7-T9HVE-3LQMX-JW6RA')!.domains!;
  expect(domains.map((d) => d.domain)).toEqual(['alpine.example', 'bluebird.example', 'cedar.example']);
  const bluebird = domains.find((d) => d.domain === 'bluebird.example')!;
  const n = bluebird.billed;

  const field = (name: string) => page.getByRole('textbox', { name, exact: true });
  const basis = page.getByRole('combobox', { name: 'Based on', exact: true });
  await goTo(page, 'Quote');
  await expect(page.getByRole('combobox', { name: 'Usage of' })).toHaveValue('2026-10');
  // The vendor's rate comes from Settings.
  await expect(field('Vendor rate per mailbox per month')).toHaveValue('1.00');
  await expect(basis.locator('optgroup')).toHaveCount(2);
  await expect(basis.locator('optgroup').nth(1)).toHaveAttribute('label', /^Domains on hosted\.wingtip\.example/);
  await expect(basis.locator('optgroup').nth(1).locator('option')).toHaveText(domains.map((d) => `${d.domain} — ${count(d.billed)}`));
  await basis.selectOption({ label: `bluebird.example — ${count(n)}` });
  await expect(field('Customer')).toHaveValue('bluebird.example');
  await expect(field('Mailboxes')).toHaveValue(String(n));
  await expect(page.getByTestId('quote-basis-text')).toHaveValue(`bluebird.example: ${count(n)} mailboxes with Exchange ActiveSync in October 2026`);

  await field('Months').fill('12');
  const price = field('Price per mailbox per month');
  await price.fill('$1.75');
  await price.blur();
  await expect(price).toHaveValue('1.75');

  const figures = page.getByTestId('quote-figures');
  const row = (name: string) => figures.locator(`tr[data-figure="${name}"] td`);
  await expect(row('cost').nth(0)).toHaveText(cents(n * 100));
  await expect(row('cost').nth(1)).toHaveText(cents(n * 100 * 12));
  await expect(row('revenue').nth(0)).toHaveText(cents(n * 175));
  await expect(row('revenue').nth(1)).toHaveText(cents(n * 175 * 12));
  await expect(row('margin').nth(0)).toHaveText(cents(n * 75));
  await expect(row('margin').nth(1)).toHaveText(cents(n * 75 * 12));
  await expect(page.getByTestId('quote-margin-percent')).toHaveText('42.9%');

  // Messages sit under the fields; nothing is exported until they read.
  const months = field('Months');
  await months.fill('0');
  await expect(months).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('From 1 to 120 months.')).toBeVisible();
  await price.fill('1.755');
  await expect(page.getByText('At most two decimals (whole cents), e.g. 1.75.')).toBeVisible();
  await expect(row('revenue').nth(0)).toHaveText('—');
  await page.getByRole('button', { name: 'Export quote…' }).click();
  await expect(months).toBeFocused();
  await months.fill('12');
  await price.fill('1.75');
  await expect(months).not.toHaveAttribute('aria-invalid', 'true');
  await expect(row('margin').nth(1)).toHaveText(cents(n * 75 * 12));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export quote…' }).click();
  const file = await download;
  // Named after the customer and the day it was made.
  expect(file.suggestedFilename()).toBe(`Quote bluebird.example ${new Date().toISOString().slice(0, 10)}.xlsx`);
  const saved = path.join(app.dir, file.suggestedFilename());
  await file.saveAs(saved);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Quote']);
  const text: string[] = [];
  const numbers: number[] = [];
  wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => {
    text.push(String(c.text));
    const v = c.value;
    if (typeof v === 'number') numbers.push(v);
    else if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') numbers.push(v.result);
  }));
  const all = text.join(' ');
  expect(all).toContain('bluebird.example');
  // For the customer: our price and totals, never what it costs us nor the margin.
  expect(all).not.toMatch(/margin|cost|vendor/i);
  expect(numbers).toEqual(expect.arrayContaining([n, 1.75, 12, (n * 175) / 100, (n * 175 * 12) / 100]));
  expect(numbers).not.toContain(1);

  // The License screen's domain row leads to the same screen, prefilled with that domain.
  await goToMonth(page);
  await licenseRow(page, 'DEMO7-T9HVE-3LQMX-JW6RA').click();
  const cedar = domains.find((d) => d.domain === 'cedar.example')!;
  await page.getByTestId('domains-table').getByRole('button', { name: 'Quote for cedar.example' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quote', exact: true })).toBeVisible();
  await expect(basis).toHaveValue('domain:DEMO7-T9HVE-3LQMX-JW6RA:cedar.example');
  await expect(field('Customer')).toHaveValue('cedar.example');
  await expect(field('Mailboxes')).toHaveValue(String(cedar.billed));
  // What was typed stays: months and price.
  await expect(field('Months')).toHaveValue('12');
  await expect(row('revenue').nth(0)).toHaveText(cents(cedar.billed * 175));

  // …and its "Quote…" button with the license's billable count.
  const demo7 = app.preview('2026-10').licenses.find((l) => l.license === 'DEMO7-T9HVE-3LQMX-JW6RA')!;
  await goToMonth(page);
  await licenseRow(page, 'DEMO7-T9HVE-3LQMX-JW6RA').click();
  await page.getByRole('button', { name: 'Quote…', exact: true }).click();
  await expect(basis).toHaveValue('license:DEMO7-T9HVE-3LQMX-JW6RA');
  await expect(field('Mailboxes')).toHaveValue(String(demo7.billable));
  await expect(field('Customer')).toHaveValue('hosted.wingtip.example');
});
