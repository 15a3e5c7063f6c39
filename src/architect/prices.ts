import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { describeIssues } from '../core/config.js';
import { UserError, messageOf } from '../core/errors.js';
import rawTable from './prices/aws-prices.json' with { type: 'json' };

/** The regions the shipped price table covers; a spec may only name one of these. */
export const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;
/** An AWS region the shipped price table covers. */
export type Region = (typeof REGIONS)[number];

/** Every price the cost agent may ask for. Names are `<service>.<what>`; the unit lives in the entry. */
export const PRICE_KEYS = [
  'ec2.t4g.small',
  'ec2.t4g.medium',
  'ec2.c7g.large',
  'ec2.m7g.large',
  'ec2.g5.xlarge',
  'fargate.vcpu',
  'fargate.gb',
  'lambda.requests',
  'lambda.gb-second',
  'apigw.http.requests',
  'alb.hour',
  'alb.lcu',
  'nlb.hour',
  'nlb.nlcu',
  'nat.hour',
  'nat.gb',
  'dto.gb',
  'cloudfront.gb',
  'cloudfront.requests',
  's3.standard.gb-month',
  's3.put',
  'rds.pg.db.t4g.micro',
  'rds.pg.db.t4g.medium',
  'rds.pg.db.r7g.large',
  'rds.gp3.gb-month',
  'rds.backup.gb-month',
  'rds-proxy.vcpu',
  'aurora-sv2.acu',
  'dynamodb.writes',
  'dynamodb.reads',
  'dynamodb.gb-month',
  'elasticache.cache.t4g.micro',
  'elasticache.cache.t4g.small',
  'elasticache.cache.r7g.large',
  'cloudwatch.alarm',
  'waf.web-acl',
  'waf.rule',
  'waf.requests',
  'sqs.requests',
  'route53.hosted-zone',
  'vpce.interface.hour',
  'vpc.public-ipv4',
] as const;
/** A key into the price table. */
export type PriceKey = (typeof PRICE_KEYS)[number];

/** The unit a price is quoted in, as AWS quotes it (so a printed line can be checked against the price page). */
export const PRICE_UNITS = [
  'hour',
  'GB-month',
  'GB',
  'GB-second',
  'million requests',
  '10k requests',
  '1k requests',
  'LCU-hour',
  'request',
  'month',
] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

const priceEntry = z.strictObject({
  unit: z.enum(PRICE_UNITS),
  usd: z.number().positive(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string().min(1),
});
/** How a shipped entry says nobody has checked it against AWS yet. */
export const UNVERIFIED_SOURCE_PREFIX = 'not verified';
/** Whether a price was checked against AWS (read from a public price source, or refreshed from the Price List API). */
export function isVerifiedSource(source: string): boolean {
  return !source.startsWith(UNVERIFIED_SOURCE_PREFIX);
}

/** One price: `usd` per `unit`, with where and when it was read. */
export type PriceEntry = z.output<typeof priceEntry>;

const priceTable = z.object({
  currency: z.literal('USD'),
  asOf: z.string(),
  note: z.string(),
  regions: z.record(z.string(), z.record(z.string(), priceEntry)),
});
/** The whole table: region → price key → entry. Keys are open so a missing price is a clear error, not a type hole. */
export type PriceTable = z.output<typeof priceTable>;

// Validated once at load: a typo in the shipped JSON is a bug we want at start-up, not a NaN in a report.
/** The price table shipped with the package. */
export const PRICES: PriceTable = priceTable.parse(rawTable);

/** The user's refreshed copy, written by `soloops architect prices refresh` into the data folder. */
export function userPricesPath(home: string): string {
  return path.join(home, 'aws-prices.json');
}

/** Reads and validates a price table file; a broken one is a UserError naming it. */
export function loadPriceTable(file: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(
      `the price table ${file} cannot be read: ${messageOf(error)}`,
      'delete it (the shipped prices are used) or run `soloops architect prices refresh` again',
    );
  }
  const result = priceTable.safeParse(raw);
  if (!result.success) {
    throw new UserError(
      `the price table ${file} is invalid: ${describeIssues(result.error).join('; ')}`,
      'delete it (the shipped prices are used) or run `soloops architect prices refresh` again',
    );
  }
  return result.data;
}

/** The prices in use for data folder `home`: the user's refreshed copy when it exists, else the shipped table. */
export function activePrices(home: string): PriceTable {
  const file = userPricesPath(home);
  return existsSync(file) ? loadPriceTable(file) : PRICES;
}

/**
 * The price of `key` in `region`. Throws a UserError naming both when the table has no such price:
 * a missing price must never be read as free.
 */
export function priceOf(region: string, key: PriceKey, table: PriceTable = PRICES): PriceEntry {
  const regional = table.regions[region];
  if (!regional) {
    throw new UserError(
      `no AWS prices for region "${region}" (needed "${key}")`,
      `use one of: ${Object.keys(table.regions).join(', ')}`,
    );
  }
  const entry = regional[key];
  if (!entry) {
    throw new UserError(
      `no AWS price "${key}" for region "${region}"`,
      'add it to src/architect/prices/aws-prices.json or choose another region',
    );
  }
  return entry;
}

/** A free-tier allowance, in the unit of the price it applies to. */
export interface FreeTierEntry {
  key: PriceKey;
  /** How much of the priced quantity is free each month. */
  quantity: number;
  description: string;
}

// Shown beside the bill, never subtracted: several allowances last only 12 months after sign-up
// or are shared across an organisation, so the honest total is the list-price one.
/** Monthly free-tier allowances the cost report mentions (and never deducts). */
export const freeTier: readonly FreeTierEntry[] = [
  { key: 'lambda.requests', quantity: 1, description: 'Lambda: 1M requests/month (always free)' },
  { key: 'lambda.gb-second', quantity: 400_000, description: 'Lambda: 400,000 GB-seconds/month (always free)' },
  { key: 'cloudfront.gb', quantity: 1_024, description: 'CloudFront: 1 TB out/month (always free)' },
  { key: 'cloudfront.requests', quantity: 1_000, description: 'CloudFront: 10M requests/month (always free)' },
  { key: 'dynamodb.gb-month', quantity: 25, description: 'DynamoDB: 25 GB storage (always free)' },
  { key: 'sqs.requests', quantity: 1, description: 'SQS: 1M requests/month (always free)' },
  { key: 'dto.gb', quantity: 100, description: 'Data transfer out: 100 GB/month across services (always free)' },
  { key: 'cloudwatch.alarm', quantity: 10, description: 'CloudWatch: 10 standard alarms (always free)' },
  { key: 's3.standard.gb-month', quantity: 5, description: 'S3: 5 GB Standard (first 12 months only)' },
  { key: 'rds.pg.db.t4g.micro', quantity: 750, description: 'RDS: 750 h of a micro instance (first 12 months only)' },
];
