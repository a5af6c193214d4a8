// Bundles the TypeScript sources with esbuild. `core` builds what runs in Node
// (the command line, the core worker, the benchmark); `all` adds the Electron
// shell and the renderer (Vite).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const what = process.argv[2] ?? 'all';

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// @napi-rs/keyring loads a native binding per platform: it cannot be bundled.
const nodeExternals = ['better-sqlite3', 'exceljs', 'electron', '@napi-rs/keyring'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: nodeExternals,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { __FLEXBILL_VERSION__: JSON.stringify(pkg.version) },
};

const core = [
  { entryPoints: ['app/cli.ts'], outfile: 'dist/cli.cjs' },
  // The core as the desktop app runs it, in a worker thread (tested in Node too).
  { entryPoints: ['app/worker.ts'], outfile: 'dist/main/core-worker.cjs' },
  // DuckDB, the benchmark's reference, is a native module too (a dev dependency).
  { entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.cjs', external: [...nodeExternals, '@duckdb/node-api'] },
];

await Promise.all(core.map((c) => build({ ...common, ...c })));

if (what === 'all') {
  // The Electron shell: main process and preload (sandboxed: one self-contained
  // file). The core worker it starts is built with the core, above.
  await Promise.all([
    { entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs' },
    { entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs' },
  ].map((c) => build({ ...common, ...c })));
  const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
