import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PriceKey, Region } from '../../src/architect/prices.js';

/**
 * A local stand-in for the AWS Price List Query API (service "AWSPriceListService") on 127.0.0.1: AWS JSON 1.1
 * over `POST /`, the operation in `x-amz-target`, errors as `{ __type, message }`. It holds a catalog of products
 * and answers GetProducts by applying the request's Filters to it with each filter type's semantics, paging
 * with NextToken. Pass `url` as the PricingClient `endpoint` (or SOLOOPS_AWS_PRICING_ENDPOINT).
 */

/** One on-demand price dimension. `beginRange`/`endRange` are in the product's unit; "Inf" is open. */
export interface CatalogTier {
  usd: number | string;
  beginRange?: number | string;
  endRange?: number | string;
  description?: string;
}

/** A product as the fake holds it. `usd` is a flat price, `tiers` a tiered one (kept in the given order). */
export interface CatalogProduct {
  serviceCode: string;
  sku?: string;
  productFamily?: string;
  attributes: Record<string, string>;
  usd?: number | string;
  tiers?: CatalogTier[];
  /** The price dimension's unit as AWS writes it ("Hrs", "GB-Mo", "Requests"…). Default "Hrs". */
  unit?: string;
}

/** GetProducts' request body. */
export interface GetProductsBody {
  ServiceCode?: string;
  Filters?: Array<{ Type?: string; Field?: string; Value?: string }>;
  FormatVersion?: string;
  NextToken?: string;
  MaxResults?: number;
}

/** One request as the fake received it, with what it answered. */
export interface RecordedPricingRequest {
  method: string | undefined;
  target: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: GetProductsBody;
  status: number;
  /** How many products the page held (0 for an error). */
  returned: number;
}

/** The error body AWS JSON 1.1 services send. */
export interface AwsJsonError {
  __type: string;
  message: string;
}

export interface FakeAwsPricing {
  /** Pass as the client's endpoint. */
  url: string;
  /** The products GetProducts searches; change it between requests as needed. */
  catalog: CatalogProduct[];
  /** Every request, in order (failed ones included). */
  requests: RecordedPricingRequest[];
  /** The next `count` (default: every following) requests answer `status` with an AWS JSON error. */
  failWith(status: number, count?: number, error?: AwsJsonError): void;
  close(): Promise<void>;
}

export const GET_PRODUCTS_TARGET = 'AWSPriceListService.GetProducts';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const FILTER_TYPES = ['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'] as const;

const DEFAULT_ERRORS: Record<number, AwsJsonError> = {
  400: { __type: 'InvalidParameterException', message: 'Invalid parameter' },
  403: { __type: 'AccessDeniedException', message: 'User is not authorized to perform: pricing:GetProducts' },
  404: { __type: 'NotFoundException', message: 'Not found' },
  429: { __type: 'ThrottlingException', message: 'Rate exceeded' },
  500: { __type: 'InternalErrorException', message: 'An internal error occurred' },
  503: { __type: 'ServiceUnavailableException', message: 'Service unavailable' },
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The value GetProducts filters `field` on: ServiceCode, productFamily and sku are product-level,
 * the rest attributes.
 */
function fieldValue(product: CatalogProduct, field: string): string | undefined {
  if (field === 'ServiceCode' || field === 'servicecode') return product.serviceCode;
  if (field === 'productFamily') return product.productFamily;
  if (field === 'sku') return product.sku;
  return product.attributes[field];
}

/**
 * Whether `product` passes one filter: TERM_MATCH and EQUALS compare the whole value, CONTAINS looks for a
 * substring, ANY_OF / NONE_OF take a comma-separated list. A product without the field passes only NONE_OF.
 */
export function matchesFilter(
  product: CatalogProduct,
  filter: { Type?: string; Field?: string; Value?: string },
): boolean {
  const value = fieldValue(product, filter.Field ?? '');
  const wanted = filter.Value ?? '';
  const list = () =>
    wanted
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  switch (filter.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return value === wanted;
    case 'CONTAINS':
      return value?.includes(wanted) ?? false;
    case 'ANY_OF':
      return value !== undefined && list().includes(value);
    case 'NONE_OF':
      return value === undefined || !list().includes(value);
    default:
      return false;
  }
}

function skuOf(product: CatalogProduct): string {
  if (product.sku) return product.sku;
  const digest = createHash('sha256')
    .update(JSON.stringify([product.serviceCode, product.productFamily, product.attributes]))
    .digest('hex');
  // SKUs are 16 upper-case alphanumerics.
  return BigInt(`0x${digest.slice(0, 20)}`)
    .toString(36)
    .toUpperCase()
    .padStart(16, '0')
    .slice(0, 16);
}

const rateCode = (sku: string, index: number) =>
  `${sku}.JRTCKXETXF.${createHash('sha1').update(`${sku}${index}`).digest('hex').slice(0, 10).toUpperCase()}`;
// AWS writes 10 decimals ("0.0168000000"); a number that does not fit them keeps all its digits.
function priceString(usd: number | string): string {
  if (typeof usd === 'string') return usd;
  const fixed = usd.toFixed(10);
  return Number(fixed) === usd ? fixed : String(usd);
}

/** The product as one PriceList item: the aws_v1 JSON string GetProducts returns. */
export function priceListItem(product: CatalogProduct): string {
  const sku = skuOf(product);
  const unit = product.unit ?? 'Hrs';
  const tiers: CatalogTier[] = product.tiers ?? [{ usd: product.usd ?? 0, beginRange: 0, endRange: 'Inf' }];
  const priceDimensions = Object.fromEntries(
    tiers.map((tier, index) => {
      const code = rateCode(sku, index);
      return [
        code,
        {
          unit,
          endRange: String(tier.endRange ?? 'Inf'),
          description:
            tier.description ??
            `$${priceString(tier.usd)} per ${unit} ` +
              `(${product.attributes.usagetype ?? product.productFamily ?? product.serviceCode})`,
          appliesTo: [],
          rateCode: code,
          beginRange: String(tier.beginRange ?? 0),
          pricePerUnit: { USD: priceString(tier.usd) },
        },
      ];
    }),
  );
  return JSON.stringify({
    product: {
      ...(product.productFamily ? { productFamily: product.productFamily } : {}),
      attributes: { ...product.attributes, servicecode: product.serviceCode },
      sku,
    },
    serviceCode: product.serviceCode,
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions,
          sku,
          effectiveDate: '2025-12-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20251201000000',
    publicationDate: '2025-12-01T00:00:00Z',
  });
}

// NextToken is the offset plus a digest of the query, so a token replayed with other filters is refused.
const queryKey = (body: GetProductsBody) =>
  createHash('sha256')
    .update(JSON.stringify([body.ServiceCode, body.Filters ?? [], body.FormatVersion ?? 'aws_v1']))
    .digest('hex')
    .slice(0, 16);
const encodeToken = (offset: number, body: GetProductsBody) =>
  Buffer.from(JSON.stringify({ o: offset, q: queryKey(body) })).toString('base64url');
function decodeToken(token: string, body: GetProductsBody): number {
  try {
    const { o, q } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: unknown; q: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && q === queryKey(body)) return o;
  } catch {
    // Falls through to the error.
  }
  throw new RequestError(
    400,
    'InvalidNextTokenException',
    'The pagination token is invalid. Try again without a pagination token.',
  );
}

