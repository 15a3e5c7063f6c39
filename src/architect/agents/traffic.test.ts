import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test/helpers/deep-freeze.js';
import { archetypes as shipped } from '../archetypes.js';
import {
  DEFAULT_SPIKE,
  PEAK_CONCURRENT_SHARE,
  SERVICE_TYPES,
  parseSpec,
  type ServiceSpec,
  type ServiceSpecInput,
  type ServiceType,
} from '../spec.js';
import {
  BASE_STORAGE_GB,
  DB_KB_PER_USER_MONTH,
  GPU_SECONDS_PER_REQUEST,
  GPU_UTILISATION,
  HOURS_PER_MONTH,
  KB_PER_REQUEST,
  MB_PER_UPLOAD,
  PEAK_TO_AVERAGE,
  REALTIME_HOURS_PER_USER_MONTH,
  REALTIME_MB_PER_CONNECTION_HOUR,
  REQUEST_SECONDS,
  REQUESTS_PER_USER_MONTH,
  RPS_PER_ACTIVE_USER,
  UPLOADS_PER_USER_MONTH,
  traffic,
  type Traffic,
} from './traffic.js';

// The shared archetypes, typed by name (the module types them as an open record).
const archetypes = shipped as Record<
  'static' | 'webWithDb' | 'serverlessApi' | 'game' | 'aiGpu' | 'aiHybrid',
  ServiceSpecInput
>;

// Expected figures are recomputed here from the exported constants, so a changed formula fails
// even when someone also changes a constant; the rounding mirrors the agent's (4 digits, GPU 2).
const r = (value: number, digits = 4): number => Number(value.toFixed(digits));
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

const base: ServiceSpecInput = { type: 'web', usersMonth: 10_000, budgetUsd: 100, region: 'us-east-1' };
const spec = (input: Partial<ServiceSpecInput> = {}): ServiceSpec => parseSpec({ ...base, ...input });

describe('traffic: constants', () => {
  it('bills a 730-hour month', () => {
    expect(HOURS_PER_MONTH).toBe(730);
  });

  it('has a figure for every service type', () => {
    for (const type of SERVICE_TYPES) {
      expect(REQUESTS_PER_USER_MONTH[type], type).toBeGreaterThan(0);
      expect(KB_PER_REQUEST[type], type).toBeGreaterThan(0);
      expect(RPS_PER_ACTIVE_USER[type], type).toBeGreaterThan(0);
    }
  });
});

describe('traffic: request rates', () => {
  it('derives requests per month and the average rate from users × requests per user', () => {
    for (const type of ['web', 'api', 'game', 'static', 'ai'] as const) {
      const s = spec({ type, usersMonth: 123_457 });
      const load = traffic(s);
      const requests = 123_457 * REQUESTS_PER_USER_MONTH[type];
      expect(load.requestsMonth, type).toBe(requests);
      expect(load.avgRps, type).toBe(r(requests / SECONDS_PER_MONTH));
    }
  });

  it('takes the stated crowd as the peak when it beats the evening-squeezed average', () => {
    // 500k web users: average ≈ 38 req/s (× 3 ≈ 114) but 5,000 online × 0.1 req/s = 500 req/s.
    const s = parseSpec(archetypes.webWithDb);
    const load = traffic(s);
    const avg = (s.usersMonth * REQUESTS_PER_USER_MONTH.web) / SECONDS_PER_MONTH;
    const crowd = s.peakConcurrent * RPS_PER_ACTIVE_USER.web;
    expect(crowd).toBeGreaterThan(avg * PEAK_TO_AVERAGE);
    expect(load.peakRps).toBe(r(crowd));
  });

  it('takes the average × PEAK_TO_AVERAGE as the peak when the stated crowd is smaller', () => {
    const s = spec({ type: 'api', usersMonth: 1_000_000, peakConcurrent: 1 });
    const load = traffic(s);
    const avg = (1_000_000 * REQUESTS_PER_USER_MONTH.api) / SECONDS_PER_MONTH;
    expect(avg * PEAK_TO_AVERAGE).toBeGreaterThan(1 * RPS_PER_ACTIVE_USER.api);
    expect(load.peakRps).toBe(r(avg * PEAK_TO_AVERAGE));
    expect(load.peakRps).toBeGreaterThan(load.avgRps);
  });

  it('uses the per-type default share of monthly users as the crowd when none is given', () => {
    for (const type of ['web', 'api', 'game'] as const) {
      const s = spec({ type, usersMonth: 40_000 });
      expect(s.peakConcurrent).toBe(Math.ceil(40_000 * PEAK_CONCURRENT_SHARE[type]));
      const avg = (40_000 * REQUESTS_PER_USER_MONTH[type]) / SECONDS_PER_MONTH;
      expect(traffic(s).peakRps, type).toBe(
        r(Math.max(avg * PEAK_TO_AVERAGE, s.peakConcurrent * RPS_PER_ACTIVE_USER[type])),
      );
    }
  });

  it('multiplies the peak by spec.spike (default DEFAULT_SPIKE) for the spike to survive', () => {
    const byDefault = traffic(spec({ peakConcurrent: 777 }));
    expect(byDefault.peakRps).toBe(r(777 * RPS_PER_ACTIVE_USER.web));
    expect(byDefault.spikeRps).toBe(r(777 * RPS_PER_ACTIVE_USER.web * DEFAULT_SPIKE));
    for (const spike of [1, 2.5, 25]) {
      const load = traffic(spec({ peakConcurrent: 777, spike }));
      expect(load.peakRps).toBe(byDefault.peakRps);
      expect(load.spikeRps, `spike ${spike}`).toBe(r(777 * RPS_PER_ACTIVE_USER.web * spike));
    }
    expect(traffic(spec({ peakConcurrent: 777, spike: 1 })).spikeRps).toBe(byDefault.peakRps);
  });
});

