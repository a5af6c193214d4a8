// The desktop app's daily collection: at start for servers without today's snapshot,
// then every day at the set time; a failure tried again later that day. Time is
// injected: the test moves the clock and fires the timers itself.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../app/servers/clock';
import { DailyCollection, msUntil, RETRY_MS, type Timers } from '../../app/servers/schedule';
import { collector, PASSWORD, standIn } from './helpers';

class FakeTimers implements Timers {
  pending: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  set(fn: () => void, ms: number): () => void {
    const t = { fn, ms, cancelled: false };
    this.pending.push(t);
    return () => {
      t.cancelled = true;
    };
  }
  live() {
    return this.pending.filter((t) => !t.cancelled);
  }
  /** Fires the live timer of `ms` (and forgets it). */
  fire(ms: number): void {
    const t = this.live().find((x) => x.ms === ms);
    if (!t) throw new Error(`no live timer of ${ms} ms: ${this.live().map((x) => x.ms).join(', ')}`);
    t.cancelled = true;
    t.fn();
  }
}

describe('the daily collection', () => {
  it('msUntil: the next time of day, today if still ahead, else tomorrow', () => {
    expect(msUntil(new Date(2026, 9, 1, 22, 0), '23:30')).toBe(90 * 60_000);
    expect(msUntil(new Date(2026, 9, 1, 23, 30), '23:30')).toBe(24 * 3600_000);
    expect(msUntil(new Date(2026, 9, 1, 23, 45), '00:15')).toBe(30 * 60_000);
  });

  it('collects at start what today lacks, then at the set time; a failure is tried again 30 minutes later', async () => {
    const s = await standIn({ domains: { 'a.example': { accounts: [{ emailAddress: 'a@a.example' }] } } });
    let now = new Date(2026, 9, 1, 8, 0);
    const clock: Clock = { now: () => now, monotonicMs: () => performance.now() };
    const c = collector({ clock, retries: 0 });
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    c.servers.setCollectTime('23:30');
    const timers = new FakeTimers();
    const seen: string[] = [];
    const daily = new DailyCollection(c.servers, clock, timers, (results) => seen.push(...results.map((r) => `${r.date} ${r.status}`)));

    // At start: today has no snapshot, so it is collected; the daily timer is armed for 23:30.
    await daily.start();
    expect(seen).toEqual(['2026-10-01 ok']);
    expect(timers.live().map((t) => t.ms)).toEqual([15.5 * 3600_000]);
    // Started again the same day: nothing is due.
    expect(await daily.collectMissing()).toEqual([]);

    // 23:30: every server again (the later snapshot replaces the morning's), then tomorrow's timer.
    now = new Date(2026, 9, 1, 23, 30);
    s.domains.get('a.example')!.accounts.push({ emailAddress: 'b@a.example' });
    timers.fire(15.5 * 3600_000);
    await daily.idle();
    expect(seen).toEqual(['2026-10-01 ok', '2026-10-01 ok']);
    expect(c.api.preview('2026-10').licenses[0]!.billable).toBe(2);
    expect(timers.live().map((t) => t.ms)).toEqual([24 * 3600_000]);

    // The next day the server fails at 12:00 (the time was moved): tried again 30 minutes later.
    c.servers.setCollectTime('12:00');
    now = new Date(2026, 9, 2, 11, 0);
    daily.arm();
    expect(timers.live().map((t) => t.ms)).toEqual([3600_000]);
    now = new Date(2026, 9, 2, 12, 0);
    s.domains.get('a.example')!.fault = { kind: 'always-fail' };
    timers.fire(3600_000);
    await daily.idle();
    expect(seen.slice(2)).toEqual(['2026-10-02 failed']);
    expect(timers.live().map((t) => t.ms).sort((a, b) => a - b)).toEqual([RETRY_MS, 24 * 3600_000]);
    delete s.domains.get('a.example')!.fault;
    now = new Date(2026, 9, 2, 12, 30);
    timers.fire(RETRY_MS);
    await daily.idle();
    expect(seen.slice(3)).toEqual(['2026-10-02 ok']);
    expect(c.api.preview('2026-10').licenses[0]!.daysReported).toBe(2);

    // No time set: no daily timer.
    c.servers.setCollectTime(null);
    expect(timers.live()).toEqual([]);
    daily.stop();
  });

  it('a failure late in the evening is not retried after midnight', async () => {
    const s = await standIn({ domains: { 'a.example': { accounts: [] } } });
    const clock: Clock = { now: () => new Date(2026, 9, 1, 23, 45), monotonicMs: () => performance.now() };
    const c = collector({ clock, retries: 0 });
    await c.servers.add({ name: 'mail01', url: s.url, license: 'EAS-KEY-01', password: PASSWORD, fingerprint: s.fingerprint! });
    s.domains.get('a.example')!.fault = { kind: 'always-fail' };
    const timers = new FakeTimers();
    const daily = new DailyCollection(c.servers, clock, timers);
    const results = await daily.start();
    expect(results.map((r) => r.status)).toEqual(['failed']);
    expect(timers.live()).toEqual([]); // no time set, and 00:15 is another day
    daily.stop();
  });

  it('refuses a time that is not HH:MM', () => {
    const c = collector();
    expect(() => c.servers.setCollectTime('25:00')).toThrow(/not a time of day/);
    expect(c.servers.collectTime()).toBeNull();
  });
});
