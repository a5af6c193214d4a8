// Vendor invoice review (SPEC §11): the vendor's summary invoice kept with its
// month and compared with our figures.
import { z } from 'zod';
import { reconcile as compare, type VendorLine } from '../billing/reconcile';
import type { Cents, IsoMonth, MonthPreview } from '../billing/types';
import type { ReconciliationResult } from '../api-types';
import type { Core } from '../core';
import { readVendorInvoice } from '../import/vendor';
import type { VendorInvoiceRecord } from '../store';
import { preview } from './months';
import { filePath, isoMonth, licenseKey } from './schemas';

export const schemas = {
  reconciliation: z.object({ month: isoMonth }).strict(),
  reconcile: z.object({ month: isoMonth, path: filePath }).strict(),
};

// The lines kept with the month, read back checked: a damaged row is an error, not a wrong figure.
const keptLines = z.array(z.object({
  license: licenseKey,
  count: z.number().int().min(0),
  amount: z.number().int().nullable().transform((n) => n as Cents | null),
}));
const vendorLines = (json: unknown): VendorLine[] => keptLines.parse(json);

/** The month's latest vendor invoice; null when none was imported. */
export function latestVendorInvoice(core: Core, month: IsoMonth): VendorInvoiceRecord<VendorLine> | null {
  return core.store.months.latestVendorInvoice(month, vendorLines);
}

/** The vendor's invoice against these figures. */
export function review(p: MonthPreview, vendor: VendorInvoiceRecord<VendorLine>): ReconciliationResult {
  return { ...compare(p, vendor.lines), vendorFile: vendor.fileName, vendorImportedAt: vendor.importedAt };
}

/** Reads the vendor's summary invoice for the month, keeps it with the month, and compares. */
export async function reconcile(core: Core, month: IsoMonth, vendorFile: string, displayName?: string): Promise<ReconciliationResult> {
  const file = await readVendorInvoice(vendorFile, displayName);
  const kept = core.store.months.saveVendorInvoice(month, file.fileName, file.sha256, file.lines, core.clock.now());
  return review(preview(core, month), kept);
}

/** The month's latest vendor invoice compared with our figures; null when none was imported. */
export function reconciliation(core: Core, month: IsoMonth): ReconciliationResult | null {
  // The invoice first: without one there is no figure to compute.
  const vendor = latestVendorInvoice(core, month);
  return vendor ? review(preview(core, month), vendor) : null;
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    reconciliation: async ({ month }: In<'reconciliation'>) => reconciliation(core, month),
    reconcile: async ({ month, path }: In<'reconcile'>) => reconcile(core, month, path),
  };
}
