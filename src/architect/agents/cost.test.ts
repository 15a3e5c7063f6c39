import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test/helpers/deep-freeze.js';
import { UserError } from '../../core/errors.js';
import { archetypes as shipped } from '../archetypes.js';
import { PRICE_KEYS, PRICES, REGIONS, freeTier, type PriceKey, type PriceTable } from '../prices.js';
import { parseSpec, type ServiceSpec, type ServiceSpecInput } from '../spec.js';
import { architecture, type ArchitectureOptions } from './architecture.js';
import { DAYS_PER_MONTH, cents, cost, type CostReport } from './cost.js';
import { services, type Services } from './services.js';
import { HOURS_PER_MONTH, traffic, type Traffic } from './traffic.js';

// The shared archetypes, typed by name (the module types them as an open record).
const archetypes = shipped as Record<
  'static' | 'webWithDb' | 'serverlessApi' | 'game' | 'aiGpu' | 'aiHybrid',
  ServiceSpecInput
>;

const design = (input: ServiceSpecInput, options: ArchitectureOptions = {}, prices: PriceTable = PRICES) => {
  const spec: ServiceSpec = parseSpec(input);
  const load = traffic(spec);
  const arch = architecture(spec, load, { prices, ...options });
  const plan = services(spec, load, arch);
  return { spec, load, arch, plan, report: cost(spec, load, plan, prices) };
};
const q4 = (value: number) => Number(value.toFixed(4));
const keysOf = (report: CostReport) => report.lines.map((l) => l.priceKey);
const sumCents = (report: CostReport) => cents(report.lines.reduce((sum, l) => sum + l.monthlyUsd, 0));

/** The design chosen for each archetype, standard and lean. */
const designs = () =>
  Object.entries(archetypes).flatMap(([name, input]) => [
    { name, ...design(input) },
    { name: `${name} lean`, ...design(input, { lean: true }) },
  ]);

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('cents', () => {
  it('rounds half up to the cent', () => {
    expect(cents(0)).toBe(0);
    expect(cents(1.234)).toBe(1.23);
    expect(cents(0.125)).toBe(0.13);
    expect(cents(1.005)).toBe(1.01);
    expect(cents(0.004999)).toBe(0);
  });
});

