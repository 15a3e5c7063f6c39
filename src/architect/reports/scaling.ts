import type { Services } from '../agents/services.js';
import { runChain, type ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { SPEC_LIMITS } from '../spec.js';
import { markdownTable, usd } from './table.js';

/** The user counts SCALING.md plans for. */
export const SCALING_PHASES = [1_000, 10_000, 100_000, 1_000_000] as const;

/** One phase of the scaling plan. */
export interface ScalingPhase {
  usersMonth: number;
  result: ChainResult;
  /** What differs from the previous phase's design. */
  change: string;
  /** The metric on the previous phase's design that says it is time for this one. */
  trigger: string;
  /** The metric that says this phase's design is running out. */
  watch: string;
  costPerUserUsd: number;
}

/**
 * Runs the chain at each phase with the rest of the spec unchanged. The peak crowd keeps the
 * same share of monthly users, so an explicit `peakConcurrent` scales with the phase too.
 * `prices` must be the table `result` was priced with (no default: a refreshed copy would
 * otherwise be silently swapped for the shipped one).
 */
export function scalingPhases(result: ChainResult, prices: PriceTable): ScalingPhase[] {
  const { spec } = result;
  const share = spec.peakConcurrent / spec.usersMonth;
  let previous: ChainResult | undefined;
  return SCALING_PHASES.map((usersMonth) => {
    // Capped at the spec's bound: a crowd stated far above its monthly users would otherwise outgrow it.
    const peakConcurrent = Math.min(SPEC_LIMITS.peakConcurrent.max, Math.max(1, Math.ceil(usersMonth * share)));
    const phase = runChain({ ...spec, usersMonth, peakConcurrent }, prices);
    const step = previous
      ? difference(previous, phase)
      : { change: `start with ${phase.architecture.pattern}`, trigger: 'launch' };
    previous = phase;
    return {
      usersMonth,
      result: phase,
      ...step,
      watch: watchFor(phase),
      costPerUserUsd: phase.cost.totalUsd / usersMonth,
    };
  });
}

// What changed, and which metric on the old design shows it was needed. The most disruptive
// change wins: a new pattern, then the database, then the cache, then only more capacity.
function difference(before: ChainResult, after: ChainResult): { change: string; trigger: string } {
  const a = before.services;
  const b = after.services;
  if (a.pattern !== b.pattern) return { change: `move from ${a.pattern} to ${b.pattern}`, trigger: watchFor(before) };
  const dbBefore = dbLabel(a);
  const dbAfter = dbLabel(b);
  if (dbBefore !== dbAfter)
    return {
      change: `database ${dbBefore} → ${dbAfter}`,
      trigger: 'RDS CPUUtilization > 70 % for 30 min, or DatabaseConnections > 80 % of max_connections for 10 min',
    };
  if (a.cache && b.cache && a.cache.nodeType !== b.cache.nodeType) {
    return {
      change: `cache ${a.cache.nodeType} → ${b.cache.nodeType}`,
      trigger: 'ElastiCache EngineCPUUtilization > 70 % or DatabaseMemoryUsagePercentage > 80 % for 15 min',
    };
  }
  const from = before.architecture.autoscaling;
  const to = after.architecture.autoscaling;
  if (from.max !== to.max)
    return { change: `same design, scaling maximum ${from.max} → ${to.max} ${to.unit}`, trigger: watchFor(before) };
  return { change: 'no change: the same design absorbs it', trigger: watchFor(before) };
}

function dbLabel(plan: Services): string {
  const db = plan.database;
  if (!db) return 'none';
  return db.engine === 'dynamodb' ? 'DynamoDB' : `${db.instanceClass}${db.multiAz ? ' Multi-AZ' : ''}`;
}

/** The saturation metric of a design, with the threshold taken from its own capacity. */
export function watchFor(result: ChainResult): string {
  const { autoscaling } = result.architecture;
  const at80 = Math.max(1, Math.floor(autoscaling.max * 0.8));
  switch (result.architecture.pattern) {
    case 'static-cdn':
      return (
        'CloudFront Requests > 80 % of the 250,000 req/s distribution quota for 10 min, ' +
        'or 5xxErrorRate > 1 % for 5 min'
      );
    case 'serverless':
      return `Lambda ConcurrentExecutions > 80 % of reserved (${at80} of ${autoscaling.max}) for 10 min`;
    case 'containers':
      return (
        'ALB TargetResponseTime p95 > 500 ms for 15 min, ' +
        `or ECS RunningTaskCount at the maximum (${autoscaling.max}) for 15 min`
      );
    case 'ec2-asg':
      return (
        `ASG GroupInServiceInstances > 80 % of the maximum (${at80} of ${autoscaling.max}) for 15 min, ` +
        'or NLB ActiveFlowCount rising with it'
      );
    case 'gpu-scale-to-zero':
      return `SQS ApproximateAgeOfOldestMessage > 60 s for 10 min with all ${autoscaling.max} GPU instances running`;
    case 'hybrid-gpu':
      return 'SQS ApproximateAgeOfOldestMessage > 120 s for 10 min (your GPU machine is not keeping up)';
  }
}

/** SCALING.md: 1K → 10K → 100K → 1M users, each with its design, trigger, monthly cost and cost per user. */
export function scalingMarkdown(result: ChainResult, prices: PriceTable): string {
  const phases = scalingPhases(result, prices);
  const table = markdownTable(
    ['Phase', 'Users/month', 'Pattern', 'Change', 'Trigger', 'Monthly', 'Per user', 'Budget'],
    phases.map((p, i) => [
      i + 1,
      p.usersMonth.toLocaleString('en-US'),
      p.result.architecture.pattern,
      p.change,
      p.trigger,
      usd(p.result.cost.totalUsd),
      perUser(p.costPerUserUsd),
      p.result.cost.overBudget ? 'over' : 'within',
    ]),
    ['right', 'right', 'left', 'left', 'left', 'right', 'right', 'left'],
  );
  const details = phases.flatMap((p, i) => [
    `## Phase ${i + 1}: ${p.usersMonth.toLocaleString('en-US')} users/month — ${p.result.architecture.pattern}`,
    '',
    `- Change: ${p.change}`,
    `- Trigger: ${p.trigger}`,
    `- Peak ${p.result.traffic.peakRps} req/s, spike ${p.result.traffic.spikeRps} req/s; ` +
      `scales ${p.result.architecture.autoscaling.min}–${p.result.architecture.autoscaling.max} ` +
      p.result.architecture.autoscaling.unit,
    `- Monthly cost ${usd(p.result.cost.totalUsd)}, ${perUser(p.costPerUserUsd)} per user`,
    `- Watch on this design: ${p.watch}`,
    '',
  ]);
  return [
    `# Scaling plan — ${result.spec.type} in ${result.spec.region}`,
    '',
    'Each phase re-runs the whole plan with only the monthly users changed ' +
      `(budget ${usd(result.spec.budgetUsd)}, features: ${result.spec.features.join(', ') || 'none'}, ` +
      `${result.spec.spike}× spike). Prices as of ${result.cost.pricesAsOf}.`,
    'A trigger is the CloudWatch metric, threshold and duration on the previous design ' +
      'that says it is time for the next one; put them on your alarms.',
    '',
    table,
    '',
    ...details,
  ].join('\n');
}

// Cost per user is often a fraction of a cent: four decimals keep it readable and comparable.
function perUser(amount: number): string {
  return `$${amount.toFixed(4)}`;
}