describe('traffic: volumes', () => {
  it('serves requests × KB per request as bandwidth, per type', () => {
    for (const type of SERVICE_TYPES) {
      const s = spec({ type, usersMonth: 75_000 });
      const requests = 75_000 * REQUESTS_PER_USER_MONTH[type];
      expect(traffic(s).bandwidthGbMonth, type).toBe(r((requests * KB_PER_REQUEST[type]) / 1_000_000));
    }
  });

  it('keeps only the base storage without uploads, and adds users × uploads × size with them', () => {
    expect(traffic(spec({ usersMonth: 200_000 })).storageGbMonth1).toBe(BASE_STORAGE_GB);
    const withUploads = traffic(spec({ usersMonth: 200_000, features: ['uploads'] }));
    expect(withUploads.storageGbMonth1).toBe(
      r(BASE_STORAGE_GB + (200_000 * UPLOADS_PER_USER_MONTH * MB_PER_UPLOAD) / 1_000),
    );
    expect(withUploads.storageGbMonth1).toBeGreaterThan(BASE_STORAGE_GB);
  });

  it('grows the database only with the db feature, by users × KB per user', () => {
    expect(traffic(spec({ usersMonth: 300_000 })).dbGrowthGbMonth).toBe(0);
    expect(traffic(spec({ usersMonth: 300_000, features: ['db'] })).dbGrowthGbMonth).toBe(
      r((300_000 * DB_KB_PER_USER_MONTH) / 1_000_000),
    );
  });

  it('bills GPU hours only for ai with the gpu feature: requests × GPU seconds ÷ 3600 ÷ utilisation', () => {
    const ai = parseSpec(archetypes.aiGpu);
    const load = traffic(ai);
    const requests = ai.usersMonth * REQUESTS_PER_USER_MONTH.ai;
    expect(load.gpuHoursMonth).toBe(r((requests * GPU_SECONDS_PER_REQUEST) / 3600 / GPU_UTILISATION, 2));
    expect(load.gpuHoursMonth).toBeGreaterThan(0);
    // 18,000 users × 100 requests × 1 s ÷ 3600 ÷ 0.5 = 1,000 h with the shipped constants.
    const round = traffic(spec({ type: 'ai', usersMonth: 18_000, features: ['gpu'] }));
    expect(round.gpuHoursMonth).toBe(
      r((18_000 * REQUESTS_PER_USER_MONTH.ai * GPU_SECONDS_PER_REQUEST) / 3600 / GPU_UTILISATION, 2),
    );
    expect(traffic(spec({ type: 'ai', usersMonth: 18_000 })).gpuHoursMonth).toBe(0);
    expect(traffic(spec({ type: 'web', usersMonth: 18_000, features: ['db'] })).gpuHoursMonth).toBe(0);
  });
});

describe('traffic: realtime vs not', () => {
  it('counts open sockets (the crowd) as connections with realtime, requests in flight without', () => {
    const game = parseSpec(archetypes.game);
    const load = traffic(game);
    expect(load.concurrentConnections).toBe(game.peakConcurrent);
    expect(load.realtimeGbMonth).toBe(
      r((game.usersMonth * REALTIME_HOURS_PER_USER_MONTH * REALTIME_MB_PER_CONNECTION_HOUR) / 1_000),
    );
    expect(load.realtimeGbMonth).toBeGreaterThan(0);

    const polled = traffic(parseSpec({ ...archetypes.game, features: ['db'] }));
    expect(polled.realtimeGbMonth).toBe(0);
    expect(polled.concurrentConnections).toBe(Math.ceil(polled.peakRps * REQUEST_SECONDS));
    // Little's law: in-flight requests are far fewer than open game sockets.
    expect(polled.concurrentConnections).toBeLessThan(load.concurrentConnections);
  });

  it('changes only the realtime figures and the connection count', () => {
    const without = traffic(spec({ type: 'game', usersMonth: 60_000, features: ['db'] }));
    const withRt = traffic(spec({ type: 'game', usersMonth: 60_000, features: ['db', 'realtime'] }));
    const { realtimeGbMonth: a, concurrentConnections: b, ...restWithout } = without;
    const { realtimeGbMonth: c, concurrentConnections: d, ...restWith } = withRt;
    expect(restWith).toEqual(restWithout);
    expect([a, c]).toEqual([0, r((60_000 * REALTIME_HOURS_PER_USER_MONTH * REALTIME_MB_PER_CONNECTION_HOUR) / 1_000)]);
    expect(d).toBe(Math.ceil(60_000 * PEAK_CONCURRENT_SHARE.game));
    expect(b).toBe(Math.ceil(without.peakRps * REQUEST_SECONDS));
  });

  it('rounds in-flight requests up: one request in flight is still a connection', () => {
    const tiny = traffic(spec({ type: 'static', usersMonth: 1 }));
    expect(tiny.peakRps).toBeGreaterThan(0);
    expect(tiny.concurrentConnections).toBe(1);
  });
});

