// Backups (SPEC §13): on demand, and automatic before every closing and every
// migration, the latest ten kept beside the database; each one whole, one file.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlexApi } from './legacy';
import { createHandlers, dispatch, FILE_OPERATIONS } from '../../app/handlers';
import { backup } from '../../app/domains/safety';
import { startServer } from '../../app/server';
import { AUTOMATIC_BACKUPS_KEPT, automaticBackup, listAutomaticBackups } from '../../app/store/backup';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { countsOf, integrityOf, listDir, userVersionOf } from './helpers';

async function demoApi(): Promise<{ api: FlexApi; dir: string; db: string }> {
  const dir = tempDir();
  const db = path.join(dir, 'flex-billing.db');
  const api = new FlexApi(db);
  await api.loadDemo();
  return { api, dir, db };
}

describe('a backup on demand', () => {
  it('is the whole database in one file (no -wal needed beside it), made while the database is in use', async () => {
    const { api, dir, db } = await demoApi();
    const out = path.join(dir, 'elsewhere', 'copy.db');
    fs.mkdirSync(path.dirname(out));
    const r = await backup(api.core, out);
    expect(r.path).toBe(out);
    expect(fs.readFileSync(out)[18]).toBe(1); // header: rollback journal, not WAL
    expect(listDir(path.dirname(out))).toEqual(['copy.db']);
    expect(integrityOf(out)).toBe('ok');
    expect(countsOf(out)).toEqual(countsOf(db));
    expect(listDir(path.dirname(out))).toEqual(['copy.db']); // opening it made no side files
    // On demand, elsewhere: not an automatic one.
    expect(listAutomaticBackups(db)).toEqual([]);
    api.close();
  });

  it('refuses to write over the database itself, or onto a folder', async () => {
    const { api, dir, db } = await demoApi();
    await expect(backup(api.core, db)).rejects.toThrow(`Cannot back up to ${db}: that is the database itself; choose another file.`);
    await expect(backup(api.core, `${db}-wal`)).rejects.toThrow(/that is the database itself/);
    await expect(backup(api.core, dir)).rejects.toThrow(`Cannot back up to ${dir}: it is a folder; choose a file name such as flex-billing-backup.db.`);
    await expect(backup(api.core, path.join(dir, 'no', 'such', 'b.db'))).rejects.toThrow(`Cannot back up to ${path.join(dir, 'no', 'such', 'b.db')}: the folder does not exist; nothing was written.`);
    expect(countsOf(db).imports).toBeGreaterThan(0);
    api.close();
  });

  it('on the command line: one sentence; wrong usage is exit 2', () => {
    const dir = tempDir();
    const db = path.join(dir, 'flex-billing.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    const out = path.join(dir, 'b.db');
    const r = flexbill(db, 'backup', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = countsOf(db);
    expect(r.stdout.trim()).toBe(`Backed up ${db} to ${out}: ${c.imports} imports, ${c.licenses} licenses, 0 closed months.`);
    for (const args of [['backup'], ['backup', 'x.db'], ['backup', '--out', out, '--json'], ['restore'], ['restore', 'a.db', 'b.db'], ['restore', out, '--out', 'x']]) {
      const u = flexbill(db, ...args);
      expect(u.code, args.join(' ')).toBe(2);
      expect(u.stderr).toMatch(/^flexbill: .+\nRun `flexbill --help` for usage\.\n$/);
    }
    expect(flexbill(db, '--help').stdout).toContain('flexbill [--db FILE] backup --out FILE\n  flexbill [--db FILE] restore FILE');
  });
});

describe('automatic backups', () => {
  it('are made before every month closing, into backups/ beside the database, named with the time and the reason', async () => {
    const { api, dir, db } = await demoApi();
    api.closeMonth('2026-09');
    const before = countsOf(db);
    api.reopenMonth('2026-09');
    api.closeMonth('2026-10');
    const list = listAutomaticBackups(db);
    expect(list.map((b) => b.reason)).toEqual(['before-closing-2026-10', 'before-closing-2026-09']);
    for (const b of list) {
      expect(path.dirname(b.path)).toBe(path.join(dir, 'backups'));
      expect(path.basename(b.path)).toBe(`flex-billing.${b.madeAt.replace(/:/g, '-').replace('.', '-')}.${b.reason}.db`);
      expect(integrityOf(b.path)).toBe('ok');
    }
    // Each holds the database as it was just before that closing.
    expect(countsOf(list[1]!.path).closedMonths).toBe(0);
    expect(countsOf(list[0]!.path)).toEqual({ ...before, closedMonths: 0 });
    // A closing refused (already closed) makes none.
    expect(() => api.closeMonth('2026-10')).toThrow('2026-10 is already closed.');
    expect(listAutomaticBackups(db)).toHaveLength(2);
    // The method table lists them for the app, newest first.
    const listed = await dispatch(createHandlers(api.core), 'backups', {});
    expect(listed).toEqual(listAutomaticBackups(db));
    api.close();
  });

  it(`keep the latest ${AUTOMATIC_BACKUPS_KEPT}; other files in backups/ and backups elsewhere are left alone`, async () => {
    const { api, dir, db } = await demoApi();
    const mine = path.join(dir, 'backups', 'my own copy.db');
    fs.mkdirSync(path.dirname(mine), { recursive: true });
    fs.writeFileSync(mine, 'kept');
    const other = path.join(dir, 'backups', 'other-db.2026-01-01T00-00-00-000Z.before-closing-2026-01.db'); // another database's
    fs.writeFileSync(other, 'kept');
    await backup(api.core, path.join(dir, 'on-demand.db'));
    const made: string[] = [];
    for (let i = 1; i <= 12; i++) made.push(automaticBackup(api.store.db, `test-${i}`, 'nothing'));
    const list = listAutomaticBackups(db);
    expect(list.map((b) => b.reason)).toEqual(Array.from({ length: 10 }, (_, i) => `test-${12 - i}`));
    expect(fs.existsSync(made[0]!)).toBe(false);
    expect(fs.existsSync(made[1]!)).toBe(false);
    expect(fs.readFileSync(mine, 'utf8')).toBe('kept');
    expect(fs.readFileSync(other, 'utf8')).toBe('kept');
    expect(fs.existsSync(path.join(dir, 'on-demand.db'))).toBe(true);
    expect(listDir(path.join(dir, 'backups'))).toHaveLength(12);
    api.close();
  });

  it('are counted across reasons: a closing after ten others keeps ten, itself the newest', async () => {
    const { api, db } = await demoApi();
    for (let i = 0; i < AUTOMATIC_BACKUPS_KEPT; i++) automaticBackup(api.store.db, 'before-closing-2026-0x', 'nothing');
    api.closeMonth('2026-10');
    const list = listAutomaticBackups(db);
    expect(list).toHaveLength(AUTOMATIC_BACKUPS_KEPT);
    expect(list[0]!.reason).toBe('before-closing-2026-10');
    expect(userVersionOf(list[0]!.path)).toBe(userVersionOf(db));
    api.close();
  });
});

describe('backup and restore in the method table', () => {
  it('name files on this computer: the browser host refuses them (it uploads and downloads instead)', async () => {
    expect(FILE_OPERATIONS.has('backup')).toBe(true);
    expect(FILE_OPERATIONS.has('restore')).toBe(true);
    expect(FILE_OPERATIONS.has('backups')).toBe(false);
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'renderer'));
    fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Flex Billing</title>');
    const api = new FlexApi(path.join(dir, 'a.db'));
    const server = await startServer({ core: api.core, rendererDir: path.join(dir, 'renderer') });
    try {
      const call = (name: string, body: unknown) => new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: server.port, path: `/api/call/${name}`, method: 'POST', headers: { 'x-flex-token': server.token, 'content-type': 'application/json', host: `127.0.0.1:${server.port}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
      expect(await call('backup', { path: path.join(dir, 'stolen.db') })).toBe(400);
      expect(await call('restore', { path: path.join(dir, 'a.db') })).toBe(400);
      expect(await call('backups', {})).toBe(200);
      expect(fs.existsSync(path.join(dir, 'stolen.db'))).toBe(false);
    } finally {
      await server.close();
      api.close();
    }
  });

  it('checks its input at the boundary', async () => {
    const { api } = await demoApi();
    const handlers = createHandlers(api.core);
    await expect(dispatch(handlers, 'backup', {})).rejects.toThrow('The file is missing.');
    await expect(dispatch(handlers, 'restore', { path: '' })).rejects.toThrow('The file is too short');
    await expect(dispatch(handlers, 'backups', { x: 1 })).rejects.toThrow('backups does not take "x".');
    api.close();
  });
});
