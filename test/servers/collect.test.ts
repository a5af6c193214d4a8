// Collecting a server's day against the SmarterMail stand-in: the snapshot goes
// through the ordinary import, several days give the month's billable count, a
// later collection of the same day replaces it, and a day is whole or nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asIsoMonth } from '../../app/billing/types';
import { collector, PASSWORD, standIn } from './helpers';
import { closedPortUrl, type StandInDomain } from './stand-in';

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Domains whose lists hold inactive, mixed-case, padded and repeated entries. */
function messyDomains(): Record<string, StandInDomain> {
  return {
    'alpha.example': {
      accounts: [
        { emailAddress: 'Alice@Alpha.example', isActive: true },
        { emailAddress: ' alice@alpha.example ', isActive: true }, // the same mailbox again
        { emailAddress: 'bob@alpha.example', isActive: false }, // not active: not counted
        { emailAddress: 'carol@alpha.example' }, // isActive absent: counted
      ],
    },
    'beta.example': {
      accounts: [
        { emailAddress: 'DAVE@BETA.EXAMPLE', isActive: true },
        { emailAddress: 'erin@beta.example', isActive: true },
      ],
    },
    'empty.example': { accounts: [] },
  };
}

describe('collecting from a SmarterMail server', () => {
  it('stores the day as a snapshot file imported like any file, counting only active entries, compared without case', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const [r] = await c.servers.collect();
    expect(r).toMatchObject({ server: 'mail01', license: 'EAS-KEY-01', date: '2026-10-01', domains: 3, mailboxes: 4, status: 'ok', error: null });

    // The snapshot is the envelope of SPEC §4.3, beside the database, named by server and date.
    expect(path.dirname(r!.snapshot!)).toBe(path.join(c.dir, 'snapshots'));
    expect(path.basename(r!.snapshot!)).toMatch(/^mail01_2026-10-01_093000\.json$/);
    const envelope = JSON.parse(fs.readFileSync(r!.snapshot!, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['license', 'date', 'server', 'collectedAt', 'about', 'domains']);
    expect(envelope).toMatchObject({
      license: 'EAS-KEY-01', date: '2026-10-01', server: 'mail01',
      about: { version: '100.0.9030', edition: 2, enterpriseFunctionality: true },
      domains: {
        'alpha.example': { activeSyncAccounts: [{ emailAddress: 'alice@alpha.example' }, { emailAddress: 'carol@alpha.example' }] },
        'beta.example': { activeSyncAccounts: [{ emailAddress: 'dave@beta.example' }, { emailAddress: 'erin@beta.example' }] },
        'empty.example': { activeSyncAccounts: [] },
      },
    });

    // Recorded as an import, with the file's own SHA-256.
    const [imp] = c.api.imports();
    expect(imp).toMatchObject({ status: 'imported', fileName: path.basename(r!.snapshot!), sha256: sha256(r!.snapshot!), licenses: ['EAS-KEY-01'] });
    const license = c.api.licenses()[0]!;
    expect(license).toMatchObject({ key: 'EAS-KEY-01', version: '100.0.9030', edition: 'Enterprise' });
    expect(c.servers.list()[0]!.lastCollection).toMatchObject({ status: 'ok', date: '2026-10-01', mailboxes: 4, importId: imp!.id });
  });

  it('a server without licensing/about still gives its day; the version stays unknown', async () => {
    const s = await standIn({ domains: messyDomains(), about: null });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const [r] = await c.servers.collect();
    expect(r).toMatchObject({ status: 'ok', mailboxes: 4 });
    expect((JSON.parse(fs.readFileSync(r!.snapshot!, 'utf8')) as { about: unknown }).about).toEqual({});
    expect(c.api.licenses()[0]).toMatchObject({ key: 'EAS-KEY-01', version: null, edition: null });
  });

  it('several days collected by moving the clock give the month\'s billable count', async () => {
    const s = await standIn({ domains: { 'a.example': { accounts: [] }, 'b.example': { accounts: [] } } });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    // Day d has counts[d] active mailboxes, spread over two domains, plus an inactive one.
    const counts: Record<number, number> = { 1: 3, 2: 7, 3: 5, 4: 6, 5: 2 };
    for (const [day, n] of Object.entries(counts)) {
      const list = Array.from({ length: n }, (_, i) => ({ emailAddress: `User${i}@${i % 2 ? 'a' : 'b'}.example`, isActive: true }));
      s.domains.get('a.example')!.accounts = [...list.filter((x) => x.emailAddress.includes('@a.')), { emailAddress: 'off@a.example', isActive: false }];
      s.domains.get('b.example')!.accounts = list.filter((x) => x.emailAddress.includes('@b.'));
      c.at(2026, 10, Number(day), 23, 50);
      const [r] = await c.servers.collect(['mail01']);
      expect(r).toMatchObject({ status: 'ok', date: `2026-10-0${day}`, mailboxes: n });
    }
    const preview = c.api.preview('2026-10');
    const lic = preview.licenses[0]!;
    // 7 (Oct 2) and 6 (Oct 4) are dropped; 5 (Oct 3) is billed.
    expect(lic.daysReported).toBe(5);
    expect(lic.dropped.map((d) => [d.date, d.count])).toEqual([['2026-10-02', 7], ['2026-10-04', 6]]);
    expect(lic.billedDay).toEqual({ date: '2026-10-03', count: 5 });
    expect(lic.billable).toBe(5);
    expect(lic.distinctMailboxes).toBe(7);
    expect(fs.readdirSync(path.join(c.dir, 'snapshots'))).toHaveLength(5);
  });

  it('a later collection of the same day replaces it, even back to what an earlier one read', async () => {
    const s = await standIn({ domains: { 'a.example': { accounts: [{ emailAddress: 'x@a.example' }, { emailAddress: 'y@a.example' }] } } });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    c.at(2026, 10, 7, 8, 0);
    expect((await c.servers.collect())[0]).toMatchObject({ status: 'ok', mailboxes: 2 });
    s.domains.get('a.example')!.accounts.push({ emailAddress: 'z@a.example' });
    c.at(2026, 10, 7, 12, 0);
    const second = (await c.servers.collect())[0]!;
    expect(second).toMatchObject({ status: 'ok', mailboxes: 3 });
    expect(second.message).toMatch(/1 replaced/);
    expect(c.api.preview('2026-10').licenses[0]!.billable).toBe(3);
    s.domains.get('a.example')!.accounts.pop();
    c.at(2026, 10, 7, 16, 0);
    expect((await c.servers.collect())[0]).toMatchObject({ status: 'ok', mailboxes: 2 });
    expect(c.api.preview('2026-10').licenses[0]!.billable).toBe(2);
    expect(c.api.imports().filter((i) => i.status === 'imported')).toHaveLength(3);
  });

  it('--out also writes the snapshot there, and that file imports elsewhere to the same day', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const out = path.join(c.dir, 'shared');
    const [r] = await c.servers.collect([], { outDir: out });
    const copy = path.join(out, path.basename(r!.snapshot!));
    expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(r!.snapshot!));
    const desk = collector();
    const [o] = await desk.api.importFiles([copy]);
    expect(o!.status).toBe('imported');
    expect(desk.api.preview('2026-10').licenses[0]).toMatchObject({ license: 'EAS-KEY-01', billable: 4 });
  });
});

