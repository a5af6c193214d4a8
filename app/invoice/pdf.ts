// The summary invoice as a PDF (issue 12), written without a browser: plain PDF 1.4
// with the standard Helvetica fonts (every reader has them, nothing is embedded).
// A title block, one line per license, the totals, the Reconciliation when the
// vendor's invoice was imported, and "Page n of m" on every page.

import { formatCount, formatUsd } from '../billing';
import { owesText } from '../billing/reconcile';
import type { LicenseMonth } from '../billing/types';
import { SUMMARY_TITLE } from './summary';
import { localDateTime, monthTitle, parseTimestamp, ruleSentence } from './text';
import type { InvoiceData } from './types';

// A4 landscape, in points: the Summary's columns and its notes fit on one line.
const PAGE_W = 842;
const PAGE_H = 595;
const MARGIN = 42;
const ROW_H = 14;
const FOOT_Y = 26;

/** Helvetica's advance widths (per 1000 em) for ASCII 32–126, from its AFM; the bold digits are the same. */
const WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** WinAnsiEncoding codes of the few characters above Latin-1 our texts use. */
const WIN_ANSI: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '…': 0x85, '×': 0xd7 };

function encode(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 63;
    const w = WIN_ANSI[ch];
    if (w !== undefined) out.push(w);
    else if (c >= 32 && c <= 126) out.push(c);
    else if (c >= 160 && c <= 255) out.push(c);
    else out.push(63); // "?": the standard fonts have no glyph for it
  }
  return out;
}

/** The width of `text` in points at `size` (bold Helvetica is a little wider: 6% is close enough for letters). */
export function textWidth(text: string, size: number, bold = false): number {
  let w = 0;
  for (const code of encode(text)) w += code >= 32 && code <= 126 ? (WIDTHS[code - 32] ?? 556) : 556;
  const letters = bold && /[^\d$,.\s-]/.test(text) ? 1.08 : 1;
  return (w * size * letters) / 1000;
}

/** `text` cut with "…" to fit `width`. */
function fit(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  let s = text;
  while (s.length > 1 && textWidth(`${s}…`, size, bold) > width) s = s.slice(0, -1);
  return `${s}…`;
}

const hex = (text: string) => encode(text).map((b) => b.toString(16).padStart(2, '0')).join('');

interface Column {
  header: string;
  width: number;
  align: 'left' | 'right';
}

/** One page's drawing operators. */
class Page {
  readonly ops: string[] = [];
  y = PAGE_H - MARGIN;

  text(x: number, y: number, text: string, size: number, bold = false): void {
    this.ops.push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(2)} ${y.toFixed(2)} Td <${hex(text)}> Tj ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number): void {
    this.ops.push(`${x1.toFixed(2)} ${y1.toFixed(2)} m ${x2.toFixed(2)} ${y2.toFixed(2)} l S`);
  }
}

/** Lays out pages top to bottom; a table's header is repeated on each page it continues on. */
class Layout {
  readonly pages: Page[] = [new Page()];

  get page(): Page {
    return this.pages[this.pages.length - 1] as Page;
  }

  /** Room for `height` more points on this page, or a new page. */
  need(height: number, onNewPage?: () => void): void {
    if (this.page.y - height < MARGIN + 10) {
      this.pages.push(new Page());
      onNewPage?.();
    }
  }

  para(text: string, size: number, bold = false): void {
    this.need(size + 6);
    this.page.y -= size + 4;
    this.page.text(MARGIN, this.page.y, fit(text, PAGE_W - 2 * MARGIN, size, bold), size, bold);
  }

  gap(h: number): void {
    this.page.y -= h;
  }

  row(columns: Column[], cells: string[], bold = false): void {
    const size = 8.5;
    this.page.y -= ROW_H;
    let x = MARGIN;
    columns.forEach((c, i) => {
      const text = fit(cells[i] ?? '', c.width - 12, size, bold);
      const tx = c.align === 'right' ? x + c.width - 9 - textWidth(text, size, bold) : x + 3;
      this.page.text(tx, this.page.y + 4, text, size, bold);
      x += c.width;
    });
  }

  table(title: string, columns: Column[], rows: string[][], total: string[]): void {
    const header = () => {
      this.row(columns, columns.map((c) => c.header), true);
      this.page.line(MARGIN, this.page.y + 1, PAGE_W - MARGIN, this.page.y + 1);
    };
    this.need(ROW_H * 4);
    this.gap(10);
    this.para(title, 11, true);
    this.gap(2);
    header();
    for (const r of rows) {
      this.need(ROW_H, header);
      this.row(columns, r);
    }
    this.need(ROW_H + 4, header);
    this.page.line(MARGIN, this.page.y - 1, PAGE_W - MARGIN, this.page.y - 1);
    this.gap(2);
    this.row(columns, total, true);
  }
}