describe('cost: every line from the table passed in', () => {
  it('prices each line as cents(quantity × unit price), with the unit and source of its table entry', () => {
    for (const { name, spec, report } of designs()) {
      expect(report.lines.length, name).toBeGreaterThan(0);
      for (const line of report.lines) {
        const entry = PRICES.regions[spec.region]![line.priceKey]!;
        expect(line.unitPriceUsd, `${name} ${line.priceKey}`).toBe(entry.usd);
        expect(line.unit, `${name} ${line.priceKey}`).toBe(entry.unit);
        expect(line.priceSource, `${name} ${line.priceKey}`).toBe(entry.source);
        expect(line.monthlyUsd, `${name} ${line.priceKey}`).toBe(cents(line.quantity * entry.usd));
        expect(line.quantity, `${name} ${line.priceKey}`).toBeGreaterThan(0);
        expect(line.quantity).toBe(q4(line.quantity));
      }
    }
  });

  it('prices the same plan in the spec region of every shipped region', () => {
    for (const region of REGIONS) {
      const { report } = design({ ...archetypes.webWithDb, region });
      for (const line of report.lines)
        expect(line.unitPriceUsd, `${region} ${line.priceKey}`).toBe(PRICES.regions[region]![line.priceKey]!.usd);
    }
  });

  it('turns a hand-built plan into exactly the expected lines, quantities and spike factors', () => {
    const spec = parseSpec({ type: 'web', usersMonth: 10_000, budgetUsd: 500, region: 'eu-west-1', spike: 4 });
    const load = traffic(spec);
    const plan: Services = {
      pattern: 'containers',
      compute: { kind: 'fargate', vcpu: 0.5, memoryGb: 1, avgTasks: 3, min: 3, max: 6 },
      front: { kind: 'alb', lcuPerHour: 0.5 },
      cdn: { service: 'cloudfront', gbMonth: 100, requestsMonth: 2_000_000 },
      database: {
        engine: 'rds-postgresql',
        instanceClass: 'db.t4g.medium',
        multiAz: true,
        storageGb: 30,
        backupGb: 30,
        proxyVcpus: 2,
      },
      cache: { nodeType: 'cache.t4g.small', nodes: 2 },
      objectStorage: { gb: 10, putsMonth: 5_000 },
      queue: { messagesMonth: 1_000, sqsRequestsMonth: 3_000_000 },
      network: {
        natGateways: 1,
        natGbMonth: 5,
        interfaceEndpoints: ['sqs'],
        azs: 2,
        publicIpv4Hours: 1_000,
        directGbMonth: 7,
        why: 'test',
      },
      waf: { rules: 3, requestsMonth: 2_000_000 },
      alarms: 9,
      hostedZones: 1,
      notes: [],
    };
    const h = HOURS_PER_MONTH;
    const expected: Array<[PriceKey, number, number]> = [
      ['fargate.vcpu', 3 * 0.5 * h, 2],
      ['fargate.gb', 3 * 1 * h, 2],
      ['alb.hour', h, 1],
      ['alb.lcu', 0.5 * h, 4],
      ['cloudfront.gb', 100, 4],
      ['cloudfront.requests', 200, 4],
      ['dto.gb', 7, 4],
      ['nat.hour', h, 1],
      ['nat.gb', 5, 4],
      ['vpce.interface.hour', 1 * 2 * h, 1],
      ['vpc.public-ipv4', 1_000, 1],
      ['s3.standard.gb-month', 10, 1],
      ['s3.put', 5, 4],
      ['rds.pg.db.t4g.medium', 2 * h, 1],
      ['rds.gp3.gb-month', 2 * 30, 1],
      ['rds.backup.gb-month', 30, 1],
      ['rds-proxy.vcpu', 2 * h, 1],
      ['elasticache.cache.t4g.small', 2 * h, 1],
      ['sqs.requests', 3, 4],
      ['waf.web-acl', 1, 1],
      ['waf.rule', 3, 1],
      ['waf.requests', 2, 4],
      ['cloudwatch.alarm', 9, 1],
      ['route53.hosted-zone', 1, 1],
    ];
    const report = cost(spec, load, plan);
    expect(report.lines.map((l) => [l.priceKey, l.quantity, l.spikeFactor])).toEqual(expected);
    expect(report.lines.find((l) => l.priceKey === 'rds.pg.db.t4g.medium')?.component).toBe(
      'RDS PostgreSQL db.t4g.medium Multi-AZ',
    );
    expect(report.lines.find((l) => l.priceKey === 'vpce.interface.hour')?.component).toBe(
      'VPC interface endpoints (sqs)',
    );

    // Single-AZ halves the database instance and storage lines.
    const single = cost(spec, load, {
      ...plan,
      database: { ...plan.database!, multiAz: false } as Services['database'],
    });
    expect(single.lines.find((l) => l.priceKey === 'rds.pg.db.t4g.medium')?.quantity).toBe(h);
    expect(single.lines.find((l) => l.priceKey === 'rds.gp3.gb-month')?.quantity).toBe(30);
  });

  it('prices Lambda, API Gateway and GPU hours per request, with the spike as their spike factor', () => {
    const { spec, load, plan, report } = design({ ...archetypes.aiGpu, spike: 7 });
    const line = (key: PriceKey) => report.lines.find((l) => l.priceKey === key)!;
    expect(line('lambda.requests')).toMatchObject({ quantity: q4(load.requestsMonth / 1_000_000), spikeFactor: 7 });
    expect(line('lambda.gb-second')).toMatchObject({ quantity: q4(load.requestsMonth * 0.12 * 0.5), spikeFactor: 7 });
    expect(line('apigw.http.requests')).toMatchObject({ quantity: q4(load.requestsMonth / 1_000_000), spikeFactor: 7 });
    expect(line('ec2.g5.xlarge')).toMatchObject({ quantity: q4(plan.gpu!.hoursMonth), spikeFactor: spec.spike });
    expect(line('route53.hosted-zone').spikeFactor).toBe(1);
  });

  it('prices the game fleet by instance hours, scaled max ÷ min on a spike, and DynamoDB per million', () => {
    const { plan, report } = design(archetypes.game);
    const line = (key: PriceKey) => report.lines.find((l) => l.priceKey === key)!;
    if (plan.compute.kind !== 'ec2' || plan.database?.engine !== 'dynamodb') throw new Error('expected the game fleet');
    expect(line('ec2.c7g.large')).toMatchObject({
      quantity: plan.compute.avgInstances * HOURS_PER_MONTH,
      spikeFactor: plan.compute.max / plan.compute.min,
    });
    expect(line('nlb.hour').quantity).toBe(HOURS_PER_MONTH);
    expect(line('nlb.nlcu').quantity).toBe(q4(plan.front.lcuPerHour * HOURS_PER_MONTH));
    expect(line('dynamodb.writes').quantity).toBe(q4(plan.database.writesMonth / 1_000_000));
    expect(line('dynamodb.reads').quantity).toBe(q4(plan.database.readsMonth / 1_000_000));
    expect(line('dto.gb').quantity).toBe(q4(plan.network.directGbMonth));
    expect(keysOf(report)).not.toContain('alb.hour');
  });

  it('leaves out lines whose quantity is zero (no NAT, no GPU, no proxy)', () => {
    const { report } = design(archetypes.serverlessApi);
    for (const key of [
      'nat.hour',
      'nat.gb',
      'ec2.g5.xlarge',
      'vpc.public-ipv4',
      'dto.gb',
      'vpce.interface.hour',
    ] as const)
      expect(keysOf(report)).not.toContain(key);
    const lean = design(archetypes.webWithDb, { lean: true }).report;
    expect(keysOf(lean).filter((k) => k.startsWith('waf.'))).toEqual([]);
  });
});

