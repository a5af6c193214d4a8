// Export from the Month screen: the browser downloads the workbook the host made;
// read back, it carries the month's figures.
import ExcelJS from 'exceljs';
import path from 'node:path';
import { test, expect, goToMonth, shownTotals, usd } from './fixtures';

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object' && 'result' in v) return v.result;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return v;
}

test('Export invoice… downloads the month’s workbook', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  await goToMonth(page);
  const preview = app.preview('2026-10');
  expect((await shownTotals(page)).amount).toBe(usd(preview.totals.amount));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export invoice…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('flex-billing-invoice-2026-10.xlsx');
  const saved = path.join(app.dir, file.suggestedFilename());
  await file.saveAs(saved);
  await expect(page.getByRole('status').filter({ hasText: 'Invoice downloaded' })).toContainText('flex-billing-invoice-2026-10.xlsx');

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Summary', 'Daily', 'Sources']));
  const summary = wb.getWorksheet('Summary')!;

  // The header row, then one row per license sorted by license, then Total.
  let header = 0;
  summary.eachRow((row, n) => {
    if (!header && cellValue(row.getCell(1).value) === 'License') header = n;
  });
  expect(header).toBeGreaterThan(0);
  const columns = (summary.getRow(header).values as ExcelJS.CellValue[]).slice(1, 9).map(cellValue);
  expect(columns).toEqual(['License', 'Name', 'Days reported', 'Peak', 'Dropped days', 'Billable mailboxes', 'Rate', 'Amount']);

  const keys = preview.licenses.map((l) => l.license).sort();
  keys.forEach((key, i) => {
    const row = summary.getRow(header + 1 + i);
    expect(cellValue(row.getCell(1).value)).toBe(key);
    const lic = preview.licenses.find((l) => l.license === key)!;
    expect(Number(cellValue(row.getCell(6).value))).toBe(lic.billable);
    expect(Number(cellValue(row.getCell(8).value))).toBeCloseTo(Number(lic.amount), 2);
  });
  const total = summary.getRow(header + 1 + keys.length);
  expect(cellValue(total.getCell(1).value)).toBe('Total');
  expect(Number(cellValue(total.getCell(8).value))).toBeCloseTo(Number(preview.totals.amount), 2);

  // The month picker: the other month of the sample, with its own figures.
  await page.getByRole('combobox', { name: 'Month' }).selectOption('2026-09');
  await expect(page.locator('h1')).toHaveText('September 2026');
  const september = app.preview('2026-09');
  await expect(page.getByTestId('total-amount')).toHaveText(usd(september.totals.amount));
  expect(september.totals.amount).not.toBe(preview.totals.amount);
});
