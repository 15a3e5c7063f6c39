import { hasFeature, type ServiceSpec } from '../spec.js';
import {
  LAMBDA_SECONDS_PER_REQUEST,
  lambdaConcurrency,
  type Architecture,
  type Front,
  type Pattern,
} from './architecture.js';
import { HOURS_PER_MONTH, PEAK_TO_AVERAGE, UPLOADS_PER_USER_MONTH, type Traffic } from './traffic.js';

// Sizes and ratios the concrete design rests on; each is an assumption, named so it can be argued.
/** Lambda memory for an API handler, in GB (512 MB on arm64 is the usual price/latency sweet spot). */
export const LAMBDA_MEMORY_GB = 0.5;
/** Fargate task size: 0.5 vCPU / 1 GB, the smallest that runs a Node service comfortably. */
export const FARGATE_TASK = { vcpu: 0.5, memoryGb: 1 } as const;
/** HTTP requests carried per keep-alive connection (an ALB bills new connections). */
export const REQUESTS_PER_CONNECTION = 4;
/** RDS allocates at least 20 GB of gp3; we provision a year of growth up front. */
export const RDS_MIN_STORAGE_GB = 20;
/** The largest gp3 volume RDS PostgreSQL takes (64 TiB); beyond it data must be split or archived. */
export const RDS_MAX_STORAGE_GB = 65_536;
export const RDS_STORAGE_MONTHS_AHEAD = 12;
/** Backup storage billed beyond the free allowance: one retained manual snapshot of the volume. */
export const BACKUP_SHARE_OF_STORAGE = 1;
/** RDS Proxy bills at least 2 vCPUs; every instance class we pick has 2. */
export const RDS_PROXY_VCPUS = 2;
/** DynamoDB writes and reads per HTTP request of a game (state save, state load). */
export const DYNAMODB_WRITES_PER_REQUEST = 0.5;
export const DYNAMODB_READS_PER_REQUEST = 1;
/** Queue messages per request when a queue is asked for without a GPU (background jobs). */
export const QUEUE_MESSAGES_PER_REQUEST = 0.1;
/** SQS requests per message: send, receive, delete. */
export const SQS_REQUESTS_PER_MESSAGE = 3;
/** Long-pollers a Lambda SQS trigger keeps open, each issuing one 20 s receive even when idle. */
export const QUEUE_POLLERS = 5;
/** Outbound bytes per request through a NAT gateway when an AI handler calls a model API, in KB. */
export const NAT_KB_PER_REQUEST = 10;
/** Managed WAF rules: AWS common rule set, known bad inputs, one rate-based rule. */
export const WAF_RULES = 3;
/**
 * Path prefixes an AI service's clients call for inference: the GPU or model bill grows with each call,
 * so each gets a stricter rate-based WAF rule of its own (priced here, written by terraform/plan.ts).
 */
export const AI_EXPENSIVE_ROUTE_PATHS = ['/api/ai', '/v1/generate'];
/** Static sites: 20 deploys a month of ~500 files each. */
export const STATIC_PUTS_MONTH = 10_000;
/** Availability zones in a standard (non-lean) design. */
export const AZS = 2;

export type DbInstanceClass = 'db.t4g.micro' | 'db.t4g.medium' | 'db.r7g.large';
export type CacheNodeType = 'cache.t4g.micro' | 'cache.t4g.small' | 'cache.r7g.large';
export type Ec2InstanceType = 't4g.small' | 't4g.medium' | 'c7g.large' | 'm7g.large';

/** Where requests run. Counts are the average running over a month; min/max are the scaling bounds. */
export type Compute =
  | { kind: 'none' }
  | { kind: 'lambda'; memoryGb: number; secondsPerRequest: number; maxConcurrency: number; inVpc: boolean }
  | { kind: 'fargate'; vcpu: number; memoryGb: number; avgTasks: number; min: number; max: number }
  | { kind: 'ec2'; instanceType: Ec2InstanceType; avgInstances: number; min: number; max: number };

/** The database: PostgreSQL on RDS, or DynamoDB for key-value game state. */
export type Database =
  | {
      engine: 'rds-postgresql';
      instanceClass: DbInstanceClass;
      multiAz: boolean;
      storageGb: number;
      backupGb: number;
      proxyVcpus: number;
    }
  | { engine: 'dynamodb'; storageGb: number; writesMonth: number; readsMonth: number };

/** Concrete AWS resources and sizes for one architecture; the cost agent prices exactly these. */
export interface Services {
  pattern: Pattern;
  compute: Compute;
  /** Cloud GPUs (absent when there are none or they are self-hosted). */
  gpu?: { instanceType: 'g5.xlarge'; hoursMonth: number; min: 0; max: number };
  front: { kind: Front; lcuPerHour: number };
  cdn: { service: 'cloudfront'; gbMonth: number; requestsMonth: number };
  database?: Database;
  cache?: { nodeType: CacheNodeType; nodes: number };
  objectStorage: { gb: number; putsMonth: number };
  queue?: { messagesMonth: number; sqsRequestsMonth: number };
  network: {
    natGateways: number;
    natGbMonth: number;
    interfaceEndpoints: string[];
    azs: number;
    publicIpv4Hours: number;
    directGbMonth: number;
    why: string;
  };
  waf?: { rules: number; requestsMonth: number };
  alarms: number;
  hostedZones: number;
  notes: string[];
}

