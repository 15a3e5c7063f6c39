import type { NormalizedAlert } from '../../core/alert.js';
import type { AlertMatch, WatchConfig } from '../../core/config.js';
import type { Silence } from '../../core/watch.js';
import { UserError } from '../../core/errors.js';
import { compileRules } from '../../triage/rules.js';

const FIELDS = new Set(['source', 'service', 'title', 'body']);

/** One maintenance window from config (`watch.maintenance`). */
export type MaintenanceWindow = WatchConfig['maintenance'][number];

/** Whether an alert matches: a silence's or a maintenance window's matchers, compiled once. */
export type AlertTest = (alert: NormalizedAlert) => boolean;

/**
 * `--match service=api --match labels.env=prod` as a matcher object; UserError naming the
 * bad one. The same keys silences store and maintenance windows use.
 */
export function parseMatchers(pairs: string[]): Record<string, string> {
  const matchers: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    const value = at > 0 ? pair.slice(at + 1).trim() : '';
    if (!key || !value || !(FIELDS.has(key) || (key.startsWith('labels.') && key.length > 7))) {
      throw new UserError(
        `bad --match "${pair}"`,
        'write FIELD=PATTERN with FIELD one of source, service, title, body or labels.NAME (globs, or /regex/)',
      );
    }
    matchers[key] = value;
  }
  if (Object.keys(matchers).length === 0)
    throw new UserError('a silence needs at least one --match', 'e.g. --match service=api');
  return matchers;
}

function toAlertMatch(matchers: Record<string, string>): AlertMatch {
  const match: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(matchers)) {
    if (key.startsWith('labels.')) labels[key.slice(7)] = value;
    else match[key] = value;
  }
  if (Object.keys(labels).length) match.labels = labels;
  return match as AlertMatch;
}

/** A test for one matcher set, reusing the triage rules' glob / regex semantics. */
function compileMatch(match: AlertMatch, name: string): AlertTest {
  const [rule] = compileRules([{ name, match, severity: 'info' }]);
  return (alert) => rule!.test(alert);
}

/** The test of a stored silence: the alert matches every one of its matchers. */
export function compileSilence(silence: Pick<Silence, 'id' | 'matchers'>): AlertTest {
  return compileMatch(toAlertMatch(silence.matchers), `silence ${silence.id}`);
}

/** Whether the window is open at `now` (start inclusive, end exclusive) and matches the alert. */
export function inMaintenance(window: MaintenanceWindow, alert: NormalizedAlert, now: Date): boolean {
  return (
    Date.parse(window.start) <= now.getTime() &&
    now.getTime() < Date.parse(window.end) &&
    compileMatch(window.match, window.name)(alert)
  );
}
