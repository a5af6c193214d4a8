// The desktop app's daily collection (SPEC §12): once a day at the time the user set,
// and at start for every server that has no snapshot of today yet. A collection that
// fails is tried again half an hour later while the day lasts: a day not collected
// by midnight is a gap for good. It runs in the core (the Electron shell only starts
// it), with injectable time so that tests never wait.
import { asIsoMonth } from '../billing/types';
import { localDate, systemClock, type Clock } from './clock';
import { serversOf } from './handlers';
import type { CollectorHost, ServersDomain } from './service';
import type { CollectResult } from './types';

export interface Timers {
  /** Calls `fn` after `ms`; returns what cancels it. */
  set(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // never what keeps a process alive
    return () => clearTimeout(t);
  },
};

export const RETRY_MS = 30 * 60_000;

/** Milliseconds from `now` to the next `hhmm` local time (today if still ahead, else tomorrow). */
export function msUntil(now: Date, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

export class DailyCollection {
  private cancelDaily: (() => void) | null = null;
  private cancelRetry: (() => void) | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly servers: ServersDomain,
    private readonly clock: Clock = systemClock,
    private readonly timers: Timers = realTimers,
    private readonly onResults: (results: CollectResult[]) => void = () => undefined,
  ) {
    servers.onCollectTimeChange(() => this.arm());
  }

  /** Collects what today still lacks, then waits for the daily time. */
  async start(): Promise<CollectResult[]> {
    this.stopped = false;
    this.arm();
    return this.collectMissing();
  }

  stop(): void {
    this.stopped = true;
    this.cancelDaily?.();
    this.cancelRetry?.();
    this.cancelDaily = this.cancelRetry = null;
  }

  /** The servers without a successful collection today, collected now. */
  async collectMissing(): Promise<CollectResult[]> {
    const today = localDate(this.clock.now());
    const due = this.servers.collectionMonth(asIsoMonth(today.slice(0, 7))).servers.filter((s) => !s.collected.includes(today)).map((s) => s.server);
    return due.length === 0 ? [] : this.run(due);
  }

  /** (Re)sets the timer of the daily collection from the time now set. */
  arm(): void {
    this.cancelDaily?.();
    this.cancelDaily = null;
    const time = this.servers.collectTime();
    if (this.stopped || time === null) return;
    this.cancelDaily = this.timers.set(() => {
      this.cancelDaily = null;
      // Every server, even one collected earlier today: the later snapshot replaces it.
      void this.run([], () => this.arm());
    }, msUntil(this.clock.now(), time));
  }

  /** Resolves when no collection is under way or waiting. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** One collection at a time; failures are tried again later today; then `after`. */
  private run(names: string[], after: () => void = () => undefined): Promise<CollectResult[]> {
    const next = this.queue.then(async () => {
      let results: CollectResult[];
      try {
        results = await this.servers.collect(names);
      } catch {
        // No servers (all removed): nothing to collect, nothing to retry.
        results = [];
      }
      this.onResults(results);
      if (results.some((r) => r.status === 'failed')) this.retryLater();
      after();
      return results;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private retryLater(): void {
    if (this.stopped || this.cancelRetry) return;
    const now = this.clock.now();
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
    if (now.getTime() + RETRY_MS >= midnight) return; // the day is over before then
    this.cancelRetry = this.timers.set(() => {
      this.cancelRetry = null;
      void this.collectMissing();
    }, RETRY_MS);
  }
}

/** Starts the daily collection on a host's database (the desktop app's core). */
export function startDailyCollection(host: CollectorHost): DailyCollection {
  const daily = new DailyCollection(serversOf(host));
  void daily.start().catch(() => undefined);
  return daily;
}
