// SPEC §4.2 for workbooks: the first sheet with a header row, a preamble above it, date
// cells, serials and date strings; errors name the sheet and cell. The workbooks are
// made here with exceljs, in a temp folder.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days, license, read, rejection, tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.remove());

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(t.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

const utc = (y: number, m: number, d: number, h = 0): Date => new Date(Date.UTC(y, m - 1, d, h));

describe('xlsx', () => {
  it('skips a sheet without a header; reads date cells, serials, date strings, formulas and rich text', async () => {
    const file = await workbook('mixed.xlsx', (wb) => {
      const notes = wb.addWorksheet('Notes');
      notes.addRow(['Read me first']);
      notes.addRow(['Nothing to bill here', 42]);
      const ws = wb.addWorksheet('Usage');
      ws.addRow(['October usage']);
      ws.addRow(['Version:', '100.0.6919']);
      ws.addRow(['License', 'Date', 'EAS Accounts', 'Edition']);
      ws.addRow(['XL-1', utc(2026, 10, 1), 10, 'Enterprise']);
      ws.addRow(['XL-1', utc(2026, 10, 2, 22), 11]);
      ws.addRow(['XL-1', 46297 + 1, 12]); // a serial number in a number cell: 2026-10-03
      ws.addRow(['XL-1', '10/4/2026', '13']);
      ws.addRow(['XL-1', '2026-10-05', { formula: '7*2', result: 14 }]);
      ws.addRow([{ richText: [{ text: 'XL-' }, { text: '2' }] }, utc(2026, 10, 1), 0]);
      ws.addRow([]);
      ws.getCell('B4').numFmt = 'yyyy-mm-dd';
    });
    const parsed = await read(file);
    expect(parsed).toMatchObject({ format: 'xlsx', detail: 'sheet "Usage"', kind: 'counts', rows: 6 });
    expect(days(license(parsed, 'XL-1'))).toEqual({ '2026-10-01': 10, '2026-10-02': 11, '2026-10-03': 12, '2026-10-04': 13, '2026-10-05': 14 });
    expect(days(license(parsed, 'XL-2'))).toEqual({ '2026-10-01': 0 });
    expect(license(parsed, 'XL-1').meta).toEqual({ edition: 'Enterprise' });
  });

  it('a bad cell is named by sheet and cell', async () => {
    const file = await workbook('bad.xlsx', (wb) => {
      const ws = wb.addWorksheet('Usage');
      ws.addRow(['License', 'Date', 'Count']);
      ws.addRow(['K', utc(2026, 10, 1), 5]);
      ws.addRow(['K', utc(2026, 10, 2), 5]);
      ws.addRow(['K', utc(2026, 10, 3), 'many']);
    });
    expect(await rejection(file)).toBe('bad.xlsx sheet "Usage" cell C4: count "many" is not a whole number');
  });

  it('numeric cells must be whole numbers >= 0; dates must be dates', async () => {
    const fraction = await workbook('fraction.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Report date', 'Serial', 'Mailboxes']);
      ws.addRow([utc(2026, 10, 1), 'K', 12.5]);
    });
    expect(await rejection(fraction)).toBe('fraction.xlsx sheet "Data" cell C2: count 12.5 is not a whole number');
    const date = await workbook('date.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Date', 'License', 'Count']);
      ws.addRow(['soon', 'K', 1]);
    });
    expect(await rejection(date)).toMatch(/^date\.xlsx sheet "Data" cell A2: date "soon" is not a date/);
  });

  it('mailbox rows, and the license from the preamble in two cells', async () => {
    const file = await workbook('mailboxes.xlsx', (wb) => {
      const ws = wb.addWorksheet('EAS');
      ws.addRow(['License Key', 'PRE-XL']);
      ws.addRow(['Server', 'mail7']);
      ws.addRow(['Day', 'User Name']);
      ws.addRow([utc(2026, 10, 1), 'A@x.com']);
      ws.addRow([utc(2026, 10, 1), 'a@x.com']);
      ws.addRow([utc(2026, 10, 2), 'b@y.com']);
    });
    const parsed = await read(file);
    const l = license(parsed, 'PRE-XL');
    expect(parsed.kind).toBe('mailboxes');
    expect(days(l)).toEqual({ '2026-10-01': 1, '2026-10-02': 1 });
    expect(l.meta).toEqual({ name: 'mail7' });
    expect(l.mailboxes?.[0]?.addresses).toEqual(['a@x.com', 'b@y.com']);
  });

  it('a workbook with no header row, and a damaged workbook, are rejected clearly', async () => {
    const none = await workbook('none.xlsx', (wb) => {
      wb.addWorksheet('A').addRow(['just', 'words']);
    });
    expect(await rejection(none)).toBe(
      'none.xlsx is not a usage export: no header row with a date column and a count or mailbox column was found in the first 100 rows of any visible sheet',
    );
    const damaged = path.join(t.dir, 'damaged.xlsx');
    writeFileSync(damaged, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    expect(await rejection(damaged)).toMatch(/^damaged\.xlsx is not a readable Excel workbook \(\.xlsx\)/);
  });

  it('our own reader: SpreadsheetML as other writers write it (1904 dates, a custom date format, rich and phonetic text, inline and typed cells, an absolute part path, a hidden sheet first)', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const file = path.join(t.dir, 'handmade.xlsx');
    writeFileSync(file, storedZip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      'xl/workbook.xml': `<workbook ${ns}><workbookPr date1904="1"/><sheets><sheet name="Old &amp; hidden" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Usage" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/usage.xml"/>'
        + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/old.xml"/>'
        + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>'
        + '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
      'xl/styles.xml': `<styleSheet ${ns}><numFmts count="2"><numFmt numFmtId="164" formatCode="dd&quot;.&quot;mm&quot;.&quot;yyyy"/><numFmt numFmtId="165" formatCode="&quot;day &quot;0"/></numFmts>`
        + '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/></cellXfs></styleSheet>',
      'xl/strings.xml': `<sst ${ns} count="4"><si><t>License</t></si><si><r><t>Da</t></r><r><rPr><b/></rPr><t xml:space="preserve">te</t></r><rPh sb="0" eb="1"><t>ヒ</t></rPh></si><si><t>EAS Mailboxes</t></si><si><t>HM-1 &amp; co</t></si></sst>`,
      'xl/worksheets/old.xml': `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>License</t></is></c><c r="B1" t="inlineStr"><is><t>Date</t></is></c><c r="C1" t="inlineStr"><is><t>Count</t></is></c></row>`
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>OLD-1</t></is></c><c r="B2" t="inlineStr"><is><t>2026-10-01</t></is></c><c r="C2"><v>99</v></c></row></sheetData></worksheet>',
      // 1904 system: serial 44834 is 2026-10-01. Row 4 has a formula cached as 0, row 5 a
      // number style that is not a date, row 6 a date typed as text (t="d") and a count as a string formula.
      'xl/worksheets/usage.xml': `<worksheet ${ns}><dimension ref="A1:C7"/><sheetData>`
        + '<row r="1"><c r="A1" t="inlineStr"><is><t>October</t></is></c></row><row r="2"/>'
        + '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c></row>'
        + '<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" s="1"><v>44834</v></c><c r="C4"><f>A9*0</f><v>0</v></c></row>'
        + '<row r="5"><c r="A5" t="s"><v>3</v></c><c r="B5" s="1"><v>44835.75</v></c><c r="C5" s="2"><v>12</v></c></row>'
        + '<row r="6"><c r="A6" t="s"><v>3</v></c><c r="B6" t="d"><v>2026-10-03</v></c><c r="C6" t="str"><f>"1"&amp;"3"</f><v>13</v></c></row>'
        + '<row r="7"><c r="A7" t="inlineStr"><is><t>Total</t></is></c><c r="C7"><v>25</v></c></row>'
        + '</sheetData></worksheet>',
    }));
    const parsed = await read(file);
    expect(parsed).toMatchObject({ format: 'xlsx', detail: 'sheet "Usage"', rows: 3 });
    expect(parsed.licenses.map((l) => l.key)).toEqual(['HM-1 & co']);
    expect(days(license(parsed, 'HM-1 & co'))).toEqual({ '2026-10-01': 0, '2026-10-02': 12, '2026-10-03': 13 });
    expect(parsed.warnings.join(' ')).toMatch(/sheet "Old & hidden" is a hidden sheet/);
    expect(parsed.warnings.join(' ')).toMatch(/cell A7|row 7/);
  });
});

/** A zip of stored (uncompressed) entries, as small as a test needs. */
function storedZip(files: Record<string, string>): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
