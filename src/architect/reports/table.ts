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

// Every number a person reads goes through one of these, so the reports round alike; the machine outputs
// (cost.json, --json) keep full precision.

/** Requests per second as a person reads them: one decimal under 10 (`3.8`), whole above (`38`), `0.04` below 0.1. */
export function rate(rps: number): string {
  if (rps !== 0 && Math.abs(rps) < 0.1) return rps.toLocaleString('en-US', { maximumSignificantDigits: 1 });
  return rps.toLocaleString('en-US', { maximumFractionDigits: Math.abs(rps) < 10 ? 1 : 0 });
}

/** An amount (GB, hours, requests) as a person reads it: whole from 1,000, one decimal above 1, two digits below. */
export function quantity(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 1) return value.toLocaleString('en-US', { maximumSignificantDigits: 2 });
  return value.toLocaleString('en-US', { maximumFractionDigits: abs < 1_000 ? 1 : 0 });
}

// Two decimals keep quantity × unit price within a cent of the line's monthly figure, which the reader may check.
/** A priced quantity (a COST.md line, the kWh the power bill is priced on): up to two decimals. */
export function pricedQuantity(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
