// The month's summary invoice workbook (SPEC §7).
import path from 'node:path';
import { z } from 'zod';
import { formatAmount } from '../billing/money';
import type { IsoMonth } from '../billing/types';
import type { ExportResult } from '../api-types';
import type { Core } from '../core';
import type { InvoiceData } from '../invoice/types';
import { InputError } from '../errors';
import { invoiceFigures, monthsWithDataSentence } from './months';
import { latestVendorInvoice, review } from './review';
import { filePath, isoMonth } from './schemas';
import { company } from './settings';

export const schemas = {
  exportInvoice: z.object({ month: isoMonth, path: filePath }).strict(),
  exportInvoicePdf: z.object({ month: isoMonth, path: filePath }).strict(),
};

/** What the invoice shows (a closed month: the figures it had at closing). */
function invoiceData(core: Core, month: IsoMonth): InvoiceData {
  const snapshot = invoiceFigures(core, month);
  const { preview } = snapshot;
  if (preview.licenses.length === 0) {
    throw new InputError(`There is no usage for ${month}, so there is nothing to invoice. ${monthsWithDataSentence(core)}`);
  }
  const vendor = latestVendorInvoice(core, month);
  return {
    preview, company: company(core), madeAt: core.clock.now(),
    daily: new Map(snapshot.daily), sources: snapshot.sources, reconciliation: vendor ? review(preview, vendor) : null,
  };
}

export async function exportInvoice(core: Core, month: IsoMonth, outPath: string): Promise<ExportResult> {
  const data = invoiceData(core, month);
  const target = path.resolve(outPath);
  const { writeInvoice } = await import('../invoice');
  await writeInvoice(data, target);
  core.store.months.recordExport(month, target, core.clock.now());
  return { month, path: target, licenses: data.preview.licenses.length, total: formatAmount(data.preview.totals.amount) };
}

/** The same invoice as a PDF: the Summary (and the Reconciliation when there is one), to print or send. */
export async function exportInvoicePdf(core: Core, month: IsoMonth, outPath: string): Promise<ExportResult> {
  const data = invoiceData(core, month);
  const target = path.resolve(outPath);
  const { writeInvoicePdf } = await import('../invoice');
  await writeInvoicePdf(data, target);
  return { month, path: target, licenses: data.preview.licenses.length, total: formatAmount(data.preview.totals.amount) };
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    exportInvoice: async ({ month, path: out }: In<'exportInvoice'>) => exportInvoice(core, month, out),
    exportInvoicePdf: async ({ month, path: out }: In<'exportInvoicePdf'>) => exportInvoicePdf(core, month, out),
  };
}
