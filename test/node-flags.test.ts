// The command line and the browser host run Node with the same flags (app/node-flags.ts):
// the installed command on its first line, the host where scripts/start.mjs starts it,
// and the benchmark's children so that the figures are the command line's.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../app/node-flags';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('the flags Node runs the command line with', () => {
  it('are on the first line of bin/flexbill.cjs, in scripts/start.mjs and in the benchmark', () => {
    expect(read('bin/flexbill.cjs').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
    expect(read('scripts/start.mjs')).toContain(`${NODE_FLAGS.map((f) => `'${f}'`).join(', ')}, path.join(root, 'dist', 'cli.cjs'), 'serve'`);
    expect(read('bench/bench.ts')).toContain('spawnSync(process.execPath, [...flags, __filename, \'child\'');
    expect(read('bench/bench.ts')).toContain("const flags = task.startsWith('duck') ? [] : NODE_FLAGS;");
  });

  it('take effect when the command is run as a program (its first line)', () => {
    if (process.platform === 'win32') return; // npm's .cmd shim reads the same line there
    const r = spawnSync(path.join(root, 'bin', 'flexbill.cjs'), ['--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // The same line, asked what Node was started with.
    const line = read('bin/flexbill.cjs').split('\n')[0]!.slice(2).trim().split(' ');
    const probe = spawnSync(line[0]!, [...line.slice(1), '-p', "process.execArgv.join(' ')"], { encoding: 'utf8' });
    expect(probe.stdout.trim().split(' ').slice(0, NODE_FLAGS.length)).toEqual([...NODE_FLAGS]);
  });
});