/** GetProducts over `catalog`: validation, filtering, one page. */
export function getProducts(
  catalog: readonly CatalogProduct[],
  body: GetProductsBody,
  maxPageSize = 100,
): { FormatVersion: string; PriceList: string[]; NextToken?: string } {
  if (!body.ServiceCode)
    throw new RequestError(400, 'InvalidParameterException', 'Input validation failed: ServiceCode is required');
  if (body.FormatVersion !== undefined && body.FormatVersion !== 'aws_v1')
    throw new RequestError(400, 'InvalidParameterException', `Invalid FormatVersion: ${body.FormatVersion}`);
  const max = body.MaxResults ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw new RequestError(400, 'InvalidParameterException', 'MaxResults must be between 1 and 100');
  for (const filter of body.Filters ?? []) {
    if (!filter.Field || filter.Value === undefined)
      throw new RequestError(
        400,
        'InvalidParameterException',
        'Input validation failed: each filter needs Field and Value',
      );
    if (!(FILTER_TYPES as readonly string[]).includes(filter.Type ?? '')) {
      throw new RequestError(
        400,
        'InvalidParameterException',
        `Invalid filter type ${filter.Type}; valid: ${FILTER_TYPES.join(', ')}`,
      );
    }
  }
  const matching = catalog.filter(
    (product) =>
      product.serviceCode === body.ServiceCode &&
      (body.Filters ?? []).every((filter) => matchesFilter(product, filter)),
  );
  const offset = body.NextToken ? decodeToken(body.NextToken, body) : 0;
  const size = Math.min(max, maxPageSize);
  const page = matching.slice(offset, offset + size);
  const next = offset + size < matching.length ? encodeToken(offset + size, body) : undefined;
  return { FormatVersion: 'aws_v1', PriceList: page.map(priceListItem), ...(next ? { NextToken: next } : {}) };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** Starts the fake. `pageSize` caps a page below the request's MaxResults, to exercise NextToken. */
export async function startFakeAwsPricing(
  options: { catalog?: CatalogProduct[]; pageSize?: number } = {},
): Promise<FakeAwsPricing> {
  const requests: RecordedPricingRequest[] = [];
  let failures: { status: number; remaining: number; error: AwsJsonError | undefined } | undefined;

  const server = http.createServer(async (req, res) => {
    const text = await readBody(req);
    const target = req.headers['x-amz-target'] as string | undefined;
    const contentType = req.headers['content-type'];
    const record: RecordedPricingRequest = {
      method: req.method,
      target,
      contentType,
      authorization: req.headers.authorization,
      body: {},
      status: 200,
      returned: 0,
    };
    requests.push(record);
    const send = (status: number, payload: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': `fake-${requests.length}` });
      res.end(JSON.stringify(payload));
    };
    try {
      if (req.method !== 'POST' || (req.url ?? '/') !== '/')
        throw new RequestError(404, 'UnknownOperationException', `${req.method} ${req.url} is not an operation`);
      if (!contentType?.startsWith(CONTENT_TYPE))
        throw new RequestError(
          400,
          'SerializationException',
          `expected content-type ${CONTENT_TYPE}, got ${contentType}`,
        );
      if (target !== GET_PRODUCTS_TARGET)
        throw new RequestError(400, 'UnknownOperationException', `unknown operation ${target}`);
      try {
        record.body = JSON.parse(text || '{}') as GetProductsBody;
      } catch {
        throw new RequestError(400, 'SerializationException', 'the body is not JSON');
      }
      if (failures && failures.remaining > 0) {
        failures.remaining--;
        const error = failures.error ??
          DEFAULT_ERRORS[failures.status] ?? { __type: 'InternalErrorException', message: `status ${failures.status}` };
        send(failures.status, error);
        return;
      }
      const page = getProducts(fake.catalog, record.body, options.pageSize);
      record.returned = page.PriceList.length;
      send(200, page);
    } catch (error) {
      if (error instanceof RequestError) send(error.status, { __type: error.type, message: error.message });
      else send(500, { __type: 'InternalErrorException', message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAwsPricing = {
    url: `http://127.0.0.1:${port}`,
    catalog: options.catalog ?? [],
    requests,
    failWith(status, count = Number.POSITIVE_INFINITY, error) {
      failures = { status, remaining: count, error };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------------------
// A realistic catalog: the products the real Price List holds for the table's keys, with the look-alikes
// next to them that a loose filter would pick up (other OS / tenancy / storage class / engine, free-tier and
// Shield-protected rows, provisioned DynamoDB, regional NAT…), region-prefixed usage types, and tiered prices
// with their tiers out of order. Attribute names and values follow the real price list.

/** The location names the price list uses. */
export const LOCATIONS: Record<Region, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
};

/**
 * Usage-type prefixes: none in us-east-1 for the older services, EU- for Ireland (its legacy code),
 * else the region code.
 */
export const USAGE_PREFIX: Record<Region, string> = {
  'us-east-1': '',
  'us-west-2': 'USW2-',
  'eu-west-1': 'EU-',
  'eu-central-1': 'EUC1-',
  'ap-northeast-1': 'APN1-',
  'ap-northeast-2': 'APN2-',
};

const CLOUDFRONT_EDGE: Record<Region, { location: string; prefix: string }> = {
  'us-east-1': { location: 'United States', prefix: 'US-' },
  'us-west-2': { location: 'United States', prefix: 'US-' },
  'eu-west-1': { location: 'Europe', prefix: 'EU-' },
  'eu-central-1': { location: 'Europe', prefix: 'EU-' },
  'ap-northeast-1': { location: 'Japan', prefix: 'JP-' },
  'ap-northeast-2': { location: 'Asia Pacific', prefix: 'AP-' },
};

/** A price in the table's unit for `key` in `region` (what the catalog should make the refresh find). */
export type TablePrice = (region: Region, key: PriceKey) => number;

/**
 * Products for every key of the price table in `regions` (+ Route 53's global one), priced so that the
 * refresh, reading the right product and tier, finds `price(region, key)` in the table's unit. The API's
 * own units are used: per request, per GB-second, per hour, per GB-month. `omit` leaves a key's real
 * product out (its look-alikes stay), to make a key the API "has no price for".
 */
export function awsCatalog(
  regions: readonly Region[],
  price: TablePrice,
  options: { omit?: ReadonlyArray<{ region: Region; key: PriceKey }> } = {},
): CatalogProduct[] {
  const out: CatalogProduct[] = [];
  const omitted = (region: Region, key: PriceKey) =>
    options.omit?.some((o) => o.region === region && o.key === key) ?? false;

  for (const region of regions) {
    const p = USAGE_PREFIX[region];
    const location = LOCATIONS[region];
    const at = { regionCode: region, location, locationType: 'AWS Region' };
    const add = (key: PriceKey | undefined, product: CatalogProduct) => {
      if (key && omitted(region, key)) return;
      out.push(product);
    };
    const usd = (key: PriceKey) => price(region, key);

    // EC2 instances, and the same type under another OS / tenancy / capacity status.
    for (const [key, instanceType] of [
      ['ec2.t4g.small', 't4g.small'],
      ['ec2.t4g.medium', 't4g.medium'],
      ['ec2.c7g.large', 'c7g.large'],
      ['ec2.m7g.large', 'm7g.large'],
      ['ec2.g5.xlarge', 'g5.xlarge'],
    ] as const) {
      const base = {
        instanceType,
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        licenseModel: 'No License required',
        operation: 'RunInstances',
        marketoption: 'OnDemand',
        ...at,
      };
      add(key, {
        serviceCode: 'AmazonEC2',
        productFamily: 'Compute Instance',
        attributes: { ...base, usagetype: `${p}BoxUsage:${instanceType}` },
        usd: usd(key),
      });
      add(undefined, {
        serviceCode: 'AmazonEC2',
        productFamily: 'Compute Instance',
        attributes: {
          ...base,
          capacitystatus: 'UnusedCapacityReservation',
          usagetype: `${p}UnusedBox:${instanceType}`,
        },
        usd: usd(key) * 1.01,
      });
      add(undefined, {
        serviceCode: 'AmazonEC2',
        productFamily: 'Compute Instance',
        attributes: { ...base, tenancy: 'Dedicated', usagetype: `${p}DedicatedUsage:${instanceType}` },
        usd: usd(key) * 1.1,
      });
      add(undefined, {
        serviceCode: 'AmazonEC2',
        productFamily: 'Compute Instance',
        attributes: {
          ...base,
          operatingSystem: 'Windows',
          operation: 'RunInstances:0002',
          usagetype: `${p}BoxUsage:${instanceType}`,
        },
        usd: usd(key) * 1.8,
      });
    }

    // Fargate (Graviton), next to x86, Windows and ephemeral storage.
    add('fargate.vcpu', {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: { ...at, cputype: 'perCPU', cpuArchitecture: 'ARM', usagetype: `${p}Fargate-ARM-vCPU-Hours:perCPU` },
      usd: usd('fargate.vcpu'),
    });
    add('fargate.gb', {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: { ...at, memorytype: 'perGB', cpuArchitecture: 'ARM', usagetype: `${p}Fargate-ARM-GB-Hours` },
      usd: usd('fargate.gb'),
    });
    add(undefined, {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: { ...at, cputype: 'perCPU', usagetype: `${p}Fargate-vCPU-Hours:perCPU` },
      usd: usd('fargate.vcpu') * 1.25,
    });
    add(undefined, {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: {
        ...at,
        cputype: 'perCPU',
        operatingSystem: 'Windows',
        usagetype: `${p}Fargate-Windows-vCPU-Hours:perCPU`,
      },
      usd: usd('fargate.vcpu') * 2,
    });
    add(undefined, {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: { ...at, memorytype: 'perGB', usagetype: `${p}Fargate-GB-Hours` },
      usd: usd('fargate.gb') * 1.25,
    });
    add(undefined, {
      serviceCode: 'AmazonECS',
      productFamily: 'Compute',
      attributes: { ...at, storagetype: 'default', usagetype: `${p}Fargate-EphemeralStorage-GB-Hours` },
      usd: 0.000111,
    });

    // Lambda (arm64): requests per request; duration per GB-second in three tiers, listed out of order.
    add('lambda.requests', {
      serviceCode: 'AWSLambda',
      productFamily: 'Serverless',
      attributes: { ...at, group: 'AWS-Lambda-Requests-ARM', usagetype: `${p}Request-ARM` },
      usd: usd('lambda.requests') / 1e6,
      unit: 'Requests',
    });
    add(undefined, {
      serviceCode: 'AWSLambda',
      productFamily: 'Serverless',
      attributes: { ...at, group: 'AWS-Lambda-Requests', usagetype: `${p}Request` },
      usd: (usd('lambda.requests') * 1.1) / 1e6,
      unit: 'Requests',
    });
    add(undefined, {
      serviceCode: 'AWSLambda',
      productFamily: 'Serverless',
      attributes: { ...at, group: 'AWS-Lambda-Requests-ARM', usagetype: 'Global-Request-ARM' },
      usd: 0.0000001,
      unit: 'Requests',
    });
    const gbs = usd('lambda.gb-second');
    add('lambda.gb-second', {
      serviceCode: 'AWSLambda',
      productFamily: 'Serverless',
      unit: 'Lambda-GB-Second',
      attributes: { ...at, group: 'AWS-Lambda-Duration-ARM', usagetype: `${p}Lambda-GB-Second-ARM` },
      tiers: [
        { usd: gbs * 0.8, beginRange: 18_750_000_000, endRange: 'Inf' },
        { usd: gbs, beginRange: 0, endRange: 7_500_000_000 },
        { usd: gbs * 0.9, beginRange: 7_500_000_000, endRange: 18_750_000_000 },
      ],
    });
    add(undefined, {
      serviceCode: 'AWSLambda',
      productFamily: 'Serverless',
      unit: 'Lambda-GB-Second',
      attributes: { ...at, group: 'AWS-Lambda-Duration', usagetype: `${p}Lambda-GB-Second` },
      usd: gbs * 1.25,
    });

    // API Gateway HTTP API: per request, first 300M then cheaper; the REST API next to it.
    const httpApi = usd('apigw.http.requests') / 1e6;
    add('apigw.http.requests', {
      serviceCode: 'AmazonApiGateway',
      productFamily: 'API Calls',
      unit: 'Requests',
      attributes: { ...at, operation: 'ApiGatewayHttpApi', usagetype: `${p}ApiGatewayHttpRequest` },
      tiers: [
        { usd: httpApi * 0.9, beginRange: 300_000_000, endRange: 'Inf' },
        { usd: httpApi, beginRange: 0, endRange: 300_000_000 },
      ],
    });
    add(undefined, {
      serviceCode: 'AmazonApiGateway',
      productFamily: 'API Calls',
      unit: 'Requests',
      attributes: { ...at, operation: 'ApiGatewayRequest', usagetype: `${p}ApiGatewayRequest` },
      usd: 3.5 / 1e6,
    });

    // Load balancers, and the ALB trust-store hours and an Outposts row.
    for (const [family, hourKey, lcuKey] of [
      ['Application', 'alb.hour', 'alb.lcu'],
      ['Network', 'nlb.hour', 'nlb.nlcu'],
    ] as const) {
      add(hourKey, {
        serviceCode: 'AWSELB',
        productFamily: `Load Balancer-${family}`,
        attributes: { ...at, usagetype: `${p}LoadBalancerUsage`, operation: `LoadBalancing:${family}` },
        usd: usd(hourKey),
      });
      add(lcuKey, {
        serviceCode: 'AWSELB',
        productFamily: `Load Balancer-${family}`,
        unit: 'LCU-Hrs',
        attributes: { ...at, usagetype: `${p}LCUUsage`, operation: `LoadBalancing:${family}` },
        usd: usd(lcuKey),
      });
      add(undefined, {
        serviceCode: 'AWSELB',
        productFamily: `Load Balancer-${family}`,
        attributes: {
          ...at,
          locationType: 'AWS Outposts',
          usagetype: `${p}LoadBalancerUsage`,
          operation: `LoadBalancing:${family}`,
        },
        usd: usd(hourKey) * 3,
      });
    }
    add(undefined, {
      serviceCode: 'AWSELB',
      productFamily: 'Load Balancer-Application',
      attributes: { ...at, usagetype: `${p}TS-LoadBalancerUsage`, operation: 'LoadBalancing:Application' },
      usd: 0.0055,
    });

    // NAT gateway, and the regional NAT gateway whose usage type contains the same text.
    add('nat.hour', {
      serviceCode: 'AmazonEC2',
      productFamily: 'NAT Gateway',
      attributes: {
        ...at,
        usagetype: `${p}NatGateway-Hours`,
        operation: 'NatGateway',
        groupDescription: 'Hourly charge for NAT Gateways',
      },
      usd: usd('nat.hour'),
    });
    add('nat.gb', {
      serviceCode: 'AmazonEC2',
      productFamily: 'NAT Gateway',
      unit: 'GB',
      attributes: {
        ...at,
        usagetype: `${p}NatGateway-Bytes`,
        operation: 'NatGateway',
        groupDescription: 'Charge for per GB data processed by NAT Gateways',
      },
      usd: usd('nat.gb'),
    });
    add(undefined, {
      serviceCode: 'AmazonEC2',
      productFamily: 'NAT Gateway',
      attributes: { ...at, usagetype: `${p}RegionalNatGateway-Hours`, operation: 'RegionalNatGateway' },
      usd: usd('nat.hour') * 1.5,
    });

    // Data transfer out to the internet: no regionCode, the source is fromRegionCode; tiers out of order
    // with the free one.
    const dto = usd('dto.gb');
    const transfer = {
      fromRegionCode: region,
      fromLocation: location,
      fromLocationType: 'AWS Region',
      toLocation: 'External',
      toLocationType: 'Other',
      transferType: 'AWS Outbound',
      operation: '',
    };
    add('dto.gb', {
      serviceCode: 'AWSDataTransfer',
      productFamily: 'Data Transfer',
      unit: 'GB',
      attributes: { ...transfer, usagetype: `${p}DataTransfer-Out-Bytes` },
      tiers: [
        { usd: dto * 0.95, beginRange: 10_240, endRange: 51_200 },
        { usd: 0, beginRange: 0, endRange: 100 },
        { usd: dto * 0.6, beginRange: 153_600, endRange: 'Inf' },
        { usd: dto, beginRange: 100, endRange: 10_240 },
        { usd: dto * 0.78, beginRange: 51_200, endRange: 153_600 },
      ],
    });
    add(undefined, {
      serviceCode: 'AWSDataTransfer',
      productFamily: 'Data Transfer',
      unit: 'GB',
      attributes: {
        ...transfer,
        toLocation: 'US East (Ohio)',
        toLocationType: 'AWS Region',
        toRegionCode: 'us-east-2',
        transferType: 'InterRegion Outbound',
        usagetype: `${p}USE2-AWS-Out-Bytes`,
      },
      usd: 0.02,
    });

    // CloudFront, priced by the edge geography of the region's continent (no regionCode).
    const edge = CLOUDFRONT_EDGE[region];
    if (
      !out.some(
        (product) => product.serviceCode === 'AmazonCloudFront' && product.attributes.location === edge.location,
      )
    ) {
      const cf = usd('cloudfront.gb');
      const cloudfront = { location: edge.location, locationType: 'Edge Location' };
      add('cloudfront.gb', {
        serviceCode: 'AmazonCloudFront',
        productFamily: 'Data Transfer',
        unit: 'GB',
        attributes: {
          ...cloudfront,
          fromLocation: edge.location,
          fromLocationType: 'Edge Location',
          toLocation: 'External',
          transferType: 'CloudFront Outbound',
          usagetype: `${edge.prefix}DataTransfer-Out-Bytes`,
        },
        tiers: [
          { usd: cf * 0.94, beginRange: 10_240, endRange: 51_200 },
          { usd: cf, beginRange: 0, endRange: 10_240 },
          { usd: cf * 0.7, beginRange: 51_200, endRange: 'Inf' },
        ],
      });
      add(undefined, {
        serviceCode: 'AmazonCloudFront',
        productFamily: 'Data Transfer',
        unit: 'GB',
        attributes: {
          ...cloudfront,
          fromLocation: edge.location,
          toLocation: edge.location,
          transferType: 'CloudFront to Origin',
          usagetype: `${edge.prefix}DataTransfer-Out-OBytes`,
        },
        usd: 0.02,
      });
      add('cloudfront.requests', {
        serviceCode: 'AmazonCloudFront',
        productFamily: 'Request',
        unit: 'Requests',
        attributes: {
          ...cloudfront,
          requestType: 'CloudFront-Request-HTTPS-Proxy',
          requestDescription: 'HTTPS requests',
          usagetype: `${edge.prefix}Requests-Tier2-HTTPS`,
        },
        usd: usd('cloudfront.requests') / 1e4,
      });
      add(undefined, {
        serviceCode: 'AmazonCloudFront',
        productFamily: 'Request',
        unit: 'Requests',
        attributes: {
          ...cloudfront,
          requestType: 'CloudFront-Request-HTTP-Proxy',
          usagetype: `${edge.prefix}Requests-Tier1`,
        },
        usd: 0.0075 / 1e4,
      });
    }

    // S3: Standard storage in tiers, Infrequent Access and the Files- look-alike; PUT requests and the IA ones.
    const s3 = usd('s3.standard.gb-month');
    add('s3.standard.gb-month', {
      serviceCode: 'AmazonS3',
      productFamily: 'Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        storageClass: 'General Purpose',
        volumeType: 'Standard',
        usagetype: `${p}TimedStorage-ByteHrs`,
      },
      tiers: [
        { usd: s3 * 0.91, beginRange: 512_000, endRange: 'Inf' },
        { usd: s3 * 0.96, beginRange: 51_200, endRange: 512_000 },
        { usd: s3, beginRange: 0, endRange: 51_200 },
      ],
    });
    add(undefined, {
      serviceCode: 'AmazonS3',
      productFamily: 'Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        storageClass: 'General Purpose',
        volumeType: 'Standard',
        usagetype: `${p}Files-TimedStorage-ByteHrs`,
      },
      usd: 0.3,
    });
    add(undefined, {
      serviceCode: 'AmazonS3',
      productFamily: 'Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        storageClass: 'Infrequent Access',
        volumeType: 'Standard - Infrequent Access',
        usagetype: `${p}TimedStorage-SIA-ByteHrs`,
      },
      usd: 0.0125,
    });
    add('s3.put', {
      serviceCode: 'AmazonS3',
      productFamily: 'API Request',
      unit: 'Requests',
      attributes: { ...at, group: 'S3-API-Tier1', usagetype: `${p}Requests-Tier1` },
      usd: usd('s3.put') / 1e3,
    });
    add(undefined, {
      serviceCode: 'AmazonS3',
      productFamily: 'API Request',
      unit: 'Requests',
      attributes: { ...at, group: 'S3-API-Tier1', usagetype: `${p}Requests-SIA-Tier1` },
      usd: 0.01 / 1e3,
    });

    // RDS PostgreSQL instances (Single-AZ; Multi-AZ and MySQL next to them), storage, backup, proxy,
    // Aurora Serverless v2.
    for (const [key, instanceType] of [
      ['rds.pg.db.t4g.micro', 'db.t4g.micro'],
      ['rds.pg.db.t4g.medium', 'db.t4g.medium'],
      ['rds.pg.db.r7g.large', 'db.r7g.large'],
    ] as const) {
      const base = {
        ...at,
        instanceType,
        databaseEngine: 'PostgreSQL',
        licenseModel: 'No license required',
        engineCode: '14',
        operation: 'CreateDBInstance:0014',
      };
      add(key, {
        serviceCode: 'AmazonRDS',
        productFamily: 'Database Instance',
        attributes: { ...base, deploymentOption: 'Single-AZ', usagetype: `${p}InstanceUsage:${instanceType}` },
        usd: usd(key),
      });
      add(undefined, {
        serviceCode: 'AmazonRDS',
        productFamily: 'Database Instance',
        attributes: { ...base, deploymentOption: 'Multi-AZ', usagetype: `${p}Multi-AZUsage:${instanceType}` },
        usd: usd(key) * 2,
      });
      add(undefined, {
        serviceCode: 'AmazonRDS',
        productFamily: 'Database Instance',
        attributes: {
          ...base,
          databaseEngine: 'MySQL',
          engineCode: '2',
          deploymentOption: 'Single-AZ',
          usagetype: `${p}InstanceUsage:${instanceType}`,
        },
        usd: usd(key) * 0.97,
      });
    }
    add('rds.gp3.gb-month', {
      serviceCode: 'AmazonRDS',
      productFamily: 'Database Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        volumeType: 'General Purpose-GP3',
        databaseEngine: 'Any',
        deploymentOption: 'Single-AZ',
        usagetype: `${p}RDS:GP3-Storage`,
      },
      usd: usd('rds.gp3.gb-month'),
    });
    add(undefined, {
      serviceCode: 'AmazonRDS',
      productFamily: 'Database Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        volumeType: 'General Purpose-GP3',
        databaseEngine: 'Any',
        deploymentOption: 'Multi-AZ',
        usagetype: `${p}RDS:Multi-AZ-GP3-Storage`,
      },
      usd: usd('rds.gp3.gb-month') * 2,
    });
    add('rds.backup.gb-month', {
      serviceCode: 'AmazonRDS',
      productFamily: 'Storage Snapshot',
      unit: 'GB-Mo',
      attributes: { ...at, databaseEngine: 'Any', engineCode: '0', usagetype: `${p}RDS:ChargedBackupUsage` },
      usd: usd('rds.backup.gb-month'),
    });
    add(undefined, {
      serviceCode: 'AmazonRDS',
      productFamily: 'Storage Snapshot',
      unit: 'GB-Mo',
      attributes: { ...at, databaseEngine: 'Aurora PostgreSQL', usagetype: `${p}Aurora:BackupUsage` },
      usd: 0.021,
    });
    add('rds-proxy.vcpu', {
      serviceCode: 'AmazonRDS',
      productFamily: 'Database Proxy',
      attributes: { ...at, databaseEngine: 'PostgreSQL', usagetype: `${p}RDS:ProxyUsage` },
      usd: usd('rds-proxy.vcpu'),
    });
    add(undefined, {
      serviceCode: 'AmazonRDS',
      productFamily: 'Database Proxy',
      attributes: { ...at, databaseEngine: 'PostgreSQL', usagetype: `${p}RDS:Proxy-ASv2-Usage` },
      usd: usd('rds-proxy.vcpu') * 1.2,
    });
    add('aurora-sv2.acu', {
      serviceCode: 'AmazonRDS',
      productFamily: 'ServerlessV2',
      unit: 'ACU-Hr',
      attributes: { ...at, databaseEngine: 'Aurora PostgreSQL', usagetype: `${p}Aurora:ServerlessV2Usage` },
      usd: usd('aurora-sv2.acu'),
    });
    add(undefined, {
      serviceCode: 'AmazonRDS',
      productFamily: 'ServerlessV2',
      unit: 'ACU-Hr',
      attributes: { ...at, databaseEngine: 'Aurora PostgreSQL', usagetype: `${p}Aurora:ServerlessV2IOOptimizedUsage` },
      usd: usd('aurora-sv2.acu') * 1.3,
    });

    // DynamoDB on-demand requests (provisioned capacity and Infrequent Access next to them) and storage
    // (first 25 GB free).
    for (const [key, group, usage, provisioned] of [
      ['dynamodb.writes', 'DDB-WriteUnits', 'WriteRequestUnits', 'WriteCapacityUnit-Hrs'],
      ['dynamodb.reads', 'DDB-ReadUnits', 'ReadRequestUnits', 'ReadCapacityUnit-Hrs'],
    ] as const) {
      add(key, {
        serviceCode: 'AmazonDynamoDB',
        productFamily: 'Amazon DynamoDB PayPerRequest Throughput',
        unit: usage,
        attributes: { ...at, group, usagetype: `${p}${usage}` },
        usd: usd(key) / 1e6,
      });
      add(undefined, {
        serviceCode: 'AmazonDynamoDB',
        productFamily: 'Amazon DynamoDB PayPerRequest Throughput',
        unit: usage,
        attributes: { ...at, group, usagetype: `${p}IA-${usage}` },
        usd: (usd(key) * 1.25) / 1e6,
      });
      add(undefined, {
        serviceCode: 'AmazonDynamoDB',
        productFamily: 'Provisioned IOPS',
        attributes: { ...at, group, usagetype: `${p}${provisioned}` },
        tiers: [
          { usd: 0, beginRange: 0, endRange: 18_600, description: 'free tier' },
          { usd: 0.00065, beginRange: 18_600, endRange: 'Inf' },
        ],
      });
    }
    add('dynamodb.gb-month', {
      serviceCode: 'AmazonDynamoDB',
      productFamily: 'Database Storage',
      unit: 'GB-Mo',
      attributes: { ...at, volumeType: 'Amazon DynamoDB - Indexed DataStore', usagetype: `${p}TimedStorage-ByteHrs` },
      tiers: [
        { usd: usd('dynamodb.gb-month'), beginRange: 25, endRange: 'Inf' },
        { usd: 0, beginRange: 0, endRange: 25 },
      ],
    });
    add(undefined, {
      serviceCode: 'AmazonDynamoDB',
      productFamily: 'Database Storage',
      unit: 'GB-Mo',
      attributes: {
        ...at,
        volumeType: 'Amazon DynamoDB - Indexed DataStore IA',
        usagetype: `${p}IA-TimedStorage-ByteHrs`,
      },
      usd: 0.1,
    });

    // ElastiCache Redis OSS, and the same node type under Valkey.
    for (const [key, instanceType] of [
      ['elasticache.cache.t4g.micro', 'cache.t4g.micro'],
      ['elasticache.cache.t4g.small', 'cache.t4g.small'],
      ['elasticache.cache.r7g.large', 'cache.r7g.large'],
    ] as const) {
      add(key, {
        serviceCode: 'AmazonElastiCache',
        productFamily: 'Cache Instance',
        attributes: { ...at, instanceType, cacheEngine: 'Redis', usagetype: `${p}NodeUsage:${instanceType}` },
        usd: usd(key),
      });
      add(undefined, {
        serviceCode: 'AmazonElastiCache',
        productFamily: 'Cache Instance',
        attributes: { ...at, instanceType, cacheEngine: 'Valkey', usagetype: `${p}NodeUsage:${instanceType}` },
        usd: usd(key) * 0.8,
      });
    }

    // CloudWatch standard and high-resolution alarms.
    add('cloudwatch.alarm', {
      serviceCode: 'AmazonCloudWatch',
      productFamily: 'Alarm',
      unit: 'Alarms',
      attributes: { ...at, alarmType: 'Standard', usagetype: `${p}CW:AlarmMonitorUsage` },
      usd: usd('cloudwatch.alarm'),
    });
    add(undefined, {
      serviceCode: 'AmazonCloudWatch',
      productFamily: 'Alarm',
      unit: 'Alarms',
      attributes: { ...at, alarmType: 'High Resolution', usagetype: `${p}CW:HighResAlarmMonitorUsage` },
      usd: 0.3,
    });

    // WAF (the usage types carry a region code everywhere, USE1- included), and the Shield-protected rows priced 0.
    const w = region === 'us-east-1' ? 'USE1-' : p;
    add('waf.web-acl', {
      serviceCode: 'awswaf',
      productFamily: 'Web Application Firewall',
      unit: 'Month',
      attributes: { ...at, group: 'Web ACL', usagetype: `${w}WebACLV2` },
      usd: usd('waf.web-acl'),
    });
    add(undefined, {
      serviceCode: 'awswaf',
      productFamily: 'Web Application Firewall',
      unit: 'Month',
      attributes: { ...at, group: 'Web ACL (Shield Protected)', usagetype: `${w}ShieldProtected-WebACLV2` },
      usd: 0,
    });
    add('waf.rule', {
      serviceCode: 'awswaf',
      productFamily: 'Web Application Firewall',
      unit: 'Month',
      attributes: { ...at, group: 'Rule', usagetype: `${w}RuleV2` },
      usd: usd('waf.rule'),
    });
    add('waf.requests', {
      serviceCode: 'awswaf',
      productFamily: 'Web Application Firewall',
      unit: 'Request',
      attributes: { ...at, group: 'Request', usagetype: `${w}RequestV2-Tier1` },
      usd: usd('waf.requests') / 1e6,
    });
    add(undefined, {
      serviceCode: 'awswaf',
      productFamily: 'Web Application Firewall',
      unit: 'Request',
      attributes: { ...at, group: 'Request', usagetype: `${w}RequestV2-Tier3-2500WCU` },
      usd: 1.2 / 1e6,
    });

    // SQS standard (first 1M free, then tiers) and FIFO.
    const sqs = usd('sqs.requests') / 1e6;
    add('sqs.requests', {
      serviceCode: 'AWSQueueService',
      productFamily: 'API Request',
      unit: 'Requests',
      attributes: { ...at, queueType: 'Standard', group: 'SQS-APIRequest-Tier1', usagetype: `${p}Requests-RBP` },
      tiers: [
        { usd: sqs * 0.75, beginRange: 100_000_000_000, endRange: 'Inf' },
        { usd: 0, beginRange: 0, endRange: 1_000_000 },
        { usd: sqs, beginRange: 1_000_000, endRange: 100_000_000_000 },
      ],
    });
    add(undefined, {
      serviceCode: 'AWSQueueService',
      productFamily: 'API Request',
      unit: 'Requests',
      attributes: { ...at, queueType: 'FIFO (first-in, first-out)', usagetype: `${p}Requests-FIFO-RBP` },
      usd: 0.5 / 1e6,
    });

    // VPC interface endpoint hours (bytes and Gateway Load Balancer endpoints next to it), public IPv4.
    add('vpce.interface.hour', {
      serviceCode: 'AmazonVPC',
      productFamily: 'VpcEndpoint',
      attributes: { ...at, endpointType: 'PrivateLink', usagetype: `${p}VpcEndpoint-Hours` },
      usd: usd('vpce.interface.hour'),
    });
    add(undefined, {
      serviceCode: 'AmazonVPC',
      productFamily: 'VpcEndpoint',
      attributes: { ...at, usagetype: `${p}VpcEndpoint-GWLBE-Hours` },
      usd: 0.0125,
    });
    add(undefined, {
      serviceCode: 'AmazonVPC',
      productFamily: 'VpcEndpoint',
      unit: 'GB',
      attributes: { ...at, usagetype: `${p}VpcEndpoint-Bytes` },
      usd: 0.01,
    });
    add('vpc.public-ipv4', {
      serviceCode: 'AmazonVPC',
      productFamily: 'VPC Public IPv4 Address',
      attributes: { ...at, group: 'VPCPublicIPv4Address', usagetype: `${p}PublicIPv4:InUseAddress` },
      usd: usd('vpc.public-ipv4'),
    });
    add(undefined, {
      serviceCode: 'AmazonVPC',
      productFamily: 'VPC Public IPv4 Address',
      attributes: { ...at, group: 'VPCPublicIPv4Address', usagetype: `${p}PublicIPv4:IdleAddress` },
      usd: usd('vpc.public-ipv4') * 1.5,
    });
  }

  // Route 53 is global: one product, no region attribute, first 25 zones then cheaper.
  const zone = price(regions[0] ?? 'us-east-1', 'route53.hosted-zone');
  if (!regions.every((region) => omitted(region, 'route53.hosted-zone'))) {
    out.push({
      serviceCode: 'AmazonRoute53',
      productFamily: 'DNS Zone',
      unit: 'HostedZone',
      attributes: { location: 'Global', locationType: 'AWS Region', usagetype: 'HostedZone' },
      tiers: [
        { usd: 0.1, beginRange: 25, endRange: 'Inf' },
        { usd: zone, beginRange: 0, endRange: 25 },
      ],
    });
  }
  out.push({
    serviceCode: 'AmazonRoute53',
    productFamily: 'DNS Query',
    unit: 'Queries',
    attributes: { location: 'Global', usagetype: 'DNS-Queries', routingType: 'Standard' },
    usd: 0.0000004,
  });
  return out;
}
