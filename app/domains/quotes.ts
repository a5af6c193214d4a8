// Quotes for account managers (SPEC §11): a workbook of cost, price and margin.
import path from 'node:path';
import { z } from 'zod';
import { QUOTE_LIMITS, computeQuote, type QuoteInput } from '../billing/quote';
import type { Core } from '../core';
import { cents, filePath } from './schemas';
import { company } from './settings';

export const schemas = {
  exportQuote: z.object({
    quote: z.object({
      customer: z.string().max(200),
      mailboxes: z.number().int().min(0).max(QUOTE_LIMITS.mailboxes),
      months: z.number().int().min(1).max(QUOTE_LIMITS.months),
      vendorRate: cents(QUOTE_LIMITS.cents),
      price: cents(QUOTE_LIMITS.cents),
      basis: z.string().max(500).optional(),
    }).strict(),
    path: filePath,
  }).strict(),
};

export async function exportQuote(core: Core, input: QuoteInput, outPath: string): Promise<{ path: string }> {
  // The schema keeps the figures within QUOTE_LIMITS, where computeQuote accepts them.
  const quote = computeQuote(input);
  const target = path.resolve(outPath);
  const { writeQuote } = await import('../invoice');
  await writeQuote(quote, { company: company(core), madeAt: core.clock.now() }, target);
  return { path: target };
}

type In<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function handlers(core: Core) {
  return {
    exportQuote: async ({ quote, path: out }: In<'exportQuote'>) => exportQuote(core, quote, out),
  };
}
