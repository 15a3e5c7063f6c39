import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test/helpers/deep-freeze.js';
import { archetypes as shipped } from '../archetypes.js';
import { PRICES, type PriceTable } from '../prices.js';
import { rate } from '../reports/table.js';
import { parseSpec, type ServiceSpec, type ServiceSpecInput } from '../spec.js';
import {
  CLOUDFRONT_MAX_RPS,
  DB_POOL_PER_UNIT,
  FARGATE_TASK_RPS,
  GAME_FLEET_MIN_CONCURRENT,
  GAME_SERVER_RPS,
  GPU_BUDGET_SHARE,
  LAMBDA_SECONDS_PER_REQUEST,
  PATTERNS,
  PLAYERS_PER_GAME_SERVER,
  RDS_PROXY_MIN_CONNECTIONS,
  SERVERLESS_MAX_AVG_RPS,
  architecture,
  lambdaConcurrency,
  type Pattern,
} from './architecture.js';
import {
  GPU_SECONDS_PER_REQUEST,
  GPU_UTILISATION,
  HOURS_PER_MONTH,
  PEAK_TO_AVERAGE,
  REQUESTS_PER_USER_MONTH,
  traffic,
  type Traffic,
} from './traffic.js';

// The shared archetypes, typed by name (the module types them as an open record).
const archetypes = shipped as Record<
  'static' | 'webWithDb' | 'serverlessApi' | 'game' | 'aiGpu' | 'aiHybrid',
  ServiceSpecInput
>;

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const spec = (input: ServiceSpecInput): ServiceSpec => parseSpec(input);
const decide = (input: ServiceSpecInput, options: Parameters<typeof architecture>[2] = {}) => {
  const s = spec(input);
  const load = traffic(s);
  return { spec: s, load, arch: architecture(s, load, options) };
};
const units = (rps: number, perUnit: number) => Math.max(1, Math.ceil(rps / perUnit));

/** A copy of the shipped table with the g5.xlarge price changed in one region. */
function withGpuPrice(region: string, usd: number): PriceTable {
  const table = structuredClone(PRICES);
  table.regions[region]!['ec2.g5.xlarge']!.usd = usd;
  return table;
}

/** A hand-built load, for the cases no spec reaches through the traffic agent. */
function load(overrides: Partial<Traffic>): Traffic {
  return {
    requestsMonth: 0,
    avgRps: 0,
    peakRps: 0,
    spikeRps: 0,
    bandwidthGbMonth: 0,
    realtimeGbMonth: 0,
    storageGbMonth1: 1,
    dbGrowthGbMonth: 0,
    concurrentConnections: 0,
    gpuHoursMonth: 0,
    ...overrides,
  };
}

