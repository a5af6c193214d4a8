// Importing through the screens gives the month the command line computes, and
// the license screen shows how each figure came about.
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goToMonth, shownTotals, licenseRow, usd, count } from './fixtures';

const FILES = ['counts-plain.csv', 'counts-rows.json', 'mailbox-rows.csv', 'counts-with-title-row.xlsx', 'counts-one-license-preamble.csv'];

test('imported files show the month the command line computes', async ({ page, app }) => {
  await app.open(page);
  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();

  await importFiles(page, FILES.map((f) => path.join(FIXTURES, f)));
  await expectOutcomes(page, Object.fromEntries(FILES.map((f) => [f, 'imported'] as const)));

  await goToMonth(page);
  await expect(page.locator('h1')).toHaveText('October 2026');
  const preview = app.preview('2026-10');
  expect(preview.licenses.length).toBeGreaterThanOrEqual(10);

  // The totals.
  expect(await shownTotals(page)).toEqual({
    licenses: count(preview.totals.licenses),
    billable: count(preview.totals.billable),
    amount: usd(preview.totals.amount),
  });
  await expect(page.getByTestId('rule-line')).toHaveText('The 2 highest days are dropped · rate $1.00');
  await expect(page.getByTestId('row-count')).toHaveText(`${preview.licenses.length} licenses`);

  // Every row's figures, and the dates of a few.
  for (const l of preview.licenses) {
    const cells = licenseRow(page, l.license).locator('td');
    await expect(cells.nth(0)).toHaveText(l.license);
    await expect(cells.nth(2)).toHaveText(`${l.daysReported}/${preview.daysInMonth}`);
    await expect(cells.nth(3)).toHaveText(l.peak === null ? '—' : count(l.peak));
    await expect(cells.nth(6)).toHaveText(count(l.billable));
    await expect(cells.nth(7)).toHaveText(usd(l.amount));
  }
  const plain = preview.licenses.find((l) => l.license === 'WK3DE-GZDPC-F54ER-F5DHQ')!;
  expect(plain.billable).toBe(2735); // test/fixtures/expected-2026-10.json
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  await expect(licenseRow(page, plain.license).locator('td').nth(4)).toHaveText(plain.dropped.map((d) => day(d.date)).join(', '));
  await expect(licenseRow(page, plain.license).locator('td').nth(5)).toHaveText(day(plain.billedDay!.date));

  // Sorting by billable: a number column's first click puts the highest first; the header says so and the rows follow.
  const billableHeader = page.locator('#license-table th', { hasText: 'Billable' });
  await billableHeader.getByRole('button').click();
  await expect(billableHeader).toHaveAttribute('aria-sort', 'descending');
  const top = [...preview.licenses].sort((a, b) => b.billable - a.billable || a.license.localeCompare(b.license))[0]!;
  await expect(page.locator('#license-table tbody tr[data-license]').first()).toHaveAttribute('data-license', top.license);
});

test('a license shows its dropped days and billed day, in the chart and the day table', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  await goToMonth(page);

  const preview = app.preview('2026-10');
  // A license with gaps shows every kind of day.
  const lic = [...preview.licenses].sort((a, b) => b.gaps.length - a.gaps.length)[0]!;

  // Open it with the keyboard: focus the first row, walk down to it, Enter.
  const keys = [...preview.licenses].map((l) => l.license).sort();
  await page.locator('#license-table tbody tr[data-license]').first().focus();
  for (let i = 0; i < keys.indexOf(lic.license); i++) await page.keyboard.press('ArrowDown');
  await expect(licenseRow(page, lic.license)).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('license-key')).toHaveText(lic.license);
  await expect(page.getByTestId('license-billable')).toHaveText(count(lic.billable));

  const table = page.getByTestId('day-table');
  await expect(table.locator('tbody tr')).toHaveCount(preview.daysInMonth);
  for (const d of lic.dropped) await expect(table.locator(`tr[data-date="${d.date}"]`)).toHaveAttribute('data-status', 'dropped');
  await expect(table.locator(`tr[data-date="${lic.billedDay!.date}"]`)).toHaveAttribute('data-status', 'billed');
  await expect(table.locator(`tr[data-date="${lic.billedDay!.date}"] td`).nth(2)).toHaveText('Billed day');
  await expect(table.locator('tr[data-status="dropped"]')).toHaveCount(lic.dropped.length);
  await expect(table.locator('tr[data-status="billed"]')).toHaveCount(1);
  await expect(table.locator('tr[data-status="gap"]')).toHaveCount(lic.gaps.length);
  for (const g of lic.gaps) await expect(table.locator(`tr[data-date="${g}"] td`).nth(1)).toHaveText('');
  await expect(table.locator(`tr[data-date="${lic.billedDay!.date}"] td`).nth(3)).toContainText('counts-plain.csv');

  // The chart: a bar per reported day, dropped days and the billed day in their own class.
  const chart = page.getByTestId('daily-chart');
  await expect(chart.locator('path.bar-dropped')).toHaveCount(lic.dropped.length);
  await expect(chart.locator('path.bar-billed')).toHaveCount(1);
  await expect(chart.locator('path.bar-counted')).toHaveCount(lic.daysReported - lic.dropped.length - 1);
  const fills = await chart.evaluate((el) => ['counted', 'dropped', 'billed'].map((s) => getComputedStyle(el.querySelector(`path.bar-${s}`)!).fill));
  expect(new Set(fills).size).toBe(3);
  await expect(chart.locator(`path.bar-billed[data-date="${lic.billedDay!.date}"]`)).toHaveCount(1);
  await expect(chart.locator('.billable-label')).toHaveText(`Billable ${count(lic.billable)}`);
  await expect(chart.locator('.gap-area')).toHaveCount(lic.gaps.length);
  await expect(chart.getByText('Dropped', { exact: true })).toBeVisible();
  await expect(chart.getByText('Billed day', { exact: true })).toBeVisible();

  // The last twelve months, this one with its billable count.
  await expect(page.getByTestId('history-table').locator('tr[aria-current="true"] td').nth(1)).toHaveText(count(lic.billable));

  // Editing the details: a bad version is refused with the api's sentence; a good one is kept.
  const details = page.getByRole('region', { name: 'Details' });
  await details.getByLabel('Version').fill('twelve');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByRole('alert')).toContainText('version');
  await details.getByLabel('Version').fill('100.0.9126');
  await details.getByLabel('Edition').selectOption('Enterprise');
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(details.getByRole('status')).toHaveText('Saved');
  await expect(page.getByRole('region', { name: 'License details' })).toContainText('100.0.9126');
  const r = app.cli('licenses', '--json');
  const saved = (JSON.parse(r.stdout) as { key: string; version: string | null }[]).find((l) => l.key === lic.license);
  expect(saved?.version).toBe('100.0.9126');
});