describe('cost: a modified price table', () => {
  it('changes exactly the lines using the changed key, and nothing for another region or an unused key', () => {
    for (const input of [
      archetypes.webWithDb,
      archetypes.serverlessApi,
      archetypes.game,
      archetypes.aiGpu,
      archetypes.static,
    ]) {
      const { spec, load, plan, report } = design(input);
      for (const key of new Set(keysOf(report))) {
        const table = structuredClone(PRICES);
        table.regions[spec.region]![key]!.usd *= 3;
        const changed = cost(spec, load, plan, table);
        expect(changed.lines.length).toBe(report.lines.length);
        changed.lines.forEach((line, i) => {
          const was = report.lines[i]!;
          if (line.priceKey === key) {
            expect(line.unitPriceUsd).toBe(table.regions[spec.region]![key]!.usd);
            expect(line.monthlyUsd).toBe(cents(line.quantity * line.unitPriceUsd));
            expect({ ...line, unitPriceUsd: 0, monthlyUsd: 0 }).toEqual({ ...was, unitPriceUsd: 0, monthlyUsd: 0 });
          } else {
            expect(line, `${key} leaked into ${line.priceKey}`).toEqual(was);
          }
        });
        expect(changed.totalUsd).toBe(sumCents(changed));
      }
      const otherRegion = REGIONS.find((r) => r !== spec.region)!;
      const elsewhere = structuredClone(PRICES);
      for (const key of PRICE_KEYS)
        if (elsewhere.regions[otherRegion]![key]) elsewhere.regions[otherRegion]![key]!.usd *= 5;
      expect(cost(spec, load, plan, elsewhere)).toEqual(report);
      const unused = PRICE_KEYS.filter((k) => !keysOf(report).includes(k));
      const untouched = structuredClone(PRICES);
      for (const key of unused) untouched.regions[spec.region]![key]!.usd *= 5;
      expect(cost(spec, load, plan, untouched)).toEqual(report);
    }
  });

  it('uses the shipped table by default', () => {
    const { spec, load, plan } = design(archetypes.webWithDb);
    expect(cost(spec, load, plan)).toEqual(cost(spec, load, plan, PRICES));
  });

  it('carries each entry’s source onto its line', () => {
    const { spec, load, plan } = design(archetypes.serverlessApi);
    const table = structuredClone(PRICES);
    table.regions[spec.region]!['lambda.requests']!.source = 'checked by hand on the AWS page';
    const report = cost(spec, load, plan, table);
    expect(report.lines.find((l) => l.priceKey === 'lambda.requests')?.priceSource).toBe(
      'checked by hand on the AWS page',
    );
    for (const line of report.lines.filter((l) => l.priceKey !== 'lambda.requests'))
      expect(line.priceSource).toBe(PRICES.regions[spec.region]![line.priceKey]!.source);
  });
});

