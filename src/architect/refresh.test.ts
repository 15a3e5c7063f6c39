import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  awsCatalog,
  getProducts,
  GET_PRODUCTS_TARGET,
  matchesFilter,
  priceListItem,
  startFakeAwsPricing,
  type CatalogProduct,
  type FakeAwsPricing,
  type GetProductsBody,
} from '../../test/helpers/fake-aws-pricing.js';
import { ExternalError, UserError } from '../core/errors.js';
import { PRICE_FILTERS, type PriceFilter } from './price-filters.js';
import { PRICE_KEYS, PRICES, REGIONS, activePrices, priceOf, type PriceKey, type Region } from './prices.js';
import { REFRESH_SOURCE, filtersFor, onDemandUsd, refreshPrices, usagetypeMatches } from './refresh.js';

let fake: FakeAwsPricing;
beforeAll(async () => {
  fake = await startFakeAwsPricing();
});
afterAll(() => fake?.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.catalog = [];
  fake.failWith(200, 0);
});

function client(): PricingClient {
  return new PricingClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: 'FAKE', secretAccessKey: 'FAKE' },
    maxAttempts: 1,
  });
}

async function refresh(input: Omit<Parameters<typeof refreshPrices>[0], 'client' | 'now'>) {
  const pricing = client();
  try {
    return await refreshPrices({ client: pricing, now, ...input });
  } finally {
    pricing.destroy();
  }
}

const now = new Date('2026-03-04T12:00:00Z');
const shipped = (region: Region, key: PriceKey) => PRICES.regions[region]![key]!.usd;
/** Shipped prices moved by a per-key factor, so a value read from the wrong product or tier shows. */
const moved = (region: Region, key: PriceKey) =>
  Number((shipped(region, key) * (1.05 + PRICE_KEYS.indexOf(key) / 1000)).toPrecision(10));
const fields = (body: GetProductsBody) =>
  Object.fromEntries((body.Filters ?? []).map((f) => [f.Field, `${f.Type}:${f.Value}`]));
const near = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual ?? Number.NaN) - expected) / expected).toBeLessThan(1e-9);

