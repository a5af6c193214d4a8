// Backups from the Settings screen (SPEC §13), in the browser host: a backup is
// downloaded, a month closing makes an automatic one that is listed, and a restore
// of the downloaded file (after a confirmation) brings the data back as it was.
import path from 'node:path';
import { test, expect, FIXTURES, goTo, importFiles, expectOutcomes } from './fixtures';

test('back up, close a month (an automatic backup), import more, restore: the data is as it was', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'Load sample data' }).click();
  await expect(page.locator('h1')).toHaveText('October 2026');
  const before = app.preview('2026-10');
  const licenses = () => (JSON.parse(app.cli('licenses', '--json').stdout) as unknown[]).length;
  const licensesBefore = licenses();

  await goTo(page, 'Settings');
  const card = page.getByTestId('backups');
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Back up…' }).click();
  const saved = path.join(app.dir, 'saved-backup.db');
  await (await download).saveAs(saved);
  await expect(page.locator('.toasts')).toContainText('Backup downloaded');

  // A closing is backed up first: the list shows it.
  expect(app.cli('close', '--month', '2026-10').status).toBe(0);
  await page.reload();
  await goTo(page, 'Settings');
  await expect(card.getByTestId('automatic-backups')).toContainText('before-closing-2026-10');

  // More data lands; the restore of the saved backup takes it back out.
  await importFiles(page, [path.join(FIXTURES, 'counts-plain.csv')]);
  await expectOutcomes(page, { 'counts-plain.csv': 'imported' });
  expect(licenses()).toBeGreaterThan(licensesBefore);
  await goTo(page, 'Settings');
  const chooser = page.waitForEvent('filechooser');
  await card.getByRole('button', { name: 'Restore…' }).click();
  await (await chooser).setFiles(saved);
  const confirm = page.getByRole('dialog', { name: 'Replace the data with this backup?' });
  await confirm.getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.toasts')).toContainText('Restored from saved-backup.db');
  expect(licenses()).toBe(licensesBefore);
  const after = app.preview('2026-10');
  expect(after.licenses).toEqual(before.licenses);
  expect(JSON.parse(app.cli('preview', '--month', '2026-10', '--json').stdout)).not.toHaveProperty('closed');
  await expect(card.getByTestId('automatic-backups')).toContainText('before-restore');
});