describe('architecture: choosing the pattern', () => {
  it('serves a static site from S3 + CloudFront (a static spec takes no features: see spec.ts)', () => {
    const { arch } = decide(archetypes.static);
    expect(arch.pattern).toBe('static-cdn');
    expect(arch.front).toBe('cloudfront');
    // Even at a huge crowd a static site is still static.
    expect(decide({ ...archetypes.static, usersMonth: 5_000_000 }).arch.pattern).toBe('static-cdn');
    // Above CloudFront's default quota it says to have the quota raised.
    const quota = /above CloudFront's default quota of 250000 req\/s/;
    expect(decide(archetypes.static).arch.reasons.some((r) => quota.test(r))).toBe(false);
    const huge = decide({ ...archetypes.static, usersMonth: 60_000_000 });
    expect(huge.load.spikeRps).toBeGreaterThan(CLOUDFRONT_MAX_RPS);
    expect(huge.arch.reasons.some((r) => quota.test(r))).toBe(true);
  });

  it('puts a realtime game on an EC2 fleet from GAME_FLEET_MIN_CONCURRENT players up, on containers below', () => {
    const game = (peakConcurrent: number) => decide({ ...archetypes.game, peakConcurrent }).arch;
    const at = game(GAME_FLEET_MIN_CONCURRENT);
    expect(at.pattern).toBe('ec2-asg');
    expect(at.front).toBe('nlb');
    expect(game(GAME_FLEET_MIN_CONCURRENT * 10).pattern).toBe('ec2-asg');
    const below = game(GAME_FLEET_MIN_CONCURRENT - 1);
    expect(below.pattern).toBe('containers');
    expect(below.front).toBe('alb');
    expect(below.reasons[0]).toMatch(/websocket/);
  });

  it('keeps realtime that is not a game on containers, however big the crowd', () => {
    expect(
      decide({ type: 'web', usersMonth: 2_000_000, budgetUsd: 5_000, region: 'eu-west-1', features: ['realtime'] }).arch
        .pattern,
    ).toBe('containers');
    // And a realtime API with tiny load still avoids Lambda (long-lived sockets).
    expect(
      decide({ type: 'api', usersMonth: 100, budgetUsd: 50, region: 'eu-west-1', features: ['realtime'] }).arch.pattern,
    ).toBe('containers');
  });

  it('treats a game without realtime like any HTTP service', () => {
    expect(
      decide({ type: 'game', usersMonth: 1_000, budgetUsd: 50, region: 'us-east-1', peakConcurrent: 5_000 }).arch
        .pattern,
    ).toBe('serverless');
  });

  it('keeps GPUs on AWS while they fit GPU_BUDGET_SHARE of the budget, and moves them off above it', () => {
    // 18,000 ai users → exactly 1,000 GPU hours with the shipped constants; budget $1,000 → the line is $800.
    const input: ServiceSpecInput = {
      type: 'ai',
      usersMonth: 18_000,
      budgetUsd: 1_000,
      region: 'us-east-1',
      features: ['gpu'],
    };
    const s = spec(input);
    const l = traffic(s);
    const hours = (s.usersMonth * REQUESTS_PER_USER_MONTH.ai * GPU_SECONDS_PER_REQUEST) / 3600 / GPU_UTILISATION;
    expect(l.gpuHoursMonth).toBe(hours);
    const limitPerHour = (s.budgetUsd * GPU_BUDGET_SHARE) / l.gpuHoursMonth;

    const atLimit = architecture(s, l, { prices: withGpuPrice('us-east-1', limitPerHour) });
    expect(atLimit.pattern).toBe('gpu-scale-to-zero');
    const above = architecture(s, l, { prices: withGpuPrice('us-east-1', limitPerHour + 0.01) });
    expect(above.pattern).toBe('hybrid-gpu');
    expect(above.reasons[0]).toMatch(/\$810\.00\/month/);
    expect(above.reasons[0]).toMatch(new RegExp(`${GPU_BUDGET_SHARE * 100}%`));
    expect(architecture(s, l, { prices: withGpuPrice('us-east-1', 0.0001) }).pattern).toBe('gpu-scale-to-zero');
  });

  it('prices the GPU in the spec region of the table passed in, not the shipped one', () => {
    const s = spec({ type: 'ai', usersMonth: 18_000, budgetUsd: 1_000, region: 'eu-west-1', features: ['gpu'] });
    const l = traffic(s);
    // A dear GPU only in another region changes nothing; in the spec's region it flips the design.
    expect(architecture(s, l, { prices: withGpuPrice('us-east-1', 100) }).pattern).toBe(
      architecture(s, l, { prices: withGpuPrice('us-east-1', 0.01) }).pattern,
    );
    expect(architecture(s, l, { prices: withGpuPrice('eu-west-1', 0.01) }).pattern).toBe('gpu-scale-to-zero');
    expect(architecture(s, l, { prices: withGpuPrice('eu-west-1', 100) }).pattern).toBe('hybrid-gpu');
  });

  it('gives the shipped archetypes their documented patterns with the shipped prices', () => {
    const expected: Record<string, Pattern> = {
      static: 'static-cdn',
      webWithDb: 'containers',
      serverlessApi: 'serverless',
      game: 'ec2-asg',
      aiGpu: 'gpu-scale-to-zero',
      aiHybrid: 'hybrid-gpu',
    };
    for (const [name, input] of Object.entries(archetypes))
      expect(decide(input).arch.pattern, name).toBe(expected[name]);
  });

  it('picks serverless up to SERVERLESS_MAX_AVG_RPS average load and containers above it', () => {
    // The user count whose average load is exactly the threshold.
    const atUsers = (SERVERLESS_MAX_AVG_RPS * SECONDS_PER_MONTH) / REQUESTS_PER_USER_MONTH.api;
    expect(Number.isInteger(atUsers)).toBe(true);
    const api = (usersMonth: number) =>
      decide({ type: 'api', usersMonth, budgetUsd: 1_000, region: 'us-west-2', features: ['db'] });
    const at = api(atUsers);
    expect(at.load.avgRps).toBe(SERVERLESS_MAX_AVG_RPS);
    expect(at.arch.pattern).toBe('serverless');
    expect(at.arch.front).toBe('api-gateway');
    const above = api(atUsers + 1);
    expect(above.load.avgRps).toBeGreaterThan(SERVERLESS_MAX_AVG_RPS);
    expect(above.arch.pattern).toBe('containers');
    expect(above.arch.reasons[0]).toMatch(/steady load/);
  });

  it('routes ai without a GPU by average load like any API', () => {
    expect(
      decide({ type: 'ai', usersMonth: 5_000, budgetUsd: 300, region: 'us-east-1', features: ['db'] }).arch.pattern,
    ).toBe('serverless');
    expect(decide({ type: 'ai', usersMonth: 1_000_000, budgetUsd: 3_000, region: 'us-east-1' }).arch.pattern).toBe(
      'containers',
    );
  });

  it('obeys a forced pattern and says so', () => {
    for (const pattern of PATTERNS) {
      const { arch } = decide(archetypes.webWithDb, { pattern });
      expect(arch.pattern).toBe(pattern);
      const picked = decide(archetypes.webWithDb).arch.pattern;
      expect(arch.reasons[0]).toBe(
        `design ${pattern} was requested` + (pattern === picked ? '' : ` (the planner would pick ${picked})`),
      );
    }
  });
});

