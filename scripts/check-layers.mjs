// Checks the layers through the whole import chain, as the bundler sees it (type
// imports are gone, every runtime import followed): ESLint sees one file's imports
// only, so a renderer file could still reach Node through a harmless-looking
// module. For each layer's entry points esbuild lists every file the bundle would
// hold; each must be one the layer may contain. The pure part (app/billing and
// app/words) is also compiled with no DOM and no Node types, so a `document` or a
// `process` anywhere in its chain fails.
//
//   node scripts/check-layers.mjs                       the app's own entry points
//   node scripts/check-layers.mjs --entry LAYER=FILE    FILE checked as LAYER's entry (tests)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const inApp = (...files) => (f) => files.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p));
const PURE = inApp('app/billing/', 'app/words.ts');

/**
 * What each layer's bundle may hold (paths relative to the root) and which
 * modules it may leave to the runtime (`external`).
 */
const LAYERS = {
  pure: {
    entries: ['app/billing/index.ts', 'app/words.ts'],
    platform: 'neutral',
    allow: PURE,
    external: () => false,
    types: 'none',
  },
  renderer: {
    entries: ['renderer/main.tsx'],
    platform: 'browser',
    allow: (f) => f.startsWith('renderer/') || PURE(f) || f.startsWith('node_modules/'),
    external: () => false,
  },
  preload: {
    // Sandboxed: electron's bridge and nothing else of Node.
    entries: ['main/preload.ts'],
    platform: 'node',
    allow: (f) => f.startsWith('main/'),
    external: (name) => name === 'electron',
  },
  shell: {
    entries: ['main/main.ts'],
    platform: 'node',
    // The core runs in its worker: the shell holds none of it but paths, errors and the month schema.
    allow: (f) => f.startsWith('main/') || inApp('app/store/paths.ts', 'app/file-operations.ts', 'app/errors.ts', 'app/domains/schemas.ts')(f) || PURE(f) || f.startsWith('node_modules/zod/'),
    external: (name) => name === 'electron' || name.startsWith('node:'),
  },
  core: {
    entries: ['app/cli.ts', 'app/worker.ts'],
    platform: 'node',
    allow: (f) => f.startsWith('app/') || f.startsWith('node_modules/'),
    external: (name) => name.startsWith('node:') || ['better-sqlite3', 'exceljs', 'saxes', '@napi-rs/keyring'].includes(name),
  },
};

/** Every file a bundle of `entries` would hold, and the modules it leaves out. */
async function chain(layer, entries) {
  const externals = new Set();
  const result = await build({
    entryPoints: entries.map((e) => path.join(root, e)),
    bundle: true,
    write: false,
    metafile: true,
    outdir: path.join(root, 'out', 'check-layers'),
    platform: layer.platform,
    format: 'esm',
    logLevel: 'silent',
    // A native addon (the keyring's) is a file to load, not code to read: its presence is what a layer is judged on.
    loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty', '.node': 'empty' },
    plugins: [{
      name: 'externals',
      setup(b) {
        // Every bare import that is not a package file is noted; the layer says whether it may stay outside.
        b.onResolve({ filter: /^(node:|[a-z@])/ }, (args) => {
          const name = args.path;
          const builtin = name.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'http', 'net', 'stream', 'url', 'util', 'events', 'child_process', 'worker_threads', 'zlib', 'buffer'].includes(name.split('/')[0]);
          if (builtin || name === 'electron' || layer.external(name)) {
            externals.add(name);
            return { path: name, external: true };
          }
          return undefined;
        });
      },
    }],
  });
  // Packages by their place in node_modules, wherever node_modules really is (it may be a link).
  const files = Object.keys(result.metafile.inputs).map((f) => {
    const rel = path.relative(root, path.resolve(root, f)).split(path.sep).join('/');
    const at = rel.lastIndexOf('node_modules/');
    return at >= 0 ? rel.slice(at) : rel;
  });
  return { files, externals: [...externals] };
}

/** The chain compiled with no DOM and no Node types: a browser or Node global is an error. */
function noGlobals(files) {
  const program = ts.createProgram(files.filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(root, f)), {
    lib: ['lib.es2023.d.ts'], types: [], strict: true, noEmit: true, skipLibCheck: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

async function check(name, entries) {
  const layer = LAYERS[name];
  if (!layer) throw new Error(`No layer "${name}"; the layers are ${Object.keys(LAYERS).join(', ')}.`);
  const problems = [];
  let found;
  try {
    found = await chain(layer, entries);
  } catch (e) {
    // esbuild could not resolve an import for this platform (a Node module in the browser, say).
    return [`${name}: ${entries.join(', ')} does not bundle for ${layer.platform}: ${(e.errors ?? [e]).map((x) => x.text ?? x.message).join('; ')}`];
  }
  const what = `${name}: ${entries.join(', ')}`;
  const modules = found.externals.filter((x) => !layer.external(x));
  if (modules.length) problems.push(`${what} imports ${modules.join(', ')}, which the ${name} layer may not use.`);
  // The entries are the layer's by definition (a fixture stands in for one of its files).
  const files = found.files.filter((f) => !entries.includes(f) && !layer.allow(f));
  if (files.length) problems.push(`${what} reaches ${files.join(', ')}, which the ${name} layer may not hold.`);
  if (layer.types === 'none') for (const d of noGlobals(found.files)) problems.push(`${name}: ${d}`);
  return problems;
}

const args = process.argv.slice(2);
const extra = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--entry' || !args[i + 1]?.includes('=')) throw new Error('Usage: node scripts/check-layers.mjs [--entry LAYER=FILE]...');
  const [layer, file] = args[++i].split('=');
  extra.push([layer, [file]]);
}
const jobs = extra.length ? extra : Object.entries(LAYERS).map(([name, l]) => [name, l.entries]);
const problems = (await Promise.all(jobs.map(([name, entries]) => check(name, entries)))).flat();
if (problems.length) {
  console.error(`Layers broken:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Layers hold: ${jobs.map(([name]) => name).join(', ')}.`);