describe('cost: a missing price', () => {
  it('throws a UserError naming the key and region instead of pricing it at 0', () => {
    const { spec, load, plan, report } = design(archetypes.webWithDb);
    for (const key of new Set(keysOf(report))) {
      const table = structuredClone(PRICES);
      delete table.regions[spec.region]![key];
      const error = thrown(() => cost(spec, load, plan, table));
      expect(error.message).toContain(`"${key}"`);
      expect(error.message).toContain(`"${spec.region}"`);
    }
  });

  it('throws a UserError naming both when the region is missing altogether', () => {
    const { spec, load, plan } = design(archetypes.game);
    const table = structuredClone(PRICES);
    delete table.regions[spec.region];
    const error = thrown(() => cost(spec, load, plan, table));
    expect(error.message).toContain(spec.region);
    expect(error.message).toMatch(/"[a-z0-9.-]+"\)$/);
  });

  it('does not need prices for lines the plan does not have', () => {
    const { spec, load, plan, report } = design(archetypes.serverlessApi);
    const table = structuredClone(PRICES);
    for (const key of PRICE_KEYS) if (!keysOf(report).includes(key)) delete table.regions[spec.region]![key];
    expect(cost(spec, load, plan, table)).toEqual(report);
  });
});

describe('cost: totals, free tier and the spike day', () => {
  it('totals the plain sum of the lines: the free tier is listed, never subtracted', () => {
    for (const { name, report } of designs()) {
      expect(report.totalUsd, name).toBe(sumCents(report));
      const expected = freeTier.flatMap((allowance) => {
        const line = report.lines.find((l) => l.priceKey === allowance.key);
        return line
          ? [
              {
                component: line.component,
                description: allowance.description,
                potentialSavingUsd: cents(Math.min(line.quantity, allowance.quantity) * line.unitPriceUsd),
              },
            ]
          : [];
      });
      expect(report.freeTier, name).toEqual(expected);
    }
    const { report } = design(archetypes.serverlessApi);
    expect(report.freeTier.length).toBeGreaterThan(0);
    expect(report.freeTier.reduce((s, f) => s + f.potentialSavingUsd, 0)).toBeGreaterThan(0);
  });

  it('caps a free-tier saving at the line itself when usage is under the allowance', () => {
    const { report } = design(archetypes.static);
    const alarms = report.lines.find((l) => l.priceKey === 'cloudwatch.alarm')!;
    const allowance = freeTier.find((f) => f.key === 'cloudwatch.alarm')!;
    expect(alarms.quantity).toBeLessThan(allowance.quantity);
    expect(report.freeTier.find((f) => f.component === alarms.component)?.potentialSavingUsd).toBe(
      cents(alarms.quantity * alarms.unitPriceUsd),
    );
  });

  it('prices a spike day as a day of each line × its spike factor', () => {
    expect(DAYS_PER_MONTH).toBe(HOURS_PER_MONTH / 24);
    for (const { name, report } of designs()) {
      expect(report.spikeDayUsd, name).toBe(
        cents(report.lines.reduce((sum, l) => sum + (l.monthlyUsd / DAYS_PER_MONTH) * l.spikeFactor, 0)),
      );
      expect(report.spikeDayUsd, name).toBeGreaterThanOrEqual(cents(report.totalUsd / DAYS_PER_MONTH) - 0.01);
    }
  });

  it('makes a bigger spike cost more on the spike day but not in the month', () => {
    const calm = design({ ...archetypes.serverlessApi, spike: 1 });
    const wild = design({ ...archetypes.serverlessApi, spike: 50 });
    // Per-request lines have spikeFactor = spec.spike; with spike 1 every factor is 1.
    for (const line of calm.report.lines) expect(line.spikeFactor).toBe(1);
    expect(calm.report.spikeDayUsd).toBe(
      cents(calm.report.lines.reduce((s, l) => s + l.monthlyUsd / DAYS_PER_MONTH, 0)),
    );
    expect(wild.report.lines.filter((l) => l.spikeFactor === 50).map((l) => l.priceKey)).toEqual(
      expect.arrayContaining(['lambda.requests', 'lambda.gb-second', 'apigw.http.requests', 'cloudfront.gb']),
    );
    expect(wild.report.lines.find((l) => l.priceKey === 'rds.pg.db.t4g.micro')?.spikeFactor).toBe(1);
    expect(wild.report.spikeDayUsd).toBeGreaterThan(calm.report.spikeDayUsd);
    expect(wild.report.totalUsd).toBe(calm.report.totalUsd);
  });

  it('scales Fargate lines by max ÷ min tasks on a spike day', () => {
    const { plan, report } = design(archetypes.webWithDb);
    if (plan.compute.kind !== 'fargate') throw new Error('expected Fargate');
    for (const key of ['fargate.vcpu', 'fargate.gb'] as const)
      expect(report.lines.find((l) => l.priceKey === key)?.spikeFactor).toBe(plan.compute.max / plan.compute.min);
  });
});

