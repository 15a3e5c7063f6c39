import ms from 'ms';
import * as z from 'zod';

/** The host metrics a `snap.alerts` rule may watch, as a person names them. */
export const HOST_METRICS = ['cpu', 'memory', 'disk', 'load1'] as const;
/** One of {@link HOST_METRICS}. */
export type HostMetric = (typeof HOST_METRICS)[number];

/** Which field of a snapshot's summary row each metric reads (see store SnapshotRow). */
export const HOST_METRIC_FIELD = {
  cpu: 'cpuPct',
  memory: 'memUsedPct',
  disk: 'diskMaxPct',
  load1: 'load1',
} as const satisfies Record<HostMetric, string>;

/** How a rule's title names its metric: "disk above 90 %" but "load1 above 4". */
export const HOST_METRIC_UNIT: Record<HostMetric, string> = { cpu: ' %', memory: ' %', disk: ' %', load1: '' };

/**
 * A duration that may be 0 ("fire on the first sample above"): `duration` in config-primitives
 * refuses 0 because everywhere else 0 would be a mistake (an interval of 0 spins).
 */
const durationOrZero = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = typeof value === 'number' ? value : ms(value as ms.StringValue);
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as "10m" or 0, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parsed;
});

/**
 * One `snap.alerts` rule: while `metric` is above `above` for `for` on a host whose name matches
 * `host` (a case-insensitive glob; absent: every host), an alert of `severity` fires; the first
 * sample back at or below resolves it.
 */
export const hostAlertRuleSchema = z.strictObject({
  name: z.string().min(1).optional(),
  metric: z.enum(HOST_METRICS, { error: `expected one of ${HOST_METRICS.join(', ')}` }),
  above: z.number({ error: 'expected a number (a percentage for cpu, memory and disk)' }),
  for: durationOrZero.default(0),
  severity: z.enum(['critical', 'warning', 'info'], { error: 'expected critical, warning or info' }),
  host: z.string().min(1).optional(),
});

/** `snap.alerts`: names, when given, must be unique (each names its alerts and its state). */
export const hostAlertsSchema = z
  .array(hostAlertRuleSchema)
  .default([])
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    for (const [index, rule] of rules.entries()) {
      if (rule.name === undefined) continue;
      if (seen.has(rule.name))
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `the name "${rule.name}" is used twice` });
      seen.add(rule.name);
    }
  });

/** One validated `snap.alerts` rule (`for` in milliseconds). */
export type HostAlertRule = z.output<typeof hostAlertRuleSchema>;

/** The rule's name as alerts carry it: its own, else what it says ("disk>90"). */
export function hostAlertName(rule: HostAlertRule): string {
  return rule.name ?? `${rule.metric}>${rule.above}`;
}
