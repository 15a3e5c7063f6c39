import { freeTier, priceOf, PRICES, type PriceKey, type PriceTable, type PriceUnit } from '../prices.js';
import type { ServiceSpec } from '../spec.js';
import type { Services } from './services.js';
import { HOURS_PER_MONTH, type Traffic } from './traffic.js';

/** Days in a 730-hour billing month. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** One priced line: `monthlyUsd` is always `cents(quantity × unitPriceUsd)`. */
export interface CostLine {
  component: string;
  priceKey: PriceKey;
  unit: PriceUnit;
  quantity: number;
  unitPriceUsd: number;
  monthlyUsd: number;
  /** Where the unit price came from (the price table entry's `source`). */
  priceSource: string;
  /**
   * How this line grows on a spike day: 1 for fixed costs, the spike for per-request costs,
   * max/min for scaled capacity.
   */
  spikeFactor: number;
}

/** A free-tier allowance that would lower a line, shown beside the bill and never subtracted. */
export interface FreeTierSaving {
  component: string;
  description: string;
  potentialSavingUsd: number;
}

/** The monthly cost report. */
export interface CostReport {
  lines: CostLine[];
  totalUsd: number;
  freeTier: FreeTierSaving[];
  budgetUsd: number;
  overBudget: boolean;
  /** What one day at the spike costs (fixed costs for a day, traffic costs × spike, capacity at max). */
  spikeDayUsd: number;
  pricesAsOf: string;
}

/** Rounds money to cents: the one place a price becomes a billed amount. */
export function cents(usd: number): number {
  return Math.round((usd + Number.EPSILON) * 100) / 100;
}

// Quantities are rounded before pricing so a printed line can be re-multiplied by hand.
const quantityOf = (value: number): number => Number(value.toFixed(4));

