import { pruneStore } from '../../../app/store/maintenance.js';
import type { CliContext } from '../../context.js';

interface Options {
  dryRun?: boolean;
}

const days = (ms: number | null) => (ms === null ? 'kept' : `${Math.round((ms / 86_400_000) * 10) / 10}d`);

/** `soloops store prune [--dry-run]`: what was (would be) deleted per table. */
export async function run(context: CliContext<Options>): Promise<void> {
  const pass = await pruneStore(await context.app(), { dryRun: context.options.dryRun === true });
  const { retention } = pass;
  const verb = pass.dryRun ? 'would delete' : 'deleted';
  const lines = [
    `retention: alerts ${days(retention.alerts)}, check results ${days(retention.checkResults)}, ` +
      `snapshots ${days(retention.snapshots)}, roll-ups ${days(retention.rollups)}`,
    ...(pass.rolled.length
      ? [`rolled up ${pass.rolled.length} day(s): ${pass.rolled[0]} … ${pass.rolled.at(-1)}`]
      : []),
    ...Object.entries(pass.rows).map(([table, n]) => `${verb} ${n.toLocaleString('en-US')} ${table}`),
  ];
  if (pass.dryRun) lines.push('dry run: nothing was deleted');
  context.reporter.result(
    {
      dryRun: pass.dryRun,
      retention: pass.retention,
      rolled: pass.rolled,
      rows: pass.rows,
      longestStepMs: Math.round(pass.longestStepMs * 10) / 10,
    },
    lines.join('\n'),
  );
}
