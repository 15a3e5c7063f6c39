import type { DigestAlert } from '../core/digest.js';

/** "97%", "2300 ms", "4.1 s": the figures alert texts carry, by unit. */
const FIGURE = /(\d+(?:\.\d+)?)\s?(%|ms|s\b)/g;

/** The highest figure of each unit found in the alerts' titles and bodies. */
function peaks(alerts: DigestAlert[]): string[] {
  const best = new Map<string, number>();
  for (const alert of alerts) {
    for (const match of `${alert.title} ${alert.body}`.matchAll(FIGURE)) {
      const value = Number(match[1]);
      const unit = match[2]!;
      if (value > (best.get(unit) ?? -Infinity)) best.set(unit, value);
    }
  }
  return [...best].map(([unit, value]) => `${value}${unit === '%' ? '%' : ` ${unit}`}`);
}

/** Hosts, instances or pods the alerts came from (labels), a few named. */
function places(alerts: DigestAlert[]): string[] {
  const seen = new Set<string>();
  for (const alert of alerts) {
    const place = alert.labels.host ?? alert.labels.instance ?? alert.labels.pod ?? alert.labels.hostname;
    if (place) seen.add(place);
  }
  return [...seen];
}

/**
 * The deterministic summary of one alert type: what, where, how often, the peak figures found
 * in the alerts, and when it resolved. One or two sentences, no model involved.
 */
export function summarize(
  group: { title: string; count: number; durationMinutes: number | null; resolvedAt: Date | null },
  alerts: DigestAlert[],
  time: (d: Date) => string,
): string {
  const where = places(alerts);
  const sources = [...new Set(alerts.map((a) => a.source))];
  const first = alerts[0]?.receivedAt;
  const last = alerts.at(-1)?.receivedAt;
  // Two alerts within one minute read "at 03:12", not "between 03:12 and 03:12".
  const span =
    first && last && time(first) !== time(last)
      ? `between ${time(first)} and ${time(last)}`
      : first
        ? `at ${time(first)}`
        : '';
  const on = where.length
    ? ` on ${where.slice(0, 3).join(', ')}${where.length > 3 ? ` and ${where.length - 3} more` : ''}`
    : '';
  const times = group.count === 1 ? 'once' : `${group.count} times`;
  const sentences = [`${group.title}: fired ${times}${on} ${span} (${sources.join(', ')}).`.replace(/\s+\(/, ' (')];
  const peak = peaks(alerts);
  const end = group.resolvedAt
    ? `Resolved at ${time(group.resolvedAt)}` +
      `${group.durationMinutes !== null ? ` after ${group.durationMinutes} min` : ''}.`
    : 'Still firing.';
  sentences.push(`${peak.length ? `Peak ${peak.join(', ')}. ` : ''}${end}`);
  return sentences.join(' ');
}