describe('traffic: monotonicity', () => {
  const fields: Array<keyof Traffic> = [
    'requestsMonth',
    'avgRps',
    'peakRps',
    'spikeRps',
    'bandwidthGbMonth',
    'realtimeGbMonth',
    'storageGbMonth1',
    'dbGrowthGbMonth',
    'concurrentConnections',
    'gpuHoursMonth',
  ];
  const featuresFor = (type: ServiceType): ServiceSpecInput['features'] =>
    type === 'ai'
      ? ['gpu', 'db', 'uploads']
      : type === 'game'
        ? ['realtime', 'db', 'uploads']
        : type === 'static'
          ? []
          : ['db', 'uploads'];

  it('never gives less load for more users, and strictly more requests, peak and volumes', () => {
    // 1 and 10 users both round up to one person online, so start the strict check at distinct crowds.
    const users = [1, 1_000, 20_000, 100_000, 1_000_000, 50_000_000];
    for (const type of SERVICE_TYPES) {
      const loads = users.map((usersMonth) => traffic(spec({ type, usersMonth, features: featuresFor(type) })));
      for (let i = 1; i < loads.length; i++) {
        const [prev, next] = [loads[i - 1]!, loads[i]!];
        for (const field of fields)
          expect(next[field], `${type} ${field} ${users[i]}`).toBeGreaterThanOrEqual(prev[field]);
        // A static site's storage is its files, whatever the crowd; every other type stores per user.
        const strict =
          type === 'static'
            ? (['requestsMonth', 'peakRps', 'spikeRps', 'bandwidthGbMonth'] as const)
            : (['requestsMonth', 'peakRps', 'spikeRps', 'bandwidthGbMonth', 'storageGbMonth1'] as const);
        for (const field of strict) {
          expect(next[field], `${type} ${field} ${users[i]}`).toBeGreaterThan(prev[field]);
        }
      }
    }
  });

  it('never gives less load for a bigger stated crowd or a bigger spike', () => {
    let prev = traffic(spec({ peakConcurrent: 1 }));
    for (const peakConcurrent of [10, 100, 1_000, 10_000]) {
      const next = traffic(spec({ peakConcurrent }));
      expect(next.peakRps).toBeGreaterThanOrEqual(prev.peakRps);
      expect(next.spikeRps).toBeGreaterThanOrEqual(prev.spikeRps);
      expect(next.concurrentConnections).toBeGreaterThanOrEqual(prev.concurrentConnections);
      expect(next.requestsMonth).toBe(prev.requestsMonth);
      prev = next;
    }
    const spikes = [1, 2, 10, 50].map((s) => traffic(spec({ spike: s })).spikeRps);
    expect([...spikes].sort((a, b) => a - b)).toEqual(spikes);
  });

  it('puts the spike at or above the peak, and the peak at or above the average', () => {
    for (const type of SERVICE_TYPES) {
      for (const usersMonth of [1, 5_000, 2_000_000]) {
        const load = traffic(spec({ type, usersMonth }));
        expect(load.peakRps).toBeGreaterThanOrEqual(load.avgRps);
        expect(load.spikeRps).toBeGreaterThanOrEqual(load.peakRps);
      }
    }
  });
});

describe('traffic: purity', () => {
  it('gives deep-equal output for the same spec and never mutates it', () => {
    for (const input of Object.values(archetypes)) {
      const s = parseSpec(input);
      const before = structuredClone(s);
      const frozen = deepFreeze(structuredClone(s));
      const first = traffic(s);
      expect(traffic(s)).toEqual(first);
      expect(traffic(frozen)).toEqual(first);
      expect(s).toEqual(before);
    }
  });

  it('returns a fresh object each call', () => {
    const s = spec();
    const a = traffic(s);
    a.peakRps = -1;
    expect(traffic(s).peakRps).toBeGreaterThan(0);
  });
});
