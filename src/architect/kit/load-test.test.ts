import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { PRICES } from '../prices.js';
import { KIT_FILES, kitContext, renderKit } from './index.js';
import { EXPENSIVE_P95_MS, loadTestScript, MAX_ERROR_RATE, P95_MS } from './load-test.js';

// biome-ignore lint/suspicious/noExplicitAny: k6 options parsed back from the script, checked leaf by leaf
type Options = Record<string, any>;

const contextOf = (key: string) => {
  const result = runChain(archetypes[key]!, PRICES);
  return kitContext(result, PRICES);
};

/** The script's `options`, kept a JSON literal so they can be read back. */
const optionsOf = (script: string): Options =>
  JSON.parse(/^export const options = (\{[\s\S]*?\n\});$/m.exec(script)![1]!) as Options;

/** `node --check` parses the module without resolving its bare k6 imports. */
function syntaxCheck(script: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'soloops-k6-'));
  try {
    const file = path.join(dir, 'k6.mjs');
    writeFileSync(file, script);
    return spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const httpFronts = Object.keys(archetypes).filter((key) => key !== 'game');

describe.each(httpFronts)('loadtest/k6.js: %s', (key) => {
  const context = contextOf(key);
  const { traffic, services, spec } = context.result;
  const script = loadTestScript(context)!;
  const options = optionsOf(script);
  const expensive = services.front.kind === 'api-gateway' && spec.type === 'ai';

  it('is an ES module k6 can load: valid syntax, k6 imports, BASE_URL from __ENV', () => {
    const check = syntaxCheck(script);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(script).toContain("import http from 'k6/http';");
    expect(script).toContain('__ENV.BASE_URL');
    for (const exec of ['front', 'expensive']) expect(script).toContain(`export function ${exec}()`);
  });

  it('runs the planned peak, then ramps to the planned spike', () => {
    const { peak, spike } = options.scenarios;
    const peakRate = Math.ceil(traffic.peakRps);
    const spikeRate = Math.ceil(traffic.spikeRps);
    expect(peak).toMatchObject({ executor: 'constant-arrival-rate', rate: peakRate, timeUnit: '1s' });
    expect(spike).toMatchObject({ executor: 'ramping-arrival-rate', startRate: peakRate, startTime: peak.duration });
    expect(spike.stages.map((s: Options) => s.target)).toEqual([spikeRate, spikeRate, peakRate]);
    for (const scenario of [peak, spike]) {
      expect(scenario.exec).toBe(expensive ? 'expensive' : 'front');
      expect(scenario.maxVUs).toBeGreaterThanOrEqual(scenario.preAllocatedVUs);
    }
  });

  it('fails past the p95 latency and error-rate targets', () => {
    const p95 = expensive ? EXPENSIVE_P95_MS : P95_MS;
    expect(options.thresholds).toEqual({
      http_req_failed: [`rate<${MAX_ERROR_RATE}`],
      'http_req_duration{scenario:peak}': [`p(95)<${p95}`],
      'http_req_duration{scenario:spike}': [`p(95)<${p95}`],
    });
  });

  it('says how to get past the rate limits, and to tell AWS first', () => {
    expect(script).toMatch(/DDoS simulation testing policy/);
    expect(script).toMatch(/never run it against production without telling AWS/i);
    const command = /terraform apply -var (\w+)=(\d+)/.exec(script);
    if (services.front.kind === 'api-gateway') {
      expect(script).toContain('An HTTP API has no WAF');
      if (!expensive) return expect(command).toBeNull();
      // The raised limit lifts the expensive routes' ceiling (planned clients × limit ÷ 60) to the spike.
      expect(command![1]).toBe('expensive_route_rate_limit_per_minute');
      expect((spec.peakConcurrent * Number(command![2])) / 60).toBeGreaterThanOrEqual(Math.ceil(traffic.spikeRps));
      expect(JSON.parse(/: (\[.*\]);$/m.exec(script)![1]!)).toEqual(['/api/ai', '/v1/generate']);
    } else {
      // One machine at the spike stays under the raised per-client WAF limit.
      expect(command![1]).toBe('rate_limit_per_client_per_minute');
      expect(Number(command![2])).toBeGreaterThanOrEqual(Math.ceil(traffic.spikeRps) * 60);
    }
  });
});

describe('loadtest/k6.js in the kit', () => {
  it('is left out for a game, whose load is UDP and websockets behind an NLB', () => {
    expect(loadTestScript(contextOf('game'))).toBeNull();
    expect(renderKit(runChain(archetypes.game!, PRICES), PRICES).files['loadtest/k6.js']).toBeUndefined();
  });

  it('is registered and written for an HTTP design', () => {
    expect(KIT_FILES.map((f) => f.path)).toContain('loadtest/k6.js');
    const kit = renderKit(runChain(archetypes.webWithDb!, PRICES), PRICES);
    expect(kit.files['loadtest/k6.js']).toContain('constant-arrival-rate');
    expect(kit.listing.map((f) => f.path)).toContain('loadtest/k6.js');
  });
});
