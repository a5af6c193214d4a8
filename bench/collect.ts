// The collection figure of the issue (SPEC §12, §10): a server of 1,000 domains and
// 50,000 EAS mailboxes, collected from the local SmarterMail stand-in over HTTPS with
// a pinned self-signed certificate, through the same code `flexbill collect` runs.
// The stand-in counts the requests it answers at once; the collector must never have
// more than 4 domains in flight. `bench/bench.ts` can call `benchCollect` and print it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../app/core';
import { collectorHost } from '../app/domains/servers';
import { preview } from '../app/domains/months';
import type { IsoMonth } from '../app/billing/types';
import { ServersDomain } from '../app/servers/service';
import { manyDomains, StandIn } from '../test/servers/stand-in';

export interface CollectFigure {
  domains: number;
  mailboxes: number;
  seconds: number;
  /** The most requests the stand-in answered at once. */
  maxInFlight: number;
  requests: number;
  /** The day's count as the preview sees it after the import. */
  previewCount: number | null;
}

/** `latencyMs`: each call of the stand-in takes at least that long, as on a real server. */
export async function benchCollect(options: { domains?: number; perDomain?: number; latencyMs?: number } = {}): Promise<CollectFigure> {
  const domains = options.domains ?? 1000;
  const perDomain = options.perDomain ?? 50;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flexbill-bench-collect-'));
  const password = 'bench-password';
  const standIn = await StandIn.start({ password, domains: manyDomains(domains, perDomain), tokenUses: 500, latencyMs: options.latencyMs ?? 2 });
  const core = openCore(path.join(dir, 'bench.db'));
  try {
    const servers = new ServersDomain(collectorHost(core), { keyring: async () => null });
    await servers.add({ name: 'bench01', url: standIn.url, license: 'BENCH-COLLECT-01', password, fingerprint: standIn.fingerprint! });
    standIn.maxInFlight = 0;
    const before = standIn.calls.length;
    const t0 = performance.now();
    const [result] = await servers.collect(['bench01']);
    const seconds = (performance.now() - t0) / 1000;
    if (!result || result.status !== 'ok') throw new Error(`collection failed: ${result?.error ?? 'no result'}`);
    const month = result.date.slice(0, 7);
    const lic = preview(core, month as IsoMonth).licenses.find((l) => l.license === 'BENCH-COLLECT-01');
    return {
      domains: result.domains ?? 0, mailboxes: result.mailboxes ?? 0, seconds,
      maxInFlight: standIn.maxInFlight, requests: standIn.calls.length - before,
      previewCount: lic?.billedDay?.count ?? null,
    };
  } finally {
    core.close();
    await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function describeCollectFigure(f: CollectFigure): string {
  return `collect: ${f.domains.toLocaleString('en-US')} domains, ${f.mailboxes.toLocaleString('en-US')} EAS mailboxes in ${f.seconds.toFixed(2)} s `
    + `(${f.requests.toLocaleString('en-US')} requests, at most ${f.maxInFlight} in flight; target < 30 s, ≤ 4 in flight)`;
}
