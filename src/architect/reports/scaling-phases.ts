import type { Services } from '../agents/services.js';
import { runChain, type ChainResult } from '../chain.js';
import type { PriceTable } from '../prices.js';
import { SPEC_LIMITS } from '../spec.js';
import { renderTerraform } from '../terraform/index.js';
import { gpuMachinesFor } from './gpu-roi.js';
import { renderDesign, stepBetween, type ScalingStep, type TerraformRenderer } from './scaling-steps.js';
import { usd } from './table.js';

/** The user counts of phases 1–5 of SCALING.md; phase 0 is the spec as given. */
export const SCALING_PHASES = [1_000, 10_000, 100_000, 500_000, 1_000_000] as const;

/** One phase of the scaling plan. */
export interface ScalingPhase {
  /** 0 for the spec as given (day 0), else 1–5: the index in SCALING_PHASES plus one. */
  phase: number;
  usersMonth: number;
  result: ChainResult;
  /** What differs from the previous phase's design. */
  change: string;
  /** The metric on the previous phase's design that says it is time for this one. */
  trigger: string;
  /** The metric that says this phase's design is running out. */
  watch: string;
  /** How to get here from the previous phase; `none` for phase 0. */
  step: ScalingStep;
  /** What to check after the change, and for how long. */
  afterChange: { hours: number; check: string };
  costPerUserUsd: number;
}

/** Options for `scalingPhases`; `render` exists so tests can stand in a variables.tf with more inputs. */
export interface ScalingOptions {
  render?: TerraformRenderer;
}

/**
 * Phase 0 is `result` itself; phases 1–5 re-run the chain with the rest of the spec unchanged, skipping
 * those at or below the spec's own users. The peak crowd keeps the same share of monthly users, so an
 * explicit `peakConcurrent` scales with the phase too. `prices` must be the table `result` was priced
 * with (no default: a refreshed copy would otherwise be silently swapped for the shipped one).
 */
export function scalingPhases(result: ChainResult, prices: PriceTable, options: ScalingOptions = {}): ScalingPhase[] {
  const render = options.render ?? renderTerraform;
  const { spec } = result;
  const share = spec.peakConcurrent / spec.usersMonth;
  let previous = renderDesign(result, render);
  const phases: ScalingPhase[] = [
    {
      phase: 0,
      usersMonth: spec.usersMonth,
      result,
      change: `start with ${result.architecture.pattern}`,
      trigger: 'day 0: apply as generated',
      watch: watchFor(result),
      step: { kind: 'none' },
      afterChange: { hours: 7 * 24, check: afterCheck(result) },
      costPerUserUsd: result.cost.totalUsd / spec.usersMonth,
    },
  ];
  for (const [index, usersMonth] of SCALING_PHASES.entries()) {
    if (usersMonth <= spec.usersMonth) continue;
    // Capped at the spec's bound: a crowd stated far above its monthly users would otherwise outgrow it.
    const peakConcurrent = Math.min(SPEC_LIMITS.peakConcurrent.max, Math.max(1, Math.ceil(usersMonth * share)));
    const next = renderDesign(runChain({ ...spec, usersMonth, peakConcurrent }, prices), render);
    const { change, trigger, hours } = difference(previous.result, next.result);
    phases.push({
      phase: index + 1,
      usersMonth,
      result: next.result,
      change,
      trigger,
      watch: watchFor(next.result),
      step: stepBetween(previous, next),
      afterChange: { hours, check: afterCheck(next.result) },
      costPerUserUsd: next.result.cost.totalUsd / usersMonth,
    });
    previous = next;
  }
  return phases;
}

// Hours to watch after a change: one daily peak for more capacity, a few for a new database or cache
// (backups and maintenance windows included), a whole weekly cycle for a new design.
const WATCH_HOURS = { capacity: 24, data: 72, pattern: 7 * 24 } as const;

