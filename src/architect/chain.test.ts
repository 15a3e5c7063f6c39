import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cents, type CostReport } from './agents/cost.js';
import { runChain, type ChainResult } from './chain.js';
import { archetypes } from './archetypes.js';

// Read the shipped table independently of prices.ts, so a wrong lookup cannot hide behind itself.
const table = JSON.parse(readFileSync(new URL('./prices/aws-prices.json', import.meta.url), 'utf8')) as {
  regions: Record<string, Record<string, { unit: string; usd: number }>>;
};

function expectLinesPricedFromTable(report: CostReport, region: string): void {
  expect(report.lines.length).toBeGreaterThan(0);
  for (const line of report.lines) {
    const entry = table.regions[region]?.[line.priceKey];
    expect(entry, line.priceKey).toBeDefined();
    expect(line.unitPriceUsd).toBe(entry!.usd);
    expect(line.unit).toBe(entry!.unit);
    expect(line.monthlyUsd).toBe(cents(line.quantity * entry!.usd));
  }
  // Free tier is shown, never subtracted: the total is the plain sum of the lines.
  expect(report.totalUsd).toBe(cents(report.lines.reduce((sum, l) => sum + l.monthlyUsd, 0)));
}

function expectSpikeReady(result: ChainResult): void {
  expect(result.architecture.autoscaling.coversRps).toBeGreaterThanOrEqual(result.traffic.spikeRps);
  expect(result.architecture.autoscaling.max).toBeGreaterThanOrEqual(result.architecture.autoscaling.min);
  expect(result.architecture.cdn).toBe(true);
  expect(result.services.cdn.service).toBe('cloudfront');
}

const keys = (result: ChainResult) => result.cost.lines.map((l) => l.priceKey);

