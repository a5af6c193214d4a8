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
  await expect(page.getByTestId('import-history').locator('tbody tr[data-import-id]')).toHaveCount(2);
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

test('where the host has a system file dialog, Import files… and the menu use it instead of the file input', async ({ page, app }) => {
  // A desktop-like window.flex (what the Electron preload gives), standing in for
  // the system dialog: each "pick" is the next queued file, uploaded to the same
  // host; an empty queue is the person pressing Cancel. Everything else goes to
  // the host as the browser client does.
  await page.addInitScript(() => {
    type Outcome = { file: string; status: string; message: string };
    type Progress = { fileIndex: number; fileCount: number; file: string; bytesRead: number; totalBytes: number };
    const w = window as unknown as {
      flex: unknown;
      dialogQueue: { name: string; text: string }[][];
      dialogCalls: number;
      menu: ((c: string) => void) | null;
    };
    w.dialogQueue = [];
    w.dialogCalls = 0;
    w.menu = null;
    const post = async (url: string, body: BodyInit, type: string) => {
      const res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': type }, body });
      const reply = (await res.json()) as { ok: boolean; result?: unknown; error?: { kind: string; message: string } };
      // Rejected as the preload rejects: with the error's kind and sentence.
      if (!reply.ok) throw reply.error;
      return reply.result;
    };
    w.flex = {
      host: 'electron',
      version: '0.0.0-test',
      call: (name: string, input: unknown) => post(`/api/call/${name}`, JSON.stringify(input ?? {}), 'application/json'),
      importFiles: () => Promise.reject(new Error('The test expected the dialog, not files from the page.')),
      importWithDialog: async (_license: string | undefined, onProgress: (p: Progress) => void) => {
        w.dialogCalls++;
        const files = w.dialogQueue.shift();
        if (!files) return null;
        const outcomes: Outcome[] = [];
        for (const [i, f] of files.entries()) {
          onProgress({ fileIndex: i, fileCount: files.length, file: f.name, bytesRead: 0, totalBytes: f.text.length });
          await new Promise((r) => setTimeout(r, 50));
          onProgress({ fileIndex: i, fileCount: files.length, file: f.name, bytesRead: f.text.length, totalBytes: f.text.length });
          outcomes.push(...(await post(`/api/upload?name=${encodeURIComponent(f.name)}`, f.text, 'application/octet-stream')) as Outcome[]);
        }
        return outcomes;
      },
      exportInvoice: () => Promise.resolve(null),
      importVendorInvoice: () => Promise.reject(new Error('not in this test')),
      exportQuote: () => Promise.resolve(null),
      onMenu: (listener: (c: string) => void) => {
        w.menu = listener;
        return () => undefined;
      },
    };
  });
  await app.open(page);
  const chooserOpened = { value: false };
  page.on('filechooser', () => {
    chooserOpened.value = true;
  });
  const dialogCalls = () => page.evaluate(() => (window as unknown as { dialogCalls: number }).dialogCalls);
  const queue = (files: { name: string; text: string }[]) =>
    page.evaluate((f) => (window as unknown as { dialogQueue: unknown[] }).dialogQueue.push(f), files);

  // Cancelled: nothing happens, nothing is listed.
  await page.getByRole('button', { name: 'Import files…' }).click();
  await expect.poll(dialogCalls).toBe(1);
  await expect(page.getByRole('heading', { name: 'No usage imported yet' })).toBeVisible();

  // Two files picked: each has its row, its progress and its outcome.
  const good = 'license_key,date,eas_mailboxes\nDLG-00001,2026-10-01,30\nDLG-00001,2026-10-02,31\nDLG-00001,2026-10-03,32\n';
  const bad = 'license_key,date,eas_mailboxes\nDLG-00002,2026-10-01,many\n';
  await queue([{ name: 'picked.csv', text: good }, { name: 'picked-bad.csv', text: bad }]);
  await page.getByRole('button', { name: 'Import files…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeVisible();
  await expectOutcomes(page, { 'picked.csv': 'imported', 'picked-bad.csv': 'rejected' });
  const list = page.getByTestId('import-results');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list.locator('li').first()).toHaveAttribute('data-file', 'picked.csv');
  await expect(list.locator('li[data-file="picked-bad.csv"]')).toContainText('line 2');
  await expect(list.getByRole('progressbar', { name: 'picked.csv', exact: true })).toHaveAttribute('aria-valuenow', '100');
  expect(app.preview('2026-10').licenses.map((l) => l.license)).toEqual(['DLG-00001']);

  // The menu's Import command opens the dialog straight away.
  await goTo(page, 'Settings');
  await queue([{ name: 'from-menu.csv', text: good.replace(/DLG-00001/g, 'DLG-00003') }]);
  await page.evaluate(() => (window as unknown as { menu: (c: string) => void }).menu('import'));
  await expectOutcomes(page, { 'from-menu.csv': 'imported' });
  await expect(list.locator('li')).toHaveCount(1);
  expect(await dialogCalls()).toBe(3);
  expect(chooserOpened.value).toBe(false);
});

test('Cancel stops an import under way: nothing of that file, nor of those after it, is stored', async ({ page, app }) => {
  // A file big enough to watch, and an upload slowed down so Cancel lands mid-way.
  const rows = ['license_key,date,eas_mailboxes'];
  for (let l = 0; l < 400; l++) {
    for (let d = 1; d <= 31; d++) rows.push(`SLOW${String(l).padStart(4, '0')}-ABCDE-FGHIJ,2026-10-${String(d).padStart(2, '0')},${100 + ((l + d) % 17)}`);
  }
  const big = await app.writeFile('big-upload.csv', rows.join('\n') + '\n');
  await app.open(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 64 * 1024 });

  await importFiles(page, [big, path.join(FIXTURES, 'counts-plain.csv')]);
  const list = page.getByTestId('import-results');
  await expect(list.locator('li[data-file="big-upload.csv"]')).toHaveAttribute('data-status', 'uploading');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(list.locator('li[data-file="big-upload.csv"]')).toHaveAttribute('data-status', 'cancelled');
  await expect(list.locator('li[data-file="counts-plain.csv"]')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByRole('button', { name: 'Clear' })).toBeVisible();
  expect(JSON.parse(app.cli('licenses', '--json').stdout)).toEqual([]);
  expect(JSON.parse(app.cli('imports', '--json').stdout)).toEqual([]);
});