describe('cost: budget and dates', () => {
  it('is over budget only when the total is strictly above it', () => {
    const { spec, load, plan, report } = design(archetypes.webWithDb);
    const at = cost({ ...spec, budgetUsd: report.totalUsd }, load, plan);
    expect(at).toMatchObject({ budgetUsd: report.totalUsd, overBudget: false, totalUsd: report.totalUsd });
    expect(cost({ ...spec, budgetUsd: cents(report.totalUsd - 0.01) }, load, plan).overBudget).toBe(true);
    expect(cost({ ...spec, budgetUsd: cents(report.totalUsd + 0.01) }, load, plan).overBudget).toBe(false);
  });

  it('dates the report by the oldest price it used', () => {
    for (const { name, spec, report } of designs()) {
      const used = [...new Set(keysOf(report))].map((k) => PRICES.regions[spec.region]![k]!.asOf).sort();
      expect(report.pricesAsOf, name).toBe(used[0]);
    }
    const { spec, load, plan, report } = design(archetypes.serverlessApi);
    const table = structuredClone(PRICES);
    for (const entry of Object.values(table.regions[spec.region]!)) entry.asOf = '2030-01-01';
    expect(cost(spec, load, plan, table).pricesAsOf).toBe('2030-01-01');
    table.regions[spec.region]!['apigw.http.requests']!.asOf = '2021-03-04';
    expect(cost(spec, load, plan, table).pricesAsOf).toBe('2021-03-04');
    // An older entry the plan does not use does not date it.
    const unused = PRICE_KEYS.find((k) => !keysOf(report).includes(k))!;
    table.regions[spec.region]![unused]!.asOf = '1999-01-01';
    expect(cost(spec, load, plan, table).pricesAsOf).toBe('2021-03-04');
    // Nor does the table's own date.
    table.asOf = '1990-01-01';
    expect(cost(spec, load, plan, table).pricesAsOf).toBe('2021-03-04');
  });
});

describe('cost: purity', () => {
  it('gives deep-equal output twice and mutates neither spec, load, plan nor price table', () => {
    for (const { spec, load, plan } of designs()) {
      const prices = structuredClone(PRICES);
      const before = structuredClone({ spec, load, plan, prices });
      const first = cost(spec, load, plan, prices);
      expect(cost(spec, load, plan, prices)).toEqual(first);
      expect({ spec, load, plan, prices }).toEqual(before);
      const frozen = deepFreeze(structuredClone({ spec, load, plan, prices }));
      expect(cost(frozen.spec, frozen.load as Traffic, frozen.plan, frozen.prices)).toEqual(first);
    }
  });
});
