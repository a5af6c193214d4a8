import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainSplit, LicenseMonth } from '../../app/billing';
import { buildInvoiceWorkbook, writeInvoice, type InvoiceData } from '../../app/invoice';
import { fullMonth, invoiceData, tempFolder } from './helpers';
import { cachedFormula, formula, headerRowOf, readWorkbook, rowTexts, sheetOf, sheetXml, text, titleTexts } from './read';

const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const HEADER = ['License', 'Name', 'Domain', 'Mailboxes on billed day', 'Distinct mailboxes in month', 'Rate', 'Amount'];
const EXPLANATION = "The billed day's mailboxes of each license, split by domain: what an ISP charges its own customers.";

/** The month of four licenses; the domains of each license are set by the test. */
function month(rate = 100): InvoiceData {
  return invoiceData('2026-10', [
    { key: 'ISP-B', name: 'mail-b.example.net', counts: fullMonth(31, 2) },
    { key: 'ISP-A', name: 'mail-a.example.net', counts: fullMonth(31, 1) },
    { key: 'ISP-C', name: null, counts: fullMonth(31, 3) },
    { key: 'ISP-D', name: 'counts only', counts: fullMonth(31, 4) },
  ], { rate });
}

function license(data: InvoiceData, key: string): LicenseMonth {
  const l = data.preview.licenses.find((x) => x.license === key);
  if (!l) throw new Error(`no license ${key}`);
  return l;
}

/** Splits a license's billable count over `domains` (in the order given): shares of a half, a quarter..., the rest to the last. */
function splitOver(l: LicenseMonth, domains: string[]): DomainSplit[] {
  let left = l.billable;
  return domains.map((domain, i) => {
    const billed = i === domains.length - 1 ? left : Math.floor(left / 2);
    left -= billed;
    return { domain, billed, distinct: billed + 2 * i + 1 };
  });
}

/** Domains for ISP-A, ISP-B and ISP-C, given out of order; ISP-D has counts only. */
function withDomains(rate = 100): InvoiceData {
  const data = month(rate);
  const a = license(data, 'ISP-A');
  const b = license(data, 'ISP-B');
  const c = license(data, 'ISP-C');
  a.domains = splitOver(a, ['zeta.example', '', 'Alpha.example', 'beta.example']);
  b.domains = splitOver(b, ['only.example']);
  c.domains = splitOver(c, ['', 'c.example']);
  license(data, 'ISP-D').domains = null;
  return data;
}

async function written(data: InvoiceData, name: string): Promise<{ file: string; wb: Awaited<ReturnType<typeof readWorkbook>> }> {
  const file = path.join(folder, name);
  await writeInvoice(data, file);
  return { file, wb: await readWorkbook(file) };
}

