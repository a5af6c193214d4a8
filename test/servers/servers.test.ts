// Adding servers (sign-in checked, TLS verified or pinned, plain http refused off this
// machine), where passwords are kept, limits and EAS switches verified by reading the
// server back, the audit log, and the password in no byte we write.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkServerUrl, normalizeFingerprint } from '../../app/servers/transport';
import { Secrets, type KeyringBackend } from '../../app/servers/secrets';
import { migrate } from '../../app/store/migrations';
import { tempDb } from '../helpers/tmp';
import { collector, filesContaining, filesUnder, PASSWORD, standIn } from './helpers';
import { type StandInDomain } from './stand-in';

function domains(): Record<string, StandInDomain> {
  return {
    'alpha.example': { accounts: [{ emailAddress: 'Alice@Alpha.example' }, { emailAddress: 'bob@alpha.example' }, { emailAddress: 'old@alpha.example', isActive: false }], maxActiveSyncAccounts: 2 },
    'beta.example': { accounts: [{ emailAddress: 'carol@beta.example' }] },
    'locked.example': { accounts: [{ emailAddress: 'dave@locked.example' }], enableActiveSyncAccountManagement: false },
  };
}

describe('servers add', () => {
  it('signs in once and keeps the server, its password outside the database', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    const added = await c.servers.add({ name: 'mail01', url: s.url, license: ' EAS-KEY-01 ', user: 'admin', password: PASSWORD, fingerprint: s.fingerprint!.replace(/:/g, '').toLowerCase() });
    expect(added.server).toMatchObject({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', user: 'admin', fingerprint: s.fingerprint, allowHttp: false, secretPlace: 'file' });
    expect(added.secretWhere).toBe(`${c.dbPath}.servers-secrets.json (readable only by you)`);
    expect(s.signIns).toBe(1);
    expect(fs.statSync(`${c.dbPath}.servers-secrets.json`).mode & 0o777).toBe(0o600);
    expect(c.servers.list().map((x) => x.name)).toEqual(['mail01']);
    await expect(c.servers.add({ name: 'MAIL01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! })).rejects.toThrow(/already a server mail01/);
  });

  it('refuses a wrong password, and keeps nothing', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    const wrong = 'not-the-password';
    const e = await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: wrong, fingerprint: s.fingerprint! }).catch((x: Error) => x);
    expect((e as Error).message).toBe('mail01: signing in failed: the server refused the user name or password ("Invalid username or password.").');
    expect((e as Error).message).not.toContain(wrong);
    expect(c.servers.list()).toEqual([]);
    expect(fs.existsSync(`${c.dbPath}.servers-secrets.json`)).toBe(false);
  });

  it('refuses a self-signed certificate it was not told to trust, showing its fingerprint', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    const e = (await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD }).catch((x: Error) => x)) as Error;
    expect(e.message).toContain('mail01: signing in failed: it presents a self-signed certificate, so the connection was refused');
    expect(e.message).toContain(`if ${s.fingerprint} is the SHA-256 fingerprint of the server's own certificate (127.0.0.1), pin it (--fingerprint)`);
    expect(s.bodies).toEqual([]); // nothing, the password least of all, was sent
  });

  it('refuses a certificate whose fingerprint is not the pinned one, before sending anything', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    const other = 'AB:'.repeat(31) + 'AB';
    const e = (await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: other }).catch((x: Error) => x)) as Error;
    expect(e.message).toBe(`mail01: signing in failed: its certificate (SHA-256 ${s.fingerprint}) is not the pinned one (${other}); it was refused.`);
    expect(s.bodies).toEqual([]);
    expect(c.servers.list()).toEqual([]);
  });

  it('allows plain http only to this machine, or when confirmed', async () => {
    expect(() => checkServerUrl('http://mail.example.com/', false)).toThrow(/plain http.*--allow-http/);
    expect(() => checkServerUrl('http://10.1.2.3:9998', false)).toThrow(/10\.1\.2\.3:9998 would be reached over plain http/);
    expect(checkServerUrl('http://mail.example.com', true).toString()).toBe('http://mail.example.com/');
    for (const local of ['http://127.0.0.1:9998/', 'http://localhost/', 'http://[::1]:8080/']) expect(checkServerUrl(local, false).protocol).toBe('http:');
    expect(() => checkServerUrl('ftp://x.example/', false)).toThrow(/must start with https/);
    expect(() => checkServerUrl('https://admin:pw@x.example/', false)).toThrow(/without a user name or password/);

    const s = await standIn({ domains: domains(), https: false });
    const c = collector();
    const added = await c.servers.add({ name: 'local', url: s.url, license: 'EAS-KEY-01', password: PASSWORD });
    expect(added.server.url).toBe(s.url);
    await expect(c.servers.add({ name: 'far', url: 'http://mail.example.com/', license: 'EAS-KEY-01', password: PASSWORD })).rejects.toThrow(/plain http/);
    expect(s.signIns).toBe(1);
  });

  it('checks names, keys and fingerprints', async () => {
    const c = collector();
    const base = { url: 'https://127.0.0.1:1/', license: 'EAS-KEY-01', password: PASSWORD };
    await expect(c.servers.add({ ...base, name: 'bad name' })).rejects.toThrow(/cannot be a server's name/);
    await expect(c.servers.add({ ...base, name: 'm', license: 'AB C' })).rejects.toThrow(/does not look like a license key/);
    await expect(c.servers.add({ ...base, name: 'm', fingerprint: 'abc' })).rejects.toThrow(/not a SHA-256 fingerprint/);
    expect(normalizeFingerprint('sha256:' + 'a1'.repeat(32))).toBe('A1:'.repeat(31) + 'A1');
  });

  it('remove forgets the server and its password', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    await c.servers.remove('mail01');
    expect(c.servers.list()).toEqual([]);
    expect(filesContaining([`${c.dbPath}.servers-secrets.json`], PASSWORD)).toEqual([]);
    await expect(c.servers.remove('mail01')).rejects.toThrow(/There is no server mail01/);
  });
});

