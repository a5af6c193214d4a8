// Whether the desktop app can run here, and if not, why: one answer for the
// global setup (which prints it once, at the start of the run) and for the
// Electron project (which skips with it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ElectronEnv {
  /** The Electron binary, when the app can run. */
  binary: string | null;
  /** Why the Electron tests cannot run here; null when they can. */
  skipReason: string | null;
}

export function electronEnv(): ElectronEnv {
  let binary: string;
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string' || !fs.existsSync(p)) return { binary: null, skipReason: `Electron binary not installed: ${String(p)} does not exist.` };
    binary = p;
  } catch (e) {
    return { binary: null, skipReason: `Electron binary not installed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const main = path.join(ROOT, 'dist', 'main', 'main.cjs');
  if (!fs.existsSync(main)) return { binary: null, skipReason: `The Electron shell is not built (${path.relative(ROOT, main)} is missing).` };
  // better-sqlite3 built for Electron's ABI, as `npm start` does (cached after the first time).
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'electron-native.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { binary: null, skipReason: `better-sqlite3 could not be built for Electron: ${(r.stdout + r.stderr).trim().split('\n').pop() ?? 'failed'}` };
  return { binary, skipReason: null };
}
