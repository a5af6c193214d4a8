// Aligned plain-text tables for the command line.

export type Align = 'left' | 'right';

export interface Column<T> {
  header: string;
  align?: Align;
  value: (row: T) => string;
}

export function renderTable<T>(columns: Column<T>[], rows: T[], footer?: string[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const all = [columns.map((c) => c.header), ...cells, ...(footer ? [footer] : [])];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r.map((cell, i) => {
      const pad = ' '.repeat(Math.max(0, widths[i]! - [...cell].length));
      return columns[i]!.align === 'right' ? pad + cell : cell + pad;
    }).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(all[0]!), rule, ...cells.map(line)];
  if (footer) out.push(rule, line(footer));
  return out.join('\n');
}