describe('architecture: autoscaling', () => {
  it('needs nothing running for a static site and covers CloudFront’s quota', () => {
    expect(decide(archetypes.static).arch.autoscaling).toEqual({
      min: 0,
      max: 0,
      unit: 'none',
      coversRps: CLOUDFRONT_MAX_RPS,
    });
  });

  it('sizes Lambda concurrency by Little’s law and scales it to zero', () => {
    const { load: l, arch } = decide(archetypes.serverlessApi);
    const max = Math.max(1, Math.ceil(l.spikeRps * LAMBDA_SECONDS_PER_REQUEST));
    expect(arch.autoscaling).toEqual({
      min: 0,
      max,
      unit: 'lambda-concurrency',
      coversRps: Math.round((max / LAMBDA_SECONDS_PER_REQUEST) * 100) / 100,
    });
    expect(lambdaConcurrency(0)).toBe(1);
    expect(lambdaConcurrency(100)).toBe(Math.ceil(100 * LAMBDA_SECONDS_PER_REQUEST));
    expect(lambdaConcurrency(1_000)).toBe(120);
  });

  it('sizes Fargate tasks: min from the average, max from the spike, both at least the floor', () => {
    const { load: l, arch } = decide(archetypes.webWithDb);
    expect(arch.autoscaling).toEqual({
      min: Math.max(2, units(l.avgRps, FARGATE_TASK_RPS)),
      max: Math.max(2, units(l.spikeRps, FARGATE_TASK_RPS)),
      unit: 'tasks',
      coversRps: Math.max(2, units(l.spikeRps, FARGATE_TASK_RPS)) * FARGATE_TASK_RPS,
    });
    // 500 req/s peak × 10 = 5,000 req/s ÷ 50 per task = 100 tasks.
    expect(arch.autoscaling.max).toBe(100);
  });

  it('sizes the game fleet by players at spike or by requests at spike, whichever needs more', () => {
    const { load: l, arch, spec: s } = decide(archetypes.game);
    const max = Math.max(
      2,
      units(l.concurrentConnections * s.spike, PLAYERS_PER_GAME_SERVER),
      units(l.spikeRps, GAME_SERVER_RPS),
    );
    const min = Math.max(2, units(l.concurrentConnections / PEAK_TO_AVERAGE, PLAYERS_PER_GAME_SERVER));
    expect(arch.autoscaling).toEqual({ min, max, unit: 'instances', coversRps: max * GAME_SERVER_RPS });

    // A crowd that barely makes requests: the players bound decides, and off-peak min follows the crowd.
    const s2 = spec({ ...archetypes.game, spike: 10 });
    const crowd = architecture(s2, load({ concurrentConnections: 100_000, spikeRps: 10, avgRps: 1, peakRps: 1 }), {
      pattern: 'ec2-asg',
    });
    expect(crowd.autoscaling.max).toBe(Math.ceil((100_000 * 10) / PLAYERS_PER_GAME_SERVER));
    expect(crowd.autoscaling.min).toBe(Math.ceil(100_000 / PEAK_TO_AVERAGE / PLAYERS_PER_GAME_SERVER));
  });

  it('gives GPUs one instance per request/s at spike, from zero', () => {
    const { load: l, arch } = decide(archetypes.aiGpu);
    const max = units(l.spikeRps * GPU_SECONDS_PER_REQUEST, 1);
    expect(arch.autoscaling).toEqual({
      min: 0,
      max,
      unit: 'gpu-instances',
      coversRps: Math.round((max / GPU_SECONDS_PER_REQUEST) * 100) / 100,
    });
  });

  it('fronts a hybrid GPU design with Lambda concurrency', () => {
    const { load: l, arch } = decide(archetypes.aiHybrid);
    expect(arch.autoscaling).toMatchObject({ min: 0, max: lambdaConcurrency(l.spikeRps), unit: 'lambda-concurrency' });
  });

  it('covers the spike with the maximum, for every pattern across a range of loads', () => {
    const specs: ServiceSpecInput[] = [
      ...Object.values(archetypes),
      { type: 'web', usersMonth: 1, budgetUsd: 10, region: 'us-east-1' },
      { type: 'api', usersMonth: 3_000_000, budgetUsd: 10_000, region: 'us-east-1', features: ['db'], spike: 3 },
      {
        type: 'game',
        usersMonth: 2_000_000,
        budgetUsd: 50_000,
        region: 'eu-central-1',
        features: ['realtime'],
        spike: 20,
      },
      { type: 'game', usersMonth: 20_000, budgetUsd: 500, region: 'eu-central-1', features: ['realtime'] },
      { type: 'ai', usersMonth: 200_000, budgetUsd: 100_000, region: 'us-east-1', features: ['gpu'] },
      // Spikes that are not whole req/s (16.5, 8.2): a capacity floored to a whole req/s fell below them.
      { type: 'ai', usersMonth: 3_300, budgetUsd: 100, region: 'us-east-1' },
      { type: 'api', usersMonth: 1_000, peakConcurrent: 41, spike: 1, budgetUsd: 100, region: 'us-east-1' },
    ];
    for (const input of specs) {
      const s = spec(input);
      const l = traffic(s);
      for (const pattern of [undefined, ...PATTERNS]) {
        for (const lean of [false, true]) {
          const arch = architecture(s, l, { pattern, lean });
          const label = `${s.type} ${s.usersMonth} ${arch.pattern} lean=${lean}`;
          if (arch.pattern !== 'static-cdn' || l.spikeRps <= CLOUDFRONT_MAX_RPS)
            expect(arch.autoscaling.coversRps, label).toBeGreaterThanOrEqual(l.spikeRps);
          expect(arch.autoscaling.max, label).toBeGreaterThanOrEqual(arch.autoscaling.min);
        }
      }
    }
  });

  it('drops the floor of always-on units from 2 to 1 when lean', () => {
    const small: ServiceSpecInput = { type: 'web', usersMonth: 1_000, budgetUsd: 50, region: 'us-east-1' };
    expect(decide(small, { pattern: 'containers' }).arch.autoscaling).toMatchObject({ min: 2, max: 2 });
    expect(decide(small, { pattern: 'containers', lean: true }).arch.autoscaling).toMatchObject({ min: 1, max: 1 });
    expect(decide(archetypes.game).arch.autoscaling.min).toBe(2);
    expect(decide(archetypes.game, { lean: true }).arch.autoscaling.min).toBe(1);
    // A fleet sized by load is not shrunk by lean.
    expect(decide(archetypes.webWithDb, { lean: true }).arch.autoscaling.max).toBe(
      decide(archetypes.webWithDb).arch.autoscaling.max,
    );
    // Scale-to-zero designs have no floor either way.
    expect(decide(archetypes.serverlessApi, { lean: true }).arch.autoscaling).toEqual(
      decide(archetypes.serverlessApi).arch.autoscaling,
    );
  });

  it('reports the lean flag, false by default', () => {
    expect(decide(archetypes.webWithDb).arch.lean).toBe(false);
    expect(decide(archetypes.webWithDb, { lean: false }).arch.lean).toBe(false);
    expect(decide(archetypes.webWithDb, { lean: true }).arch.lean).toBe(true);
  });

  it('states the scaling range and the spike in its reasons', () => {
    const { arch, load: l } = decide(archetypes.webWithDb);
    expect(arch.reasons.at(-1)).toBe(
      `scales ${arch.autoscaling.min}–${arch.autoscaling.max} tasks, ` +
        `covering ${rate(arch.autoscaling.coversRps)} req/s against a spike of ${rate(l.spikeRps)} req/s`,
    );
  });
});

