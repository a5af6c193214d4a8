// One server's day, read from the server itself, as the snapshot envelope of SPEC §4.3:
// what the import reads, and what a reviewer opens to see exactly what was read.
// A day is whole or it is nothing: if any domain still fails after its retries, the
// collection fails (naming the server and the domain) and no envelope exists.
import type { IsoDate } from '../billing/types';
import { eachLimited, ServerError, type About, type AccountEntry, type SmarterMailClient } from './client';

/** Never hundreds of domains at once (SPEC §12): a server serves its users too. */
export const DOMAINS_IN_FLIGHT = 4;

export interface SnapshotEnvelope {
  license: string;
  date: IsoDate;
  server: string;
  /**
   * When the server was read (UTC). Besides telling the reviewer, it makes each
   * collection's bytes its own: a day collected as A, then B, then A again must
   * land as A, which the import would skip as "already imported" were the third
   * file the same bytes as the first.
   */
  collectedAt: string;
  about: About;
  domains: Record<string, { activeSyncAccounts: { emailAddress: string }[] }>;
}

/**
 * The addresses that count: entries whose `isActive` is true or absent, trimmed,
 * lower-cased (addresses compare case-insensitively), each once, sorted.
 */
export function activeAddresses(entries: readonly AccountEntry[]): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.isActive === false) continue;
    const a = (e.emailAddress ?? '').trim().toLowerCase();
    if (a !== '') out.add(a);
  }
  return [...out].sort();
}

export interface Collected {
  envelope: SnapshotEnvelope;
  domains: number;
  /** Distinct active addresses over all domains: the day's count. */
  mailboxes: number;
}

export async function collectSnapshot(client: SmarterMailClient, what: { server: string; license: string; date: IsoDate; collectedAt: Date }): Promise<Collected> {
  // The license's version and edition are worth having, not worth losing the day for: a
  // server that answers licensing/about with something else still gives its mailboxes
  // (version and edition then stay as they were, or unknown). A server that cannot be
  // reached fails here, naming it, as it would on the next call.
  const about = await client.about().catch((e: unknown) => {
    if (e instanceof ServerError && e.failure === 'answer') return {};
    throw e;
  });
  await client.signIn();
  const names = [...new Set((await client.domains()).map((d) => d.toLowerCase()))].sort();
  const lists = await eachLimited(names, DOMAINS_IN_FLIGHT, async (domain) => activeAddresses(await client.activeSyncAccounts(domain)));
  const domains: SnapshotEnvelope['domains'] = {};
  const all = new Set<string>();
  names.forEach((domain, i) => {
    const list = lists[i]!;
    for (const a of list) all.add(a);
    domains[domain] = { activeSyncAccounts: list.map((emailAddress) => ({ emailAddress })) };
  });
  return {
    envelope: { license: what.license, date: what.date, server: what.server, collectedAt: what.collectedAt.toISOString(), about, domains },
    domains: names.length,
    mailboxes: all.size,
  };
}

/** The envelope as a file a person can read: one mailbox a line. */
export function formatSnapshot(e: SnapshotEnvelope): string {
  const j = JSON.stringify;
  const lines = [
    `{"license": ${j(e.license)}, "date": ${j(e.date)}, "server": ${j(e.server)}, "collectedAt": ${j(e.collectedAt)},`,
    ` "about": ${j(e.about)},`,
    ' "domains": {',
  ];
  const names = Object.keys(e.domains);
  names.forEach((name, i) => {
    const accounts = e.domains[name]!.activeSyncAccounts;
    const end = i === names.length - 1 ? '' : ',';
    if (accounts.length === 0) {
      lines.push(`  ${j(name)}: {"activeSyncAccounts": []}${end}`);
      return;
    }
    lines.push(`  ${j(name)}: {"activeSyncAccounts": [`);
    accounts.forEach((a, k) => lines.push(`   {"emailAddress": ${j(a.emailAddress)}}${k === accounts.length - 1 ? '' : ','}`));
    lines.push(`  ]}${end}`);
  });
  lines.push(' }}');
  return lines.join('\n') + '\n';
}
