import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRICES } from '../../architect/prices.js';
import { configSchema } from '../config-schema.js';
import { planArchitecture, planOptionsFor } from './architect.js';

const spec = { type: 'api', usersMonth: 20_000, budgetUsd: 100, region: 'us-east-1' } as const;
const config = configSchema.parse({});
let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-architect-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('planOptionsFor', () => {
  it('prices with the shipped table until the data folder holds a refreshed copy, then with that copy', async () => {
    const shipped = await planArchitecture(spec, await planOptionsFor({ config, home, env: {} }));
    expect(shipped.result.cost.lines.find((l) => l.priceKey === 'apigw.http.requests')!.unitPriceUsd).toBe(
      PRICES.regions['us-east-1']!['apigw.http.requests']!.usd,
    );

    const refreshed = structuredClone(PRICES);
    refreshed.regions['us-east-1']!['apigw.http.requests'] = {
      unit: 'million requests',
      usd: 7,
      asOf: '2026-12-01',
      source: 'AWS Price List API GetProducts',
    };
    fs.writeFileSync(path.join(home, 'aws-prices.json'), JSON.stringify(refreshed));
    const options = await planOptionsFor({ config, home, env: {} });
    const line = (await planArchitecture(spec, options)).result.cost.lines.find(
      (l) => l.priceKey === 'apigw.http.requests',
    )!;
    expect(line.unitPriceUsd).toBe(7);
  });

  it('names the broken file when the refreshed copy is not a price table', async () => {
    fs.writeFileSync(path.join(home, 'aws-prices.json'), '{"currency": "EUR"}');
    await expect(planOptionsFor({ config, home, env: {} })).rejects.toThrow(path.join(home, 'aws-prices.json'));
  });

  it('leaves Claude out unless architect.llm.enabled is on and a key is set', async () => {
    expect((await planOptionsFor({ config, home, env: { ANTHROPIC_API_KEY: 'k' } })).narrator).toBeUndefined();
    const enabled = configSchema.parse({ architect: { llm: { enabled: true } } });
    expect((await planOptionsFor({ config: enabled, home, env: {} })).narrator).toBeUndefined();
    expect((await planOptionsFor({ config: enabled, home, env: { ANTHROPIC_API_KEY: 'k' } })).narrator?.ask).toBeTypeOf(
      'function',
    );
  });
});
