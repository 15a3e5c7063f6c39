import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRICE_FILTERS } from './price-filters.js';
import { PRICE_KEYS, PRICES } from './prices.js';
import { REFRESH_SOURCE, refreshPrices } from './refresh.js';

interface GetProductsBody {
  ServiceCode: string;
  Filters: Array<{ Type: string; Field: string; Value: string }>;
  NextToken?: string;
  MaxResults?: number;
}

/** A product as the Price List API serialises it (one JSON string per PriceList item). */
function product(usd: string, unit = 'Hrs'): string {
  return JSON.stringify({
    product: { sku: 'SKU1', productFamily: 'Compute Instance', attributes: {} },
    serviceCode: 'AmazonEC2',
    terms: { OnDemand: { 'SKU1.JRTCKXETXF': { priceDimensions: { 'SKU1.JRTCKXETXF.6YS6EN2CT7': { unit, pricePerUnit: { USD: usd }, beginRange: '0' } } } } },
    version: '20250101000000',
    publicationDate: '2025-01-01T00:00:00Z',
  });
}

// The fake: AWS JSON 1.1 over POST /, x-amz-target selects the operation.
let server: Server;
let endpoint: string;
const requests: Array<{ target: string | undefined; contentType: string | undefined; body: GetProductsBody }> = [];
let answer: (body: GetProductsBody) => { PriceList: string[]; NextToken?: string };

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as GetProductsBody;
    const target = req.headers['x-amz-target'] as string | undefined;
    requests.push({ target, contentType: req.headers['content-type'], body });
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    if (req.method !== 'POST' || target !== 'AWSPriceListService.GetProducts') {
      res.statusCode = 400;
      res.end(JSON.stringify({ __type: 'InvalidParameterException', message: `unexpected ${req.method} ${target}` }));
      return;
    }
    res.end(JSON.stringify({ FormatVersion: 'aws_v1', ...answer(body) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
});

function client(): PricingClient {
  return new PricingClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'FAKE', secretAccessKey: 'FAKE' }, maxAttempts: 1 });
}

const field = (body: GetProductsBody, name: string) => body.Filters.find((f) => f.Field === name)?.Value;
const now = new Date('2026-03-04T12:00:00Z');