describe('refreshPrices against the local Price List API', () => {
  it('updates a price with its unit and today, sending the expected AWS JSON 1.1 request', async () => {
    fake.catalog = awsCatalog(['eu-west-1'], moved);
    const result = await refresh({ regions: ['eu-west-1'], keys: ['ec2.t4g.small'] });

    expect(result.updated).toBe(1);
    expect(result.missing).toEqual([]);
    expect(result.table.regions['eu-west-1']!['ec2.t4g.small']).toEqual({
      unit: 'hour',
      usd: moved('eu-west-1', 'ec2.t4g.small'),
      asOf: '2026-03-04',
      source: REFRESH_SOURCE,
    });
    expect(result.table.asOf).toBe('2026-03-04');
    // Other entries and the shipped table are untouched.
    expect(result.table.regions['eu-west-1']!['nat.gb']).toEqual(PRICES.regions['eu-west-1']!['nat.gb']);
    expect(PRICES.regions['eu-west-1']!['ec2.t4g.small']!.source).not.toBe(REFRESH_SOURCE);

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', target: GET_PRODUCTS_TARGET, status: 200 });
    expect(request!.contentType).toBe('application/x-amz-json-1.1');
    expect(request!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=FAKE\/\d{8}\/us-east-1\/pricing\/aws4_request/,
    );
    expect(request!.body).toMatchObject({ ServiceCode: 'AmazonEC2', FormatVersion: 'aws_v1', MaxResults: 100 });
    expect(fields(request!.body)).toEqual({
      productFamily: 'TERM_MATCH:Compute Instance',
      instanceType: 'TERM_MATCH:t4g.small',
      operatingSystem: 'TERM_MATCH:Linux',
      tenancy: 'TERM_MATCH:Shared',
      preInstalledSw: 'TERM_MATCH:NA',
      capacitystatus: 'TERM_MATCH:Used',
      licenseModel: 'TERM_MATCH:No License required',
      regionCode: 'TERM_MATCH:eu-west-1',
      usagetype: 'CONTAINS:BoxUsage:t4g.small',
    });
  });

  it('sends the RDS engine and deployment and scales per-request prices to the table unit', async () => {
    fake.catalog = awsCatalog(['us-east-1'], shipped);
    const result = await refresh({ regions: ['us-east-1'], keys: ['rds.pg.db.t4g.micro', 'lambda.requests'] });
    const rds = fake.requests.find((r) => r.body.ServiceCode === 'AmazonRDS')!.body;
    expect(fields(rds)).toMatchObject({
      databaseEngine: 'TERM_MATCH:PostgreSQL',
      deploymentOption: 'TERM_MATCH:Single-AZ',
      instanceType: 'TERM_MATCH:db.t4g.micro',
    });
    expect(result.table.regions['us-east-1']!['rds.pg.db.t4g.micro']!.usd).toBe(0.016);
    // 0.0000002 $/request → 0.2 $/million.
    expect(result.table.regions['us-east-1']!['lambda.requests']).toMatchObject({ unit: 'million requests', usd: 0.2 });
  });

  it('names the region the way each service does: fromRegionCode, the CloudFront edge, none for Route 53', async () => {
    fake.catalog = awsCatalog(['ap-northeast-2'], moved);
    const result = await refresh({
      regions: ['ap-northeast-2'],
      keys: ['dto.gb', 'cloudfront.gb', 'cloudfront.requests', 'route53.hosted-zone'],
    });
    expect(result.missing).toEqual([]);
    const byService = (code: string) =>
      fake.requests.filter((r) => r.body.ServiceCode === code).map((r) => fields(r.body));
    expect(byService('AWSDataTransfer')[0]).toMatchObject({
      fromRegionCode: 'TERM_MATCH:ap-northeast-2',
      transferType: 'TERM_MATCH:AWS Outbound',
      toLocation: 'TERM_MATCH:External',
    });
    expect(byService('AWSDataTransfer')[0]).not.toHaveProperty('regionCode');
    expect(byService('AmazonCloudFront').map((f) => f.fromLocation ?? f.location)).toEqual([
      'TERM_MATCH:Asia Pacific',
      'TERM_MATCH:Asia Pacific',
    ]);
    expect(byService('AmazonRoute53')[0]).toEqual({
      productFamily: 'TERM_MATCH:DNS Zone',
      usagetype: 'CONTAINS:HostedZone',
    });
    for (const key of ['dto.gb', 'cloudfront.gb', 'cloudfront.requests', 'route53.hosted-zone'] as const)
      near(result.table.regions['ap-northeast-2']![key]!.usd, moved('ap-northeast-2', key));
  });

  it('follows NextToken to the last page, skipping zero-priced rows and look-alike usage types', async () => {
    const row = (usagetype: string, usd: number): CatalogProduct => ({
      serviceCode: 'AmazonEC2',
      productFamily: 'NAT Gateway',
      attributes: { regionCode: 'us-west-2', usagetype },
      usd,
    });
    fake.catalog = [
      row('USW2-NatGateway-Hours', 0),
      row('USW2-RegionalNatGateway-Hours', 0.09),
      row('Global-NatGateway-Hours', 0.5),
      row('USW2-NatGateway-Hours', 0.045),
    ];
    const paged = await startFakeAwsPricing({ catalog: fake.catalog, pageSize: 1 });
    const pricing = new PricingClient({
      region: 'us-east-1',
      endpoint: paged.url,
      credentials: { accessKeyId: 'FAKE', secretAccessKey: 'FAKE' },
      maxAttempts: 1,
    });
    try {
      const result = await refreshPrices({ client: pricing, regions: ['us-west-2'], keys: ['nat.hour'], now });
      expect(paged.requests.map((r) => r.returned)).toEqual([1, 1, 1, 1]);
      expect(paged.requests[0]!.body.NextToken).toBeUndefined();
      expect(paged.requests.slice(1).every((r) => typeof r.body.NextToken === 'string')).toBe(true);
      expect(result.table.regions['us-west-2']!['nat.hour']!.usd).toBe(0.045);
      expect(result.updated).toBe(1);
    } finally {
      pricing.destroy();
      await paged.close();
    }
  });

  it('lists a key the API has no product for as missing, keeping its old entry (never 0)', async () => {
    fake.catalog = awsCatalog(['ap-northeast-2'], moved, {
      omit: [{ region: 'ap-northeast-2', key: 'ec2.g5.xlarge' }],
    });
    const result = await refresh({ regions: ['ap-northeast-2'], keys: ['ec2.g5.xlarge', 'ec2.c7g.large'] });
    expect(result.missing).toEqual([{ region: 'ap-northeast-2', key: 'ec2.g5.xlarge' }]);
    expect(result.updated).toBe(1);
    expect(result.table.regions['ap-northeast-2']!['ec2.g5.xlarge']).toEqual(
      PRICES.regions['ap-northeast-2']!['ec2.g5.xlarge'],
    );
  });

  it('keeps keys without a filter as they were and reports them as not refreshed', async () => {
    const filters: Partial<Record<PriceKey, PriceFilter>> = { 'nat.hour': PRICE_FILTERS['nat.hour'] };
    const result = await refresh({ regions: ['us-east-1'], keys: ['nat.gb'], filters });
    expect(fake.requests).toHaveLength(0);
    expect(result.notRefreshed).toEqual(['nat.gb']);
    expect(result.table.regions['us-east-1']!['nat.gb']).toEqual(PRICES.regions['us-east-1']!['nat.gb']);
  });

  it('stops at the first API error, naming the service and region, and keeps what it read before it', async () => {
    fake.catalog = awsCatalog(['eu-west-1'], shipped);
    const requestsBefore = fake.requests.length;
    // The first lookup is answered; every request after it fails.
    const onProgress = (done: number) => {
      if (done === 1)
        fake.failWith(400, Number.POSITIVE_INFINITY, {
          __type: 'InvalidParameterException',
          message: 'Input validation failed',
        });
    };
    const result = await refresh({ regions: ['eu-west-1'], keys: ['nat.hour', 'sqs.requests', 'nat.gb'], onProgress });
    expect(result.error).toBeInstanceOf(ExternalError);
    expect(result.error!.message).toMatch(
      /GetProducts failed for AWSQueueService in eu-west-1: Input validation failed/,
    );
    expect(result.updated).toBe(1);
    expect(result.table.regions['eu-west-1']!['nat.hour']!.source).toBe(REFRESH_SOURCE);
    expect(result.table.regions['eu-west-1']!['sqs.requests']).toEqual(PRICES.regions['eu-west-1']!['sqs.requests']);
    // Stopped there: nat.gb was never asked for.
    expect(fake.requests.length - requestsBefore).toBe(2);
  });
});