describe('the days a collector sees', () => {
  it('days collected, days missed since the server was added, and a failure today', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector({ retries: 0 });
    c.at(2026, 10, 1, 8, 0);
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    c.at(2026, 10, 1, 23, 0);
    await c.servers.collect();
    c.at(2026, 10, 3, 23, 0);
    await c.servers.collect();
    s.domains.get('beta.example')!.fault = { kind: 'always-fail' };
    c.at(2026, 10, 4, 23, 0);
    expect((await c.servers.collect())[0]!.status).toBe('failed');
    const month = c.servers.collectionMonth(asIsoMonth('2026-10'));
    expect(month).toEqual({ month: '2026-10', today: '2026-10-04', servers: [{
      license: 'EAS-KEY-01', server: 'mail01', collected: ['2026-10-01', '2026-10-03'], missed: ['2026-10-02'],
      failedToday: 'mail01, domain beta.example: reading its ActiveSync mailboxes failed: the server answered 500 (Internal server error) (1 try).',
    }] });
    c.at(2026, 10, 5, 9, 0);
    expect(c.servers.collectionMonth(asIsoMonth('2026-10')).servers[0]).toMatchObject({ missed: ['2026-10-02', '2026-10-04'], failedToday: null });
    // The preview shows the missed days as gaps, never filled.
    expect(c.api.preview('2026-10').licenses[0]!.daysReported).toBe(2);
  });
});