// What changed, and which metric on the old design shows it was needed. The most disruptive
// change wins: a new pattern, then the database, then the cache, then only more capacity.
function difference(before: ChainResult, after: ChainResult): { change: string; trigger: string; hours: number } {
  const a = before.services;
  const b = after.services;
  if (a.pattern !== b.pattern)
    return { change: `move from ${a.pattern} to ${b.pattern}`, trigger: watchFor(before), hours: WATCH_HOURS.pattern };
  const dbBefore = dbLabel(a);
  const dbAfter = dbLabel(b);
  if (dbBefore !== dbAfter)
    return {
      change: `database ${dbBefore} → ${dbAfter}`,
      trigger: 'AWS/RDS CPUUtilization > 70 % for 30 min, or DatabaseConnections > 80 % of max_connections for 10 min',
      hours: WATCH_HOURS.data,
    };
  if (a.cache && b.cache && a.cache.nodeType !== b.cache.nodeType) {
    return {
      change: `cache ${a.cache.nodeType} → ${b.cache.nodeType}`,
      trigger: 'AWS/ElastiCache EngineCPUUtilization > 70 % or DatabaseMemoryUsagePercentage > 80 % for 15 min',
      hours: WATCH_HOURS.data,
    };
  }
  // The hybrid design's GPUs are yours, outside Terraform: more work means buying machines.
  const machines = [before, after].map((r) => gpuMachinesFor(r.traffic.gpuHoursMonth));
  if (b.pattern === 'hybrid-gpu' && machines[0] !== machines[1])
    return {
      change: `add GPU machines of your own: ${machines[0]} → ${machines[1]} (outside Terraform; see COST.md)`,
      trigger: watchFor(before),
      hours: WATCH_HOURS.capacity,
    };
  const from = before.architecture.autoscaling;
  const to = after.architecture.autoscaling;
  const change =
    from.max !== to.max
      ? `same design, scaling maximum ${from.max} → ${to.max} ${to.unit}`
      : 'no change: the same design absorbs it';
  return { change, trigger: watchFor(before), hours: WATCH_HOURS.capacity };
}

function dbLabel(plan: Services): string {
  const db = plan.database;
  if (!db) return 'none';
  return db.engine === 'dynamodb' ? 'DynamoDB' : `${db.instanceClass}${db.multiAz ? ' Multi-AZ' : ''}`;
}

/** The saturation metric of a design (namespace and name as CloudWatch has them), threshold from its capacity. */
export function watchFor(result: ChainResult): string {
  const { autoscaling } = result.architecture;
  // Rounded up, so a small maximum (1 reserved execution) still has a threshold it can reach.
  const at80 = Math.max(1, Math.ceil(autoscaling.max * 0.8));
  switch (result.architecture.pattern) {
    case 'static-cdn':
      return (
        'AWS/CloudFront Requests > 80 % of the 250,000 req/s distribution quota for 10 min, ' +
        'or 5xxErrorRate > 1 % for 5 min'
      );
    case 'serverless':
      return `AWS/Lambda ConcurrentExecutions >= ${at80} (80 % of the ${autoscaling.max} reserved) for 10 min`;
    case 'containers':
      return (
        'AWS/ECS CPUUtilization > 70 % or AWS/ApplicationELB TargetResponseTime p95 > 500 ms for 15 min, ' +
        `with ECS/ContainerInsights RunningTaskCount at the maximum (${autoscaling.max})`
      );
    case 'ec2-asg':
      return (
        `AWS/AutoScaling GroupInServiceInstances >= ${at80} (80 % of the maximum ${autoscaling.max}) for 15 min, ` +
        'or AWS/EC2 CPUUtilization > 70 % for 15 min'
      );
    case 'gpu-scale-to-zero': {
      const all = `all ${autoscaling.max} GPU instances running`;
      return `AWS/SQS ApproximateAgeOfOldestMessage > 60 s for 10 min with ${all}`;
    }
    case 'hybrid-gpu':
      return 'AWS/SQS ApproximateAgeOfOldestMessage > 120 s for 10 min (your GPU machines are not keeping up)';
  }
}

// The error metric of each front, named as the generated alarms name it.
const ERRORS: Record<ChainResult['architecture']['front'], string> = {
  cloudfront: 'AWS/CloudFront 5xxErrorRate',
  'api-gateway': 'AWS/ApiGateway 5xx',
  alb: 'AWS/ApplicationELB HTTPCode_Target_5XX_Count',
  nlb: 'AWS/NetworkELB UnHealthyHostCount',
};

function afterCheck(result: ChainResult): string {
  return (
    `${ERRORS[result.architecture.front]} stays at its usual level, ` +
    `the saturation metric stays under its threshold (${watchFor(result)}), ` +
    `and the AWS Budgets alerts (80 % and 100 % of ${usd(result.spec.budgetUsd)}) stay quiet`
  );
}