describe('where passwords are kept', () => {
  it('in the platform store when it works, read back to be sure', async () => {
    const kept = new Map<string, string>();
    const keyring: KeyringBackend = { set: (a, p) => void kept.set(a, p), get: (a) => kept.get(a) ?? null, delete: (a) => void kept.delete(a) };
    const secrets = new Secrets(tempDb(), async () => keyring);
    expect(await secrets.save('mail01', PASSWORD)).toBe('keyring');
    expect(kept.get('mail01')).toBe(PASSWORD);
    expect(fs.existsSync(secrets.file)).toBe(false);
    expect(await secrets.load('mail01', 'keyring')).toBe(PASSWORD);
    expect(secrets.where('mail01', 'keyring')).toBe('the system\'s credential store (service "Flex Billing", account "mail01")');
    await secrets.remove('mail01', 'keyring');
    await expect(secrets.load('mail01', 'keyring')).rejects.toThrow(/not in the system's credential store/);
  });

  it('in an owner-only file when the platform store throws (as on this headless machine)', async () => {
    const failing: KeyringBackend = {
      set: () => { throw new Error("Couldn't access platform storage: AccessDenied"); },
      get: () => { throw new Error("Couldn't access platform storage: AccessDenied"); },
      delete: () => undefined,
    };
    const secrets = new Secrets(tempDb(), async () => failing);
    expect(await secrets.save('mail01', PASSWORD)).toBe('file');
    expect(await secrets.save('mail02', 'other')).toBe('file');
    expect(fs.statSync(secrets.file).mode & 0o777).toBe(0o600);
    expect(await secrets.load('mail01', 'file')).toBe(PASSWORD);
    fs.chmodSync(secrets.file, 0o644);
    await expect(secrets.load('mail01', 'file')).rejects.toThrow(/can be read by other users.*chmod 600/);
  });

  it('the real binding on this machine either keeps it or says why not, and the password comes back', async () => {
    const secrets = new Secrets(tempDb());
    const account = `flexbill-test-${process.pid}`;
    const place = await secrets.save(account, PASSWORD);
    expect(await secrets.load(account, place)).toBe(PASSWORD);
    await secrets.remove(account, place);
  });
});

describe('limits and EAS switches', () => {
  it('limits lists each domain\'s active EAS mailboxes and its limit (null for none)', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    expect(await c.servers.limits('mail01')).toEqual({
      server: 'mail01',
      domains: [
        { domain: 'alpha.example', easMailboxes: 2, limit: 2 },
        { domain: 'beta.example', easMailboxes: 1, limit: null },
        { domain: 'locked.example', easMailboxes: 1, limit: null },
      ],
    });
  });

  it('a domain\'s active EAS mailboxes are listed to pick from', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    expect(await c.servers.easMailboxes('mail01', 'Alpha.example')).toEqual({ server: 'mail01', domain: 'alpha.example', addresses: ['alice@alpha.example', 'bob@alpha.example'] });
  });

  it('a limit is set, read back, and written to the audit log', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const r = await c.servers.setLimit('mail01', 'Beta.Example', 20);
    expect(r).toMatchObject({ server: 'mail01', domain: 'beta.example', before: null, limit: 20, verified: true });
    expect(r.message).toBe('mail01, beta.example: the EAS limit is now 20 (was none); reading the server back confirms it.');
    expect(s.domains.get('beta.example')!.maxActiveSyncAccounts).toBe(20);
    const back = await c.servers.setLimit('mail01', 'beta.example', 0);
    expect(back).toMatchObject({ before: 20, limit: null, verified: true });
    const log = c.servers.auditLog();
    expect(log.map((e) => [e.action, e.domain, e.change, e.verified, e.osUser, e.server])).toEqual([
      ['set-limit', 'beta.example', 'maxActiveSyncAccounts 20 → none', true, 'clerk', 'mail01'],
      ['set-limit', 'beta.example', 'maxActiveSyncAccounts none → 20', true, 'clerk', 'mail01'],
    ]);
    expect(log[0]!.answer).toBe('{"success":true}');
    expect(log[0]!.at).toBe(new Date(2026, 9, 1, 9, 30).toISOString());
  });

  it('EAS is switched off for chosen mailboxes and verified by reading the server back', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const r = await c.servers.setEas('mail01', ['alice@alpha.example', 'CAROL@beta.example'], false);
    expect(r.verified).toBe(true);
    expect(r.mailboxes).toEqual([{ address: 'alice@alpha.example', verified: true }, { address: 'carol@beta.example', verified: true }]);
    expect(r.message).toBe('EAS off for 2 mailboxes on mail01: reading the server back confirms it.');
    expect(s.activeOf('alpha.example')).toEqual(['bob@alpha.example']);
    expect(s.activeOf('beta.example')).toEqual([]);
    // The patch named the mailbox as the server lists it.
    expect(s.bodies.some((b) => b.includes('"Alice@Alpha.example"'))).toBe(true);
    expect(c.servers.auditLog().map((e) => [e.action, e.domain, e.change, e.verified])).toEqual([
      ['disable-eas', 'beta.example', 'EAS off for carol@beta.example', true],
      ['disable-eas', 'alpha.example', 'EAS off for alice@alpha.example', true],
    ]);
    const on = await c.servers.setEas('mail01', ['alice@alpha.example'], true);
    expect(on.verified).toBe(true);
    expect(s.activeOf('alpha.example').sort()).toEqual(['alice@alpha.example', 'bob@alpha.example']);
  });

  it('a patch the server silently ignores (EAS management off) is reported as not verified, with why', async () => {
    const s = await standIn({ domains: domains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const r = await c.servers.setEas('mail01', ['dave@locked.example'], false);
    expect(r.verified).toBe(false);
    expect(r.mailboxes).toEqual([{ address: 'dave@locked.example', verified: false }]);
    expect(r.message).toBe('EAS off for 1 mailbox on mail01: NOT confirmed: locked.example does not allow ActiveSync account management (enableActiveSyncAccountManagement is off), so the server ignored the change for dave@locked.example.');
    const [entry] = c.servers.auditLog();
    expect(entry).toMatchObject({ action: 'disable-eas', domain: 'locked.example', verified: false, answer: '{"success":true}' });
    expect(entry!.note).toMatch(/enableActiveSyncAccountManagement is off/);
    expect(s.activeOf('locked.example')).toEqual(['dave@locked.example']);
  });
});

