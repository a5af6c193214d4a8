// A quote for an account manager: mailboxes × months at the vendor's rate and at
// our price, with the margin; prefilled from a license's or a domain's usage and
// exported as a one-sheet workbook.
import { useState } from 'react';
import { computeQuote, type QuoteInput } from '../../app/billing/quote';
import { formatAmount, parseAmount } from '../../app/billing/money';
import type { Cents } from '../../app/billing/types';
import { errorMessage, getClient } from '../client';
import { Dialog } from './Dialog';
import type { Toast } from './Toasts';
import { formatCount, formatUsd } from '../lib/format';

export interface QuoteSeed {
  customer: string;
  mailboxes: number;
  vendorRate: Cents;
  basis: string;
}

function money(text: string, what: string): Cents {
  let c: Cents;
  try {
    c = parseAmount(text);
  } catch {
    throw new Error(`${what}: write an amount of dollars, for example 1.50.`);
  }
  if (c < 0) throw new Error(`${what} cannot be negative.`);
  return c;
}

function whole(text: string, what: string, min: number, max: number): number {
  const t = text.trim().replace(/,/g, '');
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) throw new Error(`${what}: a whole number from ${formatCount(min)} to ${formatCount(max)}.`);
  return Number(t);
}

export function QuoteDialog({ seed, onClose, toast }: { seed: QuoteSeed; onClose: () => void; toast: (t: Omit<Toast, 'id'>) => void }) {
  const client = getClient();
  const [customer, setCustomer] = useState(seed.customer);
  const [mailboxes, setMailboxes] = useState(String(seed.mailboxes));
  const [months, setMonths] = useState('12');
  const [vendorRate, setVendorRate] = useState(formatAmount(seed.vendorRate));
  const [price, setPrice] = useState(formatAmount(Math.round((seed.vendorRate * 1.5) / 5) * 5 as Cents));
  const [busy, setBusy] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  let input: QuoteInput | null = null;
  let invalid: string | null = null;
  try {
    input = {
      customer: customer.trim(),
      mailboxes: whole(mailboxes, 'Mailboxes', 0, 100_000_000),
      months: whole(months, 'Months', 1, 120),
      vendorRate: money(vendorRate, 'The vendor rate'),
      price: money(price, 'The price'),
      basis: seed.basis,
    };
  } catch (e) {
    invalid = errorMessage(e);
  }
  const quote = input ? computeQuote(input) : null;

  const exportQuote = async () => {
    if (!input) return;
    setBusy(true);
    setExportError(null);
    try {
      const r = await client.exportQuote(input);
      if (r) {
        toast(r.downloaded
          ? { kind: 'success', text: `Quote for ${input.customer || 'the customer'} downloaded as ${r.path ?? 'a workbook'}.` }
          : { kind: 'success', text: `Quote for ${input.customer || 'the customer'} saved.`, detail: r.path });
        onClose();
      }
    } catch (e) {
      setExportError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Quote"
      className="dialog-wide"
      onClose={onClose}
      actions={(
        <>
          <button type="button" className="btn" data-initial-focus onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" disabled={!quote || busy} onClick={() => void exportQuote()}>
            {busy ? 'Exporting…' : 'Export quote…'}
          </button>
        </>
      )}
    >
      <p className="muted small quote-basis">Prefilled from {seed.basis}.</p>
      <div className="quote-form">
        <label className="field quote-customer">
          <span>Customer</span>
          <input value={customer} onChange={(e) => setCustomer(e.target.value)} maxLength={200} />
        </label>
        <label className="field">
          <span>Mailboxes</span>
          <input value={mailboxes} onChange={(e) => setMailboxes(e.target.value)} inputMode="numeric" className="num" />
        </label>
        <label className="field">
          <span>Months</span>
          <input value={months} onChange={(e) => setMonths(e.target.value)} inputMode="numeric" className="num" />
        </label>
        <label className="field">
          <span>Vendor rate / mailbox</span>
          <span className="input-prefix"><span aria-hidden="true">$</span><input value={vendorRate} onChange={(e) => setVendorRate(e.target.value)} inputMode="decimal" /></span>
        </label>
        <label className="field">
          <span>Our price / mailbox</span>
          <span className="input-prefix"><span aria-hidden="true">$</span><input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" /></span>
        </label>
      </div>
      {invalid && <div className="alert alert-error" role="alert">{invalid}</div>}
      {quote && (
        <table className="data-table compact quote-table" data-testid="quote-figures">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col" className="num">Per month</th>
              <th scope="col" className="num">Over {plural(quote.months)}</th>
            </tr>
          </thead>
          <tbody>
            <tr><th scope="row">Cost (vendor)</th><td className="num">{formatUsd(quote.monthlyCost)}</td><td className="num">{formatUsd(quote.totalCost)}</td></tr>
            <tr><th scope="row">Revenue</th><td className="num">{formatUsd(quote.monthlyRevenue)}</td><td className="num">{formatUsd(quote.totalRevenue)}</td></tr>
            <tr className="quote-margin">
              <th scope="row">Margin{quote.marginPercent !== null && <span className="muted"> · {quote.marginPercent.toFixed(1)}%</span>}</th>
              <td className="num">{formatUsd(quote.monthlyMargin)}</td>
              <td className="num">{formatUsd(quote.totalMargin)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {exportError && <div className="alert alert-error" role="alert">{exportError}</div>}
    </Dialog>
  );
}

function plural(months: number): string {
  return months === 1 ? '1 month' : `${formatCount(months)} months`;
}