describe('architecture: RDS Proxy', () => {
  // 1,000 web users: the average is tiny, so the stated crowd alone sizes a forced containers fleet.
  const fleet = (peakConcurrent: number, features: ServiceSpecInput['features'] = ['db']) =>
    decide(
      { type: 'web', usersMonth: 1_000, budgetUsd: 100, region: 'us-east-1', features, peakConcurrent },
      { pattern: 'containers' },
    ).arch;

  it('pools a fleet’s connections only above RDS_PROXY_MIN_CONNECTIONS', () => {
    // 500 online × 0.1 req/s × 10 = 500 req/s → 10 tasks × 10 pooled = 100 connections: not above the limit.
    const at = fleet(500);
    expect(at.autoscaling.max * DB_POOL_PER_UNIT).toBe(RDS_PROXY_MIN_CONNECTIONS);
    expect(at.rdsProxy).toBe(false);
    const above = fleet(501);
    expect(above.autoscaling.max * DB_POOL_PER_UNIT).toBeGreaterThan(RDS_PROXY_MIN_CONNECTIONS);
    expect(above.rdsProxy).toBe(true);
    expect(
      above.reasons.some((r) =>
        r.includes(`RDS Proxy pools up to ${above.autoscaling.max * DB_POOL_PER_UNIT} connections`),
      ),
    ).toBe(true);
    expect(fleet(501, []).rdsProxy).toBe(false);
  });

  it('always pools behind Lambda when there is a database, never without one', () => {
    const { arch, load: l } = decide(archetypes.serverlessApi);
    expect(arch.rdsProxy).toBe(true);
    expect(arch.reasons.some((r) => r.includes(`pools up to ${lambdaConcurrency(l.spikeRps)} connections`))).toBe(true);
    expect(decide({ ...archetypes.serverlessApi, features: [] }).arch.rdsProxy).toBe(false);
    expect(decide(archetypes.aiGpu).arch.rdsProxy).toBe(true);
    expect(decide({ ...archetypes.aiGpu, features: ['gpu'] }).arch.rdsProxy).toBe(false);
  });

  it('never pools for the game fleet (DynamoDB) or a static site', () => {
    const game = decide({ ...archetypes.game, usersMonth: 2_000_000 }).arch;
    expect(game.pattern).toBe('ec2-asg');
    expect(game.autoscaling.max * DB_POOL_PER_UNIT).toBeGreaterThan(RDS_PROXY_MIN_CONNECTIONS);
    expect(game.rdsProxy).toBe(false);
    expect(decide(archetypes.static).arch.rdsProxy).toBe(false);
    expect(game.reasons.some((r) => r.includes('RDS Proxy'))).toBe(false);
  });
});