describe('the password is in no byte we write', () => {
  it('not in the database, the snapshots, the audit log or any message, after every operation', async () => {
    const s = await standIn({ domains: { ...domains(), 'broken.example': { accounts: [], fault: { kind: 'always-fail' } } } });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const messages: string[] = [];
    messages.push(...(await c.servers.collect()).map((r) => JSON.stringify(r)));
    delete s.domains.get('broken.example')!.fault;
    messages.push(...(await c.servers.collect()).map((r) => JSON.stringify(r)));
    messages.push(JSON.stringify(await c.servers.limits('mail01')));
    messages.push(JSON.stringify(await c.servers.setLimit('mail01', 'alpha.example', 5)));
    messages.push(JSON.stringify(await c.servers.setEas('mail01', ['bob@alpha.example', 'dave@locked.example'], false)));
    messages.push(JSON.stringify(c.servers.list()), JSON.stringify(c.servers.auditLog()));
    messages.push((await c.servers.add({ name: 'mail02', url: s.url, license: 'EAS-KEY-02', password: 'wrong', fingerprint: s.fingerprint! }).catch((e: Error) => e)).toString());
    expect(c.servers.list()[0]!.lastCollection!.status).toBe('ok');

    c.api.close(); // everything on disk, the WAL checkpointed
    const files = filesUnder(c.dir);
    expect(files.some((f) => f.includes(`${path.sep}snapshots${path.sep}`))).toBe(true);
    expect(filesContaining(files, PASSWORD)).toEqual([`${c.dbPath}.servers-secrets.json`]);
    for (const m of messages) expect(m).not.toContain(PASSWORD);
    // It crossed the wire only to sign in.
    expect(s.bodies.filter((b) => b.includes(PASSWORD)).every((b) => b.includes('"username"'))).toBe(true);
  });
});

describe('migration 4', () => {
  it('adds the servers tables to a database with data, keeping the data', () => {
    const db = new Database(tempDb());
    migrate(db, 3);
    db.prepare(`INSERT INTO usage_months (month, license, counts, imports) VALUES ('2026-10', 'L', x'05000000', x'01000000')`).run();
    expect(migrate(db, 4)).toBe(4);
    expect(db.prepare('SELECT hex(counts) AS c FROM usage_months').get()).toEqual({ c: '05000000' });
    db.prepare(`INSERT INTO servers (name, url, license, username, secret_place, client_id, created_at) VALUES ('m', 'https://m/', 'KEY01', 'admin', 'file', 'c', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO servers (name, url, license, username, secret_place, client_id, created_at) VALUES ('m2', 'https://m/', 'KEY01', 'admin', 'database', 'c', 'now')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO server_collections (server, license, date, collected_at, status) VALUES ('m', 'K', '2026-10-01', 'now', 'partial')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO server_audit (at, os_user, server, action, domain, change, answer, verified) VALUES ('now', 'u', 'm', 'set-limit', 'd', 'x', 'y', 1)`).run();
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('servers')`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('password');
    db.close();
  });
});
