// "Print / Save as PDF…" (issue 12): the month's Summary (and the Reconciliation
// when the vendor's invoice was imported) laid out for paper, shown only in print
// (styles.css: @media print hides the window and shows this; page numbers come
// from @page's margin boxes). The browser's print dialog saves it as a PDF too.
import { useEffect } from 'react';
import type { IsoMonth } from '../../app/api-types';
import { owesText } from '../../app/billing/reconcile';
import { ruleSentence } from '../../app/words';
import { getClient } from '../client';
import { formatCount, formatDateTime, formatMonth, formatUsd, plural } from '../lib/format';
import { useLoad } from '../lib/useLoad';

interface Props {
  month: IsoMonth;
  /** Called once what is printed is on the page (the host then opens its print dialog). */
  onReady: () => void;
}

export function PrintInvoice({ month, onReady }: Props) {
  const client = getClient();
  const { data } = useLoad(async () => {
    const [preview, settings, vendor] = await Promise.all([
      client.call('preview', { month }),
      client.call('settings', {}),
      client.call('reconciliation', { month }),
    ]);
    return { preview, settings, vendor, madeAt: new Date().toISOString() };
  }, [month]);

  useEffect(() => {
    if (data) onReady();
    // Once per invoice: the print dialog opens when its figures are on the page.
  }, [data]);

  if (!data) return null;
  const { preview, settings, vendor } = data;
  const company = settings.company;
  const licenses = [...preview.licenses].sort((a, b) => (a.license < b.license ? -1 : a.license > b.license ? 1 : 0));
  return (
    <article className="print-invoice" data-testid="print-invoice" aria-label={`Invoice for ${formatMonth(month)}`}>
      <header className="print-title">
        <h1>Flex Billing for Exchange ActiveSync — Summary invoice</h1>
        <p className="print-month">{formatMonth(preview.month)}</p>
        <p><strong>Company billed: {company.name.trim() === '' ? '(not set: see Settings)' : company.name}</strong></p>
        {company.address.split(/\r?\n/).filter((l) => l.trim() !== '').map((l, i) => <p key={i}>{l}</p>)}
        <p>Made on {formatDateTime(data.madeAt)}</p>
        <p>{ruleSentence(preview.droppedDays, preview.rate)}</p>
        {preview.closed && <p>The month is closed: these are the figures kept at closing.</p>}
      </header>
      <h2>Summary</h2>
      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">License</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">Days</th>
            <th scope="col" className="num">Peak</th>
            <th scope="col" className="num">Billable</th>
            <th scope="col" className="num">Rate</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {licenses.map((l) => (
            <tr key={l.license} data-license={l.license}>
              <td className="print-key">{l.license}</td>
              <td>{l.name ?? ''}</td>
              <td className="num">{l.daysReported} / {preview.daysInMonth}</td>
              <td className="num">{l.peak === null ? '—' : formatCount(l.peak)}</td>
              <td className="num">{formatCount(l.billable)}</td>
              <td className="num">{formatUsd(l.rate)}</td>
              <td className="num">{formatUsd(l.amount)}</td>
              <td>{l.flags.map((f) => f.message).join('; ')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{plural(preview.totals.licenses, 'license')}</td>
            <td /><td />
            <td className="num" data-testid="print-total-billable">{formatCount(preview.totals.billable)}</td>
            <td />
            <td className="num" data-testid="print-total-amount">{formatUsd(preview.totals.amount)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      {vendor && vendor.month === month && (
        <section className="print-section" data-testid="print-reconciliation">
          <h2>Reconciliation with the vendor&rsquo;s invoice ({vendor.vendorFile})</h2>
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">License</th>
                <th scope="col">Name</th>
                <th scope="col" className="num">Vendor</th>
                <th scope="col" className="num">Ours</th>
                <th scope="col" className="num">Difference</th>
                <th scope="col" className="num">$ difference</th>
                <th scope="col">Who owes whom</th>
              </tr>
            </thead>
            <tbody>
              {vendor.lines.map((l) => (
                <tr key={l.license}>
                  <td className="print-key">{l.license}</td>
                  <td>{l.name ?? ''}</td>
                  <td className="num">{l.vendor === null ? '—' : formatCount(l.vendor)}</td>
                  <td className="num">{l.ours === null ? '—' : formatCount(l.ours)}</td>
                  <td className="num">{formatCount(l.difference)}</td>
                  <td className="num">{formatUsd(l.amountDifference)}</td>
                  <td>{owesText(l.difference)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td />
                <td className="num">{formatCount(vendor.totals.vendor)}</td>
                <td className="num">{formatCount(vendor.totals.ours)}</td>
                <td className="num">{formatCount(vendor.totals.difference)}</td>
                <td className="num">{formatUsd(vendor.totals.amountDifference)}</td>
                <td>{owesText(vendor.totals.difference)}</td>
              </tr>
            </tfoot>
          </table>
        </section>
      )}
    </article>
  );
}
