import { setTimeout as sleep } from 'node:timers/promises';
import ms from 'ms';
import type { SnapFlags, SnapPlan } from '../../../app/snap/plan.js';
import { startSnapshotSample, type SystemSample } from '../../../app/snap/sample.js';
import type { SnapOutcome } from '../../../app/snap/snap.js';
import type { AppContext } from '../../../app/context.js';
import { UserError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';
import { requireTerminal } from '../../output/prompt.js';

interface SnapOptions extends SnapFlags {
  interval?: string;
  live?: boolean;
}

/** `soloops snap`: one snapshot, a foreground loop (--interval), or the live view (--live). */
export async function run(context: CliContext<SnapOptions>): Promise<void> {
  const { options, reporter } = context;
  // The CPU readings take half a second; start them before loading config, store and formats.
  const sample = options.live ? undefined : startSnapshotSample();
  const [app, { planSnapshot }] = await Promise.all([context.app(), import('../../../app/snap/plan.js')]);
  const plan = planSnapshot(app.config, options);
  if (options.live) {
    if (reporter.json)
      throw new UserError(
        '--live draws a terminal view and cannot be combined with --json',
        'use `soloops --json snap --interval 1s` for a stream of JSON lines',
      );
    requireTerminal(context, {
      message: '--live needs an interactive terminal',
      hint: 'use --interval 60s to repeat snapshots without one',
    });
    const { runLiveView } = await import('../../ui/snap-live.js');
    await runLiveView({ dockerSocket: plan.dockerSocket, signal: context.signal });
    return;
  }
  const intervalMs = options.interval === undefined ? undefined : parseInterval(options.interval);
  // Opening the store (driver import, migrations) overlaps the half-second CPU sample.
  const store = app.openStore();
  store.catch(() => {}); // awaited below; this only stops an early rejection from being "unhandled"
  try {
    if (intervalMs === undefined) {
      const { takeSnapshot } = await import('../../../app/snap/snap.js');
      const outcome = await takeSnapshot(plan, { store, sample, signal: context.signal, log: (m) => reporter.info(m) });
      report(context, plan, outcome, false);
      if (outcome.uploadError) throw outcome.uploadError;
    } else {
      await repeat(context, plan, store, intervalMs, sample);
    }
  } finally {
    await store.then(
      (s) => s.close(),
      () => {},
    );
  }
}

/** --interval: snapshot, wait, repeat until Ctrl-C; a failed upload is a warning, not the end. */
async function repeat(
  context: CliContext<SnapOptions>,
  plan: SnapPlan,
  store: ReturnType<AppContext['openStore']>,
  intervalMs: number,
  firstSample?: SystemSample,
): Promise<void> {
  const { reporter, signal } = context;
  const [{ takeSnapshot }, { formatSnapshotRecord }] = await Promise.all([
    import('../../../app/snap/snap.js'),
    import('../../../app/snap/stream.js'),
  ]);
  // Into a pipe or file, pretty documents back to back would not parse: print the format's stream form.
  const piped = !process.stdout.isTTY;
  let sample = firstSample;
  reporter.info(`taking a snapshot every ${ms(intervalMs, { long: true })}; Ctrl-C stops`);
  for (let round = 0; !signal.aborted; round++) {
    const outcome = await takeSnapshot(plan, { store, sample, signal, log: (m) => reporter.info(m) });
    sample = undefined;
    const text = piped && !outcome.file ? formatSnapshotRecord(outcome.snapshot, plan.format, round === 0) : undefined;
    report(context, plan, text === undefined ? outcome : { ...outcome, text }, true);
    if (outcome.uploadError) reporter.warn(`${outcome.uploadError.message} (will try again next time)`);
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}

function parseInterval(text: string): number {
  const value = ms(text as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1_000) {
    throw new UserError(
      `--interval must be a duration of at least 1s, got "${text}"`,
      'for example --interval 60s or --interval 5m',
    );
  }
  return value;
}

/** Without --out the snapshot itself is the result; with --out, where it went and what was pruned. */
function report(context: CliContext<SnapOptions>, plan: SnapPlan, outcome: SnapOutcome, stream: boolean): void {
  const { reporter } = context;
  const emit = stream ? reporter.record.bind(reporter) : reporter.result.bind(reporter);
  if (outcome.file) {
    emit(
      {
        file: outcome.file,
        format: plan.format,
        bytes: outcome.bytes,
        upload: outcome.upload,
        uploadError: outcome.uploadError?.message ?? null,
        pruned: outcome.pruned,
      },
      outcome.file,
    );
  } else {
    emit(outcome.snapshot, outcome.text);
  }
  if (outcome.upload)
    reporter.success(
      `uploaded ${outcome.upload.url} (${outcome.upload.attempts} attempt${outcome.upload.attempts === 1 ? '' : 's'})`,
    );
  for (const [where, names] of Object.entries(outcome.pruned)) {
    if (names.length)
      reporter.info(
        `deleted ${names.length} ${where} snapshot(s) older than ${plan.keepDays} days: ${names.join(', ')}`,
      );
  }
  if (outcome.uploadError && outcome.file) reporter.info(`kept the local file ${outcome.file}`);
}
