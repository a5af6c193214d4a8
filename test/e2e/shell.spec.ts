// The window around the screens: the navigation and the About dialog, by keyboard.
import { test, expect } from './fixtures';

test('About shows the version in a dialog that Escape closes', async ({ page, app }) => {
  await app.open(page);
  await page.getByRole('button', { name: 'About' }).click();
  const dialog = page.getByRole('dialog', { name: 'About Flex Billing' });
  await expect(dialog).toContainText(/Version \d+\.\d+\.\d+/);
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('the navigation works from the keyboard', async ({ page, app }) => {
  await app.open(page);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Month', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('button', { name: 'Review', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('button', { name: 'Imports', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Imports', exact: true })).toHaveAttribute('aria-current', 'page');
  // The new screen's heading takes the focus; Tab goes on into that screen.
  await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('import-license')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Import files…' })).toBeFocused();
  await nav.getByRole('button', { name: 'Quote', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
});