describe('refreshPrices against a local Price List API', () => {
  it('updates a price with its unit and today, sending the expected filters', async () => {
    answer = () => ({ PriceList: [product('0.0170000000')] });
    const pricing = client();
    const result = await refreshPrices({ client: pricing, regions: ['eu-west-1'], keys: ['ec2.t4g.small'], now });
    pricing.destroy();

    expect(result.updated).toBe(1);
    expect(result.missing).toEqual([]);
    expect(result.table.regions['eu-west-1']!['ec2.t4g.small']).toEqual({ unit: 'hour', usd: 0.017, asOf: '2026-03-04', source: REFRESH_SOURCE });
    expect(result.table.asOf).toBe('2026-03-04');
    // Other entries and the shipped table are untouched.
    expect(result.table.regions['eu-west-1']!['nat.gb']).toEqual(PRICES.regions['eu-west-1']!['nat.gb']);
    expect(PRICES.regions['eu-west-1']!['ec2.t4g.small']!.source).toMatch(/not refreshed/);

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.target).toBe('AWSPriceListService.GetProducts');
    expect(request!.contentType).toBe('application/x-amz-json-1.1');
    expect(request!.body.ServiceCode).toBe('AmazonEC2');
    expect(request!.body.Filters.every((f) => f.Type === 'TERM_MATCH')).toBe(true);
    expect(Object.fromEntries(request!.body.Filters.map((f) => [f.Field, f.Value]))).toEqual({
      instanceType: 't4g.small', regionCode: 'eu-west-1', operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required',
    });
  });

  it('sends the RDS engine and deployment and scales per-request prices to the table unit', async () => {
    answer = (body) => ({ PriceList: [body.ServiceCode === 'AWSLambda' ? product('0.0000002', 'Requests') : product('0.018')] });
    const pricing = client();
    const result = await refreshPrices({ client: pricing, regions: ['us-east-1'], keys: ['rds.pg.db.t4g.micro', 'lambda.requests'], now });
    pricing.destroy();
    const rds = requests.find((r) => r.body.ServiceCode === 'AmazonRDS')!.body;
    expect(field(rds, 'databaseEngine')).toBe('PostgreSQL');
    expect(field(rds, 'deploymentOption')).toBe('Single-AZ');
    expect(field(rds, 'instanceType')).toBe('db.t4g.micro');
    expect(result.table.regions['us-east-1']!['rds.pg.db.t4g.micro']!.usd).toBe(0.018);
    expect(result.table.regions['us-east-1']!['lambda.requests']).toMatchObject({ unit: 'million requests', usd: 0.2 });
  });

  it('follows NextToken to the last page and skips zero-priced dimensions', async () => {
    answer = (body) => {
      if (!body.NextToken) return { PriceList: [product('0.0000000000')], NextToken: 'page-2' };
      if (body.NextToken === 'page-2') return { PriceList: [], NextToken: 'page-3' };
      return { PriceList: [product('0.0345')] };
    };
    const pricing = client();
    const result = await refreshPrices({ client: pricing, regions: ['us-west-2'], keys: ['ec2.t4g.medium'], now });
    pricing.destroy();
    expect(requests.map((r) => r.body.NextToken)).toEqual([undefined, 'page-2', 'page-3']);
    expect(requests.every((r) => field(r.body, 'instanceType') === 't4g.medium')).toBe(true);
    expect(result.table.regions['us-west-2']!['ec2.t4g.medium']!.usd).toBe(0.0345);
    expect(result.updated).toBe(1);
  });

  it('lists a key the API has no product for as missing, keeping its old entry (never 0)', async () => {
    answer = (body) => (field(body, 'instanceType') === 'g5.xlarge' ? { PriceList: [] } : { PriceList: [product('0.08')] });
    const pricing = client();
    const result = await refreshPrices({ client: pricing, regions: ['ap-northeast-2'], keys: ['ec2.g5.xlarge', 'ec2.c7g.large'], now });
    pricing.destroy();
    expect(result.missing).toEqual([{ region: 'ap-northeast-2', key: 'ec2.g5.xlarge' }]);
    expect(result.updated).toBe(1);
    expect(result.table.regions['ap-northeast-2']!['ec2.g5.xlarge']).toEqual(PRICES.regions['ap-northeast-2']!['ec2.g5.xlarge']);
  });

  it('keeps keys without a filter as they were and reports them as not refreshed', async () => {
    answer = () => ({ PriceList: [product('1')] });
    const unfiltered = PRICE_KEYS.filter((key) => !PRICE_FILTERS[key]);
    expect(unfiltered.length).toBeGreaterThan(0);
    const pricing = client();
    const result = await refreshPrices({ client: pricing, regions: ['us-east-1'], keys: [unfiltered[0]!], now });
    pricing.destroy();
    expect(requests).toHaveLength(0);
    expect(result.notRefreshed).toEqual([unfiltered[0]]);
    expect(result.table.regions['us-east-1']![unfiltered[0]!]).toEqual(PRICES.regions['us-east-1']![unfiltered[0]!]);
  });
});

describe('the filter table', () => {
  it('quotes every key in the unit the shipped table uses', () => {
    for (const [key, filter] of Object.entries(PRICE_FILTERS)) {
      expect(filter!.unit, key).toBe(PRICES.regions['us-east-1']![key]!.unit);
    }
  });
});

describe('priceOf with a user copy in $SOLOOPS_HOME', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'soloops-prices-'));
    vi.resetModules();
    vi.stubEnv('SOLOOPS_HOME', home);
    return async () => {
      vi.unstubAllEnvs();
      await rm(home, { recursive: true, force: true });
    };
  });

  it('prefers the refreshed file when it exists', async () => {
    const table = structuredClone(PRICES);
    table.regions['us-east-1']!['ec2.t4g.small'] = { unit: 'hour', usd: 0.5, asOf: '2026-03-04', source: REFRESH_SOURCE };
    await writeFile(join(home, 'aws-prices.json'), JSON.stringify(table));
    const prices = await import('./prices.js');
    expect(prices.priceOf('us-east-1', 'ec2.t4g.small').usd).toBe(0.5);
  });

  it('uses the shipped table without one, and names a broken file in a UserError', async () => {
    const fresh = await import('./prices.js');
    expect(fresh.priceOf('us-east-1', 'ec2.t4g.small')).toEqual(PRICES.regions['us-east-1']!['ec2.t4g.small']);

    vi.resetModules();
    const file = join(home, 'aws-prices.json');
    await writeFile(file, JSON.stringify({ currency: 'USD', regions: { 'us-east-1': { 'ec2.t4g.small': { usd: 0 } } } }));
    const broken = await import('./prices.js');
    let error: unknown;
    try {
      broken.priceOf('us-east-1', 'ec2.t4g.small');
    } catch (caught) {
      error = caught;
    }
    // A fresh module graph has its own UserError class, so compare by name.
    expect((error as Error).name).toBe('UserError');
    expect((error as Error).message).toContain(file);
  });
});
