import type { NormalizedAlert } from '../../core/alert.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { Transition } from './state.js';
import type { CheckConfig } from './types.js';

/** Whole minutes and seconds, as a person reads a downtime ("4m 12s"). */
export function formatDowntime(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

/**
 * The alert a check's transition raises, shaped like any source's so it goes through the same
 * triage, grouping and routing. Down: firing, with the check's configured severity as the hint
 * (a service marked critical wakes); slow: a warning; up: resolved, carrying the downtime.
 * One fingerprint per check, so down and up land in the same group and the up closes it.
 */
export function checkAlert(check: CheckConfig, transition: Transition, id: string, receivedAt: Date): NormalizedAlert {
  const { result } = transition;
  const labels: Record<string, string> = { check: check.name, url: check.url };
  const base = {
    id,
    source: 'check' as const,
    service: check.service,
    labels,
    severityText: null,
    receivedAt: receivedAt.toISOString(),
    raw: { check: check.name, transition },
  };
  if (transition.kind === 'down') {
    const why =
      result.errorType === 'http' || result.errorType === 'body'
        ? `${result.errorType}: ${result.error ?? ''}`
        : `${result.errorType ?? 'failed'}: ${result.error ?? ''}`;
    return {
      ...base,
      title: `${check.name} is down`,
      body: `${check.url} failing since ${transition.since} (${why.trim()})`,
      status: 'firing',
      severityHint: check.severity ?? null,
      fingerprint: fingerprint(['check', check.name]),
    };
  }
  if (transition.kind === 'up') {
    return {
      ...base,
      title: `${check.name} is up`,
      body:
        `${check.url} is back after ${formatDowntime(transition.downtimeMs)} of downtime ` +
        `(down since ${transition.downSince})`,
      labels: { ...labels, downtime_ms: String(transition.downtimeMs) },
      status: 'resolved',
      severityHint: 'info',
      fingerprint: fingerprint(['check', check.name]),
    };
  }
  return {
    ...base,
    title: `${check.name} is slow`,
    body: `${check.url} answered in ${result.ms} ms (slowMs ${check.slowMs})`,
    status: 'firing',
    severityHint: 'warning',
    fingerprint: fingerprint(['check', check.name, 'slow']),
  };
}
