import { PRICES, priceOf, type PriceTable } from '../prices.js';
import { rate, usd } from '../reports/table.js';
import { hasFeature, type Pattern, type ServiceSpec } from '../spec.js';
import { GPU_SECONDS_PER_REQUEST, PEAK_TO_AVERAGE, type Traffic } from './traffic.js';

export { PATTERNS, type Pattern } from '../spec.js';
/** What faces the internet behind CloudFront. */
export type Front = 'cloudfront' | 'alb' | 'nlb' | 'api-gateway';

// Capacity of one scaling unit. Conservative figures for a typical Node/Go service, not benchmarks.
/** Requests/s one 0.5 vCPU / 1 GB Fargate task serves at an acceptable p99. */
export const FARGATE_TASK_RPS = 50;
/** Realtime players one c7g.large game server holds, and the HTTP requests/s it serves beside them. */
export const PLAYERS_PER_GAME_SERVER = 2_000;
export const GAME_SERVER_RPS = 500;
/** Average Lambda duration; concurrency needed = rps × duration. */
export const LAMBDA_SECONDS_PER_REQUEST = 0.12;
/** CloudFront's default request quota per distribution: the ceiling of a static site. */
export const CLOUDFRONT_MAX_RPS = 250_000;
/** Above this average load, a steady Fargate + ALB fleet costs less than per-request Lambda + API Gateway. */
export const SERVERLESS_MAX_AVG_RPS = 20;
/** Below this many concurrent players, websockets on Fargate behind an ALB are simpler than a game-server fleet. */
export const GAME_FLEET_MIN_CONCURRENT = 1_000;
/** Database connections at spike above which RDS Proxy pools them (a t4g.micro allows ~100). */
export const RDS_PROXY_MIN_CONNECTIONS = 100;
/** Pooled connections each task or server opens to the database. */
export const DB_POOL_PER_UNIT = 10;
/** Largest share of the budget cloud GPUs may take before the design moves GPUs off AWS. */
export const GPU_BUDGET_SHARE = 0.8;

/** How many scaling units run, and how much load the maximum survives. */
export interface Autoscaling {
  min: number;
  max: number;
  unit: 'tasks' | 'instances' | 'gpu-instances' | 'lambda-concurrency' | 'none';
  /** Requests/s the maximum serves; always ≥ the traffic's `spikeRps`. */
  coversRps: number;
}

/** The architecture agent's decision, with the reasons a person can check. */
export interface Architecture {
  pattern: Pattern;
  reasons: string[];
  autoscaling: Autoscaling;
  front: Front;
  /** CloudFront sits in front of every pattern: it absorbs spikes of cacheable traffic for free. */
  cdn: true;
  rdsProxy: boolean;
  scaleToZero: boolean;
  /** Single-AZ, minimum capacity 1, no WAF or cache replica: the cheapest design that survives the spike. */
  lean: boolean;
}

/** Options for the alternative search: force a pattern, or strip redundancy. */
export interface ArchitectureOptions {
  pattern?: Pattern;
  lean?: boolean;
  /** Default: the shipped table. */
  prices?: PriceTable;
}

/** Chooses the pattern and the front for a spec; pure and deterministic. */
export function architecture(spec: ServiceSpec, load: Traffic, options: ArchitectureOptions = {}): Architecture {
  const picked = choosePattern(spec, load, options.prices ?? PRICES);
  // A requested design says what the planner would have picked, so README.md shows the trade the person made.
  const { pattern, reasons } = options.pattern
    ? {
        pattern: options.pattern,
        reasons: [
          `design ${options.pattern} was requested` +
            (options.pattern === picked.pattern ? '' : ` (the planner would pick ${picked.pattern})`),
        ],
      }
    : picked;
  const lean = options.lean ?? false;
  const autoscaling = scaling(pattern, load, spec.spike, lean);
  // Lambda opens one connection per concurrent execution, so a Lambda front always pools through RDS Proxy;
  // fleets open a pool per unit. The game fleet uses DynamoDB (no connections to exhaust).
  const lambdaFront = FRONT[pattern] === 'api-gateway';
  const dbConnections = lambdaFront ? lambdaConcurrency(load.spikeRps) : autoscaling.max * DB_POOL_PER_UNIT;
  const rdsProxy =
    hasFeature(spec, 'db') &&
    pattern !== 'ec2-asg' &&
    pattern !== 'static-cdn' &&
    (lambdaFront || dbConnections > RDS_PROXY_MIN_CONNECTIONS);
  if (rdsProxy)
    reasons.push(`RDS Proxy pools up to ${dbConnections} connections at spike so the database is not the bottleneck`);
  reasons.push(
    `scales ${autoscaling.min}–${autoscaling.max} ${autoscaling.unit}, ` +
      `covering ${rate(autoscaling.coversRps)} req/s against a spike of ${rate(load.spikeRps)} req/s`,
  );
  // CloudFront's limit is a quota AWS raises on request, not a design limit: say so rather than pick another design.
  if (pattern === 'static-cdn' && load.spikeRps > CLOUDFRONT_MAX_RPS) {
    reasons.push(
      `the spike is above CloudFront's default quota of ${CLOUDFRONT_MAX_RPS} req/s per distribution: ` +
        'ask AWS to raise it before launch',
    );
  }
  return {
    pattern,
    reasons,
    autoscaling,
    front: FRONT[pattern],
    cdn: true,
    rdsProxy,
    scaleToZero: SCALES_TO_ZERO.has(pattern),
    lean,
  };
}

