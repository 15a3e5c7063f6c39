/** Column alignment in a Markdown table: numbers read best right-aligned. */
export type Align = 'left' | 'right';

/**
 * A GitHub-flavoured Markdown table. Cells are escaped so a `|` in a component name cannot
 * split a column; every report uses this one helper so the tables look the same.
 */
export function markdownTable(
  headers: string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  align: Align[] = [],
): string {
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [line(headers), `|${rule.join('|')}|`, ...rows.map(line)].join('\n');
}

/** Dollars with cents and thousands separators: `$1,234.50`. */
export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// Unit prices go down to $0.0000133334 per GB-second, so they keep every digit the table has.
/** A unit price as the price table states it, never rounded. */
export function unitPrice(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 20 })}`;
}

/** A quantity with separators and up to four decimals (the precision the cost agent prices at). */
export function quantity(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}
