import { storeStats } from '../../../app/store/maintenance.js';
import type { CliContext } from '../../context.js';

/** Bytes as people read them: 1.4 MB. */
export function size(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  for (; value >= 1000 && unit < units.length - 1; unit++) value /= 1000;
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** `soloops store stats`: a table of rows and sizes; `--json` the same figures. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const stats = await storeStats(await context.app());
  const width = Math.max(5, ...stats.tables.map((t) => t.table.length));
  const line = (name: string, rows: string, bytes: string) =>
    `${name.padEnd(width)}  ${rows.padStart(12)}  ${bytes.padStart(9)}`;
  const count = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `${stats.kind} ${stats.location}`,
    line('table', 'rows', 'size'),
    ...stats.tables.map((t) => line(t.table, count(t.rows), size(t.bytes))),
    line('total', count(stats.totalRows), size(stats.totalBytes)),
  ];
  context.reporter.result(stats, lines.join('\n'));
}