describe('the filter table against a catalog shaped like the real price list', () => {
  it('has a filter for every key, quoting it in the unit the shipped table uses', () => {
    expect(PRICE_KEYS.filter((key) => !PRICE_FILTERS[key])).toEqual([]);
    for (const [key, filter] of Object.entries(PRICE_FILTERS)) {
      expect(filter!.unit, key).toBe(PRICES.regions['us-east-1']![key]!.unit);
    }
  });

  it('reads every key in every region from the right product and tier, past the look-alikes', async () => {
    fake.catalog = awsCatalog(REGIONS, moved);
    const result = await refresh({ regions: REGIONS, keys: PRICE_KEYS });
    expect(result.missing).toEqual([]);
    expect(result.notRefreshed).toEqual([]);
    expect(result.updated).toBe(PRICE_KEYS.length * REGIONS.length);
    for (const region of REGIONS) {
      for (const key of PRICE_KEYS) {
        const entry = result.table.regions[region]![key]!;
        expect(entry.source, `${key} in ${region}`).toBe(REFRESH_SOURCE);
        expect(
          Math.abs(entry.usd - moved(region, key)) / moved(region, key),
          `${key} in ${region}: ${entry.usd} vs ${moved(region, key)}`,
        ).toBeLessThan(1e-9);
      }
    }
  });

  it("is unchanged at today's shipped prices: a refresh at the list prices reproduces the table", async () => {
    fake.catalog = awsCatalog(['us-east-1', 'eu-west-1'], shipped);
    const result = await refresh({ regions: ['us-east-1', 'eu-west-1'], keys: PRICE_KEYS });
    for (const region of ['us-east-1', 'eu-west-1'] as const) {
      for (const key of PRICE_KEYS) near(result.table.regions[region]![key]!.usd, shipped(region, key));
    }
  });
});