const bySize = <T>(value: number, steps: ReadonlyArray<readonly [number, T]>, largest: T): T =>
  steps.find(([limit]) => value <= limit)?.[1] ?? largest;

/** Turns an architecture into concrete services and sizes; pure and deterministic. */
export function services(spec: ServiceSpec, load: Traffic, arch: Architecture): Services {
  const { pattern, autoscaling, lean } = arch;
  const azs = lean ? 1 : AZS;
  const notes: string[] = [];
  const db = hasFeature(spec, 'db');
  const compute = computeFor(pattern, load, autoscaling, db);
  const rdsStorageGb = Math.min(
    RDS_MAX_STORAGE_GB,
    Math.max(RDS_MIN_STORAGE_GB, Math.ceil(load.dbGrowthGbMonth * RDS_STORAGE_MONTHS_AHEAD)),
  );
  const database: Database | undefined = !db
    ? undefined
    : pattern === 'ec2-asg'
      ? // Thousands of game-server connections and key-value player state: no connection limit, no proxy.
        {
          engine: 'dynamodb',
          storageGb: load.dbGrowthGbMonth,
          writesMonth: load.requestsMonth * DYNAMODB_WRITES_PER_REQUEST,
          readsMonth: load.requestsMonth * DYNAMODB_READS_PER_REQUEST,
        }
      : {
          engine: 'rds-postgresql',
          instanceClass: bySize(
            load.peakRps,
            [
              [50, 'db.t4g.micro'],
              [500, 'db.t4g.medium'],
            ],
            'db.r7g.large',
          ),
          multiAz: !lean,
          storageGb: rdsStorageGb,
          backupGb: rdsStorageGb * BACKUP_SHARE_OF_STORAGE,
          proxyVcpus: arch.rdsProxy ? RDS_PROXY_VCPUS : 0,
        };

  const gpuQueue = pattern === 'gpu-scale-to-zero' || pattern === 'hybrid-gpu';
  const messagesMonth = gpuQueue
    ? load.requestsMonth
    : hasFeature(spec, 'queue')
      ? load.requestsMonth * QUEUE_MESSAGES_PER_REQUEST
      : 0;
  const queue =
    messagesMonth > 0
      ? {
          messagesMonth,
          sqsRequestsMonth: messagesMonth * SQS_REQUESTS_PER_MESSAGE + QUEUE_POLLERS * ((HOURS_PER_MONTH * 3600) / 20),
        }
      : undefined;
  if (pattern === 'hybrid-gpu')
    notes.push(
      'inference runs on a self-hosted GPU that long-polls the SQS queue; its power and hardware are not in this bill',
    );

  const gpuHours = pattern === 'gpu-scale-to-zero' ? load.gpuHoursMonth : 0;
  const network = networkPlan(spec, load, compute, arch, azs, queue !== undefined, gpuHours);
  const cacheNodes = lean ? 1 : 2;
  return {
    pattern,
    compute,
    ...(gpuHours > 0
      ? { gpu: { instanceType: 'g5.xlarge' as const, hoursMonth: gpuHours, min: 0 as const, max: autoscaling.max } }
      : {}),
    front: { kind: arch.front, lcuPerHour: capacityUnits(arch.front, load) },
    cdn: { service: 'cloudfront', gbMonth: load.bandwidthGbMonth, requestsMonth: load.requestsMonth },
    ...(database ? { database } : {}),
    ...(hasFeature(spec, 'cache') && pattern !== 'static-cdn'
      ? {
          cache: {
            nodeType: bySize(
              load.peakRps,
              [
                [200, 'cache.t4g.micro'],
                [2_000, 'cache.t4g.small'],
              ],
              'cache.r7g.large',
            ),
            nodes: cacheNodes,
          },
        }
      : {}),
    objectStorage: {
      gb: load.storageGbMonth1,
      putsMonth: hasFeature(spec, 'uploads') ? spec.usersMonth * UPLOADS_PER_USER_MONTH : STATIC_PUTS_MONTH,
    },
    ...(queue ? { queue } : {}),
    network,
    ...(lean ? {} : { waf: { rules: wafRules(spec.type), requestsMonth: load.requestsMonth } }),
    alarms: alarmCount(
      compute,
      database,
      hasFeature(spec, 'cache'),
      queue !== undefined,
      pattern === 'gpu-scale-to-zero',
    ),
    hostedZones: 1,
    notes,
  };
}