describe('collect --out', () => {
  it('a copy that cannot be written is told, and the day stays stored', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const out = path.join(c.dir, 'shared');
    fs.mkdirSync(path.join(out, 'mail01_2026-10-01_093000.json'), { recursive: true }); // a folder where the copy would go
    const [r] = await c.servers.collect([], { outDir: out });
    expect(r).toMatchObject({ status: 'ok', mailboxes: 4, error: null });
    expect(r!.copyError).toMatch(/^mail01: the copy of the snapshot could not be written to .*shared: /);
    expect(c.api.preview('2026-10').licenses[0]!.billable).toBe(4);
  });
});

describe('a real server\'s faults', () => {
  it('tokens that stop working after a few calls are renewed mid-run', async () => {
    const s = await standIn({ domains: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d${i}.example`, { accounts: [{ emailAddress: `u@d${i}.example` }] }])), tokenUses: 3 });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const [r] = await c.servers.collect();
    expect(r).toMatchObject({ status: 'ok', domains: 12, mailboxes: 12, error: null });
    expect(s.refused401).toBeGreaterThan(0);
    expect(s.refreshes).toBeGreaterThan(0);
  });

  it('a token whose stated expiration is near is renewed before it is used, not after a 401', async () => {
    const s = await standIn({ domains: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`d${i}.example`, { accounts: [{ emailAddress: `u@d${i}.example` }] }])), tokenLifetimeMs: 120_000 });
    // The monotonic clock moves a minute each time it is read: tokens of two minutes age fast.
    let t = 0;
    const c = collector({ clock: { now: () => new Date(2026, 9, 1, 9, 30), monotonicMs: () => (t += 60_000) } });
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const before = s.refreshes;
    expect((await c.servers.collect())[0]).toMatchObject({ status: 'ok', mailboxes: 6 });
    expect(s.refreshes).toBeGreaterThan(before);
    expect(s.refused401).toBe(0);
  });

  it('a domain that answers 500 twice then works is retried with backoff (no real waiting)', async () => {
    const s = await standIn({ domains: { ...messyDomains(), 'flaky.example': { accounts: [{ emailAddress: 'f@flaky.example' }], fault: { kind: 'fail-times', times: 2 } } } });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const t0 = Date.now();
    const [r] = await c.servers.collect();
    expect(r).toMatchObject({ status: 'ok', mailboxes: 5 });
    expect(c.sleeps).toEqual([500, 1000]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('no partial day: a domain that still fails after its retries stores nothing of that server, and says which', async () => {
    const s = await standIn({ domains: { ...messyDomains(), 'broken.example': { accounts: [{ emailAddress: 'b@broken.example' }], fault: { kind: 'always-fail' } } } });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const [r] = await c.servers.collect();
    expect(r).toMatchObject({ status: 'failed', mailboxes: null, snapshot: null });
    expect(r!.error).toBe('mail01, domain broken.example: reading its ActiveSync mailboxes failed: the server answered 500 (Internal server error) (4 tries).');
    expect(c.sleeps).toEqual([500, 1000, 2000]);
    expect(c.api.imports()).toEqual([]);
    expect(c.api.months().months).toEqual([]);
    expect(fs.existsSync(path.join(c.dir, 'snapshots')) ? fs.readdirSync(path.join(c.dir, 'snapshots')) : []).toEqual([]);
    expect(c.servers.list()[0]!.lastCollection).toMatchObject({ status: 'failed', error: r!.error, importId: null });
  });

  it('one failing server does not stop the next one', async () => {
    const bad = await standIn({ domains: { 'broken.example': { accounts: [], fault: { kind: 'always-fail' } } } });
    const good = await standIn({ domains: messyDomains() });
    const c = collector({ retries: 1 });
    await c.servers.add({ name: 'bad', url: bad.url, license: 'KEY-BAD-1', password: PASSWORD, fingerprint: bad.fingerprint! });
    await c.servers.add({ name: 'good', url: good.url, license: 'KEY-GOOD-1', password: PASSWORD, fingerprint: good.fingerprint! });
    const results = await c.servers.collect();
    expect(results.map((r) => [r.server, r.status])).toEqual([['bad', 'failed'], ['good', 'ok']]);
    expect(c.api.preview('2026-10').licenses.map((l) => l.license)).toEqual(['KEY-GOOD-1']);
  });

  it('a slow domain is waited for; one slower than the timeout fails the day', async () => {
    const s = await standIn({ domains: { ...messyDomains(), 'slow.example': { accounts: [{ emailAddress: 's@slow.example' }], fault: { kind: 'slow', ms: 400 } } } });
    const patient = collector({ timeoutMs: 5000 });
    await patient.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    expect((await patient.servers.collect())[0]).toMatchObject({ status: 'ok', mailboxes: 5 });
    const hasty = collector({ timeoutMs: 150, retries: 1 });
    await hasty.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    const [r] = await hasty.servers.collect();
    expect(r!.status).toBe('failed');
    expect(r!.error).toMatch(/^mail01, domain slow\.example: reading its ActiveSync mailboxes failed: no answer within/);
    expect(hasty.api.imports()).toEqual([]);
  });

  it('a server that is down fails in one sentence naming it', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    await s.close();
    const [r] = await c.servers.collect();
    expect(r!.status).toBe('failed');
    expect(r!.error).toMatch(/^mail01: reading licensing\/about failed: the connection was refused \(is the server down\?\) \(4 tries\)\.$/);
    expect(r!.error).not.toMatch(/\n/);
  });

  it('adding a server that is down is refused in one sentence naming it', async () => {
    const c = collector();
    const url = await closedPortUrl();
    const e = (await c.servers.add({ name: 'mail09', url, license: 'EAS-KEY-09', password: PASSWORD }).catch((x: Error) => x)) as Error;
    expect(e.message).toBe('mail09: signing in failed: the connection was refused (is the server down?) (4 tries).');
    expect(c.servers.list()).toEqual([]);
  });

  it('never more than 4 domains in flight', async () => {
    const domains = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i}.example`, { accounts: [{ emailAddress: `u@d${i}.example` }], fault: { kind: 'slow' as const, ms: 15 } }]));
    const s = await standIn({ domains });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    expect((await c.servers.collect())[0]).toMatchObject({ status: 'ok', mailboxes: 30 });
    expect(s.maxInFlight).toBeLessThanOrEqual(4);
    expect(s.maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it('uses one clientId per collector, the same for every sign-in', async () => {
    const s = await standIn({ domains: messyDomains() });
    const c = collector();
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    await c.servers.collect();
    const ids = s.bodies.filter((b) => b.includes('"clientId"')).map((b) => (JSON.parse(b) as { clientId: string }).clientId);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^flexbill-[0-9a-f-]{36}$/);
  });
});
