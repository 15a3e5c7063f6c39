import { snapFormats, uploadSchema, type MetricSpec, type SnapFormat, type UploadConfig } from '../../core/config.js';
import type { Config } from '../config-schema.js';
import { UserError } from '../../core/errors.js';
import { parseMetricFlag } from '../../snap/metrics.js';
import { createHostAlerts, type HostAlerts } from './host-alerts.js';

/** The flags of `soloops snap` as commander parsed them. */
export interface SnapFlags {
  format?: string | undefined;
  out?: string | undefined;
  metric?: string[] | undefined;
  upload?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  keepDays?: string | undefined;
  pruneRemote?: boolean | undefined;
  dockerSocket?: string | undefined;
  /** `--interval`: only a repeating run checks `snap.alerts` (a rule's state spans its rounds). */
  interval?: string | undefined;
}

/** One snapshot run, fully decided: flags over config over defaults. */
export interface SnapPlan {
  format: SnapFormat;
  out: string | undefined;
  flagMetrics: Record<string, number>;
  metrics: MetricSpec[];
  dockerSocket: string | undefined;
  keepDays: number;
  upload: UploadConfig | undefined;
  /** `snap.alerts` with their state across rounds; null for a single snapshot or without rules. */
  hostAlerts: HostAlerts | null;
}

/** Merges flags into the config's `snap` section; bad flags are UserErrors naming the flag. */
export function planSnapshot(config: Config, flags: SnapFlags): SnapPlan {
  const snap = config.snap;
  const format = (flags.format ?? snap.format) as SnapFormat;
  if (!snapFormats.includes(format)) throw new UserError(`--format must be one of ${snapFormats.join(', ')}`);
  const flagMetrics = Object.fromEntries((flags.metric ?? []).map(parseMetricFlag));
  return {
    format,
    out: flags.out ?? snap.out,
    flagMetrics,
    metrics: snap.metrics,
    dockerSocket: flags.dockerSocket ?? snap.docker_socket,
    keepDays: flags.keepDays === undefined ? snap.keep_days : parseKeepDays(flags.keepDays),
    upload: planUpload(config, flags),
    hostAlerts: flags.interval !== undefined && snap.alerts.length > 0 ? createHostAlerts(snap.alerts) : null,
  };
}

function parseKeepDays(text: string): number {
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(days)) {
    throw new UserError(
      `--keep-days must be a whole number of days, got "${text}"`,
      'for example --keep-days 14 (0 keeps everything)',
    );
  }
  return days;
}

/** Flags may add or override the upload section; the result is validated like the config. */
function planUpload(config: Config, flags: SnapFlags): UploadConfig | undefined {
  const base = config.snap.upload;
  if (!flags.upload && !base) {
    if (flags.pruneRemote || flags.endpoint)
      throw new UserError('--prune-remote and --endpoint need an upload target', 'add --upload s3://bucket/prefix');
    return undefined;
  }
  const merged = {
    ...base,
    ...(flags.upload && { url: flags.upload }),
    ...(flags.endpoint && { endpoint: flags.endpoint }),
    ...(flags.region && { region: flags.region }),
    ...(flags.pruneRemote && { prune_remote: true }),
  };
  const parsed = uploadSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `invalid upload setting ${issue?.path.join('.') || ''}: ${issue?.message}`,
      'use --upload s3://bucket/prefix and --endpoint http(s)://host:port',
    );
  }
  return parsed.data;
}
