// Runs after `npm install`. Two jobs, neither of which may fail the install:
// 1. Fetch Electron's binary (npm 11 does not run electron's own install script,
//    see "allowScripts" in package.json). Offline, say so in one line and go on:
//    everything but the desktop window works without it.
// 2. Build the core (the `flexbill` command line) so `npx flexbill` works at once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const electronInstall = path.join(root, 'node_modules', 'electron', 'install.js');

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('flex-billing: ELECTRON_SKIP_BINARY_DOWNLOAD is set; the desktop window needs Electron, `npm start` falls back to the browser host.');
} else if (existsSync(electronInstall)) {
  const r = spawnSync(process.execPath, [electronInstall], { cwd: path.dirname(electronInstall), stdio: 'pipe', timeout: 120_000 });
  if (r.status !== 0) {
    console.log('flex-billing: the Electron binary could not be downloaded (offline?); `npm start` will use the browser host instead.');
  }
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'core'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('flex-billing: building the command line failed; run `npm run build:core` to see why.');
}
