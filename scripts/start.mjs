// `npm start`: builds the app and opens the desktop window. Where the Electron
// binary is not installed (an offline install), it says so in one sentence and
// serves the same screens in the browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ensureElectronNative } from './electron-native.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

function electronBinary() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function openInBrowser(url) {
  const cmd = process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd[0], cmd[1], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser to open: the address is printed.
  }
}

const electron = electronBinary();
if (electron && (await ensureElectronNative())) {
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(electron
    ? 'Could not build the database module for Electron, so Flex Billing opens in your browser instead.'
    : 'The Electron binary is not installed (it could not be downloaded), so Flex Billing opens in your browser instead.');
  // The flags of the command line (app/node-flags.ts), for the imports this host runs.
  const serve = spawn(process.execPath, ['--max-semi-space-size=4', '--heap-growing-percent=100', path.join(root, 'dist', 'cli.cjs'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  serve.stdout.on('data', (chunk) => {
    const text = chunk.toString();
    process.stdout.write(text);
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(text);
    if (m && !process.env.CI) openInBrowser(m[1]);
  });
  serve.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => serve.kill(sig));
}