describe('the Domains sheet', () => {
  it('is left out when no license has mailbox-level data', async () => {
    const data = month();
    expect(buildInvoiceWorkbook(data).worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
    for (const l of data.preview.licenses) l.domains = null;
    const { wb } = await written(data, 'no-domains.xlsx');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Sources']);
  });

  it('comes after Daily and before Sources when a license has domains', async () => {
    const data = month();
    license(data, 'ISP-C').domains = [{ domain: 'c.example', billed: license(data, 'ISP-C').billable, distinct: 9 }];
    const { wb } = await written(data, 'one-license.xlsx');
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Daily', 'Domains', 'Sources']);
  });

  it('lists each license by domain, sorted, with a subtotal equal to its billable count and amount, and a Total', async () => {
    const data = withDomains(85);
    const { wb, file } = await written(data, 'domains.xlsx');
    const sheet = sheetOf(wb, 'Domains');
    const h = headerRowOf(sheet);
    expect(rowTexts(sheet.getRow(h), HEADER.length)).toEqual(HEADER);

    // Licenses in order, each license's domains alphabetically (ignoring case), "(no domain)" last.
    const expected: [string, string, string][] = [
      ['ISP-A', 'mail-a.example.net', 'Alpha.example'],
      ['ISP-A', 'mail-a.example.net', 'beta.example'],
      ['ISP-A', 'mail-a.example.net', 'zeta.example'],
      ['ISP-A', 'mail-a.example.net', '(no domain)'],
      ['ISP-A', 'mail-a.example.net', 'Subtotal'],
      ['ISP-B', 'mail-b.example.net', 'only.example'],
      ['ISP-B', 'mail-b.example.net', 'Subtotal'],
      ['ISP-C', '', 'c.example'],
      ['ISP-C', '', '(no domain)'],
      ['ISP-C', '', 'Subtotal'],
      ['Total', '3 licenses, 7 domains', ''],
    ];
    expect(Array.from({ length: expected.length }, (_, i) => rowTexts(sheet.getRow(h + 1 + i), 3))).toEqual(expected);
    expect(text(sheet.getCell(h + 1 + expected.length, 1))).toBe('');

    const xml = sheetXml(file, 3);
    let r = h + 1;
    let totalBilled = 0;
    let totalAmount = 0;
    for (const key of ['ISP-A', 'ISP-B', 'ISP-C']) {
      const l = license(data, key);
      const byDomain = new Map((l.domains ?? []).map((d) => [d.domain === '' ? '(no domain)' : d.domain, d]));
      const start = r;
      for (; text(sheet.getCell(r, 3)) !== 'Subtotal'; r++) {
        const d = byDomain.get(text(sheet.getCell(r, 3)));
        const at = `row ${r} (${key})`;
        expect(sheet.getCell(r, 4).value, at).toBe(d?.billed);
        expect(sheet.getCell(r, 5).value, at).toBe(d?.distinct);
        expect(sheet.getCell(r, 6).value, at).toBe(0.85);
        expect(formula(sheet.getCell(r, 7)), at).toEqual({ formula: `D${r}*F${r}`, result: ((d?.billed ?? 0) * 85) / 100 });
        expect(cachedFormula(xml, `G${r}`), at).toEqual({ f: `D${r}*F${r}`, v: ((d?.billed ?? 0) * 85) / 100 });
      }
      // The subtotal: the license's billable count and amount, as formulas with their results.
      const distinct = (l.domains ?? []).reduce((n, d) => n + d.distinct, 0);
      expect(formula(sheet.getCell(r, 4)), key).toEqual({ formula: `SUBTOTAL(9,D${start}:D${r - 1})`, result: l.billable });
      expect(formula(sheet.getCell(r, 5)), key).toEqual({ formula: `SUBTOTAL(9,E${start}:E${r - 1})`, result: distinct });
      expect(formula(sheet.getCell(r, 7)), key).toEqual({ formula: `SUBTOTAL(9,G${start}:G${r - 1})`, result: l.amount / 100 });
      expect(cachedFormula(xml, `D${r}`), key).toEqual({ f: `SUBTOTAL(9,D${start}:D${r - 1})`, v: l.billable });
      expect(cachedFormula(xml, `G${r}`), key).toEqual({ f: `SUBTOTAL(9,G${start}:G${r - 1})`, v: l.amount / 100 });
      expect(sheet.getCell(r, 3).font?.bold, key).toBe(true);
      totalBilled += l.billable;
      totalAmount += l.amount;
      r++;
    }

    // The Total: SUBTOTAL over every row leaves the subtotals out, so it is the sum of the licenses.
    expect(text(sheet.getCell(r, 1))).toBe('Total');
    expect(cachedFormula(xml, `D${r}`)).toEqual({ f: `SUBTOTAL(9,D${h + 1}:D${r - 1})`, v: totalBilled });
    expect(cachedFormula(xml, `G${r}`)).toEqual({ f: `SUBTOTAL(9,G${h + 1}:G${r - 1})`, v: totalAmount / 100 });
    expect(totalBilled).toBe(license(data, 'ISP-A').billable + license(data, 'ISP-B').billable + license(data, 'ISP-C').billable);
    expect(sheet.getCell(r, 1).font?.bold).toBe(true);

    expect(sheet.getCell(h + 1, 4).numFmt).toBe('#,##0');
    expect(sheet.getCell(h + 1, 7).numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(r, 7).numFmt).toBe('"$"#,##0.00');
    expect(sheet.getCell(h + 1, 1).font?.name).toBe('Calibri');
  });

  it('says what it is and which licenses it leaves out, above a frozen, filtered, printable table', async () => {
    const { wb } = await written(withDomains(), 'domains-title.xlsx');
    const sheet = sheetOf(wb, 'Domains');
    const h = headerRowOf(sheet);
    expect(titleTexts(sheet, h)).toEqual([
      'Mailboxes by domain — October 2026',
      EXPLANATION,
      'Not listed: 1 license without mailbox-level data on the billed day (ISP-D).',
    ]);
    const view = sheet.views[0];
    expect(view).toMatchObject({ state: 'frozen', ySplit: h });
    const last = h + 10;
    expect(String(sheet.autoFilter)).toBe(`A${h}:G${last}`);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${h}:${h}` });
    expect(sheet.getCell(1, 7).isMerged).toBe(true);
  });

  it('shows an empty domain as "(no domain)"', async () => {
    const data = month();
    const d = license(data, 'ISP-D');
    d.domains = [{ domain: '', billed: d.billable, distinct: d.billable }];
    const { wb } = await written(data, 'no-domain.xlsx');
    const sheet = sheetOf(wb, 'Domains');
    const h = headerRowOf(sheet);
    expect(rowTexts(sheet.getRow(h + 1), 4)).toEqual(['ISP-D', 'counts only', '(no domain)', String(d.billable)]);
    expect(formula(sheet.getCell(h + 2, 4)).result).toBe(d.billable);
  });

  it('warns in the title when a license\'s domains do not add up to its billable count', async () => {
    const data = month();
    const a = license(data, 'ISP-A');
    a.domains = [{ domain: 'a.example', billed: a.billable - 3, distinct: a.billable }];
    const { wb } = await written(data, 'mismatch.xlsx');
    const sheet = sheetOf(wb, 'Domains');
    const lines = titleTexts(sheet, headerRowOf(sheet));
    expect(lines).toContain(`Check ISP-A: its domains add up to ${(a.billable - 3).toLocaleString('en-US')} mailboxes, but its billable count is ${a.billable.toLocaleString('en-US')}.`);
  });
});
