// Builds everything once before the end-to-end tests: the command line (which
// serves the screens) and the renderer.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronEnv } from './electron-env';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function globalSetup(): void {
  if (!process.env.FLEXBILL_E2E_SKIP_BUILD) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`node scripts/build.mjs all failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
  }
  // The list reporter shows no skip reasons: say once, up front, why the Electron project is skipped.
  const { skipReason } = electronEnv();
  if (skipReason) console.log(`The Electron end-to-end tests will be skipped. ${skipReason}`);
}