function computeFor(pattern: Pattern, load: Traffic, scaling: Architecture['autoscaling'], db: boolean): Compute {
  switch (pattern) {
    case 'static-cdn':
      return { kind: 'none' };
    case 'serverless':
    case 'gpu-scale-to-zero':
    case 'hybrid-gpu':
      // Lambda joins the VPC only to reach the database; outside it needs no NAT at all.
      return {
        kind: 'lambda',
        memoryGb: LAMBDA_MEMORY_GB,
        secondsPerRequest: LAMBDA_SECONDS_PER_REQUEST,
        maxConcurrency: lambdaConcurrency(load.spikeRps),
        inVpc: db,
      };
    case 'containers':
      // Billed tasks average the scaling minimum: it is sized from the average load.
      return { kind: 'fargate', ...FARGATE_TASK, avgTasks: scaling.min, min: scaling.min, max: scaling.max };
    case 'ec2-asg':
      return { kind: 'ec2', instanceType: 'c7g.large', avgInstances: scaling.min, min: scaling.min, max: scaling.max };
  }
}

// ALB LCU: max of new connections/25 per s, active connections/3000, processed GB/1 per hour.
// NLB NLCU: new flows/800 per s, active flows/100,000, processed GB/1 per hour.
function capacityUnits(front: Front, load: Traffic): number {
  if (front !== 'alb' && front !== 'nlb') return 0;
  const newPerSecond = load.avgRps / REQUESTS_PER_CONNECTION;
  const active = load.concurrentConnections / PEAK_TO_AVERAGE;
  const gbPerHour = (load.bandwidthGbMonth + load.realtimeGbMonth) / HOURS_PER_MONTH;
  const [perNew, perActive] = front === 'alb' ? [25, 3_000] : [800, 100_000];
  return Number(Math.max(newPerSecond / perNew, active / perActive, gbPerHour).toFixed(4));
}

function networkPlan(
  spec: ServiceSpec,
  load: Traffic,
  compute: Compute,
  arch: Architecture,
  azs: number,
  queued: boolean,
  gpuHours: number,
): Services['network'] {
  // Since Feb 2024 every public IPv4 address is billed hourly: LB nodes (one per AZ), tasks, servers, GPUs.
  const lbIps = arch.front === 'alb' || arch.front === 'nlb' ? azs : 0;
  const runningIps = compute.kind === 'fargate' ? compute.avgTasks : compute.kind === 'ec2' ? compute.avgInstances : 0;
  const lambdaInVpc = compute.kind === 'lambda' && compute.inVpc;
  // An AI handler without its own GPU calls third-party model APIs; from inside a VPC only a NAT
  // gateway reaches the internet. With a GPU, inference stays on our queue and no NAT is needed.
  const nat = lambdaInVpc && spec.type === 'ai' && !hasFeature(spec, 'gpu') ? 1 : 0;
  const interfaceEndpoints = lambdaInVpc && queued ? ['sqs'] : [];
  const why = nat
    ? 'Lambda sits in the VPC to reach the database and must call model APIs on the internet: ' +
      'one NAT gateway (a single one, to save its hourly price)'
    : lambdaInVpc
      ? 'no NAT: Lambda reaches S3/DynamoDB through free gateway endpoints' +
        (queued ? ' and SQS through an interface endpoint' : '')
      : compute.kind === 'fargate' || compute.kind === 'ec2'
        ? 'no NAT: tasks/servers run in public subnets with security groups ' +
          'admitting only the load balancer (or game ports)'
        : 'no NAT: nothing runs inside a VPC';
  return {
    natGateways: nat,
    natGbMonth: nat ? (load.requestsMonth * NAT_KB_PER_REQUEST) / 1_000_000 : 0,
    interfaceEndpoints,
    azs,
    publicIpv4Hours: (lbIps + runningIps + nat) * HOURS_PER_MONTH + gpuHours,
    // Realtime sockets and UDP go straight to the servers, not through CloudFront, so they pay internet egress.
    directGbMonth: load.realtimeGbMonth,
    why,
  };
}

// Per design: 5xx rate and latency at the front, plus saturation alarms for each stateful part, plus billing.
function alarmCount(
  compute: Compute,
  database: Database | undefined,
  cache: boolean,
  queue: boolean,
  gpu: boolean,
): number {
  return (
    2 + (compute.kind === 'none' ? 0 : 2) + (database ? 3 : 0) + (cache ? 1 : 0) + (queue ? 1 : 0) + (gpu ? 1 : 0) + 1
  );
}

/** Whether the design holds something deletion protection guards: a database or a load balancer. */
export function hasDeletionProtection(plan: Services): boolean {
  return plan.database !== undefined || plan.front.kind === 'alb' || plan.front.kind === 'nlb';
}

/** WAF rules a design's web ACL carries: the shared ones plus one rate rule per expensive route. */
export function wafRules(type: ServiceSpec['type']): number {
  return WAF_RULES + (type === 'ai' ? AI_EXPENSIVE_ROUTE_PATHS.length : 0);
}
