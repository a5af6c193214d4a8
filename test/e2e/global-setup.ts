// Builds everything once before the end-to-end tests: the command line (which
// serves the screens) and the renderer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Says once, up front, why the Electron project will be skipped (the list reporter shows no reasons). */
function announceElectron(): void {
  let reason = '';
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p !== 'string' || !existsSync(p)) reason = `${String(p)} does not exist`;
  } catch (e) {
    reason = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
  if (reason) console.log(`The Electron end-to-end tests will be skipped: the Electron binary is not installed (${reason}).`);
}

export default function globalSetup(): void {
  announceElectron();
  if (process.env.FLEXBILL_E2E_SKIP_BUILD) return;
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`node scripts/build.mjs all failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}
