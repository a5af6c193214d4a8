// `npm run dist`: builds the installers with electron-builder. electron-builder
// rebuilds better-sqlite3 in node_modules for Electron's ABI while it packages;
// afterwards this puts the Node build back, so `npm test` keeps working.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

let status = run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all']);
if (status === 0) status = run(process.execPath, [path.join(root, 'node_modules', 'electron-builder', 'cli.js'), '--publish', 'never', ...process.argv.slice(2)]);
const restore = run(npm, ['rebuild', 'better-sqlite3']);
if (restore !== 0) console.log('Could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3` before `npm test`.');
process.exit(status);