describe('runChain archetypes', () => {
  it('serves a static site from S3 behind CloudFront with nothing running', () => {
    const result = runChain(archetypes.static);
    expect(result.architecture).toMatchObject({
      pattern: 'static-cdn',
      front: 'cloudfront',
      scaleToZero: true,
      rdsProxy: false,
    });
    expect(result.services.compute.kind).toBe('none');
    expect(keys(result)).toEqual(
      expect.arrayContaining(['cloudfront.gb', 'cloudfront.requests', 's3.standard.gb-month', 's3.put']),
    );
    expect(keys(result)).not.toContain('nat.hour');
    expect(result.cost.overBudget).toBe(false);
    expect(result.alternative).toBeUndefined();
    expectSpikeReady(result);
    expectLinesPricedFromTable(result.cost, 'us-east-1');
  });

  it('runs a steady web app with a database on Fargate behind an ALB, with RDS Proxy and no NAT', () => {
    const result = runChain(archetypes.webWithDb);
    expect(result.architecture).toMatchObject({
      pattern: 'containers',
      front: 'alb',
      rdsProxy: true,
      scaleToZero: false,
    });
    expect(result.architecture.autoscaling).toMatchObject({ unit: 'tasks' });
    expect(result.architecture.autoscaling.min).toBeGreaterThanOrEqual(2);
    expect(result.services.database).toMatchObject({ engine: 'rds-postgresql', multiAz: true });
    expect(result.services.cache?.nodes).toBe(2);
    expect(result.services.network.natGateways).toBe(0);
    expect(keys(result)).toEqual(
      expect.arrayContaining([
        'fargate.vcpu',
        'fargate.gb',
        'alb.hour',
        'alb.lcu',
        'rds.gp3.gb-month',
        'rds.backup.gb-month',
        'rds-proxy.vcpu',
        'vpc.public-ipv4',
        'cloudwatch.alarm',
      ]),
    );
    expectSpikeReady(result);
    expectLinesPricedFromTable(result.cost, 'eu-west-1');
  });

  it('puts a low-traffic API on Lambda behind API Gateway, pooling database connections', () => {
    const result = runChain(archetypes.serverlessApi);
    expect(result.architecture).toMatchObject({
      pattern: 'serverless',
      front: 'api-gateway',
      rdsProxy: true,
      scaleToZero: true,
    });
    expect(result.services.compute).toMatchObject({ kind: 'lambda', inVpc: true });
    expect(keys(result)).toEqual(
      expect.arrayContaining(['lambda.requests', 'lambda.gb-second', 'apigw.http.requests', 'rds.pg.db.t4g.micro']),
    );
    expect(result.cost.overBudget).toBe(false);
    expectSpikeReady(result);
    expectLinesPricedFromTable(result.cost, 'us-west-2');
  });

  it('runs a realtime multiplayer game on an EC2 fleet behind an NLB, paying direct egress', () => {
    const result = runChain(archetypes.game);
    expect(result.architecture).toMatchObject({ pattern: 'ec2-asg', front: 'nlb' });
    expect(result.services.compute).toMatchObject({ kind: 'ec2', instanceType: 'c7g.large' });
    expect(result.services.database?.engine).toBe('dynamodb');
    expect(keys(result)).toEqual(
      expect.arrayContaining(['ec2.c7g.large', 'nlb.hour', 'nlb.nlcu', 'dto.gb', 'dynamodb.writes']),
    );
    expectSpikeReady(result);
    expectLinesPricedFromTable(result.cost, 'ap-northeast-2');
  });

  it('runs GPU inference behind a queue that scales to zero', () => {
    const result = runChain(archetypes.aiGpu);
    expect(result.architecture).toMatchObject({ pattern: 'gpu-scale-to-zero', scaleToZero: true });
    expect(result.services.gpu).toMatchObject({ instanceType: 'g5.xlarge', min: 0 });
    expect(result.services.queue).toBeDefined();
    expect(keys(result)).toEqual(expect.arrayContaining(['ec2.g5.xlarge', 'sqs.requests', 'vpce.interface.hour']));
    expectSpikeReady(result);
    expectLinesPricedFromTable(result.cost, 'us-east-1');
  });

  it('moves GPUs off AWS when cloud GPUs would not fit the budget', () => {
    const result = runChain({ ...archetypes.aiGpu, budgetUsd: 200 });
    expect(result.architecture.pattern).toBe('hybrid-gpu');
    expect(result.services.gpu).toBeUndefined();
    expect(keys(result)).not.toContain('ec2.g5.xlarge');
  });

  it('adds a NAT gateway, priced by hour and by GB, only when private code must reach the internet', () => {
    const result = runChain({
      type: 'ai',
      usersMonth: 5_000,
      budgetUsd: 300,
      region: 'eu-central-1',
      features: ['db'],
    });
    expect(result.services.network.natGateways).toBe(1);
    expect(keys(result)).toEqual(expect.arrayContaining(['nat.hour', 'nat.gb']));
    expectLinesPricedFromTable(result.cost, 'eu-central-1');
  });
});

describe('over budget', () => {
  it('proposes the cheapest design that still covers the spike, with its trade-offs', () => {
    const result = runChain({ ...archetypes.serverlessApi, budgetUsd: 40 });
    expect(result.cost.overBudget).toBe(true);
    const alternative = result.alternative!;
    expect(alternative).toBeDefined();
    expect(alternative.cost.totalUsd).toBeLessThan(result.cost.totalUsd);
    expect(alternative.architecture.autoscaling.coversRps).toBeGreaterThanOrEqual(result.traffic.spikeRps);
    expect(alternative.tradeOffs.length).toBeGreaterThan(1);
    expect(alternative.withinBudget).toBe(alternative.cost.totalUsd <= 40);
    expectLinesPricedFromTable(alternative.cost, 'us-west-2');
  });
});

describe('cost report', () => {
  it('lists free-tier allowances separately and dates the prices', () => {
    const { cost } = runChain(archetypes.serverlessApi);
    expect(cost.freeTier.map((f) => f.component)).toContain('Lambda requests');
    for (const saving of cost.freeTier) expect(saving.potentialSavingUsd).toBeGreaterThanOrEqual(0);
    expect(cost.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cost.spikeDayUsd).toBeGreaterThan(cost.totalUsd / 30.42);
  });
});

describe('determinism', () => {
  it('gives deep-equal output for the same input, whatever the feature order', () => {
    for (const spec of Object.values(archetypes)) expect(runChain(spec)).toEqual(runChain(structuredClone(spec)));
    const a = runChain({ ...archetypes.webWithDb, features: ['uploads', 'db', 'cache'] });
    expect(a).toEqual(runChain(archetypes.webWithDb));
  });
});
