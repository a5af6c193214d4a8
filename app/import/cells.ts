// Spreadsheet cell values as exceljs gives them, reduced to what a cell shows. No
// exceljs import: the vendor invoice reader loads exceljs only for a workbook.

export type Plain = string | number | boolean | Date | null;

/** A cell's value as shown: formulas give their result, rich text and links their text. */
export function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const rich = o['richText'];
    if (Array.isArray(rich)) {
      return rich.map((r: unknown) => (typeof r === 'object' && r !== null ? String((r as Record<string, unknown>)['text'] ?? '') : '')).join('');
    }
    if ('result' in o) return plain(o['result']);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if ('text' in o) return plain(o['text']);
    if ('error' in o) return String(o['error']);
  }
  return null;
}

/** A cell's value as text; a date cell as its calendar date (`YYYY-MM-DD`). */
export function cellText(v: Plain): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.toISOString().slice(0, 10) : '';
  return String(v);
}

export function isEmpty(v: Plain): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}
