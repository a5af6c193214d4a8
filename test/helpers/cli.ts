import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');
export const cliPath = path.join(root, 'dist', 'cli.cjs');
export const fixture = (name: string) => path.join(root, 'test', 'fixtures', name);

/** Runs the built command line as a person would, with its own database. */
export function flexbill(db: string, ...args: string[]): SpawnSyncReturns<string> & { code: number } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'flexbill.cjs'), '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FLEXBILL_DB: '' },
    timeout: 120_000,
  });
  return Object.assign(r, { code: r.status ?? -1 });
}
