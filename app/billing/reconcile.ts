// Vendor invoice review (SPEC §11): the vendor's count per license against ours.
import { amountFor, formatAmount } from './money';
import type { Cents, LicenseKey, MonthPreview } from './types';

/** One line of the vendor's summary invoice. */
export interface VendorLine {
  license: LicenseKey;
  count: number;
  /** The vendor's amount when its file has one. */
  amount: Cents | null;
}

export type ReconcileStatus = 'differs' | 'vendor-only' | 'ours-only' | 'match';

export interface ReconcileLine {
  license: LicenseKey;
  name: string | null;
  status: ReconcileStatus;
  /** The vendor's count; null when the license is not on the vendor's invoice. */
  vendor: number | null;
  /** Our billable count; null when the license has no usage with us this month. */
  ours: number | null;
  /** vendor − ours in mailboxes, a missing side counting as 0. */
  difference: number;
  vendorAmount: Cents | null;
  oursAmount: Cents | null;
  /** vendor − ours in cents. */
  amountDifference: Cents;
}

export interface Reconciliation {
  month: string;
  lines: ReconcileLine[];
  totals: {
    vendor: number;
    ours: number;
    difference: number;
    vendorAmount: Cents;
    oursAmount: Cents;
    amountDifference: Cents;
    matching: number;
    differing: number;
    vendorOnly: number;
    oursOnly: number;
  };
}

const order: Record<ReconcileStatus, number> = { differs: 0, 'vendor-only': 1, 'ours-only': 2, match: 3 };

/**
 * Compares the vendor's lines with the preview. Differences come first (largest
 * in dollars first), then licenses on one side only, then the matching ones.
 * The vendor's amount is taken from its file when given, else count × our rate.
 */
export function reconcile(preview: MonthPreview, vendorLines: VendorLine[]): Reconciliation {
  const vendor = new Map<string, VendorLine>();
  for (const v of vendorLines) {
    const prev = vendor.get(v.license);
    // Two lines for one license on the vendor's invoice add up.
    vendor.set(v.license, prev ? { license: v.license, count: prev.count + v.count, amount: prev.amount === null || v.amount === null ? null : ((prev.amount + v.amount) as Cents) } : v);
  }
  const ours = new Map(preview.licenses.map((l) => [l.license as string, l]));
  const keys = [...new Set([...vendor.keys(), ...ours.keys()])];
  const lines: ReconcileLine[] = keys.map((key) => {
    const v = vendor.get(key) ?? null;
    const o = ours.get(key) ?? null;
    const vendorAmount = v ? (v.amount ?? amountFor(v.count, preview.rate)) : null;
    const oursAmount = o ? o.amount : null;
    const difference = (v?.count ?? 0) - (o?.billable ?? 0);
    const amountDifference = ((vendorAmount ?? 0) - (oursAmount ?? 0)) as Cents;
    const status: ReconcileStatus = !v ? 'ours-only' : !o ? 'vendor-only' : difference !== 0 || amountDifference !== 0 ? 'differs' : 'match';
    return { license: key as LicenseKey, name: o?.name ?? null, status, vendor: v?.count ?? null, ours: o?.billable ?? null, difference, vendorAmount, oursAmount, amountDifference };
  });
  lines.sort((a, b) => order[a.status] - order[b.status] || Math.abs(b.amountDifference) - Math.abs(a.amountDifference) || (a.license < b.license ? -1 : a.license > b.license ? 1 : 0));
  const sum = (f: (l: ReconcileLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    month: preview.month,
    lines,
    totals: {
      vendor: sum((l) => l.vendor ?? 0),
      ours: sum((l) => l.ours ?? 0),
      difference: sum((l) => l.difference),
      vendorAmount: sum((l) => l.vendorAmount ?? 0) as Cents,
      oursAmount: sum((l) => l.oursAmount ?? 0) as Cents,
      amountDifference: sum((l) => l.amountDifference) as Cents,
      matching: lines.filter((l) => l.status === 'match').length,
      differing: lines.filter((l) => l.status === 'differs').length,
      vendorOnly: lines.filter((l) => l.status === 'vendor-only').length,
      oursOnly: lines.filter((l) => l.status === 'ours-only').length,
    },
  };
}

/** How many licenses do not match: they differ, or are on one side only. 0 when the invoices agree. */
export function mismatches(totals: Reconciliation['totals']): number {
  return totals.differing + totals.vendorOnly + totals.oursOnly;
}

/** `reconcile --json` (SPEC §11): counts as numbers, money as "1250.00" strings. */
export function reconciliationToJson(r: Reconciliation) {
  return {
    month: r.month,
    lines: r.lines.map((l) => ({
      license: l.license, vendor: l.vendor, ours: l.ours, difference: l.difference,
      status: l.status, name: l.name,
      vendorAmount: l.vendorAmount === null ? null : formatAmount(l.vendorAmount),
      oursAmount: l.oursAmount === null ? null : formatAmount(l.oursAmount),
      amountDifference: formatAmount(l.amountDifference),
    })),
    totals: { ...r.totals, vendorAmount: formatAmount(r.totals.vendorAmount), oursAmount: formatAmount(r.totals.oursAmount), amountDifference: formatAmount(r.totals.amountDifference) },
  };
}

/**
 * Who owes whom, in words (the colours of the review say it too): the difference
 * is vendor − ours, so more on the vendor's invoice means the vendor bills more
 * than we count.
 */
export function owesText(difference: number): string {
  if (difference === 0) return 'Matches';
  return difference > 0 ? 'Vendor bills more' : 'Vendor bills less';
}
