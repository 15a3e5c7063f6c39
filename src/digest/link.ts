/** Keys that carry a link to the alert at its source, in the order they are preferred. */
const LINK_KEYS = [
  'web_url',
  'permalink',
  'url',
  'link',
  'panelURL',
  'dashboardURL',
  'generatorURL',
  'silenceURL',
  'externalURL',
];

/**
 * A link back to the alert in the tool that sent it (a Sentry issue, a Grafana panel, a Datadog
 * monitor…), found in the raw payload by the field names those tools use; http(s) only.
 */
export function sourceLink(raw: unknown, depth = 0): string | null {
  if (!raw || typeof raw !== 'object' || depth > 3) return null;
  const record = raw as Record<string, unknown>;
  for (const key of LINK_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && /^https?:\/\//i.test(value)) return value;
  }
  for (const value of Object.values(record)) {
    const nested = Array.isArray(value) ? value[0] : value;
    const found = typeof nested === 'object' ? sourceLink(nested, depth + 1) : null;
    if (found) return found;
  }
  return null;
}