describe('picking one price', () => {
  const tiered = (tiers: Array<[number | string, number]>) =>
    priceListItem({
      serviceCode: 'AmazonS3',
      attributes: {},
      tiers: tiers.map(([beginRange, usd]) => ({ beginRange, usd })),
    });

  it('takes the first paid tier whatever order the tiers come in', () => {
    expect(
      onDemandUsd(
        tiered([
          [51200, 0.022],
          [0, 0.023],
          [512000, 0.021],
        ]),
      ),
    ).toBe(0.023);
    expect(
      onDemandUsd(
        tiered([
          [25, 0.25],
          [0, 0],
        ]),
      ),
    ).toBe(0.25);
    expect(onDemandUsd(tiered([[0, 0]]))).toBeUndefined();
    expect(() => onDemandUsd('{not json', 'AmazonS3')).toThrow(ExternalError);
  });

  it('takes the highest price when several products match, independent of their order', async () => {
    const row = (usd: number): CatalogProduct => ({
      serviceCode: 'AmazonVPC',
      productFamily: 'VpcEndpoint',
      attributes: { regionCode: 'eu-central-1', usagetype: 'EUC1-VpcEndpoint-Hours' },
      usd,
    });
    for (const order of [
      [0.011, 0.012],
      [0.012, 0.011],
    ]) {
      fake.catalog = order.map(row);
      const result = await refresh({ regions: ['eu-central-1'], keys: ['vpce.interface.hour'] });
      expect(result.table.regions['eu-central-1']!['vpce.interface.hour']!.usd).toBe(0.012);
    }
  });

  it('matches a usage type exactly, allowing only a region prefix', () => {
    for (const actual of [
      'NatGateway-Hours',
      'EU-NatGateway-Hours',
      'EUW1-NatGateway-Hours',
      'USE1-NatGateway-Hours',
      'APN2-NatGateway-Hours',
    ]) {
      expect(usagetypeMatches(actual, 'NatGateway-Hours'), actual).toBe(true);
    }
    for (const actual of [
      'RegionalNatGateway-Hours',
      'EU-RegionalNatGateway-Hours',
      'Global-NatGateway-Hours',
      'EU-NatGateway-Hours-Extra',
      'EU-TS-NatGateway-Hours',
      'TS-NatGateway-Hours',
      'eu-NatGateway-Hours',
    ]) {
      expect(usagetypeMatches(actual, 'NatGateway-Hours'), actual).toBe(false);
    }
    expect(usagetypeMatches('USE1-ShieldProtected-WebACLV2', 'WebACLV2')).toBe(false);
    expect(usagetypeMatches('EU-IA-TimedStorage-ByteHrs', 'TimedStorage-ByteHrs')).toBe(false);
    // In us-east-1 the storage-class prefix stands alone and must not pass for a region.
    expect(usagetypeMatches('IA-TimedStorage-ByteHrs', 'TimedStorage-ByteHrs')).toBe(false);
    expect(usagetypeMatches('IA-WriteRequestUnits', 'WriteRequestUnits')).toBe(false);
    expect(usagetypeMatches('US-DataTransfer-Out-Bytes', 'DataTransfer-Out-Bytes')).toBe(true);
  });

  it('cannot name a region a geography map lacks, and reports it missing without asking', async () => {
    const filter: PriceFilter = {
      ...PRICE_FILTERS['cloudfront.gb']!,
      region: { field: 'fromLocation', values: { 'us-east-1': 'United States' } },
    };
    expect(filtersFor(filter, 'eu-west-1')).toBeUndefined();
    const result = await refresh({
      regions: ['eu-west-1'],
      keys: ['cloudfront.gb'],
      filters: { 'cloudfront.gb': filter },
    });
    expect(result.missing).toEqual([{ region: 'eu-west-1', key: 'cloudfront.gb' }]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the fake Price List API', () => {
  const product: CatalogProduct = {
    serviceCode: 'AmazonEC2',
    productFamily: 'Compute Instance',
    attributes: { instanceType: 't4g.small', usagetype: 'EU-BoxUsage:t4g.small' },
    usd: 0.0184,
  };

  it('applies each filter type with its own semantics', () => {
    const test = (Type: string, Field: string, Value: string) => matchesFilter(product, { Type, Field, Value });
    expect(test('TERM_MATCH', 'instanceType', 't4g.small')).toBe(true);
    expect(test('TERM_MATCH', 'instanceType', 't4g')).toBe(false);
    expect(test('EQUALS', 'productFamily', 'Compute Instance')).toBe(true);
    expect(test('CONTAINS', 'usagetype', 'BoxUsage:t4g')).toBe(true);
    expect(test('CONTAINS', 'usagetype', 'DedicatedUsage')).toBe(false);
    expect(test('ANY_OF', 'instanceType', 't4g.micro, t4g.small,t4g.medium')).toBe(true);
    expect(test('ANY_OF', 'instanceType', 't4g.micro,t4g.medium')).toBe(false);
    expect(test('NONE_OF', 'instanceType', 't4g.micro,t4g.medium')).toBe(true);
    expect(test('NONE_OF', 'instanceType', 't4g.small')).toBe(false);
    expect(test('NONE_OF', 'tenancy', 'Dedicated')).toBe(true);
    expect(test('TERM_MATCH', 'tenancy', 'Shared')).toBe(false);
    expect(test('ServiceCode', 'instanceType', 't4g.small')).toBe(false);
  });

  it('pages with a token bound to the query, and refuses bad input as the API does', () => {
    const catalog = [product, { ...product, attributes: { ...product.attributes, instanceType: 't4g.medium' } }];
    const body: GetProductsBody = {
      ServiceCode: 'AmazonEC2',
      Filters: [{ Type: 'CONTAINS', Field: 'usagetype', Value: 'BoxUsage' }],
      MaxResults: 1,
    };
    const first = getProducts(catalog, body);
    expect(first.PriceList).toHaveLength(1);
    const second = getProducts(catalog, { ...body, NextToken: first.NextToken });
    expect(second.PriceList).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(() => getProducts(catalog, { ...body, Filters: [], NextToken: first.NextToken })).toThrow(
      /pagination token is invalid/,
    );
    expect(() => getProducts(catalog, { ...body, MaxResults: 101 })).toThrow(/MaxResults/);
    expect(() => getProducts(catalog, { Filters: [] })).toThrow(/ServiceCode/);
    expect(() =>
      getProducts(catalog, { ...body, Filters: [{ Type: 'REGEX', Field: 'usagetype', Value: '.' }] }),
    ).toThrow(/Invalid filter type/);
    const item = JSON.parse(first.PriceList[0]!);
    expect(item.product.attributes.servicecode).toBe('AmazonEC2');
    expect(
      Object.values<{ priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }>(item.terms.OnDemand)[0]!
        .priceDimensions,
    ).toSatisfy(
      (dims: Record<string, { pricePerUnit: { USD: string } }>) =>
        Object.values(dims)[0]!.pricePerUnit.USD === '0.0184000000',
    );
  });
});

describe('the prices in use with a refreshed copy in the data folder', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'soloops-prices-'));
    return () => rm(home, { recursive: true, force: true });
  });

  it('prefers the refreshed file when it exists', async () => {
    const table = structuredClone(PRICES);
    table.regions['us-east-1']!['ec2.t4g.small'] = {
      unit: 'hour',
      usd: 0.5,
      asOf: '2026-03-04',
      source: REFRESH_SOURCE,
    };
    await writeFile(join(home, 'aws-prices.json'), JSON.stringify(table));
    expect(priceOf('us-east-1', 'ec2.t4g.small', activePrices(home)).usd).toBe(0.5);
  });

  it('uses the shipped table without one, and names a broken file in a UserError', async () => {
    expect(priceOf('us-east-1', 'ec2.t4g.small', activePrices(home))).toEqual(
      PRICES.regions['us-east-1']!['ec2.t4g.small'],
    );
    const file = join(home, 'aws-prices.json');
    await writeFile(
      file,
      JSON.stringify({ currency: 'USD', regions: { 'us-east-1': { 'ec2.t4g.small': { usd: 0 } } } }),
    );
    let error: unknown;
    try {
      activePrices(home);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(file);
  });
});
