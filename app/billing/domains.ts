// The Domains split of SPEC §11 in money: each domain of a license is charged its
// mailboxes on the billed day at the license's rate. The domains of a license add
// up to its billable count, so their amounts add up to its amount.

import { amountFor } from './money';
import type { Cents, DomainSplit, LicenseMonth } from './types';

export interface DomainCharge extends DomainSplit {
  amount: Cents;
}

/** One license's domains, charged, with their sums. */
export interface LicenseDomains {
  license: LicenseMonth;
  domains: DomainCharge[];
  billed: number;
  distinct: number;
  amount: Cents;
}

export interface DomainCharges {
  licenses: LicenseDomains[];
  totals: { domains: number; billed: number; distinct: number; amount: Cents };
}

/** Whether the license has mailbox-level data on its billed day (a domain split). */
export function hasDomains(l: LicenseMonth): l is LicenseMonth & { domains: DomainSplit[] } {
  return l.domains !== null && l.domains !== undefined;
}

/** The licenses with a domain split, in the order given, each domain charged; sums per license and over all. */
export function domainCharges(licenses: readonly LicenseMonth[]): DomainCharges {
  const totals = { domains: 0, billed: 0, distinct: 0, amount: 0 };
  const out: LicenseDomains[] = [];
  for (const license of licenses) {
    if (!hasDomains(license)) continue;
    let billed = 0;
    let distinct = 0;
    let amount = 0;
    const domains = license.domains.map((d): DomainCharge => {
      const charge = amountFor(d.billed, license.rate);
      billed += d.billed;
      distinct += d.distinct;
      amount += charge;
      return { ...d, amount: charge };
    });
    out.push({ license, domains, billed, distinct, amount: amount as Cents });
    totals.domains += domains.length;
    totals.billed += billed;
    totals.distinct += distinct;
    totals.amount += amount;
  }
  if (!Number.isSafeInteger(totals.amount)) throw new Error('The total of the domains is too large');
  return { licenses: out, totals: { ...totals, amount: totals.amount as Cents } };
}
