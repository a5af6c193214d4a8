// The Servers screen against the SmarterMail stand-in (test/servers/stand-in.ts):
// add a server (a wrong password refused, a self-signed certificate trusted after
// seeing it), collect now, domains at their limit flagged, a limit set and EAS
// switched off after a confirmation that says the bill already counts them, a patch
// the server ignores shown as not verified, the audit log.
import { test, expect } from './fixtures';
import { StandIn } from '../servers/stand-in';

const PASSWORD = 'E2e-Walrus-91!pw';

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('servers: add, collect now, limits, EAS off with confirmation, audit log', async ({ page, app }) => {
  const standIn = await StandIn.start({
    password: PASSWORD,
    domains: {
      'alpha.example': { accounts: [{ emailAddress: 'Alice@Alpha.example' }, { emailAddress: 'bob@alpha.example' }, { emailAddress: 'old@alpha.example', isActive: false }], maxActiveSyncAccounts: 2 },
      'beta.example': { accounts: [{ emailAddress: 'carol@beta.example' }] },
      'locked.example': { accounts: [{ emailAddress: 'dave@locked.example' }], enableActiveSyncAccountManagement: false },
    },
  });
  try {
    await app.open(page);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Servers', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Servers', exact: true })).toBeVisible();

    // A wrong password is refused with the server's sentence.
    await page.getByTestId('server-name').fill('mail01');
    await page.getByTestId('server-license').fill('EAS-KEY-01');
    await page.getByTestId('server-url').fill(standIn.url);
    await page.getByTestId('server-password').fill('wrong-password');
    await page.getByTestId('server-fingerprint').fill(standIn.fingerprint!);
    await page.getByRole('button', { name: 'Add server' }).click();
    await expect(page.getByTestId('add-server-error')).toHaveText('mail01: signing in failed: the server refused the user name or password ("Invalid username or password.").');

    // The right one, without a fingerprint: the certificate is shown, then trusted.
    await page.getByTestId('server-password').fill(PASSWORD);
    await page.getByTestId('server-fingerprint').fill('');
    await page.getByRole('button', { name: 'Add server' }).click();
    await expect(page.getByTestId('add-server-error')).toContainText(`if ${standIn.fingerprint} is the SHA-256 fingerprint of the server's own certificate`);
    await page.getByRole('button', { name: 'Trust this certificate' }).click();
    const row = page.locator('[data-testid="servers"] tr[data-server="mail01"]');
    await expect(row).toContainText('certificate pinned');
    await expect(row.getByTestId('last-collection')).toHaveText('Not collected yet');

    // Collect now: the day lands as an import and in the month's figures.
    await row.getByRole('button', { name: 'Collect now from mail01' }).click();
    const today = localToday();
    // The day in the screens' one date style (en-US here): "Dec 1, 2026".
    const shown = new Date(`${today}T00:00:00Z`).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    await expect(row.getByTestId('last-collection')).toHaveText(`${shown}: 4 mailboxes in 3 domains`);
    const preview = app.preview(today.slice(0, 7));
    expect(preview.licenses.map((l) => [l.license, l.billable])).toEqual([['EAS-KEY-01', 4]]);

    // Limits: alpha.example is at its limit.
    await row.getByRole('button', { name: 'Limits of mail01' }).click();
    const limits = page.getByTestId('limits');
    await expect(limits.locator('tr[data-domain="alpha.example"]')).toHaveAttribute('data-limit-state', 'at');
    await expect(limits.locator('tr[data-domain="alpha.example"]')).toContainText('at limit');
    await expect(limits.locator('tr[data-domain="beta.example"]')).toHaveAttribute('data-limit-state', 'ok');

    // Set a limit: confirmed, read back, logged.
    await limits.getByRole('button', { name: 'Set the limit of beta.example' }).click();
    const limitDialog = page.getByRole('dialog', { name: 'EAS limit of beta.example' });
    await expect(limitDialog).toContainText('there is no proration');
    await limitDialog.getByTestId('new-limit').fill('1');
    await limitDialog.getByRole('button', { name: 'Set limit' }).click();
    await expect(limits.locator('tr[data-domain="beta.example"]')).toHaveAttribute('data-limit-state', 'at');
    expect(standIn.domains.get('beta.example')!.maxActiveSyncAccounts).toBe(1);
    const log = page.getByTestId('audit-log');
    await expect(log.locator('tr').nth(1)).toContainText('beta.example: maxActiveSyncAccounts none → 1');
    await expect(log.locator('tr').nth(1)).toHaveAttribute('data-verified', 'yes');

    // EAS off for a picked mailbox, after a confirmation that the bill already counts it.
    await limits.getByRole('button', { name: 'Mailboxes of alpha.example' }).click();
    const boxes = page.getByTestId('mailboxes');
    await boxes.getByRole('checkbox', { name: 'bob@alpha.example' }).check();
    await boxes.getByRole('button', { name: 'Switch EAS off for 1 mailbox…' }).click();
    const easDialog = page.getByRole('dialog', { name: 'Switch EAS off for 1 mailbox?' });
    await expect(easDialog.getByTestId('no-proration')).toHaveText('This month’s bill already counts these mailboxes: there is no proration. The change lowers only the days still to come.');
    await easDialog.getByRole('button', { name: 'Switch EAS off' }).click();
    await expect(log.locator('tr').nth(1)).toContainText('alpha.example: EAS off for bob@alpha.example');
    await expect(log.locator('tr').nth(1)).toHaveAttribute('data-verified', 'yes');
    expect(standIn.activeOf('alpha.example')).toEqual(['alice@alpha.example']);
    await expect(limits.locator('tr[data-domain="alpha.example"]')).toHaveAttribute('data-limit-state', 'ok');

    // A domain that ignores the patch: shown as not verified, with why.
    await limits.getByRole('button', { name: 'Mailboxes of locked.example' }).click();
    await boxes.getByRole('checkbox', { name: 'dave@locked.example' }).check();
    await boxes.getByRole('button', { name: 'Switch EAS off for 1 mailbox…' }).click();
    await page.getByRole('dialog', { name: 'Switch EAS off for 1 mailbox?' }).getByRole('button', { name: 'Switch EAS off' }).click();
    await expect(log.locator('tr').nth(1)).toHaveAttribute('data-verified', 'no');
    await expect(log.locator('tr').nth(1)).toContainText('enableActiveSyncAccountManagement is off');

    // A second server whose collection fails today: the Month screen says so at the top.
    await page.getByTestId('server-name').fill('mail02');
    await page.getByTestId('server-license').fill('EAS-KEY-02');
    await page.getByTestId('server-url').fill(standIn.url);
    await page.getByTestId('server-password').fill(PASSWORD);
    await page.getByTestId('server-fingerprint').fill(standIn.fingerprint!);
    await page.getByRole('button', { name: 'Add server' }).click();
    const row2 = page.locator('[data-testid="servers"] tr[data-server="mail02"]');
    await expect(row2).toBeVisible();
    standIn.domains.get('beta.example')!.fault = { kind: 'always-fail' };
    await row2.getByRole('button', { name: 'Collect now from mail02' }).click();
    await expect(row2.getByTestId('last-collection')).toContainText('failed', { timeout: 30_000 });
    await expect(row2.getByTestId('last-collection')).toContainText('mail02, domain beta.example: reading its ActiveSync mailboxes failed');
    delete standIn.domains.get('beta.example')!.fault;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Month', exact: true }).click();
    await expect(page.getByTestId('collection-failed')).toHaveCount(1);
    await expect(page.getByTestId('collection-failed')).toContainText('Today’s collection from mail02 (license EAS-KEY-02) failed: mail02, domain beta.example');
    await page.locator('#license-table tr[data-license="EAS-KEY-01"]').click();
    await expect(page.getByTestId('collected-days')).toHaveText('Collected from mail01: 1 day.');
    // Beside the domain split: the limits, read from the server when asked, a domain at its limit flagged.
    const domainLimits = page.getByTestId('domain-limits');
    await domainLimits.getByRole('button', { name: 'Read limits from the server' }).click();
    await expect(domainLimits.locator('tr[data-domain="beta.example"]')).toContainText('at limit');
    await expect(domainLimits.locator('tr[data-domain="alpha.example"]')).not.toContainText('limit');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Servers', exact: true }).click();
    await expect(row.getByTestId('last-collection')).toBeVisible();

    // The daily collection's time is kept.
    await page.getByTestId('daily-time').fill('23:30');
    await page.getByRole('region', { name: 'Every day' }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('daily-state')).toHaveText('Collects every server at 23:30');

    // The password is nowhere on the page.
    expect(await page.content()).not.toContain(PASSWORD);

    // Remove: asked first.
    await row.getByRole('button', { name: 'Remove mail01' }).click();
    await page.getByRole('dialog', { name: 'Remove mail01?' }).getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0);
    await expect(row2).toBeVisible();
  } finally {
    await standIn.close();
  }
});
