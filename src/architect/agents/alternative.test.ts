import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test/helpers/deep-freeze.js';
import { archetypes as shipped } from '../archetypes.js';
import { PRICES, type PriceKey, type PriceTable } from '../prices.js';
import { parseSpec, type ServiceSpec, type ServiceSpecInput } from '../spec.js';
import { cheapestSurvivable } from './alternative.js';
import { architecture, type Pattern } from './architecture.js';
import { cost } from './cost.js';
import { services } from './services.js';
import { traffic } from './traffic.js';

// The shared archetypes, typed by name (the module types them as an open record).
const archetypes = shipped as Record<
  'static' | 'webWithDb' | 'serverlessApi' | 'game' | 'aiGpu' | 'aiHybrid',
  ServiceSpecInput
>;

const setup = (input: ServiceSpecInput) => {
  const spec: ServiceSpec = parseSpec(input);
  return { spec, load: traffic(spec) };
};

/** Prices every lean candidate by hand, the way the agent should. */
function leanCandidates(input: ServiceSpecInput, patterns: Pattern[], prices: PriceTable = PRICES) {
  const { spec, load } = setup(input);
  return patterns.map((pattern) => {
    const arch = architecture(spec, load, { pattern, lean: true, prices });
    const plan = services(spec, load, arch);
    return {
      pattern,
      covers: arch.autoscaling.coversRps >= load.spikeRps,
      totalUsd: cost(spec, load, plan, prices).totalUsd,
    };
  });
}

/** A copy of the shipped table with some prices in one region multiplied. */
function scaled(region: string, factors: Partial<Record<PriceKey, number>>): PriceTable {
  const table = structuredClone(PRICES);
  for (const [key, factor] of Object.entries(factors)) table.regions[region]![key]!.usd *= factor!;
  return table;
}

const cases: Array<{ name: string; input: ServiceSpecInput; candidates: Pattern[] }> = [
  { name: 'web with db', input: archetypes.webWithDb, candidates: ['serverless', 'containers'] },
  { name: 'serverless api', input: archetypes.serverlessApi, candidates: ['serverless', 'containers'] },
  {
    name: 'big api',
    input: { type: 'api', usersMonth: 2_000_000, budgetUsd: 100, region: 'us-east-1', features: ['db', 'cache'] },
    candidates: ['serverless', 'containers'],
  },
  { name: 'game fleet', input: archetypes.game, candidates: ['containers', 'ec2-asg'] },
  {
    name: 'small game',
    input: { type: 'game', usersMonth: 10_000, budgetUsd: 10, region: 'eu-west-1', features: ['realtime', 'db'] },
    candidates: ['containers', 'ec2-asg'],
  },
  {
    name: 'realtime web',
    input: { type: 'web', usersMonth: 1_000, budgetUsd: 1, region: 'eu-west-1', features: ['realtime'] },
    candidates: ['containers'],
  },
  { name: 'ai gpu', input: archetypes.aiGpu, candidates: ['gpu-scale-to-zero', 'hybrid-gpu'] },
  { name: 'static', input: archetypes.static, candidates: ['static-cdn'] },
];

describe('cheapestSurvivable: the choice', () => {
  it.each(cases)('picks the cheapest covering lean candidate for $name', ({ input, candidates }) => {
    const { spec, load } = setup(input);
    const priced = leanCandidates(input, candidates).filter((c) => c.covers);
    const cheapest = Math.min(...priced.map((c) => c.totalUsd));
    const expected = priced.find((c) => c.totalUsd === cheapest)!;
    const alternative = cheapestSurvivable(spec, load)!;
    expect(alternative).toBeDefined();
    expect(alternative.pattern).toBe(expected.pattern);
    expect(alternative.cost.totalUsd).toBe(cheapest);
  });

  it('only considers patterns that can serve the spec', () => {
    for (const { name, input, candidates } of cases) {
      const { spec, load } = setup(input);
      expect(candidates, name).toContain(cheapestSurvivable(spec, load)!.pattern);
    }
    // Tiny realtime web traffic: Lambda would be cheaper, but websockets cannot run on it.
    const [containers] = leanCandidates(cases.find((c) => c.name === 'realtime web')!.input, [
      'containers',
      'serverless',
    ]);
    const serverless = leanCandidates(cases.find((c) => c.name === 'realtime web')!.input, ['serverless'])[0]!;
    expect(serverless.totalUsd).toBeLessThan(containers!.totalUsd);
  });

  it('returns a lean, spike-covering design, priced with its own services', () => {
    for (const { name, input } of cases) {
      const { spec, load } = setup(input);
      const alternative = cheapestSurvivable(spec, load)!;
      expect(alternative.architecture.lean, name).toBe(true);
      expect(alternative.architecture.pattern).toBe(alternative.pattern);
      expect(alternative.architecture.autoscaling.coversRps, name).toBeGreaterThanOrEqual(load.spikeRps);
      expect(alternative.services).toEqual(services(spec, load, alternative.architecture));
      expect(alternative.services.waf).toBeUndefined();
      expect(alternative.services.network.azs).toBe(1);
      expect(alternative.cost).toEqual(cost(spec, load, alternative.services));
      expect(alternative.withinBudget, name).toBe(!alternative.cost.overBudget);
    }
  });

  it('offers nothing when no candidate covers the spike', () => {
    // 60M static users: 300,000 req/s at spike, above CloudFront's 250,000 req/s default quota.
    const { spec, load } = setup({ ...archetypes.static, usersMonth: 60_000_000 });
    expect(load.spikeRps).toBeGreaterThan(architecture(spec, load).autoscaling.coversRps);
    expect(cheapestSurvivable(spec, load)).toBeUndefined();
  });

  it('reports whether the alternative fits the budget', () => {
    const tight = setup({ ...archetypes.serverlessApi, budgetUsd: 1 });
    expect(cheapestSurvivable(tight.spec, tight.load)!.withinBudget).toBe(false);
    const roomy = setup({ ...archetypes.serverlessApi, budgetUsd: 10_000 });
    expect(cheapestSurvivable(roomy.spec, roomy.load)!.withinBudget).toBe(true);
  });
});

