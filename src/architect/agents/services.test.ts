import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test/helpers/deep-freeze.js';
import { archetypes as shipped } from '../archetypes.js';
import { REGIONS } from '../prices.js';
import { parseSpec, type ServiceSpec, type ServiceSpecInput } from '../spec.js';
import {
  architecture,
  LAMBDA_SECONDS_PER_REQUEST,
  lambdaConcurrency,
  type ArchitectureOptions,
} from './architecture.js';
import {
  AZS,
  BACKUP_SHARE_OF_STORAGE,
  DYNAMODB_READS_PER_REQUEST,
  DYNAMODB_WRITES_PER_REQUEST,
  FARGATE_TASK,
  LAMBDA_MEMORY_GB,
  NAT_KB_PER_REQUEST,
  QUEUE_MESSAGES_PER_REQUEST,
  QUEUE_POLLERS,
  RDS_MIN_STORAGE_GB,
  RDS_PROXY_VCPUS,
  RDS_STORAGE_MONTHS_AHEAD,
  REQUESTS_PER_CONNECTION,
  SQS_REQUESTS_PER_MESSAGE,
  STATIC_PUTS_MONTH,
  WAF_RULES,
  services,
} from './services.js';
import { HOURS_PER_MONTH, PEAK_TO_AVERAGE, UPLOADS_PER_USER_MONTH, traffic } from './traffic.js';

// The shared archetypes, typed by name (the module types them as an open record).
const archetypes = shipped as Record<
  'static' | 'webWithDb' | 'serverlessApi' | 'game' | 'aiGpu' | 'aiHybrid',
  ServiceSpecInput
>;

const plan = (input: ServiceSpecInput, options: ArchitectureOptions = {}) => {
  const spec: ServiceSpec = parseSpec(input);
  const load = traffic(spec);
  const arch = architecture(spec, load, options);
  return { spec, load, arch, plan: services(spec, load, arch) };
};
// 1,000 web users: the average is tiny, so the stated crowd alone sets the peak (0.1 req/s each).
const web = (peakConcurrent: number, features: ServiceSpecInput['features'] = ['db', 'cache']): ServiceSpecInput => ({
  type: 'web',
  usersMonth: 1_000,
  budgetUsd: 500,
  region: 'us-east-1',
  features,
  peakConcurrent,
});
const IDLE_POLLS = QUEUE_POLLERS * ((HOURS_PER_MONTH * 3600) / 20);

describe('services: static-cdn', () => {
  it('runs nothing: no compute, no load balancer, no NAT, no public IPs', () => {
    const { plan: p, load } = plan(archetypes.static);
    expect(p.pattern).toBe('static-cdn');
    expect(p.compute).toEqual({ kind: 'none' });
    expect(p.front).toEqual({ kind: 'cloudfront', lcuPerHour: 0 });
    expect(p.cdn).toEqual({ service: 'cloudfront', gbMonth: load.bandwidthGbMonth, requestsMonth: load.requestsMonth });
    expect(p.network).toMatchObject({
      natGateways: 0,
      natGbMonth: 0,
      interfaceEndpoints: [],
      azs: AZS,
      publicIpv4Hours: 0,
      directGbMonth: 0,
    });
    expect(p.network.why).toMatch(/nothing runs inside a VPC/);
    expect(p.objectStorage).toEqual({ gb: load.storageGbMonth1, putsMonth: STATIC_PUTS_MONTH });
    expect(p.database).toBeUndefined();
    expect(p.queue).toBeUndefined();
    expect(p.gpu).toBeUndefined();
    expect(p.waf).toEqual({ rules: WAF_RULES, requestsMonth: load.requestsMonth });
    // front 5xx + latency, billing.
    expect(p.alarms).toBe(3);
    expect(p.hostedZones).toBe(1);
  });

  it('gives a static site no cache, database or queue', () => {
    const { cache, database, queue } = plan(archetypes.static).plan;
    expect([cache, database, queue]).toEqual([undefined, undefined, undefined]);
  });
});

