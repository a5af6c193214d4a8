// Imports through the screens: a bad file is refused whole with its line, and
// an import can be undone (after a confirmation) to give the figures back.
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goToMonth, goTo, shownTotals, licenseRow, usd, count } from './fixtures';

const BAD = [
  'license_key,date,eas_mailboxes',
  'BADFILE-00001,2026-10-01,120',
  'BADFILE-00001,2026-10-02,lots',
  'BADFILE-00001,2026-10-03,121',
  '',
].join('\n');

test('a bad file shows its line-numbered error and changes nothing', async ({ page, app }) => {
  const bad = await app.writeFile('bad-counts.csv', BAD);
  await app.open(page);

  // On an empty database: rejected, and still no month.
  await importFiles(page, [bad]);
  await expectOutcomes(page, { 'bad-counts.csv': 'rejected' });
  const job = page.getByTestId('import-results').locator('li[data-file="bad-counts.csv"]');
  await expect(job).toContainText('line 3');
  await expect(job).toContainText('lots');
  await expect(job).not.toContainText(/\bat \w+ \(|node:internal|\.ts:\d+/); // no stack
  await expect(page.getByTestId('import-history').locator('tr[data-status="rejected"]')).toContainText('line 3');
  expect(JSON.parse(app.cli('licenses', '--json').stdout)).toEqual([]);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Month', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();

  // Beside a good file in the same import: the good one lands, the figures are the good one's alone.
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv'), bad]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported', 'bad-counts.csv': 'rejected' });
  await goToMonth(page);
  const before = await shownTotals(page);
  const preview = app.preview('2026-10');
  expect(before.amount).toBe(usd(preview.totals.amount));
  expect(preview.licenses.map((l) => l.license)).not.toContain('BADFILE-00001');
  await expect(licenseRow(page, 'BADFILE-00001')).toHaveCount(0);

  // And again on its own: totals unchanged.
  await importFiles(page, [bad]);
  await expectOutcomes(page, { 'bad-counts.csv': 'rejected' });
  await goToMonth(page);
  expect(await shownTotals(page)).toEqual(before);
});

test('undo asks first, then gives the figures back', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  await goToMonth(page);
  const before = await shownTotals(page);
  const original = app.preview('2026-10');

  // A later file that reports one license's October again, 100 higher each day:
  // it replaces those days, and its billable count goes up by 100.
  const lic = original.licenses[0]!;
  const rows = ['license_key,date,eas_mailboxes'];
  for (let d = 1; d <= 31; d++) {
    const date = `2026-10-${String(d).padStart(2, '0')}`;
    if (lic.gaps.includes(date)) continue;
    rows.push(`${lic.license},${date},${2000 + d}`);
  }
  const later = await app.writeFile('later.csv', rows.join('\n') + '\n');
  await importFiles(page, [later]);
  await expectOutcomes(page, { 'later.csv': 'imported' });
  await goToMonth(page);
  const changed = app.preview('2026-10');
  expect(changed.totals.amount).not.toBe(original.totals.amount);
  await expect(page.getByTestId('total-amount')).toHaveText(usd(changed.totals.amount));
  await expect(licenseRow(page, lic.license).locator('td').nth(6)).toHaveText(count(changed.licenses.find((l) => l.license === lic.license)!.billable));

  // Undo: the dialog opens with Cancel focused; Cancel changes nothing.
  await goTo(page, 'Imports');
  const history = page.getByTestId('import-history');
  const row = history.locator('tr', { hasText: 'later.csv' });
  await row.getByRole('button', { name: /^Undo import/ }).click();
  const dialog = page.getByRole('dialog', { name: /Undo import #\d+\?/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog).toContainText('later.csv');
  await page.keyboard.press('Enter'); // Enter on the focused Cancel
  await expect(dialog).toBeHidden();
  await expect(row).toHaveAttribute('data-status', 'imported');
  expect(app.preview('2026-10').totals).toEqual(changed.totals);

  // Undo for real.
  await row.getByRole('button', { name: /^Undo import/ }).click();
  await dialog.getByRole('button', { name: 'Undo import' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveAttribute('data-status', 'undone');
  await expect(row.getByRole('button', { name: /^Undo import/ })).toHaveCount(0);

  await goToMonth(page);
  expect(await shownTotals(page)).toEqual(before);
  expect(app.preview('2026-10').totals).toEqual(original.totals);
  await expect(licenseRow(page, lic.license).locator('td').nth(6)).toHaveText(count(lic.billable));
});

test('the same file twice is a duplicate, not an error', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-rows.json')]);
  await expectOutcomes(page, { 'counts-rows.json': 'imported' });
  await importFiles(page, [path.join(FIXTURES, 'counts-rows.json')]);
  await expectOutcomes(page, { 'counts-rows.json': 'duplicate' });
  await expect(page.getByTestId('import-results').locator('li[data-file="counts-rows.json"]')).toContainText('already imported');
  await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(2);
});

test('files dropped anywhere on the window are imported', async ({ page, app }) => {
  await app.open(page);
  const content = 'license_key,date,eas_mailboxes\nDROP-00001,2026-10-01,40\nDROP-00001,2026-10-02,42\nDROP-00001,2026-10-03,41\n';
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, content);
  // Onto the empty state's text, not a drop zone: the whole window takes files.
  const target = page.getByRole('heading', { name: 'No usage imported yet' });
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop to import')).toBeVisible();
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByText('Drop to import')).toBeHidden();
  await expectOutcomes(page, { 'dropped.csv': 'imported' });
  const preview = app.preview('2026-10');
  expect(preview.licenses.map((l) => [l.license, l.billable])).toEqual([['DROP-00001', 40]]);
});
