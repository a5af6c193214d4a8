// The end-to-end fixture: every test gets its own database in its own temp folder
// and its own `flexbill serve` on it, started as a child process and stopped after.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
/** The installed command (`flexbill`): it loads the bundled dist/cli.cjs and runs it. */
export const CLI = path.join(ROOT, 'bin', 'flexbill.cjs');

export interface PreviewJson {
  month: string;
  daysInMonth: number;
  droppedDays: number;
  rate: string;
  licenses: {
    license: string;
    name: string | null;
    daysReported: number;
    gaps: string[];
    peak: number | null;
    dropped: { date: string; count: number }[];
    billedDay: { date: string; count: number } | null;
    billable: number;
    amount: string;
    flags: unknown[];
  }[];
  totals: { licenses: number; billable: number; amount: string };
}

export interface FlexApp {
  /** The address `flexbill serve` printed, token included. */
  url: string;
  origin: string;
  token: string;
  port: number;
  dir: string;
  db: string;
  /** Runs the command line on the same database. */
  cli: (...args: string[]) => { status: number | null; stdout: string; stderr: string };
  preview: (month: string) => PreviewJson;
  /** Opens the app in the page and waits for the first screen. */
  open: (page: Page) => Promise<void>;
  /** Writes a file into the test's folder and returns its path. */
  writeFile: (name: string, content: string) => Promise<string>;
}

async function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`flexbill serve printed no address in 20 s.\n${out}\n${err}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Flex Billing is at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`flexbill serve exited (${code}) before printing its address.\n${out}\n${err}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

export const test = base.extend<{ app: FlexApp }>({
  // Playwright reads the fixtures a fixture needs from its first parameter; this one needs none.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flexbill-e2e-'));
    const db = path.join(dir, 'test.db');
    const child = spawn(process.execPath, [CLI, '--db', db, 'serve'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await waitForUrl(child);
      const u = new URL(url);
      const cli = (...args: string[]) => {
        const r = spawnSync(process.execPath, [CLI, '--db', db, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      await use({
        url,
        origin: u.origin,
        token: u.searchParams.get('token')!,
        port: Number(u.port),
        dir,
        db,
        cli,
        preview: (month) => {
          const r = cli('preview', '--month', month, '--json');
          if (r.status !== 0) throw new Error(`flexbill preview failed (${r.status}): ${r.stderr}`);
          return JSON.parse(r.stdout) as PreviewJson;
        },
        open: async (page) => {
          await page.goto(url);
          await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
          await expect(page.locator('h1')).toBeVisible();
        },
        writeFile: async (name, content) => {
          const file = path.join(dir, name);
          await fs.writeFile(file, content);
          return file;
        },
      });
    } finally {
      await stop(child);
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** "1250.00" → "$1,250.00", as the screens show money. */
export function usd(amount: string): string {
  const [units, cents] = amount.split('.');
  return `$${Number(units).toLocaleString('en-US')}.${cents ?? '00'}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Picks files with the "Import files…" button, as a person would (from the Imports screen if no button is in view). */
export async function importFiles(page: Page, files: string[]): Promise<void> {
  if ((await page.getByRole('button', { name: 'Import files…' }).count()) === 0) await goTo(page, 'Imports');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import files…' }).first().click();
  await (await chooser).setFiles(files);
}

/** Waits until the import in progress has an outcome for each of `names`. */
export async function expectOutcomes(page: Page, outcomes: Record<string, 'imported' | 'rejected' | 'duplicate'>): Promise<void> {
  const list = page.getByTestId('import-results');
  for (const [file, status] of Object.entries(outcomes)) {
    await expect(list.locator(`li[data-file="${file}"]`)).toHaveAttribute('data-status', status);
  }
}

export async function goToMonth(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Month', exact: true }).click();
  await expect(page.getByTestId('total-amount')).toBeVisible();
}

const HEADINGS = { Review: 'Vendor invoice review', Imports: 'Imports', Servers: 'Servers', Quote: 'Quote', Settings: 'Settings' } as const;

/** Opens a screen from the left navigation and waits for its heading. */
export async function goTo(page: Page, screen: keyof typeof HEADINGS): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: HEADINGS[screen], exact: true })).toBeVisible();
}

/** The Month screen's totals as shown. */
export async function shownTotals(page: Page): Promise<{ licenses: string; billable: string; amount: string }> {
  return {
    licenses: (await page.getByTestId('total-licenses').textContent()) ?? '',
    billable: (await page.getByTestId('total-billable').textContent()) ?? '',
    amount: (await page.getByTestId('total-amount').textContent()) ?? '',
  };
}

/** A row of the month's license table: [license, name, days, peak, dropped, billed day, billable, amount, flags]. */
export function licenseRow(page: Page, license: string) {
  return page.locator(`#license-table tr[data-license="${license}"]`);
}
