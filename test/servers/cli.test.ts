// The servers commands end to end, through the built command line (`npm run build:core`)
// against the SmarterMail stand-in. The command runs in a child process while the
// stand-in answers in this one, so it is spawned without blocking.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../app/servers/clock';
import { root } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { filesContaining, filesUnder, PASSWORD, standIn } from './helpers';
import type { StandInDomain } from './stand-in';

interface Run { code: number; stdout: string; stderr: string }
const outputs: string[] = [];

function flexbill(db: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'flexbill.cjs'), '--db', db, ...args], {
      env: { ...process.env, FLEXBILL_DB: '', FLEXBILL_SERVER_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      outputs.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

function domains(): Record<string, StandInDomain> {
  return {
    'alpha.example': { accounts: [{ emailAddress: 'Alice@Alpha.example' }, { emailAddress: 'bob@alpha.example' }, { emailAddress: 'old@alpha.example', isActive: false }], maxActiveSyncAccounts: 2 },
    'beta.example': { accounts: [{ emailAddress: 'carol@beta.example' }, { emailAddress: 'CAROL@beta.example ' }] },
    'locked.example': { accounts: [{ emailAddress: 'dave@locked.example' }], enableActiveSyncAccountManagement: false },
  };
}

const withPassword = { FLEXBILL_SERVER_PASSWORD: PASSWORD };

describe('flexbill servers, collect, limits, eas', () => {
  it('the whole story: add (a wrong password refused), collect, limits, eas; the password in no output or file but its own', async () => {
    expect(fs.existsSync(path.join(root, 'dist', 'cli.cjs')), 'run npm run build:core first').toBe(true);
    const s = await standIn({ domains: domains() });
    const dir = tempDir();
    const db = path.join(dir, 'flex.db');

    const wrong = await flexbill(db, ['servers', 'add', 'mail01', '--url', s.url, '--license', 'EAS-KEY-01', '--fingerprint', s.fingerprint!], { FLEXBILL_SERVER_PASSWORD: 'wrong-one' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('flexbill: mail01: signing in failed: the server refused the user name or password ("Invalid username or password.").\n');

    const add = await flexbill(db, ['servers', 'add', 'mail01', '--url', s.url, '--license', 'EAS-KEY-01', '--user', 'admin', '--fingerprint', s.fingerprint!], withPassword);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(`Added mail01 (${s.url}, license EAS-KEY-01, user admin, certificate pinned to ${s.fingerprint}): signed in.`);
    // This machine has no usable platform store: the owner-only file, named.
    expect(add.stdout).toMatch(new RegExp(`The password is kept in (${`${db}.servers-secrets.json`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(readable only by you\\)|the system's credential store \\(service "Flex Billing", account "mail01"\\))\\.`));

    const list = await flexbill(db, ['servers', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'mail01', url: s.url, license: 'EAS-KEY-01', user: 'admin', fingerprint: s.fingerprint, lastCollection: null }]);

    const out = path.join(dir, 'shared');
    const collect = await flexbill(db, ['collect', '--json', '--out', out]);
    expect(collect.stderr).toBe('');
    expect(collect.code).toBe(0);
    const today = localDate(new Date());
    expect(JSON.parse(collect.stdout)).toEqual({ servers: [{ server: 'mail01', license: 'EAS-KEY-01', date: today, domains: 3, mailboxes: 4, status: 'ok', error: null }] });
    expect(fs.readdirSync(out)).toEqual(fs.readdirSync(path.join(dir, 'snapshots')));

    const preview = await flexbill(db, ['preview', '--month', today.slice(0, 7), '--json']);
    expect(JSON.parse(preview.stdout).licenses[0]).toMatchObject({ license: 'EAS-KEY-01', daysReported: 1, billable: 4, billedDay: { date: today, count: 4 } });

    const text = await flexbill(db, ['collect', 'mail01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^✓ mail01 \\(license EAS-KEY-01\\) ${today}: 3 domains, 4 EAS mailboxes; snapshot .*mail01_${today}_\\d{6}(-\\d+)?\\.json\\. .*imported as #2`));

    const limits = await flexbill(db, ['limits', 'mail01', '--json']);
    expect(JSON.parse(limits.stdout)).toEqual({ server: 'mail01', domains: [
      { domain: 'alpha.example', easMailboxes: 2, limit: 2 },
      { domain: 'beta.example', easMailboxes: 1, limit: null },
      { domain: 'locked.example', easMailboxes: 1, limit: null },
    ] });
    const limitsText = await flexbill(db, ['limits', 'mail01']);
    expect(limitsText.stdout).toMatch(/alpha\.example\s+2\s+2\s+at limit/);

    const set = await flexbill(db, ['limits', 'mail01', '--domain', 'beta.example', '--max', '10']);
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe('mail01, beta.example: the EAS limit is now 10 (was none); reading the server back confirms it.');
    expect(s.domains.get('beta.example')!.maxActiveSyncAccounts).toBe(10);

    const off = await flexbill(db, ['eas', 'mail01', '--disable', 'bob@alpha.example']);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('EAS off for 1 mailbox on mail01: reading the server back confirms it.');
    expect(off.stdout).toContain('This month\'s bill already counts these mailboxes: there is no proration.');
    expect(s.activeOf('alpha.example')).toEqual(['alice@alpha.example']);

    const ignored = await flexbill(db, ['eas', 'mail01', '--disable', 'dave@locked.example']);
    expect(ignored.code).toBe(1);
    expect(ignored.stdout).toContain('NOT confirmed: locked.example does not allow ActiveSync account management');
    expect(ignored.stdout).toContain('  not confirmed: dave@locked.example');

    const kept = filesContaining(filesUnder(dir), PASSWORD);
    expect(kept).toEqual(add.stdout.includes('servers-secrets.json') ? [`${db}.servers-secrets.json`] : []);

    const remove = await flexbill(db, ['servers', 'remove', 'mail01']);
    expect(remove.code).toBe(0);
    expect(remove.stdout.trim()).toBe('Removed mail01 and its password. The usage collected from it stays.');

    for (const o of outputs) expect(o).not.toContain(PASSWORD);
    const files = filesUnder(dir);
    expect(files.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(4);
    // Removed with the server: no file holds it now.
    expect(filesContaining(files, PASSWORD)).toEqual([]);
  }, 120_000);

  it('a failing domain or a server that is down: exit 1, one sentence each, nothing stored of them', async () => {
    const good = await standIn({ domains: domains() });
    const broken = await standIn({ domains: { ...domains(), 'broken.example': { accounts: [], fault: { kind: 'always-fail' } } } });
    const gone = await standIn({ domains: domains() });
    const dir = tempDir();
    const db = path.join(dir, 'flex.db');
    for (const [name, s] of [['good', good], ['broken', broken], ['gone', gone]] as const) {
      const r = await flexbill(db, ['servers', 'add', name, '--url', s.url, '--license', `KEY-${name.toUpperCase()}-1`, '--fingerprint', s.fingerprint!], withPassword);
      expect(r.code, r.stderr).toBe(0);
    }
    await gone.close();
    const r = await flexbill(db, ['collect', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { servers: { server: string; status: string; error: string | null; mailboxes: number | null }[] };
    expect(j.servers.map((x) => [x.server, x.status, x.mailboxes])).toEqual([['broken', 'failed', null], ['gone', 'failed', null], ['good', 'ok', 4]]);
    expect(j.servers[0]!.error).toBe('broken, domain broken.example: reading its ActiveSync mailboxes failed: the server answered 500 (Internal server error) (4 tries).');
    expect(j.servers[1]!.error).toBe('gone: reading licensing/about failed: the connection was refused (is the server down?) (4 tries).');
    const licenses = JSON.parse((await flexbill(db, ['licenses', '--json'])).stdout) as { key: string }[];
    expect(licenses.map((l) => l.key)).toEqual(['KEY-GOOD-1']);

    const text = await flexbill(db, ['collect', 'gone']);
    expect(text.code).toBe(1);
    expect(text.stdout.trim()).toMatch(/^✗ gone: reading licensing\/about failed: the connection was refused \(is the server down\?\) \(4 tries\)\. Nothing of gone was stored for \d{4}-\d{2}-\d{2}\.$/);
    expect(text.stderr).toBe('');
  }, 120_000);

  it('a certificate this computer trusts is verified as usual, name included, with no pin', async () => {
    const s = await standIn({ domains: domains() });
    const dir = tempDir();
    const db = path.join(dir, 'flex.db');
    // The stand-in's certificate made a trusted authority for the command's process only.
    const ca = path.join(dir, 'trusted.pem');
    fs.writeFileSync(ca, s.certificatePem!);
    const trusted = { ...withPassword, NODE_EXTRA_CA_CERTS: ca };
    const ok = await flexbill(db, ['servers', 'add', 'mail01', '--url', s.url, '--license', 'EAS-KEY-01'], trusted);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Added mail01 (${s.url}, license EAS-KEY-01, user admin): signed in.`);
    expect((await flexbill(db, ['collect', '--json'], trusted)).code).toBe(0);
    // The same certificate under another name is refused: the name is checked too.
    const other = s.url.replace('127.0.0.1', 'localhost');
    const wrongName = await flexbill(db, ['servers', 'add', 'mail02', '--url', other, '--license', 'EAS-KEY-02'], trusted);
    expect(wrongName.code).toBe(1);
    expect(wrongName.stderr).toMatch(/^flexbill: mail02: signing in failed: its certificate is for another name, so the connection was refused/);
    // And without the trust, the self-signed certificate is refused.
    const untrusted = await flexbill(db, ['servers', 'add', 'mail03', '--url', s.url, '--license', 'EAS-KEY-03'], withPassword);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('it presents a self-signed certificate, so the connection was refused');
    expect(s.signIns).toBe(2); // servers add and collect; neither refused name reached a sign-in
  }, 120_000);

  it('wrong usage is exit 2; plain http off this machine and unknown servers are refused in a sentence', async () => {
    const db = path.join(tempDir(), 'flex.db');
    for (const args of [
      ['servers', 'add', 'm1', '--license', 'KEY-00001'],
      ['servers', 'add', '--url', 'https://x.example/', '--license', 'KEY-00001'],
      ['servers', 'frob'],
      ['eas', 'm1', 'a@b.example'],
      ['eas', 'm1', '--disable', '--enable', 'a@b.example'],
      ['limits', 'm1', '--domain', 'a.example'],
      ['limits', 'm1', '--domain', 'a.example', '--max', 'ten'],
      ['collect', '--max', '3'],
    ]) {
      const r = await flexbill(db, args, withPassword);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^flexbill: .+\nRun `flexbill --help` for usage\.\n$/);
    }
    const far = await flexbill(db, ['servers', 'add', 'far', '--url', 'http://10.11.12.13/', '--license', 'KEY-00001'], withPassword);
    expect(far.code).toBe(1);
    expect(far.stderr).toBe('flexbill: 10.11.12.13 would be reached over plain http, so the password would cross the network unencrypted; use https://, or confirm plain http for this server (--allow-http).\n');
    const none = await flexbill(db, ['collect']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^flexbill: There are no servers to collect from yet/);
    const unknown = await flexbill(db, ['limits', 'nosuch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('flexbill: There is no server nosuch. Add one with flexbill servers add.\n');
    const noPassword = await flexbill(db, ['servers', 'add', 'm1', '--url', 'https://127.0.0.1:1/', '--license', 'KEY-00001']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/FLEXBILL_SERVER_PASSWORD/);
  }, 120_000);
});