describe('services: serverless', () => {
  it('sizes Lambda from the constants and puts it in the VPC only to reach a database', () => {
    const { plan: p, load, arch } = plan(archetypes.serverlessApi);
    expect(p.compute).toEqual({
      kind: 'lambda',
      memoryGb: LAMBDA_MEMORY_GB,
      secondsPerRequest: LAMBDA_SECONDS_PER_REQUEST,
      maxConcurrency: lambdaConcurrency(load.spikeRps),
      inVpc: true,
    });
    expect(p.compute.kind === 'lambda' && p.compute.maxConcurrency).toBe(arch.autoscaling.max);
    expect(p.front).toEqual({ kind: 'api-gateway', lcuPerHour: 0 });
    expect(plan({ ...archetypes.serverlessApi, features: [] }).plan.compute).toMatchObject({
      kind: 'lambda',
      inVpc: false,
    });
  });

  it('has no NAT for an API in the VPC: gateway endpoints reach S3/DynamoDB', () => {
    const { plan: p } = plan(archetypes.serverlessApi);
    expect(p.network.natGateways).toBe(0);
    expect(p.network.natGbMonth).toBe(0);
    expect(p.network.interfaceEndpoints).toEqual([]);
    expect(p.network.why).toBe('no NAT: Lambda reaches S3/DynamoDB through free gateway endpoints');
    expect(p.network.publicIpv4Hours).toBe(0);
  });

  it('adds one NAT gateway for an AI handler in the VPC calling model APIs, and only then', () => {
    const ai: ServiceSpecInput = {
      type: 'ai',
      usersMonth: 5_000,
      budgetUsd: 300,
      region: 'eu-central-1',
      features: ['db'],
    };
    const { plan: p, load } = plan(ai);
    expect(p.network.natGateways).toBe(1);
    expect(p.network.natGbMonth).toBe((load.requestsMonth * NAT_KB_PER_REQUEST) / 1_000_000);
    expect(p.network.why).toMatch(/model APIs/);
    // The NAT gateway's address is a billed public IPv4.
    expect(p.network.publicIpv4Hours).toBe(HOURS_PER_MONTH);
    // Outside the VPC (no db) it reaches the internet directly.
    expect(plan({ ...ai, features: [] }).plan.network.natGateways).toBe(0);
    // With its own GPU, inference stays on the queue.
    expect(plan({ ...ai, features: ['db', 'gpu'] }).plan.network.natGateways).toBe(0);
    // Not an AI handler: no NAT.
    expect(plan({ ...ai, type: 'api' }).plan.network.natGateways).toBe(0);
  });

  it('adds a background queue only with the queue feature, reached through an SQS endpoint from the VPC', () => {
    const { plan: none } = plan(archetypes.serverlessApi);
    expect(none.queue).toBeUndefined();
    const { plan: p, load } = plan({ ...archetypes.serverlessApi, features: ['db', 'queue'] });
    const messages = load.requestsMonth * QUEUE_MESSAGES_PER_REQUEST;
    expect(p.queue).toEqual({
      messagesMonth: messages,
      sqsRequestsMonth: messages * SQS_REQUESTS_PER_MESSAGE + IDLE_POLLS,
    });
    expect(p.network.interfaceEndpoints).toEqual(['sqs']);
    expect(p.network.why).toMatch(/SQS through an interface endpoint/);
    expect(p.alarms).toBe(none.alarms + 1);
    // Outside the VPC the queue needs no endpoint.
    expect(plan({ ...archetypes.serverlessApi, features: ['queue'] }).plan.network.interfaceEndpoints).toEqual([]);
  });
});

