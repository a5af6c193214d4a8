// Issue 9 through the screens: a file whose dates read both ways is not guessed (the
// app asks, the computer's own order preselected); a license typed by hand is checked,
// a new one confirmed, the field cleared; a file given to the wrong license can be
// imported again as another.
import path from 'node:path';
import { test, expect, FIXTURES, importFiles, expectOutcomes, goTo } from './fixtures';

const REAL = path.join(FIXTURES, 'real');

test.describe('on a British computer', () => {
  test.use({ locale: 'en-GB' });

  test('one ambiguous date: both readings are shown, day first is preselected, and the choice is imported', async ({ page, app }) => {
    await app.open(page);
    await importFiles(page, [path.join(REAL, 'lo-one-ambiguous-date.csv')]);
    const dialog = page.getByRole('dialog', { name: 'Which order are the dates in?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('05/10/2026');
    const choices = dialog.getByTestId('date-order');
    await expect(choices.getByRole('radio', { name: /Day first/ })).toBeChecked();
    await expect(choices.getByRole('radio', { name: /Day first/ })).toHaveAccessibleName(/5 Oct 2026|Oct 5, 2026|05\/10\/2026/);
    await expect(choices.getByRole('radio', { name: /Month first/ })).toHaveAccessibleName(/10 May 2026|May 10, 2026|10\/05\/2026/);
    expect(JSON.parse(app.cli('licenses', '--json').stdout)).toEqual([]);
    await dialog.getByRole('button', { name: 'Import with this order' }).click();
    await expect(dialog).toBeHidden();
    await expectOutcomes(page, { 'lo-one-ambiguous-date.csv': 'imported' });
    const preview = app.preview('2026-10');
    expect(preview.licenses.map((l) => [l.license, l.billable])).toEqual([['ZRH01-W8KXN-2PLQA-4MTSV', 77]]);
  });
});

test('on a US computer month first is preselected; "Don’t import" imports nothing', async ({ page, app }) => {
  await app.open(page);
  await importFiles(page, [path.join(REAL, 'lo-one-ambiguous-date.csv')]);
  const dialog = page.getByRole('dialog', { name: 'Which order are the dates in?' });
  await expect(dialog.getByRole('radio', { name: /Month first/ })).toBeChecked();
  await dialog.getByRole('button', { name: 'Don’t import' }).click();
  await expect(dialog).toBeHidden();
  await expectOutcomes(page, { 'lo-one-ambiguous-date.csv': 'rejected' });
  expect(JSON.parse(app.cli('licenses', '--json').stdout)).toEqual([]);
});

test('a license typed by hand: no "hello world", a new key confirmed, the field cleared, and a wrong one put right', async ({ page, app }) => {
  const rows = ['date,count', ...Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')},${200 + i}`)];
  const file = await app.writeFile('no-license.csv', `${rows.join('\n')}\n`);
  await app.open(page);
  await goTo(page, 'Imports');
  const field = page.getByTestId('import-license');

  await field.fill('hello world');
  await importFiles(page, [file]);
  await expect(page.locator('.toasts')).toContainText('is not a license key');
  expect(JSON.parse(app.cli('imports', '--json').stdout)).toEqual([]);

  await field.fill('WRONG-00001');
  await importFiles(page, [file]);
  const confirm = page.getByRole('dialog', { name: 'A new license?' });
  await expect(confirm).toContainText('WRONG-00001');
  await confirm.getByRole('button', { name: 'Create license and import' }).click();
  await expectOutcomes(page, { 'no-license.csv': 'imported' });
  await expect(field).toHaveValue('');
  await expect(page.getByTestId('import-results')).toContainText('New license WRONG-00001');

  // The same file again, meant for another license: the app offers to put it right.
  await field.fill('RIGHT-00001');
  await importFiles(page, [file]);
  await page.getByRole('dialog', { name: 'A new license?' }).getByRole('button', { name: 'Create license and import' }).click();
  await expectOutcomes(page, { 'no-license.csv': 'duplicate' });
  await page.getByTestId('reimport').click();
  const choose = page.getByRole('dialog', { name: 'Import again as another license' });
  await expect(choose.getByTestId('license-choice')).toHaveValue('RIGHT-00001');
  await choose.getByTestId('license-choice').fill('WRONG-00001');
  await expect(choose.getByRole('button', { name: 'Import again' })).toBeDisabled();
  await choose.getByTestId('license-choice').fill('RIGHT-00001');
  await expect(choose.getByRole('button', { name: 'Import again' })).toBeDisabled();
  await choose.getByTestId('confirm-new-license').check();
  await choose.getByRole('button', { name: 'Import again' }).click();
  await expectOutcomes(page, { 'no-license.csv': 'imported' });
  const preview = app.preview('2026-10');
  expect(preview.licenses.map((l) => [l.license, l.billable])).toEqual([['RIGHT-00001', 228]]);
});