describe('cheapestSurvivable: prices decide', () => {
  it('follows the price table passed in', () => {
    const { spec, load } = setup(archetypes.serverlessApi);
    const dearFargate = scaled(spec.region, { 'fargate.vcpu': 10_000, 'fargate.gb': 10_000 });
    expect(cheapestSurvivable(spec, load, dearFargate)!.pattern).toBe('serverless');
    const dearLambda = scaled(spec.region, {
      'lambda.requests': 10_000,
      'lambda.gb-second': 10_000,
      'apigw.http.requests': 10_000,
    });
    const alternative = cheapestSurvivable(spec, load, dearLambda)!;
    expect(alternative.pattern).toBe('containers');
    expect(alternative.cost).toEqual(cost(spec, load, alternative.services, dearLambda));
  });

  it('breaks an exact tie in favour of the earlier candidate, every time', () => {
    // gpu-scale-to-zero and hybrid-gpu differ only by the GPU hours, the GPU's IPv4 hours and one alarm;
    // price those at almost nothing and both cost the same to the cent.
    const { spec, load } = setup(archetypes.aiGpu);
    const flat = structuredClone(PRICES);
    for (const key of ['ec2.g5.xlarge', 'vpc.public-ipv4', 'cloudwatch.alarm'] as const)
      flat.regions[spec.region]![key]!.usd = 1e-9;
    const [gpu, hybrid] = leanCandidates(archetypes.aiGpu, ['gpu-scale-to-zero', 'hybrid-gpu'], flat);
    expect(gpu!.totalUsd).toBe(hybrid!.totalUsd);
    for (let i = 0; i < 3; i++) expect(cheapestSurvivable(spec, load, flat)!.pattern).toBe('gpu-scale-to-zero');
    // With the shipped prices the self-hosted GPU is strictly cheaper and wins.
    expect(cheapestSurvivable(spec, load)!.pattern).toBe('hybrid-gpu');
  });
});

describe('cheapestSurvivable: trade-offs', () => {
  it('lists the pattern’s own trade-off first, then what lean gives up', () => {
    const { spec, load } = setup({ ...archetypes.webWithDb, region: 'eu-west-1' });
    const alternative = cheapestSurvivable(spec, load)!;
    expect(alternative.tradeOffs[0]).toMatch(alternative.pattern === 'containers' ? /idle/ : /cold starts/);
    expect(alternative.tradeOffs.slice(1)).toEqual([
      expect.stringMatching(/single availability zone/),
      expect.stringMatching(/no WAF/),
      expect.stringMatching(/Multi-AZ standby/),
      expect.stringMatching(/one cache node/),
    ]);
  });

  it('mentions the database standby only for RDS, and the cache only with a cache', () => {
    const game = setup(archetypes.game);
    const gameAlt = cheapestSurvivable(game.spec, game.load)!;
    if (gameAlt.pattern === 'ec2-asg') {
      expect(gameAlt.services.database?.engine).toBe('dynamodb');
      expect(gameAlt.tradeOffs.join('\n')).not.toMatch(/Multi-AZ/);
    }
    expect(gameAlt.tradeOffs.join('\n')).not.toMatch(/cache/);

    const api = setup({ ...archetypes.serverlessApi, features: [] });
    const apiAlt = cheapestSurvivable(api.spec, api.load)!;
    expect(apiAlt.tradeOffs).toHaveLength(3);
    expect(apiAlt.tradeOffs[0]).toMatch(/cold starts/);
  });

  it('names what each pattern costs the person', () => {
    const expected: Array<[ServiceSpecInput, RegExp]> = [
      [archetypes.static, /static only/],
      [archetypes.aiGpu, /your own GPU/],
      [{ type: 'web', usersMonth: 1_000, budgetUsd: 1, region: 'eu-west-1', features: ['realtime'] }, /idle/],
    ];
    for (const [input, text] of expected) {
      const { spec, load } = setup(input);
      expect(cheapestSurvivable(spec, load)!.tradeOffs[0]).toMatch(text);
    }
  });
});

describe('cheapestSurvivable: purity', () => {
  it('gives deep-equal output twice and mutates neither spec, load nor price table', () => {
    for (const { input } of cases) {
      const { spec, load } = setup(input);
      const prices = structuredClone(PRICES);
      const before = structuredClone({ spec, load, prices });
      const first = cheapestSurvivable(spec, load, prices);
      expect(cheapestSurvivable(spec, load, prices)).toEqual(first);
      expect({ spec, load, prices }).toEqual(before);
      const frozen = deepFreeze(structuredClone({ spec, load, prices }));
      expect(cheapestSurvivable(frozen.spec, frozen.load, frozen.prices)).toEqual(first);
    }
  });
});
