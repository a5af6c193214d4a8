import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Where a file runs is visible from its folder, and each folder says what it may
// import: an allowlist, so that anything new is refused until it is named here.
//   app/billing   pure: itself, and the shared words (app/words)
//   app/          plain Node: itself, node:*, SQLite, exceljs, saxes (.ods), zod, the keyring
//   renderer/     the browser sandbox: itself, React and its libraries, the pure
//                 core (app/billing, app/words) and, as types only, app's shapes
//   main/         the Electron shell: itself, electron, node:*, zod, and of app/
//                 only what the shell needs (paths, file operations, errors, the
//                 month schema) and types
// These rules see one file's imports; scripts/check-layers.mjs follows the whole
// chain, and the TypeScript projects (tsconfig.core/renderer/shell.json) keep the
// DOM out of app/ and main/ and Node out of renderer/.

/** An import specifier is refused unless it matches `allowed` (a regular expression source). */
const only = (allowed, message, extra = []) => ['error', {
  patterns: [{ regex: `^(?!(?:${allowed})$)`, message }, ...extra],
}];

const NODE = 'node:[a-z_/]+';
const CORE_PACKAGES = 'better-sqlite3|exceljs|saxes|zod|@napi-rs/keyring';
const SAME_FOLDER = '\\./[^/]+';
const BELOW = '\\./.+';
/** One folder up and down again, never two up (out of app/ or renderer/). */
const SIBLING = '\\.\\./(?!\\.\\.)[^.].*';

// Browser globals the core has no business with (the TypeScript core project has no DOM either).
const browserGlobals = ['document', 'window', 'navigator', 'localStorage', 'sessionStorage', 'location', 'alert', 'fetch', 'XMLHttpRequest', 'HTMLElement']
  .map((name) => ({ name, message: 'app/ is plain Node: no browser globals.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**', 'test/fixtures/layers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['app/*.ts'],
    rules: {
      'no-restricted-imports': only(`${NODE}|${CORE_PACKAGES}|${BELOW}`, 'app/ imports app/, node:* and the core\'s packages only.'),
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['app/*/**/*.ts'],
    ignores: ['app/billing/**'],
    rules: {
      'no-restricted-imports': only(`${NODE}|${CORE_PACKAGES}|${BELOW}|${SIBLING}`, 'app/ imports app/, node:* and the core\'s packages only.'),
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['app/billing/**/*.ts'],
    rules: {
      'no-restricted-imports': only(`${SAME_FOLDER}|\\.\\./words`, 'app/billing is pure: it imports app/billing and app/words only.'),
      'no-restricted-globals': ['error', ...browserGlobals, ...['process', 'Buffer', 'require', '__dirname', 'setTimeout', 'setInterval'].map((name) => ({ name, message: 'app/billing is pure: no I/O, no timers.' }))],
    },
  },
  {
    files: ['app/words.ts', 'app/api-types.ts', 'app/records.ts'],
    rules: {
      // Shared with the renderer: pure, from app/billing only.
      'no-restricted-imports': only('\\./billing/[^/]+|\\./records|\\./errors', 'The shared words and shapes import app/billing only (the renderer imports them).'),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // By depth, so that `../` never leads out of renderer/: the app/ it reaches is named.
  ...[['renderer/*.{ts,tsx}', BELOW, '\\.\\./'], ['renderer/*/**/*.{ts,tsx}', `${BELOW}|${SIBLING}`, '\\.\\./\\.\\./']].map(([files, inside, up]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': only(
        `react|react-dom/client|recharts|@tanstack/react-virtual|${inside}|${up}app/(?:billing/[^/]+|words)|${up}app/(?:api-types|handlers|errors|records|servers/types)`,
        'renderer/ runs in the browser sandbox: it imports renderer/, React and its libraries, app/billing and app/words.',
        // The core's shapes, as types only: nothing of app/ runs in the page but its pure part.
        [{ regex: `^${up}app/(?:api-types|handlers|errors|records|servers/types)$`, allowTypeImports: true, message: 'renderer/ takes only types from app/api-types, app/handlers, app/errors, app/records and app/servers/types.' }],
      ),
    },
  })),
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': only(
        `electron|${NODE}|zod|${SAME_FOLDER}|\\.\\./app/(?:store/paths|file-operations|errors|domains/schemas)|\\.\\./app/(?:api-types|handlers|worker-protocol)|\\.\\./renderer/client/types`,
        'main/ is the shell: it imports main/, electron, node:* and, of app/, paths, file operations, errors and the month schema; the core runs in its worker.',
        [{ regex: '^\\.\\./(?:app/(?:api-types|handlers|worker-protocol)|renderer/client/types)$', allowTypeImports: true, message: 'main/ takes only types from the method table and the renderer\'s client.' }],
      ),
    },
  },
);
