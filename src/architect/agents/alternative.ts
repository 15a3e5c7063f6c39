import { PRICES, type PriceTable } from '../prices.js';
import { hasFeature, type ServiceSpec } from '../spec.js';
import { architecture, type Architecture, type Pattern } from './architecture.js';
import { cost, type CostReport } from './cost.js';
import { services, type Services } from './services.js';
import type { Traffic } from './traffic.js';

/** The cheapest design that still survives the spike, offered when the chosen one is over budget. */
export interface Alternative {
  pattern: Pattern;
  architecture: Architecture;
  services: Services;
  cost: CostReport;
  withinBudget: boolean;
  /** What the person gives up compared with the recommended design. */
  tradeOffs: string[];
}

// What each lean design gives up, in the person's terms, and when it applies.
const LEAN_TRADE_OFFS: ReadonlyArray<{ applies: (plan: Services) => boolean; text: string }> = [
  { applies: () => true, text: 'single availability zone: an AZ outage takes the service down until it is redeployed' },
  { applies: () => true, text: 'no WAF: no managed protection against bots and common exploits at the edge' },
  {
    applies: (plan) => plan.database?.engine === 'rds-postgresql',
    text: 'database without a Multi-AZ standby: failover is a restore, not a switch',
  },
  { applies: (plan) => plan.cache !== undefined, text: 'one cache node: a node failure empties the cache' },
];
const PATTERN_TRADE_OFFS: Record<Pattern, string> = {
  'static-cdn': 'static only: no server-side code',
  serverless:
    'cold starts add latency to the first requests after idle; ' +
    'Lambda concurrency quotas may need raising for the spike',
  containers: 'tasks run all month even when idle',
  'ec2-asg': 'you patch and operate the game-server AMI yourself',
  'gpu-scale-to-zero': 'first request after idle waits for a GPU instance to start (minutes)',
  'hybrid-gpu': 'inference depends on your own GPU machine being up; queued jobs wait when it is not',
};

/** Patterns that can serve a spec at all: a websocket game cannot run on Lambda, a GPU app needs a GPU. */
export function buildablePatterns(spec: ServiceSpec): Pattern[] {
  if (spec.type === 'static') return ['static-cdn'];
  if (spec.type === 'ai' && hasFeature(spec, 'gpu')) return ['gpu-scale-to-zero', 'hybrid-gpu'];
  if (hasFeature(spec, 'realtime')) return spec.type === 'game' ? ['containers', 'ec2-asg'] : ['containers'];
  return ['serverless', 'containers'];
}

/**
 * The cheapest lean design among the patterns that can serve the spec and whose maximum
 * capacity covers `spikeRps`. Ties go to the earlier candidate, so the answer is deterministic.
 */
export function cheapestSurvivable(
  spec: ServiceSpec,
  load: Traffic,
  prices: PriceTable = PRICES,
): Alternative | undefined {
  let best: Alternative | undefined;
  for (const pattern of buildablePatterns(spec)) {
    const arch = architecture(spec, load, { pattern, lean: true, prices });
    if (arch.autoscaling.coversRps < load.spikeRps) continue;
    const plan = services(spec, load, arch);
    const report = cost(spec, load, plan, prices);
    if (best && report.totalUsd >= best.cost.totalUsd) continue;
    const dropped = LEAN_TRADE_OFFS.filter((t) => t.applies(plan)).map((t) => t.text);
    best = {
      pattern,
      architecture: arch,
      services: plan,
      cost: report,
      withinBudget: !report.overBudget,
      tradeOffs: [PATTERN_TRADE_OFFS[pattern], ...dropped],
    };
  }
  return best;
}

/** One design the chain could build for the spec, priced: a row of COST.md's candidate table. */
export interface Candidate {
  pattern: Pattern;
  lean: boolean;
  totalUsd: number;
  withinBudget: boolean;
  /** Whether its maximum capacity covers the spike. */
  survivesSpike: boolean;
  /** The design this plan builds. */
  chosen: boolean;
  /** The `soloops architect` flags that build it. */
  flags: string;
}

/** The flags that build `pattern` (lean or not). */
export function designFlags(pattern: Pattern, lean: boolean): string {
  return `--design ${pattern}${lean ? ' --lean' : ''}`;
}

/** Every buildable pattern, standard then lean, priced, in `buildablePatterns` order. */
export function priceCandidates(
  spec: ServiceSpec,
  load: Traffic,
  chosen: { pattern: Pattern; lean: boolean },
  prices: PriceTable = PRICES,
): Candidate[] {
  return buildablePatterns(spec).flatMap((pattern) =>
    [false, true].map((lean) => {
      const arch = architecture(spec, load, { pattern, lean, prices });
      const report = cost(spec, load, services(spec, load, arch), prices);
      return {
        pattern,
        lean,
        totalUsd: report.totalUsd,
        withinBudget: !report.overBudget,
        survivesSpike: arch.autoscaling.coversRps >= load.spikeRps,
        chosen: pattern === chosen.pattern && lean === chosen.lean,
        flags: designFlags(pattern, lean),
      };
    }),
  );
}
