// The page is never blocked while a large file imports through the browser host
// (issue 13): the ISP month of mailbox rows (60 licenses × 2,000 mailboxes × 31
// days, ~160 MB) is imported while a PerformanceObserver records every long task
// (over 50 ms) on the page; none may last over 100 ms. FLEXBILL_E2E_LICENSES makes
// the file smaller while developing.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, importFiles } from './fixtures';

const LICENSES = Number(process.env.FLEXBILL_E2E_LICENSES ?? 60);
const MAILBOXES = 2000;

function writeMonth(file: string): number {
  const fd = fs.openSync(file, 'w');
  let rows = 0;
  try {
    fs.writeSync(fd, 'license,date,email\n');
    for (let l = 0; l < LICENSES; l++) {
      const key = `ISP${String(l).padStart(3, '0')}-GZDPC-F54ER-F5DHQ`;
      for (let d = 1; d <= 31; d++) {
        const date = `2026-10-${String(d).padStart(2, '0')}`;
        const parts: string[] = [];
        for (let m = 0; m < MAILBOXES; m++) {
          if ((m * 7 + d * 13 + l) % 6 === 0) continue;
          parts.push(`${key},${date},u${m}@c${m % 20}.example\n`);
        }
        rows += parts.length;
        fs.writeSync(fd, parts.join(''));
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return rows;
}

test('the page stays responsive while the ISP month imports: no long task over 100 ms', async ({ page, app }) => {
  test.setTimeout(300_000);
  const file = path.join(app.dir, 'isp-month.csv');
  writeMonth(file);
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await app.open(page);
  // Only what happens from the import on counts: the first screen's own loading is not the import.
  await page.evaluate(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
  });
  const t0 = Date.now();
  await importFiles(page, [file]);
  await expect(page.getByTestId('import-results').locator('li[data-file="isp-month.csv"]')).toHaveAttribute('data-status', 'imported', { timeout: 240_000 });
  const seconds = (Date.now() - t0) / 1000;
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const longest = Math.max(0, ...longTasks);
  console.log(`ISP month through the browser host: ${seconds.toFixed(1)} s, ${longTasks.length} long tasks, the longest ${longest.toFixed(0)} ms`);
  expect(longest).toBeLessThanOrEqual(100);
  expect(app.preview('2026-10').licenses).toHaveLength(LICENSES);

  // The observer does see a long task: a timer that keeps the page busy for 150 ms is one.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const t = performance.now();
          while (performance.now() - t < 150) {
            /* busy */
          }
          resolve();
        }, 0);
      }),
  );
  await expect.poll(() => page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks))).toBeGreaterThan(140);
});
