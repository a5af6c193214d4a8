// Quotes for account managers (SPEC §11): what a customer's mailboxes cost us
// from the vendor, what we charge, and the margin. Integer cents throughout.
import type { Cents } from './types';

export interface QuoteInput {
  customer: string;
  mailboxes: number;
  months: number;
  /** The vendor's rate per mailbox per month. */
  vendorRate: Cents;
  /** Our price per mailbox per month to the customer. */
  price: Cents;
  /** Where the mailbox count came from, e.g. "license X, billable Oct 2026". */
  basis?: string;
}

export interface Quote extends QuoteInput {
  monthlyCost: Cents;
  monthlyRevenue: Cents;
  monthlyMargin: Cents;
  /** Margin as a share of revenue, in percent with one decimal; null when revenue is 0. */
  marginPercent: number | null;
  totalCost: Cents;
  totalRevenue: Cents;
  totalMargin: Cents;
}

/**
 * The largest quote the app takes: mailboxes, months, and a rate or price per
 * mailbox per month in cents. At these limits every figure of the quote is
 * still a whole number of cents a double holds exactly.
 */
export const QUOTE_LIMITS = { mailboxes: 100_000_000, months: 120, cents: 100_000 } as const;

export function computeQuote(input: QuoteInput): Quote {
  for (const [name, v] of [['Mailboxes', input.mailboxes], ['Months', input.months], ['The vendor rate', input.vendorRate], ['The price', input.price]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${name} must be a whole number of 0 or more.`);
  }
  if (input.months < 1) throw new Error('A quote covers at least 1 month.');
  const monthlyCost = (input.mailboxes * input.vendorRate) as Cents;
  const monthlyRevenue = (input.mailboxes * input.price) as Cents;
  const monthlyMargin = (monthlyRevenue - monthlyCost) as Cents;
  return {
    ...input,
    monthlyCost,
    monthlyRevenue,
    monthlyMargin,
    marginPercent: monthlyRevenue === 0 ? null : Math.round((monthlyMargin / monthlyRevenue) * 1000) / 10,
    totalCost: (monthlyCost * input.months) as Cents,
    totalRevenue: (monthlyRevenue * input.months) as Cents,
    totalMargin: (monthlyMargin * input.months) as Cents,
  };
}