const FRONT: Record<Pattern, Front> = {
  'static-cdn': 'cloudfront',
  serverless: 'api-gateway',
  containers: 'alb',
  'ec2-asg': 'nlb',
  'gpu-scale-to-zero': 'api-gateway',
  'hybrid-gpu': 'api-gateway',
};
const SCALES_TO_ZERO = new Set<Pattern>(['static-cdn', 'serverless', 'gpu-scale-to-zero', 'hybrid-gpu']);

function choosePattern(spec: ServiceSpec, load: Traffic, prices: PriceTable): { pattern: Pattern; reasons: string[] } {
  if (spec.type === 'static')
    return { pattern: 'static-cdn', reasons: ['static files: S3 behind CloudFront, nothing to run'] };
  if (spec.type === 'ai' && hasFeature(spec, 'gpu')) {
    const gpuUsd = load.gpuHoursMonth * priceOf(spec.region, 'ec2.g5.xlarge', prices).usd;
    if (gpuUsd > spec.budgetUsd * GPU_BUDGET_SHARE) {
      return {
        pattern: 'hybrid-gpu',
        reasons: [
          `cloud GPUs (${usd(gpuUsd)}/month) exceed ${GPU_BUDGET_SHARE * 100}% of the budget: ` +
            'inference runs on your own GPU, pulling jobs from SQS',
        ],
      };
    }
    return {
      pattern: 'gpu-scale-to-zero',
      reasons: ['GPU inference behind a queue; the GPU group scales to zero when the queue is empty'],
    };
  }
  if (hasFeature(spec, 'realtime')) {
    if (spec.type === 'game' && spec.peakConcurrent >= GAME_FLEET_MIN_CONCURRENT) {
      return {
        pattern: 'ec2-asg',
        reasons: [`${spec.peakConcurrent} concurrent players over UDP/websockets: a game-server fleet behind an NLB`],
      };
    }
    return {
      pattern: 'containers',
      reasons: ['long-lived websocket connections do not suit Lambda: Fargate tasks behind an ALB'],
    };
  }
  if (load.avgRps <= SERVERLESS_MAX_AVG_RPS) {
    return {
      pattern: 'serverless',
      reasons: [
        `average load ${rate(load.avgRps)} req/s is low or bursty: Lambda behind API Gateway costs nothing when idle`,
      ],
    };
  }
  return {
    pattern: 'containers',
    reasons: [`steady load of ${rate(load.avgRps)} req/s: Fargate + ALB costs less than per-request pricing`],
  };
}

function scaling(pattern: Pattern, load: Traffic, spike: number, lean: boolean): Autoscaling {
  // Two of anything that runs all the time, so one AZ failing is not an outage (unless lean).
  const floor = lean ? 1 : 2;
  const units = (rps: number, perUnit: number) => Math.max(1, Math.ceil(rps / perUnit));
  switch (pattern) {
    case 'static-cdn':
      return { min: 0, max: 0, unit: 'none', coversRps: CLOUDFRONT_MAX_RPS };
    case 'serverless':
    case 'hybrid-gpu': {
      const max = lambdaConcurrency(load.spikeRps);
      return { min: 0, max, unit: 'lambda-concurrency', coversRps: capacityRps(max, LAMBDA_SECONDS_PER_REQUEST) };
    }
    case 'containers': {
      const max = Math.max(floor, units(load.spikeRps, FARGATE_TASK_RPS));
      return {
        min: Math.max(floor, units(load.avgRps, FARGATE_TASK_RPS)),
        max,
        unit: 'tasks',
        coversRps: max * FARGATE_TASK_RPS,
      };
    }
    case 'ec2-asg': {
      const max = Math.max(
        floor,
        units(load.concurrentConnections * spike, PLAYERS_PER_GAME_SERVER),
        units(load.spikeRps, GAME_SERVER_RPS),
      );
      // Off-peak the fleet shrinks to the average crowd (peak ÷ PEAK_TO_AVERAGE) but never below the floor.
      const min = Math.max(floor, units(load.concurrentConnections / PEAK_TO_AVERAGE, PLAYERS_PER_GAME_SERVER));
      return { min, max, unit: 'instances', coversRps: max * GAME_SERVER_RPS };
    }
    case 'gpu-scale-to-zero': {
      // Each GPU serves 1 / GPU_SECONDS_PER_REQUEST req/s; the queue smooths what arrives faster than they start.
      const max = units(load.spikeRps * GPU_SECONDS_PER_REQUEST, 1);
      return { min: 0, max, unit: 'gpu-instances', coversRps: capacityRps(max, GPU_SECONDS_PER_REQUEST) };
    }
  }
}

// To the cent of a req/s, never floored to a whole one: max was sized with ceil(spike × seconds), so
// max ÷ seconds is at least the spike, and flooring 16.67 to 16 would report less than a 16.5 spike.
function capacityRps(max: number, secondsPerRequest: number): number {
  return Math.round((max / secondsPerRequest) * 100) / 100;
}

/** Lambda concurrency that serves `rps` (Little's law: rate × duration), at least 1. */
export function lambdaConcurrency(rps: number): number {
  return Math.max(1, Math.ceil(rps * LAMBDA_SECONDS_PER_REQUEST));
}
