import type { PriceKey, PriceUnit, Region } from './prices.js';

/** The filter types GetProducts accepts (the SDK's `FilterType`). ANY_OF/NONE_OF take a comma-separated list. */
export type PriceFilterType = 'TERM_MATCH' | 'EQUALS' | 'CONTAINS' | 'ANY_OF' | 'NONE_OF';

/** One attribute condition: a plain string is a TERM_MATCH on that value. */
export type AttributeMatch = string | { readonly type: PriceFilterType; readonly value: string };

/**
 * How a service's products name the region being priced:
 * - `{ field }`: the product attribute holding the AWS region code (default `regionCode`;
 *   AWSDataTransfer uses `fromRegionCode`);
 * - `{ field, values }`: the attribute holds something else (CloudFront prices by edge geography), mapped per region;
 *   a region missing from `values` cannot be priced and is reported missing;
 * - `'global'`: one price for the world (Route 53); no region condition is sent.
 */
export type RegionMatch =
  | { readonly field: string; readonly values?: Readonly<Partial<Record<Region, string>>> }
  | 'global';

/**
 * How to find one price in the AWS Price List API (GetProducts): the service code, the attribute
 * conditions, how the region is matched, the unit the price table quotes it in, and the factor from
 * the API's per-unit price to that unit.
 *
 * Picking the price (see refresh.ts):
 * - `usagetype` is the usage type WITHOUT its region prefix. Outside us-east-1 (and for some services inside
 *   it) AWS prepends a region code (`EU-NatGateway-Hours`, `EUW1-Fargate-ARM-GB-Hours`, `APN2-…`), so it is
 *   sent as a CONTAINS condition and every returned product is then checked to be exactly
 *   `[PREFIX-]usagetype`, PREFIX being a region code (USE1, EUC1, APN2…) or a two-letter region/edge code (EU, US,
 *   JP, AP…). The exact check is what keeps out look-alikes that contain the same text: `RegionalNatGateway-Hours`,
 *   `Global-Request` (a free-tier row), `IA-TimedStorage-ByteHrs`, `ShieldProtected-WebACLV2` (priced 0),
 *   `Requests-SIA-Tier1`, `TS-LoadBalancerUsage` (ALB trust stores)…
 * - Within a product, the price is its FIRST PAID TIER: among the on-demand price dimensions with a price
 *   above 0, the one with the lowest `beginRange`. A tier priced 0 is a free allowance (DynamoDB's first
 *   25 GB, SQS's first 1M requests, the first GB of data out): the price table lists those allowances
 *   separately (`freeTier` in prices.ts) and never deducts them, so a key means "the list price you pay
 *   once you pay", i.e. the first paid tier. Volume discounts further up are not what a small service pays.
 * - When several products still match, the HIGHEST of their first-paid-tier prices is taken: it does not
 *   depend on the order the API returns products in, and an estimate that may be a little high is safer
 *   than one that is silently low.
 */
export interface PriceFilter {
  serviceCode: string;
  attributes: Readonly<Record<string, AttributeMatch>>;
  /** Default `{ field: 'regionCode' }`. */
  region?: RegionMatch;
  /** The usage type without its region prefix; see above. */
  usagetype?: string;
  unit: PriceUnit;
  /** API price × scale = table price, e.g. 1e6 when the API quotes per request and the table per million. Default 1. */
  scale?: number;
}

// Sources, by repository and path:
//   [ic]  infracost/infracost internal/resources/aws/<file>.go (ProductFilter.AttributeFilters)
//   [pub] other public code calling GetProducts or reading the bulk price list, named where used.

// [ic instance.go] productFamily/instanceType/tenancy/operatingSystem/preInstalledSw/licenseModel/capacitystatus.
// The usage type (BoxUsage:<type>, EU-BoxUsage:<type> in Ireland) rules out the dedicated and reservation rows.
const ec2 = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonEC2',
  attributes: {
    productFamily: 'Compute Instance',
    instanceType,
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'Used',
    licenseModel: 'No License required',
  },
  usagetype: `BoxUsage:${instanceType}`,
  unit: 'hour',
});

