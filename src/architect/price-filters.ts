import type { PriceKey, PriceUnit } from './prices.js';

/**
 * How to find one price in the AWS Price List API (GetProducts): the service code, the TERM_MATCH
 * attributes that pin a single product (the region is added per call as `regionCode`), the unit the
 * price table quotes it in, and the factor from the API's per-unit price to that unit.
 */
export interface PriceFilter {
  serviceCode: string;
  attributes: Readonly<Record<string, string>>;
  unit: PriceUnit;
  /** API price × scale = table price, e.g. 1e6 when the API quotes per request and the table per million. Default 1. */
  scale?: number;
}

const ec2 = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonEC2',
  attributes: { instanceType, operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used', licenseModel: 'No License required' },
  unit: 'hour',
});

const rds = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonRDS',
  attributes: { instanceType, databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' },
  unit: 'hour',
});

const elasticache = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonElastiCache',
  attributes: { instanceType, cacheEngine: 'Redis' },
  unit: 'hour',
});

/**
 * The keys the refresh knows how to look up. A key missing here keeps its shipped entry and is
 * reported as not refreshed; add it here (never a guessed number in the JSON) to refresh it.
 */
export const PRICE_FILTERS: Partial<Record<PriceKey, PriceFilter>> = {
  'ec2.t4g.small': ec2('t4g.small'),
  'ec2.t4g.medium': ec2('t4g.medium'),
  'ec2.c7g.large': ec2('c7g.large'),
  'ec2.m7g.large': ec2('m7g.large'),
  'ec2.g5.xlarge': ec2('g5.xlarge'),
  'rds.pg.db.t4g.micro': rds('db.t4g.micro'),
  'rds.pg.db.t4g.medium': rds('db.t4g.medium'),
  'rds.pg.db.r7g.large': rds('db.r7g.large'),
  'rds.gp3.gb-month': {
    serviceCode: 'AmazonRDS',
    attributes: { productFamily: 'Database Storage', volumeType: 'General Purpose-GP3', databaseEngine: 'PostgreSQL', deploymentOption: 'Single-AZ' },
    unit: 'GB-month',
  },
  'elasticache.cache.t4g.micro': elasticache('cache.t4g.micro'),
  'elasticache.cache.t4g.small': elasticache('cache.t4g.small'),
  'elasticache.cache.r7g.large': elasticache('cache.r7g.large'),
  // Graviton (arm64), as the shipped table assumes.
  'lambda.requests': { serviceCode: 'AWSLambda', attributes: { group: 'AWS-Lambda-Requests-ARM' }, unit: 'million requests', scale: 1e6 },
  'lambda.gb-second': { serviceCode: 'AWSLambda', attributes: { group: 'AWS-Lambda-Duration-ARM' }, unit: 'GB-second' },
  's3.standard.gb-month': { serviceCode: 'AmazonS3', attributes: { storageClass: 'General Purpose', volumeType: 'Standard' }, unit: 'GB-month' },
  's3.put': { serviceCode: 'AmazonS3', attributes: { group: 'S3-API-Tier1' }, unit: '1k requests', scale: 1e3 },
  'dynamodb.writes': { serviceCode: 'AmazonDynamoDB', attributes: { group: 'DDB-WriteUnits' }, unit: 'million requests', scale: 1e6 },
  'dynamodb.reads': { serviceCode: 'AmazonDynamoDB', attributes: { group: 'DDB-ReadUnits' }, unit: 'million requests', scale: 1e6 },
  'sqs.requests': { serviceCode: 'AWSQueueService', attributes: { queueType: 'Standard' }, unit: 'million requests', scale: 1e6 },
};
