import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Where a file runs is visible from its folder; these rules keep the layers apart:
// app/ is plain Node (no Electron, no React, no DOM), renderer/ is the browser
// sandbox (no Node), main/ is the Electron shell (talks to app/ only through api).
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'stream', 'zlib', 'url', 'util', 'events', 'readline']
  .flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bin/**'] },
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
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'react', 'react-dom', 'react/*'], message: 'app/ is plain Node: no Electron, no React.' },
          { group: ['**/renderer/**', '**/main/**'], message: 'app/ must not depend on the UI or the shell.' },
        ],
      }],
    },
  },
  {
    files: ['app/billing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'app/billing is pure: no I/O.' })),
        patterns: [{ group: ['**/store/**', '**/import/**', 'better-sqlite3'], message: 'app/billing is pure: no I/O.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'exceljs'].map((name) => ({ name, message: 'renderer/ runs in the browser sandbox: no Node, no Electron.' })),
        patterns: [{ group: ['**/app/store/**', '**/app/import/**', '**/app/invoice/**', '**/app/api', '**/main/**'], message: 'renderer/ only knows window.flex and shared types.' }],
      }],
    },
  },
);
