/**
 * Pure formatting and matching helpers for the console's pages (no DOM, no React: unit-tested in node).
 */

/** "42 %" (one decimal under 10), or "—" when unknown. */
export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} %`;
}

/** A percentage where hundredths matter ("99.95 %"), or "—". */
export function pctPrecise(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value.toFixed(2)} %`;
}

/** "$12.34". */
export function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** A short local date and time ("5 Dec, 04:31"), or "—". */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Whether a live event type matches one of `patterns` ("alert", or "incident.*" for every incident event). */
export function eventMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** The month before `now` as YYYY-MM (the SLA report's usual subject), in UTC like the reports. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The current month as YYYY-MM (UTC). */
export function currentMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** Uptime (a percentage, as the status API answers it) as "99.95 %": hundredths matter here. */
export function uptime(value: number | null | undefined): string {
  return pctPrecise(value);
}

/**
 * Appends a live point to a history (oldest first), dropping points older than the range and
 * ignoring one not newer than the last (a repeat, or an event from before the load).
 */
export function appendPoint<T extends { at: string }>(points: readonly T[], point: T, rangeMs: number): T[] {
  const at = Date.parse(point.at);
  const last = points.at(-1);
  if (last && Date.parse(last.at) >= at) return points as T[];
  const from = at - rangeMs;
  const kept = points.filter((p) => Date.parse(p.at) >= from);
  kept.push(point);
  return kept;
}