/** Column widths that add up to the width between the margins. */
function columnsOf(spec: [string, number, 'left' | 'right'][]): Column[] {
  const sum = spec.reduce((a, [, w]) => a + w, 0);
  return spec.map(([header, w, align]) => ({ header, width: (w / sum) * (PAGE_W - 2 * MARGIN), align }));
}

function licenseCells(l: LicenseMonth, daysInMonth: number): string[] {
  return [
    l.license, l.name ?? '', `${l.daysReported} / ${daysInMonth}`, l.peak === null ? '—' : formatCount(l.peak),
    formatCount(l.billable), formatUsd(l.rate), formatUsd(l.amount), l.flags.map((f) => f.message).join('; '),
  ];
}

/** The invoice's pages as drawn, before they are numbered. */
function layOut(data: InvoiceData): Layout {
  const { preview, company } = data;
  const doc = new Layout();
  doc.para(SUMMARY_TITLE, 15, true);
  doc.para(monthTitle(preview.month), 12, true);
  doc.gap(4);
  const name = company.name.trim();
  doc.para(`Company billed: ${name === '' ? '(not set: see Settings)' : name}`, 9.5, true);
  for (const line of company.address.split(/\r?\n/)) if (line.trim() !== '') doc.para(line.trim(), 9.5);
  doc.para(`Made on ${localDateTime(parseTimestamp(data.madeAt, 'The time the invoice was made'))}`, 9.5);
  doc.para(ruleSentence(preview.droppedDays, preview.rate), 9.5);
  if (preview.closed) doc.para('The month is closed: these are the figures kept at closing.', 9.5);

  const licenses = [...preview.licenses].sort((a, b) => (a.license < b.license ? -1 : a.license > b.license ? 1 : 0));
  doc.table(
    'Summary',
    columnsOf([['License', 150, 'left'], ['Name', 140, 'left'], ['Days', 50, 'right'], ['Peak', 55, 'right'], ['Billable', 60, 'right'], ['Rate', 50, 'right'], ['Amount', 75, 'right'], ['Notes', 178, 'left']]),
    licenses.map((l) => licenseCells(l, preview.daysInMonth)),
    ['Total', `${formatCount(preview.totals.licenses)} ${preview.totals.licenses === 1 ? 'license' : 'licenses'}`, '', '', formatCount(preview.totals.billable), '', formatUsd(preview.totals.amount), ''],
  );

  const rec = data.reconciliation;
  if (rec) {
    doc.gap(8);
    doc.table(
      `Reconciliation with the vendor's invoice (${rec.vendorFile})`,
      columnsOf([['License', 150, 'left'], ['Name', 150, 'left'], ['Vendor', 70, 'right'], ['Ours', 70, 'right'], ['Difference', 75, 'right'], ['$ difference', 90, 'right'], ['Who owes whom', 153, 'left']]),
      rec.lines.map((l) => [
        l.license, l.name ?? '', l.vendor === null ? '—' : formatCount(l.vendor), l.ours === null ? '—' : formatCount(l.ours),
        formatCount(l.difference), formatUsd(l.amountDifference), owesText(l.difference),
      ]),
      ['Total', '', formatCount(rec.totals.vendor), formatCount(rec.totals.ours), formatCount(rec.totals.difference), formatUsd(rec.totals.amountDifference), owesText(rec.totals.difference)],
    );
  }
  return doc;
}


/** The PDF file's bytes. */
export function invoicePdf(data: InvoiceData): Buffer {
  const pages = layOut(data).pages;
  const count = pages.length;
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${count}`;
    p.text(PAGE_W - MARGIN - textWidth(label, 8), FOOT_Y, label, 8);
    p.text(MARGIN, FOOT_Y, `${SUMMARY_TITLE} · ${monthTitle(data.preview.month)}`, 8);
  });

  // Objects: 1 catalog, 2 pages, 3 and 4 the fonts, then per page its page and its content.
  const objects: string[] = [];
  const kids = pages.map((_, i) => `${5 + 2 * i} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${count} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  pages.forEach((p, i) => {
    const stream = `0.4 w\n${p.ops.join('\n')}\n`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`);
  });

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
