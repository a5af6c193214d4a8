// Builds better-sqlite3 for Electron's ABI into dist/electron-native/, leaving
// node_modules with the Node build that `npm test` and the command line use.
// The desktop app loads this copy through better-sqlite3's `nativeBinding`.
// Needs the Electron headers, which @electron/rebuild downloads once.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
const outDir = path.join(root, 'dist', 'electron-native');
const stamp = path.join(outDir, 'built-for.json');
const want = { electron: electronVersion, betterSqlite3: sqliteVersion };

export async function ensureElectronNative() {
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(want) && existsSync(path.join(outDir, 'better_sqlite3.node'))) return true;
  const work = path.join(root, '.cache', 'electron-native');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'electron-native', version: '1.0.0', dependencies: { 'better-sqlite3': sqliteVersion } }));
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(work, 'node_modules', 'better-sqlite3'), { recursive: true });
  for (const dep of ['bindings', 'file-uri-to-path']) {
    const from = path.join(root, 'node_modules', dep);
    if (existsSync(from)) cpSync(from, path.join(work, 'node_modules', dep), { recursive: true });
  }
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
  const { rebuild } = require('@electron/rebuild');
  try {
    await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  } catch (e) {
    console.log(`Could not build better-sqlite3 for Electron: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    return false;
  }
  mkdirSync(outDir, { recursive: true });
  copyFileSync(path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), path.join(outDir, 'better_sqlite3.node'));
  writeFileSync(stamp, JSON.stringify(want));
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit((await ensureElectronNative()) ? 0 : 1);
}