describe('services: containers', () => {
  it('runs 0.5 vCPU / 1 GB tasks, billed at the scaling minimum, in public subnets without NAT', () => {
    const { plan: p, arch } = plan(archetypes.webWithDb);
    expect(p.compute).toEqual({
      kind: 'fargate',
      vcpu: FARGATE_TASK.vcpu,
      memoryGb: FARGATE_TASK.memoryGb,
      avgTasks: arch.autoscaling.min,
      min: arch.autoscaling.min,
      max: arch.autoscaling.max,
    });
    expect(p.network.natGateways).toBe(0);
    expect(p.network.why).toMatch(/public subnets/);
    // One IP per ALB node (per AZ) and per running task.
    expect(p.network.publicIpv4Hours).toBe((AZS + arch.autoscaling.min) * HOURS_PER_MONTH);
  });

  it('prices ALB capacity as the largest of new connections, active connections and processed GB', () => {
    const { plan: p, load } = plan(archetypes.webWithDb);
    const expected = Math.max(
      load.avgRps / REQUESTS_PER_CONNECTION / 25,
      load.concurrentConnections / PEAK_TO_AVERAGE / 3_000,
      (load.bandwidthGbMonth + load.realtimeGbMonth) / HOURS_PER_MONTH,
    );
    expect(p.front.kind).toBe('alb');
    expect(p.front.lcuPerHour).toBe(Number(expected.toFixed(4)));
    expect(p.front.lcuPerHour).toBeGreaterThan(0);
  });

  it('sizes the RDS instance by peak req/s: micro to 50, medium to 500, r7g.large above', () => {
    const classOf = (peakConcurrent: number) => {
      const { plan: p, load } = plan(web(peakConcurrent), { pattern: 'containers' });
      expect(p.database?.engine).toBe('rds-postgresql');
      return {
        peak: load.peakRps,
        instanceClass: p.database?.engine === 'rds-postgresql' ? p.database.instanceClass : undefined,
      };
    };
    expect(classOf(500)).toEqual({ peak: 50, instanceClass: 'db.t4g.micro' });
    expect(classOf(501)).toEqual({ peak: 50.1, instanceClass: 'db.t4g.medium' });
    expect(classOf(5_000)).toEqual({ peak: 500, instanceClass: 'db.t4g.medium' });
    expect(classOf(5_001)).toEqual({ peak: 500.1, instanceClass: 'db.r7g.large' });
  });

  it('sizes the cache by peak req/s: t4g.micro to 200, t4g.small to 2,000, r7g.large above; 2 nodes, 1 if lean', () => {
    const cacheOf = (peakConcurrent: number, lean = false) =>
      plan(web(peakConcurrent), { pattern: 'containers', lean }).plan.cache;
    expect(cacheOf(2_000)).toEqual({ nodeType: 'cache.t4g.micro', nodes: 2 });
    expect(cacheOf(2_001)).toEqual({ nodeType: 'cache.t4g.small', nodes: 2 });
    expect(cacheOf(20_000)).toEqual({ nodeType: 'cache.t4g.small', nodes: 2 });
    expect(cacheOf(20_001)).toEqual({ nodeType: 'cache.r7g.large', nodes: 2 });
    expect(cacheOf(2_000, true)).toEqual({ nodeType: 'cache.t4g.micro', nodes: 1 });
    expect(plan(web(2_000, ['db']), { pattern: 'containers' }).plan.cache).toBeUndefined();
  });

  it('provisions a year of database growth, at least 20 GB, Multi-AZ unless lean, a proxy only when chosen', () => {
    const small = plan(archetypes.webWithDb).plan.database;
    expect(small).toMatchObject({ engine: 'rds-postgresql', multiAz: true, proxyVcpus: RDS_PROXY_VCPUS });
    // 500k users grow the database 25 GB a month: 300 GB for a year ahead.
    const { load } = plan(archetypes.webWithDb);
    const storage = Math.max(RDS_MIN_STORAGE_GB, Math.ceil(load.dbGrowthGbMonth * RDS_STORAGE_MONTHS_AHEAD));
    expect(storage).toBeGreaterThan(RDS_MIN_STORAGE_GB);
    expect(small).toMatchObject({ storageGb: storage, backupGb: storage * BACKUP_SHARE_OF_STORAGE });
    const tiny = plan(web(10, ['db']), { pattern: 'containers' });
    expect(tiny.arch.rdsProxy).toBe(false);
    expect(tiny.plan.database).toMatchObject({
      storageGb: RDS_MIN_STORAGE_GB,
      backupGb: RDS_MIN_STORAGE_GB,
      proxyVcpus: 0,
    });
    expect(plan(archetypes.webWithDb, { lean: true }).plan.database).toMatchObject({ multiAz: false });
  });

  it('counts alarms: front, compute, database, cache, billing', () => {
    expect(plan(archetypes.webWithDb).plan.alarms).toBe(2 + 2 + 3 + 1 + 1);
    expect(plan(web(10, []), { pattern: 'containers' }).plan.alarms).toBe(2 + 2 + 1);
  });
});