// [ic db_instance.go] productFamily "Database Instance" + instanceType/deploymentOption/databaseEngine;
// usage type InstanceUsage:<class> (EU-InstanceUsage:<class>) as in its Aurora comment.
const rds = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonRDS',
  attributes: {
    productFamily: 'Database Instance',
    instanceType,
    databaseEngine: 'PostgreSQL',
    deploymentOption: 'Single-AZ',
  },
  usagetype: `InstanceUsage:${instanceType}`,
  unit: 'hour',
});

// [ic elasticache_cluster.go] productFamily "Cache Instance", locationType "AWS Region", cacheEngine.
// Redis OSS, as the shipped table (Valkey is ~20% cheaper and a separate cacheEngine). NodeUsage:<type>
// keeps out the extended-support rows.
const elasticache = (instanceType: string): PriceFilter => ({
  serviceCode: 'AmazonElastiCache',
  attributes: { productFamily: 'Cache Instance', instanceType, locationType: 'AWS Region', cacheEngine: 'Redis' },
  usagetype: `NodeUsage:${instanceType}`,
  unit: 'hour',
});

// [ic lb.go] productFamily "Load Balancer-Application"/"Load Balancer-Network", locationType "AWS Region",
// usagetype LoadBalancerUsage / LCUUsage (NLB capacity units are LCUUsage in the Network family).
const elb = (family: 'Application' | 'Network', usagetype: string, unit: PriceUnit): PriceFilter => ({
  serviceCode: 'AWSELB',
  attributes: { productFamily: `Load Balancer-${family}`, locationType: 'AWS Region' },
  usagetype,
  unit,
});

/**
 * CloudFront prices by the edge location that serves the viewer, not by the region of the origin.
 * The table reads a region as "viewers near that region": the edge geography of the same continent,
 * which matches the shipped figures (US/Europe 0.085 $/GB, Japan 0.114, Asia Pacific incl. Korea 0.120).
 * [ic cloudfront_distribution.go] uses the same names as `fromLocation` (data) and `location` (requests).
 */
const CLOUDFRONT_GEOGRAPHY: Readonly<Record<Region, string>> = {
  'us-east-1': 'United States',
  'us-west-2': 'United States',
  'eu-west-1': 'Europe',
  'eu-central-1': 'Europe',
  'ap-northeast-1': 'Japan',
  'ap-northeast-2': 'Asia Pacific',
};

