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

/**
 * An exceljs cell's value as Excel shows it. A formula's cached result is
 * `cell.result`: exceljs's `value` of a formula cell drops a result that is falsy
 * (0, ""), so a count computed as 0 would read as empty. `formulaType` is
 * exceljs's ValueType.Formula (passed in: this module does not load exceljs).
 */
export function shownValue(cell: { type: unknown; value: unknown }, formulaType: unknown): Plain {
  if (cell.type === formulaType) return plain((cell as { result?: unknown }).result ?? null);
  return plain(cell.value);
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