describe('services: ec2-asg', () => {
  it('runs c7g.large game servers behind an NLB, storing player state in DynamoDB', () => {
    const { plan: p, load, arch } = plan(archetypes.game);
    expect(p.compute).toEqual({
      kind: 'ec2',
      instanceType: 'c7g.large',
      avgInstances: arch.autoscaling.min,
      min: arch.autoscaling.min,
      max: arch.autoscaling.max,
    });
    expect(p.front.kind).toBe('nlb');
    expect(p.database).toEqual({
      engine: 'dynamodb',
      storageGb: load.dbGrowthGbMonth,
      writesMonth: load.requestsMonth * DYNAMODB_WRITES_PER_REQUEST,
      readsMonth: load.requestsMonth * DYNAMODB_READS_PER_REQUEST,
    });
  });

  it('sends realtime traffic straight from the servers (direct egress), with no NAT', () => {
    const { plan: p, load, arch } = plan(archetypes.game);
    expect(load.realtimeGbMonth).toBeGreaterThan(0);
    expect(p.network.directGbMonth).toBe(load.realtimeGbMonth);
    expect(p.network.natGateways).toBe(0);
    expect(p.network.publicIpv4Hours).toBe((AZS + arch.autoscaling.min) * HOURS_PER_MONTH);
    const expected = Math.max(
      load.avgRps / REQUESTS_PER_CONNECTION / 800,
      load.concurrentConnections / PEAK_TO_AVERAGE / 100_000,
      (load.bandwidthGbMonth + load.realtimeGbMonth) / HOURS_PER_MONTH,
    );
    expect(p.front.lcuPerHour).toBe(Number(expected.toFixed(4)));
  });
});

describe('services: GPU designs', () => {
  it('bills cloud GPU hours that scale to zero, with every request queued', () => {
    const { plan: p, load, arch } = plan(archetypes.aiGpu);
    expect(p.gpu).toEqual({
      instanceType: 'g5.xlarge',
      hoursMonth: load.gpuHoursMonth,
      min: 0,
      max: arch.autoscaling.max,
    });
    expect(p.queue).toEqual({
      messagesMonth: load.requestsMonth,
      sqsRequestsMonth: load.requestsMonth * SQS_REQUESTS_PER_MESSAGE + IDLE_POLLS,
    });
    expect(p.compute).toMatchObject({ kind: 'lambda', inVpc: true });
    expect(p.network.interfaceEndpoints).toEqual(['sqs']);
    expect(p.network.natGateways).toBe(0);
    // A GPU instance holds a public IPv4 while it runs.
    expect(p.network.publicIpv4Hours).toBe(load.gpuHoursMonth);
    // front 2 + compute 2 + db 3 + queue 1 + GPU 1 + billing 1.
    expect(p.alarms).toBe(10);
    expect(p.notes).toEqual([]);
  });

  it('runs a hybrid design without cloud GPUs: a queue for your own GPU, a note saying its cost is not here', () => {
    const { plan: p, load } = plan(archetypes.aiHybrid);
    expect(p.pattern).toBe('hybrid-gpu');
    expect(p.gpu).toBeUndefined();
    expect(p.queue?.messagesMonth).toBe(load.requestsMonth);
    expect(p.notes).toEqual([expect.stringMatching(/self-hosted GPU/)]);
    expect(p.network.publicIpv4Hours).toBe(0);
    expect(p.objectStorage.putsMonth).toBe(parseSpec(archetypes.aiHybrid).usersMonth * UPLOADS_PER_USER_MONTH);
  });
});

