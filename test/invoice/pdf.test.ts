// `flexbill export --pdf` (issue 12): the invoice as a PDF, read back with poppler's
// pdftotext: the title block, one line per license with the preview's figures, the
// totals, the Reconciliation when the vendor's invoice was imported, "Page n of m".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flexbill } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

function pdfText(file: string, ...args: string[]): string {
  const r = spawnSync('pdftotext', [...args, '-layout', file, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

interface Preview {
  licenses: { license: string; name: string | null; billable: number; amount: string; daysReported: number }[];
  totals: { licenses: number; billable: number; amount: string };
}

const usd = (amount: string) => {
  const [units, cents] = amount.split('.');
  return `$${Number(units).toLocaleString('en-US')}.${cents ?? '00'}`;
};

describe('flexbill export --pdf', () => {
  it('the demo month: title block, every license with its figures, the totals, page numbers', () => {
    const dir = tempDir();
    const db = path.join(dir, 'a.db');
    expect(flexbill(db, 'demo').code).toBe(0);
    expect(flexbill(db, 'settings', '--company', 'Northwind Hosting Ltd', '--address', '1 Harbour Street').code).toBe(0);
    const out = path.join(dir, 'invoice.pdf');
    const r = flexbill(db, 'export', '--month', '2026-10', '--pdf', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out}`);
    expect(fs.readFileSync(out).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    // Nothing left beside it: written under a temporary name, then renamed.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const text = pdfText(out);
    expect(text).toContain('Flex Billing for Exchange ActiveSync — Summary invoice');
    expect(text).toContain('October 2026');
    expect(text).toContain('Company billed: Northwind Hosting Ltd');
    expect(text).toContain('1 Harbour Street');
    const preview = JSON.parse(flexbill(db, 'preview', '--month', '2026-10', '--json').stdout) as Preview;
    const lines = text.split('\n');
    for (const l of preview.licenses) {
      const line = lines.find((x) => x.includes(l.license));
      expect(line, l.license).toBeDefined();
      const cells = line!.trim().split(/\s{2,}/);
      expect(cells).toContain(`${l.daysReported} / 31`);
      expect(cells).toContain(l.billable.toLocaleString('en-US'));
      expect(cells).toContain(usd(l.amount));
    }
    const total = lines.find((x) => /^\s*Total\s/.test(x));
    expect(total).toBeDefined();
    expect(total).toContain(`${preview.totals.licenses} licenses`);
    expect(total).toContain(preview.totals.billable.toLocaleString('en-US'));
    expect(total).toContain(usd(preview.totals.amount));
    expect(text).toMatch(/Page 1 of 1/);
    expect(text).not.toContain('Reconciliation');
  });

  it('many licenses run over pages, each numbered "Page n of m"; a vendor invoice adds the Reconciliation', () => {
    const dir = tempDir();
    const db = path.join(dir, 'b.db');
    const rows = ['license_key,date,eas_mailboxes'];
    for (let i = 0; i < 90; i++) for (let d = 1; d <= 3; d++) rows.push(`PDF${String(i).padStart(2, '0')}-ABCDE-FGHJK-LMNPQ,2026-11-0${d},${100 + i}`);
    fs.writeFileSync(path.join(dir, 'nov.csv'), rows.join('\n'));
    expect(flexbill(db, 'import', path.join(dir, 'nov.csv')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'vendor.csv'), 'license,quantity\nPDF00-ABCDE-FGHJK-LMNPQ,130\n');
    expect(flexbill(db, 'reconcile', '--month', '2026-11', path.join(dir, 'vendor.csv')).code).toBeLessThanOrEqual(1);
    const out = path.join(dir, 'nov.pdf');
    expect(flexbill(db, 'export', '--month', '2026-11', '--pdf', out).code).toBe(0);
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let n = 1; n <= pages; n++) {
      const page = pdfText(out, '-f', String(n), '-l', String(n));
      expect(page).toContain(`Page ${n} of ${pages}`);
      // The table's header comes back on every page it continues on.
      expect(page).toMatch(/License\s+(Name|Vendor)/);
    }
    const text = pdfText(out);
    for (let i = 0; i < 90; i++) expect(text).toContain(`PDF${String(i).padStart(2, '0')}-ABCDE-FGHJK-LMNPQ`);
    expect(text).toContain("Reconciliation with the vendor's invoice (vendor.csv)");
    // The vendor counts 130, we 100: the vendor bills 30 more.
    const line = text.split('\n').filter((x) => x.includes('PDF00-ABCDE-FGHJK-LMNPQ')).find((x) => x.includes('130'));
    expect(line).toBeDefined();
    expect(line).toContain('Vendor bills more');
  });

  it('wrong usage: neither --out nor --pdf, or a --pdf that is not .pdf', () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.db');
    expect(flexbill(db, 'export', '--month', '2026-10').code).toBe(2);
    expect(flexbill(db, 'export', '--month', '2026-10', '--pdf', path.join(dir, 'x.xlsx')).code).toBe(2);
  });
});
