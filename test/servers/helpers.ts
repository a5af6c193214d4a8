import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { IsoMonth } from '../../app/billing/types';
import { openCore, type Core } from '../../app/core';
import { importFiles, type ImportOptions } from '../../app/domains/imports';
import { monthsInfo, preview } from '../../app/domains/months';
import { collectorHost } from '../../app/domains/servers';
import type { Clock } from '../../app/servers/clock';
import { ServersDomain, type ServersOptions } from '../../app/servers/service';
import { tempDir } from '../helpers/tmp';
import { StandIn, type StandInOptions } from './stand-in';

/** A password no test data contains, to look for in every byte written. */
export const PASSWORD = 'Zebra-7f3#Quartz-pw';

const running: StandIn[] = [];
/** The core with the few reads these tests make of it, called as plain functions. */
export function coreApi(dbPath: string) {
  const core: Core & { close(): void } = openCore(dbPath);
  return {
    ...collectorHost(core),
    core,
    importFiles: (paths: string[], options?: ImportOptions) => importFiles(core, paths, options),
    imports: () => core.store.imports.list(),
    licenses: () => core.store.licenses.list(),
    preview: (month: string) => preview(core, month as IsoMonth),
    months: () => monthsInfo(core),
    close: () => core.close(),
  };
}

const opened: ReturnType<typeof coreApi>[] = [];
afterEach(async () => {
  while (opened.length) opened.pop()!.close();
  while (running.length) await running.pop()!.close();
});

export async function standIn(options: Partial<StandInOptions> & Pick<StandInOptions, 'domains'>): Promise<StandIn> {
  const s = await StandIn.start({ password: PASSWORD, ...options });
  running.push(s);
  return s;
}

/** A database, the servers domain on it, a clock the test moves and sleeps that do not wait. */
export function collector(options: ServersOptions = {}) {
  const dir = tempDir();
  const dbPath = path.join(dir, 'flex.db');
  const api = coreApi(dbPath);
  opened.push(api);
  let now = new Date(2026, 9, 1, 9, 30, 0);
  const clock: Clock = { now: () => now, monotonicMs: () => performance.now() };
  const sleeps: number[] = [];
  const servers = new ServersDomain(api, {
    clock, sleep: async (ms) => {
      sleeps.push(ms);
    },
    keyring: async () => null, osUser: () => 'clerk', ...options,
  });
  return {
    dir, dbPath, api, servers, sleeps,
    /** Moves the clock to a local date and time. */
    at: (y: number, m: number, d: number, h = 9, min = 30) => {
      now = new Date(y, m - 1, d, h, min, 0);
    },
  };
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The files whose bytes contain `needle` (as UTF-8 or UTF-16 LE). */
export function filesContaining(files: string[], needle: string): string[] {
  const utf8 = Buffer.from(needle, 'utf8');
  const utf16 = Buffer.from(needle, 'utf16le');
  return files.filter((f) => {
    const bytes = fs.readFileSync(f);
    return bytes.includes(utf8) || bytes.includes(utf16);
  });
}
