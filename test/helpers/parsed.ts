import { asIsoDate, asLicenseKey } from '../../app/billing/types';
import type { ParsedFile, ParsedLicense, MailboxMonth } from '../../app/import/types';

let n = 0;
/** A ParsedFile made by hand, as the import readers would produce it. */
export function parsedCounts(counts: Record<string, Record<string, number>>, name = `file${++n}.csv`): ParsedFile {
  const licenses: ParsedLicense[] = Object.entries(counts).map(([key, days]) => ({
    key: asLicenseKey(key),
    meta: {},
    days: new Map(Object.entries(days).map(([d, c]) => [asIsoDate(d), c])),
    mailboxes: null,
  }));
  return { fileName: name, size: 100, sha256: `sha-${name}-${n}`, format: 'csv', detail: 'test', kind: 'counts', rows: 0, licenses, warnings: [], licenseGiven: null };
}

/** Mailbox data: license → date → addresses present that day. */
export function parsedMailboxes(data: Record<string, Record<string, string[]>>, name = `mbx${++n}.csv`): ParsedFile {
  const licenses: ParsedLicense[] = Object.entries(data).map(([key, byDate]) => {
    const days = new Map<ReturnType<typeof asIsoDate>, number>();
    const months = new Map<string, Map<string, number>>();
    for (const [date, addresses] of Object.entries(byDate)) {
      const set = new Set(addresses.map((a) => a.trim().toLowerCase()));
      days.set(asIsoDate(date), set.size);
      const m = date.slice(0, 7);
      const bits = months.get(m) ?? new Map<string, number>();
      months.set(m, bits);
      for (const a of set) bits.set(a, (bits.get(a) ?? 0) | (1 << (Number(date.slice(8)) - 1)));
    }
    const mailboxes: MailboxMonth[] = [...months].map(([month, bits]) => ({
      month,
      addresses: [...bits.keys()],
      domains: [...bits.keys()].map((a) => a.split('@')[1] ?? ''),
      days: [...bits.values()],
    }));
    return { key: asLicenseKey(key), meta: {}, days, mailboxes };
  });
  return { fileName: name, size: 100, sha256: `sha-${name}-${n}`, format: 'csv', detail: 'test', kind: 'mailboxes', rows: 0, licenses, warnings: [], licenseGiven: null };
}
