import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PRICE_KEYS,
  PRICES,
  REGIONS,
  type PriceKey,
  type PriceTable,
  type Region,
} from '../../src/architect/prices.js';
import { REFRESH_SOURCE } from '../../src/architect/refresh.js';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';
import {
  awsCatalog,
  GET_PRODUCTS_TARGET,
  startFakeAwsPricing,
  type FakeAwsPricing,
} from '../helpers/fake-aws-pricing.js';

// `soloops architect prices refresh` against a local Price List API, then `soloops architect` reading what it wrote.

/** Prices the fake serves for eu-west-1: the shipped ones, except two that a plan with a database and a CDN uses. */
const CHANGED: Partial<Record<PriceKey, number>> = { 'cloudfront.gb': 0.1, 'rds.pg.db.t4g.micro': 0.0199 };
const served = (region: Region, key: PriceKey) => CHANGED[key] ?? PRICES.regions[region]![key]!.usd;

// Dummy credentials so the SDK signs; every other way to find credentials is switched off.
const NO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
};
const CREDENTIALS = { ...NO_CREDENTIALS, AWS_ACCESS_KEY_ID: 'AKIDFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake-secret' };

let fake: FakeAwsPricing;
let sandbox: Sandbox;
beforeAll(async () => {
  fake = await startFakeAwsPricing({ pageSize: 1 });
});
afterAll(() => fake?.close());
beforeEach(() => {
  sandbox = makeSandbox();
  fake.catalog = awsCatalog(['eu-west-1'], served);
  fake.requests.length = 0;
  fake.failWith(200, 0);
});
afterEach(() => sandbox.cleanup());

const env = () => ({ ...CREDENTIALS, SOLOOPS_AWS_PRICING_ENDPOINT: fake.url });
const userFile = () => path.join(sandbox.home, 'aws-prices.json');
const readTable = () => JSON.parse(fs.readFileSync(userFile(), 'utf8')) as PriceTable;
const today = () => new Date().toISOString().slice(0, 10);
const refresh = (extra: Record<string, string> = {}) =>
  runCli(['architect', 'prices', 'refresh', '--regions', 'eu-west-1'], { sandbox, env: { ...env(), ...extra } });

describe('soloops architect prices refresh (against a local Price List API)', () => {
  it('writes every eu-west-1 price from the API, leaves other regions alone, and the planner uses them', async () => {
    const result = await refresh();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${userFile()}: ${PRICE_KEYS.length} prices refreshed`);
    expect(result.stdout).not.toMatch(/no Price List filter/);
    // Progress on stderr, a line per tenth of the lookups, ending at the total.
    expect(result.stderr).toContain(`for ${PRICE_KEYS.length} prices in 1 region (eu-west-1)`);
    expect(result.stderr).toContain(`  ${PRICE_KEYS.length}/${PRICE_KEYS.length} prices read`);
    expect(result.stderr.match(/prices read/g)!.length).toBeLessThanOrEqual(11);

    // One signed AWS JSON 1.1 GetProducts conversation per key; a page holds one product, so look-alikes
    // page with NextToken.
    expect(
      fake.requests.every(
        (r) =>
          r.method === 'POST' && r.target === GET_PRODUCTS_TARGET && r.contentType === 'application/x-amz-json-1.1',
      ),
    ).toBe(true);
    expect(
      fake.requests.every((r) => r.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE/')),
    ).toBe(true);
    expect(fake.requests.filter((r) => !r.body.NextToken)).toHaveLength(PRICE_KEYS.length);
    expect(fake.requests.some((r) => r.body.NextToken)).toBe(true);

    const table = readTable();
    expect(table.asOf).toBe(today());
    for (const key of PRICE_KEYS) {
      const entry = table.regions['eu-west-1']![key]!;
      expect(entry, key).toMatchObject({
        asOf: today(),
        source: REFRESH_SOURCE,
        unit: PRICES.regions['eu-west-1']![key]!.unit,
      });
      expect(
        Math.abs(entry.usd - served('eu-west-1', key)) / served('eu-west-1', key),
        `${key}: ${entry.usd}`,
      ).toBeLessThan(1e-9);
    }
    for (const region of REGIONS.filter((r) => r !== 'eu-west-1'))
      expect(table.regions[region], region).toEqual(PRICES.regions[region]);

    const plan = await runCli(
      [
        'architect',
        '--type',
        'web',
        '--users-month',
        '50000',
        '--budget',
        '200',
        '--region',
        'eu-west-1',
        '--features',
        'db',
        '--json',
        '--dry-run',
      ],
      { sandbox },
    );
    expect(plan.exitCode, plan.stderr).toBe(0);
    const { cost } = JSON.parse(plan.stdout) as {
      cost: { lines: Array<{ priceKey: string; unitPriceUsd: number; quantity: number; monthlyUsd: number }> };
    };
    const line = (key: PriceKey) => cost.lines.find((l) => l.priceKey === key);
    expect(line('cloudfront.gb')).toMatchObject({ unitPriceUsd: 0.1 });
    expect(line('cloudfront.gb')!.monthlyUsd).toBeCloseTo(line('cloudfront.gb')!.quantity * 0.1, 2);
    expect(line('rds.pg.db.t4g.micro')).toMatchObject({ unitPriceUsd: 0.0199 });
    // Unchanged prices read back as they were.
    expect(line('lambda.requests')).toMatchObject({
      unitPriceUsd: PRICES.regions['eu-west-1']!['lambda.requests']!.usd,
    });
  });

  it('refuses to start without AWS credentials, naming AWS_ACCESS_KEY_ID', async () => {
    const result = await runCli(['architect', 'prices', 'refresh', '--regions', 'eu-west-1'], {
      sandbox,
      env: { ...NO_CREDENTIALS, SOLOOPS_AWS_PRICING_ENDPOINT: fake.url },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID');
    expect(fake.requests).toHaveLength(0);
    expect(fs.existsSync(userFile())).toBe(false);
  });

  for (const [status, type] of [
    [400, 'InvalidParameterException'],
    [500, 'InternalErrorException'],
  ] as const) {
    it(`exits 1 and leaves the existing file untouched when the API answers ${status}`, async () => {
      fs.mkdirSync(sandbox.home, { recursive: true });
      const before = `${JSON.stringify({ ...PRICES, asOf: '2026-01-01' }, null, 2)}\n`;
      fs.writeFileSync(userFile(), before);
      fake.failWith(status, Number.POSITIVE_INFINITY, { __type: type, message: `the fake says ${status}` });

      const result = await refresh();
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/GetProducts failed for \S+ in eu-west-1/);
      expect(result.stderr).toContain(`the fake says ${status}`);
      expect(fs.readFileSync(userFile(), 'utf8')).toBe(before);
      expect(fs.readdirSync(sandbox.home).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('exits 1 naming a key the API has no product for, and still writes the others', async () => {
    fake.catalog = awsCatalog(['eu-west-1'], served, { omit: [{ region: 'eu-west-1', key: 'waf.rule' }] });
    const result = await refresh();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('waf.rule in eu-west-1');

    const table = readTable();
    expect(table.regions['eu-west-1']!['waf.rule']).toEqual(PRICES.regions['eu-west-1']!['waf.rule']);
    for (const key of PRICE_KEYS.filter((k) => k !== 'waf.rule')) {
      expect(table.regions['eu-west-1']![key], key).toMatchObject({ asOf: today(), source: REFRESH_SOURCE });
    }
  });
});
