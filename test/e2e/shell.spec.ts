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

test('when the core has stopped, the Month screen says why instead of "Loading…", and restarts it', async ({ page, app }) => {
  // A desktop-like window.flex (what the Electron preload gives) whose core
  // worker could not start: every call rejects with the reason, as the core
  // client answers, until the person restarts it; then calls reach the host.
  await page.addInitScript(() => {
    const w = window as unknown as { flex: unknown; restarts: number };
    w.restarts = 0;
    const stopped = { kind: 'internal', message: "The app's core stopped: This database was made by a newer version of Flex Billing (schema 9; this version knows 3). Update the app." };
    const call = async (name: string, input: unknown) => {
      if (w.restarts === 0) throw stopped;
      const res = await fetch(`/api/call/${name}`, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input ?? {}) });
      const reply = (await res.json()) as { ok: boolean; result?: unknown; error?: unknown };
      if (!reply.ok) throw reply.error;
      return reply.result;
    };
    w.flex = {
      host: 'electron',
      version: '0.0.0-test',
      call,
      importFiles: () => Promise.reject(stopped),
      exportInvoice: () => Promise.reject(stopped),
      importVendorInvoice: () => Promise.reject(stopped),
      exportQuote: () => Promise.reject(stopped),
      restartCore: async () => {
        w.restarts++;
      },
      onMenu: () => () => undefined,
    };
  });
  await app.open(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("The app's core stopped: This database was made by a newer version of Flex Billing");
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await alert.getByRole('button', { name: 'Restart the app’s core' }).click();
  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { restarts: number }).restarts)).toBe(1);
});