/** Prices exactly the services given from `prices` (default: the shipped table); pure and deterministic. */
export function cost(spec: ServiceSpec, load: Traffic, plan: Services, prices: PriceTable = PRICES): CostReport {
  const lines: CostLine[] = [];
  const asOf = new Set<string>();
  const add = (component: string, key: PriceKey, quantity: number, spikeFactor = 1): void => {
    const q = quantityOf(quantity);
    if (q <= 0) return;
    const entry = priceOf(spec.region, key, prices);
    asOf.add(entry.asOf);
    lines.push({
      component,
      priceKey: key,
      unit: entry.unit,
      quantity: q,
      unitPriceUsd: entry.usd,
      monthlyUsd: cents(q * entry.usd),
      priceSource: entry.source,
      spikeFactor,
    });
  };
  const h = HOURS_PER_MONTH;
  const spike = spec.spike;
  const millions = (n: number) => n / 1_000_000;
  const { compute, network } = plan;

  if (compute.kind === 'lambda') {
    add('Lambda requests', 'lambda.requests', millions(load.requestsMonth), spike);
    add('Lambda compute', 'lambda.gb-second', load.requestsMonth * compute.secondsPerRequest * compute.memoryGb, spike);
  } else if (compute.kind === 'fargate') {
    const scale = compute.max / compute.min;
    add(`Fargate vCPU (${compute.avgTasks} tasks)`, 'fargate.vcpu', compute.avgTasks * compute.vcpu * h, scale);
    add(`Fargate memory (${compute.avgTasks} tasks)`, 'fargate.gb', compute.avgTasks * compute.memoryGb * h, scale);
  } else if (compute.kind === 'ec2') {
    add(
      `EC2 ${compute.instanceType} × ${compute.avgInstances}`,
      `ec2.${compute.instanceType}`,
      compute.avgInstances * h,
      compute.max / compute.min,
    );
  }
  if (plan.gpu) add('EC2 g5.xlarge GPU (scale to zero)', 'ec2.g5.xlarge', plan.gpu.hoursMonth, spike);

  if (plan.front.kind === 'api-gateway')
    add('API Gateway HTTP API', 'apigw.http.requests', millions(load.requestsMonth), spike);
  if (plan.front.kind === 'alb' || plan.front.kind === 'nlb') {
    const lb = plan.front.kind;
    add(`${lb.toUpperCase()} hours`, `${lb}.hour`, h);
    add(`${lb.toUpperCase()} capacity units`, lb === 'alb' ? 'alb.lcu' : 'nlb.nlcu', plan.front.lcuPerHour * h, spike);
  }
  add('CloudFront data out', 'cloudfront.gb', plan.cdn.gbMonth, spike);
  add('CloudFront HTTPS requests', 'cloudfront.requests', plan.cdn.requestsMonth / 10_000, spike);
  add('Data transfer out (direct, not via CloudFront)', 'dto.gb', network.directGbMonth, spike);
  add('NAT gateway hours', 'nat.hour', network.natGateways * h);
  add('NAT gateway data processed', 'nat.gb', network.natGbMonth, spike);
  add(
    `VPC interface endpoints (${network.interfaceEndpoints.join(', ')})`,
    'vpce.interface.hour',
    network.interfaceEndpoints.length * network.azs * h,
  );
  add('Public IPv4 addresses', 'vpc.public-ipv4', network.publicIpv4Hours);
  add('S3 Standard storage', 's3.standard.gb-month', plan.objectStorage.gb);
  add('S3 PUT requests', 's3.put', plan.objectStorage.putsMonth / 1_000, spike);

  const db = plan.database;
  if (db?.engine === 'rds-postgresql') {
    const copies = db.multiAz ? 2 : 1;
    add(`RDS PostgreSQL ${db.instanceClass}${db.multiAz ? ' Multi-AZ' : ''}`, `rds.pg.${db.instanceClass}`, copies * h);
    add('RDS gp3 storage', 'rds.gp3.gb-month', copies * db.storageGb);
    add('RDS backup storage', 'rds.backup.gb-month', db.backupGb);
    add('RDS Proxy', 'rds-proxy.vcpu', db.proxyVcpus * h);
  } else if (db?.engine === 'dynamodb') {
    add('DynamoDB writes (on-demand)', 'dynamodb.writes', millions(db.writesMonth), spike);
    add('DynamoDB reads (on-demand)', 'dynamodb.reads', millions(db.readsMonth), spike);
    add('DynamoDB storage', 'dynamodb.gb-month', db.storageGb);
  }
  if (plan.cache)
    add(
      `ElastiCache ${plan.cache.nodeType} × ${plan.cache.nodes}`,
      `elasticache.${plan.cache.nodeType}`,
      plan.cache.nodes * h,
    );
  if (plan.queue)
    add('SQS requests (incl. idle long-polls)', 'sqs.requests', millions(plan.queue.sqsRequestsMonth), spike);
  if (plan.waf) {
    add('WAF web ACL', 'waf.web-acl', 1);
    add('WAF rules', 'waf.rule', plan.waf.rules);
    add('WAF requests', 'waf.requests', millions(plan.waf.requestsMonth), spike);
  }
  add('CloudWatch alarms', 'cloudwatch.alarm', plan.alarms);
  add('Route 53 hosted zone', 'route53.hosted-zone', plan.hostedZones);

  const totalUsd = cents(lines.reduce((sum, line) => sum + line.monthlyUsd, 0));
  return {
    lines,
    totalUsd,
    freeTier: freeTierSavings(lines),
    budgetUsd: spec.budgetUsd,
    overBudget: totalUsd > spec.budgetUsd,
    spikeDayUsd: cents(lines.reduce((sum, line) => sum + (line.monthlyUsd / DAYS_PER_MONTH) * line.spikeFactor, 0)),
    // The oldest price used is the honest date for the whole report.
    pricesAsOf: [...asOf].sort()[0] ?? prices.asOf,
  };
}

function freeTierSavings(lines: CostLine[]): FreeTierSaving[] {
  return freeTier.flatMap((allowance) => {
    const line = lines.find((l) => l.priceKey === allowance.key);
    if (!line) return [];
    return [
      {
        component: line.component,
        description: allowance.description,
        potentialSavingUsd: cents(Math.min(line.quantity, allowance.quantity) * line.unitPriceUsd),
      },
    ];
  });
}