/** Every key in PRICE_KEYS; a key missing here keeps its entry and is reported as not refreshed. */
export const PRICE_FILTERS: Partial<Record<PriceKey, PriceFilter>> = {
  'ec2.t4g.small': ec2('t4g.small'),
  'ec2.t4g.medium': ec2('t4g.medium'),
  'ec2.c7g.large': ec2('c7g.large'),
  'ec2.m7g.large': ec2('m7g.large'),
  'ec2.g5.xlarge': ec2('g5.xlarge'),

  // Graviton (arm64), as the table's note says. [ic ecs_service.go] productFamily "Compute" and usage types
  // Fargate-vCPU-Hours:perCPU / Fargate-GB-Hours; the -ARM- variants as billed (EUN1-Fargate-ARM-vCPU-Hours:perCPU,
  // [pub] e.g. the Fargate tests matching "USE1-Fargate-ARM-vCPU-Hours:perCPU"). Exact matching keeps out
  // Windows and ephemeral-storage rows, which also contain "vCPU"/"GB".
  'fargate.vcpu': {
    serviceCode: 'AmazonECS',
    attributes: { productFamily: 'Compute' },
    usagetype: 'Fargate-ARM-vCPU-Hours:perCPU',
    unit: 'hour',
  },
  'fargate.gb': {
    serviceCode: 'AmazonECS',
    attributes: { productFamily: 'Compute' },
    usagetype: 'Fargate-ARM-GB-Hours',
    unit: 'hour',
  },

  // Graviton (arm64). [ic lambda_function.go] productFamily "Serverless", group AWS-Lambda-Requests/-Duration;
  // the -ARM groups and usage types Request-ARM / Lambda-GB-Second-ARM as in the AWSLambda offer file.
  // Duration is tiered (first 7.5e9 GB-s at the list price): first paid tier.
  'lambda.requests': {
    serviceCode: 'AWSLambda',
    attributes: { productFamily: 'Serverless', group: 'AWS-Lambda-Requests-ARM' },
    usagetype: 'Request-ARM',
    unit: 'million requests',
    scale: 1e6,
  },
  'lambda.gb-second': {
    serviceCode: 'AWSLambda',
    attributes: { productFamily: 'Serverless', group: 'AWS-Lambda-Duration-ARM' },
    usagetype: 'Lambda-GB-Second-ARM',
    unit: 'GB-second',
  },

  // [ic apigatewayv2_api.go] productFamily "API Calls", usagetype ApiGatewayHttpRequest; tiered (first 300M
  // requests, then cheaper): first paid tier.
  'apigw.http.requests': {
    serviceCode: 'AmazonApiGateway',
    attributes: { productFamily: 'API Calls' },
    usagetype: 'ApiGatewayHttpRequest',
    unit: 'million requests',
    scale: 1e6,
  },

  'alb.hour': elb('Application', 'LoadBalancerUsage', 'hour'),
  'alb.lcu': elb('Application', 'LCUUsage', 'LCU-hour'),
  'nlb.hour': elb('Network', 'LoadBalancerUsage', 'hour'),
  'nlb.nlcu': elb('Network', 'LCUUsage', 'LCU-hour'),

  // [ic nat_gateway.go] AmazonEC2, productFamily "NAT Gateway", usagetype NatGateway-Hours / NatGateway-Bytes
  // (EU-NatGateway-Hours in Ireland). Flat rates; the exact match excludes RegionalNatGateway-Hours.
  'nat.hour': {
    serviceCode: 'AmazonEC2',
    attributes: { productFamily: 'NAT Gateway' },
    usagetype: 'NatGateway-Hours',
    unit: 'hour',
  },
  'nat.gb': {
    serviceCode: 'AmazonEC2',
    attributes: { productFamily: 'NAT Gateway' },
    usagetype: 'NatGateway-Bytes',
    unit: 'GB',
  },

  // Data transfer out to the internet. [ic data_transfer.go] AWSDataTransfer, productFamily "Data Transfer",
  // transferType "AWS Outbound"; the region is the SOURCE, attribute fromRegionCode, and toLocation "External"
  // ([pub] e.g. GetProducts calls filtering AWSDataTransfer on fromRegionCode/toLocation
  // External/DataTransfer-Out-Bytes). Tiered: the 100 GB/month free allowance is in `freeTier`; first paid
  // tier = "first 10 TB" (0.09 $/GB in us-east-1), the rate a small service pays.
  'dto.gb': {
    serviceCode: 'AWSDataTransfer',
    attributes: { productFamily: 'Data Transfer', transferType: 'AWS Outbound', toLocation: 'External' },
    region: { field: 'fromRegionCode' },
    usagetype: 'DataTransfer-Out-Bytes',
    unit: 'GB',
  },

  // [ic cloudfront_distribution.go] transferType "CloudFront Outbound" + fromLocation (edge geography, see
  // CLOUDFRONT_GEOGRAPHY); toLocation "External". Tiered: first paid tier = "first 10 TB" (the 1 TB always-free
  // allowance is in `freeTier`). Usage type US-/EU-/JP-/AP-DataTransfer-Out-Bytes.
  'cloudfront.gb': {
    serviceCode: 'AmazonCloudFront',
    attributes: { productFamily: 'Data Transfer', transferType: 'CloudFront Outbound', toLocation: 'External' },
    region: { field: 'fromLocation', values: CLOUDFRONT_GEOGRAPHY },
    usagetype: 'DataTransfer-Out-Bytes',
    unit: 'GB',
  },
  // [ic cloudfront_distribution.go] requestType "CloudFront-Request-HTTPS-Proxy" + location: HTTPS, the
  // dearer of the two and what a modern site serves. The API quotes per request; the table per 10k.
  'cloudfront.requests': {
    serviceCode: 'AmazonCloudFront',
    attributes: { requestType: 'CloudFront-Request-HTTPS-Proxy' },
    region: { field: 'location', values: CLOUDFRONT_GEOGRAPHY },
    unit: '10k requests',
    scale: 1e4,
  },

  // S3 Standard storage: productFamily "Storage", storageClass "General Purpose", volumeType "Standard",
  // usagetype TimedStorage-ByteHrs ([pub] the bulk-file builders check it is not the Files-/IA- look-alikes).
  // Tiered: first paid tier = "first 50 TB" (0.023 $/GB-month in us-east-1).
  's3.standard.gb-month': {
    serviceCode: 'AmazonS3',
    attributes: { productFamily: 'Storage', storageClass: 'General Purpose', volumeType: 'Standard' },
    usagetype: 'TimedStorage-ByteHrs',
    unit: 'GB-month',
  },
  // PUT/COPY/POST/LIST on Standard: usagetype Requests-Tier1 (EU-Requests-Tier1); the exact match keeps out
  // Requests-SIA-Tier1, Requests-INT-Tier1, Requests-GLACIER-Tier1…, which the S3-API-Tier1 group also holds.
  's3.put': {
    serviceCode: 'AmazonS3',
    attributes: { productFamily: 'API Request' },
    usagetype: 'Requests-Tier1',
    unit: '1k requests',
    scale: 1e3,
  },

  'rds.pg.db.t4g.micro': rds('db.t4g.micro'),
  'rds.pg.db.t4g.medium': rds('db.t4g.medium'),
  'rds.pg.db.r7g.large': rds('db.r7g.large'),
  // [ic db_instance.go] storage is priced for databaseEngine "Any" (not per engine), volumeType
  // "General Purpose-GP3", usagetype …RDS:GP3-Storage (not RDS:Multi-AZ-GP3-Storage).
  'rds.gp3.gb-month': {
    serviceCode: 'AmazonRDS',
    attributes: {
      productFamily: 'Database Storage',
      volumeType: 'General Purpose-GP3',
      databaseEngine: 'Any',
      deploymentOption: 'Single-AZ',
    },
    usagetype: 'RDS:GP3-Storage',
    unit: 'GB-month',
  },
  // [ic db_instance.go] productFamily "Storage Snapshot", databaseEngine "Any", usagetype RDS:ChargedBackupUsage
  // (backup beyond the free 100% of provisioned storage).
  'rds.backup.gb-month': {
    serviceCode: 'AmazonRDS',
    attributes: { productFamily: 'Storage Snapshot', databaseEngine: 'Any' },
    usagetype: 'RDS:ChargedBackupUsage',
    unit: 'GB-month',
  },
  // Per vCPU-hour of the target instance. [pub] usage type USE1-RDS:ProxyUsage, PostgreSQL row ("$0.015 per hour
  // per vCPU of the RDS PostgreSQL instances associated with an RDS Proxy"); RDS:Proxy-ASv2-Usage is the Aurora
  // Serverless variant and is kept out by the exact match.
  'rds-proxy.vcpu': {
    serviceCode: 'AmazonRDS',
    attributes: { databaseEngine: 'PostgreSQL' },
    usagetype: 'RDS:ProxyUsage',
    unit: 'hour',
  },
  // Aurora Serverless v2, PostgreSQL, standard storage (not I/O-Optimized): productFamily "ServerlessV2",
  // usagetype Aurora:ServerlessV2Usage ([pub] Price List jq extractors; CUR CAN1-Aurora:ServerlessV2Usage).
  'aurora-sv2.acu': {
    serviceCode: 'AmazonRDS',
    attributes: { productFamily: 'ServerlessV2', databaseEngine: 'Aurora PostgreSQL' },
    usagetype: 'Aurora:ServerlessV2Usage',
    unit: 'hour',
  },

  // On-demand (pay per request). [ic dynamodb_table.go] productFamily "Amazon DynamoDB PayPerRequest Throughput" +
  // group DDB-WriteUnits / DDB-ReadUnits: the group alone also matches the PROVISIONED capacity rows (productFamily
  // "Provisioned IOPS", priced per WCU-hour). Usage types WriteRequestUnits/ReadRequestUnits exclude the IA class.
  'dynamodb.writes': {
    serviceCode: 'AmazonDynamoDB',
    attributes: { productFamily: 'Amazon DynamoDB PayPerRequest Throughput', group: 'DDB-WriteUnits' },
    usagetype: 'WriteRequestUnits',
    unit: 'million requests',
    scale: 1e6,
  },
  'dynamodb.reads': {
    serviceCode: 'AmazonDynamoDB',
    attributes: { productFamily: 'Amazon DynamoDB PayPerRequest Throughput', group: 'DDB-ReadUnits' },
    usagetype: 'ReadRequestUnits',
    unit: 'million requests',
    scale: 1e6,
  },
  // [ic dynamodb_table.go] productFamily "Database Storage", usagetype TimedStorage-ByteHrs but not IA-. Tiered:
  // 0–25 GB at 0 (the always-free allowance, in `freeTier`), then the list price: first paid tier.
  'dynamodb.gb-month': {
    serviceCode: 'AmazonDynamoDB',
    attributes: { productFamily: 'Database Storage' },
    usagetype: 'TimedStorage-ByteHrs',
    unit: 'GB-month',
  },

  'elasticache.cache.t4g.micro': elasticache('cache.t4g.micro'),
  'elasticache.cache.t4g.small': elasticache('cache.t4g.small'),
  'elasticache.cache.r7g.large': elasticache('cache.r7g.large'),

  // Standard-resolution alarm. [ic cloudwatch_metric_alarm.go] productFamily "Alarm", alarmType "Standard";
  // usagetype CW:AlarmMonitorUsage (not CW:HighResAlarmMonitorUsage).
  'cloudwatch.alarm': {
    serviceCode: 'AmazonCloudWatch',
    attributes: { productFamily: 'Alarm', alarmType: 'Standard' },
    usagetype: 'CW:AlarmMonitorUsage',
    unit: 'month',
  },

  // [ic wafv2_web_acl.go] productFamily "Web Application Firewall", usagetype ^PREFIX-(?!ShieldProtected-)WebACLV2$,
  // …RuleV2, …RequestV2-Tier1 (the base 0.60 $/M rate; higher tiers are for large WCU rule sets). The API quotes
  // requests per request.
  'waf.web-acl': {
    serviceCode: 'awswaf',
    attributes: { productFamily: 'Web Application Firewall' },
    usagetype: 'WebACLV2',
    unit: 'month',
  },
  'waf.rule': {
    serviceCode: 'awswaf',
    attributes: { productFamily: 'Web Application Firewall' },
    usagetype: 'RuleV2',
    unit: 'month',
  },
  'waf.requests': {
    serviceCode: 'awswaf',
    attributes: { productFamily: 'Web Application Firewall' },
    usagetype: 'RequestV2-Tier1',
    unit: 'million requests',
    scale: 1e6,
  },

  // [pub] AWSQueueService (SQS's service code), productFamily "API Request", queueType "Standard",
  // usagetype Requests-RBP (not Requests-FIFO-RBP). Tiered: first 1M free (in `freeTier`), then 0.40 $/M
  // up to 100B: first paid tier.
  'sqs.requests': {
    serviceCode: 'AWSQueueService',
    attributes: { productFamily: 'API Request', queueType: 'Standard' },
    usagetype: 'Requests-RBP',
    unit: 'million requests',
    scale: 1e6,
  },

  // [ic route53_zone.go] productFamily "DNS Zone", usagetype HostedZone; global (no region attribute).
  // Tiered: first 25 zones at 0.50, then 0.10: first paid tier.
  'route53.hosted-zone': {
    serviceCode: 'AmazonRoute53',
    attributes: { productFamily: 'DNS Zone' },
    region: 'global',
    usagetype: 'HostedZone',
    unit: 'month',
  },

  // [ic vpc_endpoint.go] AmazonVPC, productFamily "VpcEndpoint", usagetype VpcEndpoint-Hours (per endpoint per AZ;
  // not VpcEndpoint-GWLBE-Hours).
  'vpce.interface.hour': {
    serviceCode: 'AmazonVPC',
    attributes: { productFamily: 'VpcEndpoint' },
    usagetype: 'VpcEndpoint-Hours',
    unit: 'hour',
  },
  // In-use public IPv4 (charged since Feb 2024). [pub] AmazonVPC usage type PublicIPv4:InUseAddress
  // (USE1-/EU-PublicIPv4:InUseAddress); its productFamily is not relied on.
  'vpc.public-ipv4': { serviceCode: 'AmazonVPC', attributes: {}, usagetype: 'PublicIPv4:InUseAddress', unit: 'hour' },
};