describe('architecture: flags', () => {
  it('scales to zero exactly for static, serverless and the GPU designs, and always keeps the CDN', () => {
    const expected: Record<Pattern, boolean> = {
      'static-cdn': true,
      serverless: true,
      containers: false,
      'ec2-asg': false,
      'gpu-scale-to-zero': true,
      'hybrid-gpu': true,
    };
    const fronts: Record<Pattern, string> = {
      'static-cdn': 'cloudfront',
      serverless: 'api-gateway',
      containers: 'alb',
      'ec2-asg': 'nlb',
      'gpu-scale-to-zero': 'api-gateway',
      'hybrid-gpu': 'api-gateway',
    };
    for (const pattern of PATTERNS) {
      const { arch } = decide(archetypes.webWithDb, { pattern });
      expect(arch.scaleToZero, pattern).toBe(expected[pattern]);
      expect(arch.front, pattern).toBe(fronts[pattern]);
      expect(arch.cdn).toBe(true);
      expect(arch.autoscaling.min === 0, pattern).toBe(expected[pattern]);
    }
  });
});

describe('architecture: purity', () => {
  it('gives deep-equal output twice and mutates neither spec, load nor price table', () => {
    for (const input of Object.values(archetypes)) {
      const s = spec(input);
      const l = traffic(s);
      const prices = structuredClone(PRICES);
      const before = structuredClone({ s, l, prices });
      const first = architecture(s, l, { prices });
      expect(architecture(s, l, { prices })).toEqual(first);
      expect({ s, l, prices }).toEqual(before);
      const frozen = deepFreeze(structuredClone({ s, l, prices }));
      expect(architecture(frozen.s, frozen.l, { prices: frozen.prices })).toEqual(first);
      expect(architecture(frozen.s, frozen.l, { prices: frozen.prices, lean: true, pattern: first.pattern })).toEqual({
        ...architecture(s, l, { prices, lean: true, pattern: first.pattern }),
      });
    }
  });

  it('does not share the reasons array between calls', () => {
    const s = spec(archetypes.serverlessApi);
    const l = traffic(s);
    const a = architecture(s, l);
    a.reasons.push('tampered');
    expect(architecture(s, l).reasons).not.toContain('tampered');
  });
});