describe('services: features and options', () => {
  it('adds the database, cache, queue and uploads only for the features asked', () => {
    const bare = plan({ type: 'web', usersMonth: 400_000, budgetUsd: 1_000, region: 'eu-west-1' }).plan;
    expect(bare.pattern).toBe('containers');
    expect([bare.database, bare.cache, bare.queue]).toEqual([undefined, undefined, undefined]);
    expect(bare.objectStorage.putsMonth).toBe(STATIC_PUTS_MONTH);
    const full = plan({
      type: 'web',
      usersMonth: 400_000,
      budgetUsd: 1_000,
      region: 'eu-west-1',
      features: ['db', 'cache', 'queue', 'uploads'],
    });
    expect(full.plan.database?.engine).toBe('rds-postgresql');
    expect(full.plan.cache).toBeDefined();
    expect(full.plan.queue?.messagesMonth).toBe(full.load.requestsMonth * QUEUE_MESSAGES_PER_REQUEST);
    expect(full.plan.objectStorage).toEqual({
      gb: full.load.storageGbMonth1,
      putsMonth: 400_000 * UPLOADS_PER_USER_MONTH,
    });
    expect(full.plan.alarms).toBe(bare.alarms + 3 + 1 + 1);
  });

  it('goes single-AZ without WAF when lean, two AZs with WAF otherwise', () => {
    const full = plan(archetypes.webWithDb).plan;
    const lean = plan(archetypes.webWithDb, { lean: true }).plan;
    expect(full.network.azs).toBe(AZS);
    expect(full.waf).toEqual({
      rules: WAF_RULES,
      requestsMonth: traffic(parseSpec(archetypes.webWithDb)).requestsMonth,
    });
    expect(lean.network.azs).toBe(1);
    expect(lean.waf).toBeUndefined();
    // One ALB node's address instead of two; tasks billed at the (lean) minimum.
    expect(lean.network.publicIpv4Hours).toBe(
      (1 + (lean.compute.kind === 'fargate' ? lean.compute.avgTasks : NaN)) * HOURS_PER_MONTH,
    );
  });

  it('gives the same plan in every region: sizes depend on load, the region only on prices', () => {
    // Services carry no region of their own; the spec's region reaches the cost agent with the spec.
    for (const input of [archetypes.webWithDb, archetypes.serverlessApi, archetypes.game]) {
      const plans = REGIONS.map((region) => plan({ ...input, region }).plan);
      for (const p of plans) expect(p).toEqual(plans[0]);
    }
  });
});

describe('services: purity', () => {
  it('gives deep-equal output twice and mutates neither spec, load nor architecture', () => {
    for (const input of Object.values(archetypes)) {
      for (const lean of [false, true]) {
        const { spec, load, arch } = plan(input, { lean });
        const before = structuredClone({ spec, load, arch });
        const first = services(spec, load, arch);
        expect(services(spec, load, arch)).toEqual(first);
        expect({ spec, load, arch }).toEqual(before);
        const frozen = deepFreeze(structuredClone({ spec, load, arch }));
        expect(services(frozen.spec, frozen.load, frozen.arch)).toEqual(first);
      }
    }
  });

  it('does not share the notes array between calls', () => {
    const { spec, load, arch } = plan(archetypes.aiHybrid);
    services(spec, load, arch).notes.push('tampered');
    expect(services(spec, load, arch).notes).not.toContain('tampered');
  });
});
