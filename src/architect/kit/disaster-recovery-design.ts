import type { ChainResult } from '../chain.js';
import type { TerraformPlan } from '../terraform/plan.js';

// Restore times are estimates from the engines' documented behaviour, scaled by the volume the chain
// sized; the fire drill at the end of the file measures the real figure for this account.
/** RDS uploads transaction logs every 5 minutes: the latest restorable time trails by that much. */
export const RDS_PITR_RPO_MINUTES = 5;
/** Creating an instance from a snapshot or a point in time, before any data volume is counted. */
export const RDS_RESTORE_BASE_MINUTES = 30;
/** Snapshot volumes load lazily, so size adds little: one more minute per this many GB. */
export const RDS_RESTORE_GB_PER_MINUTE = 20;
/** DynamoDB's latest restorable time is typically 5 minutes behind the present. */
export const DYNAMODB_PITR_RPO_MINUTES = 5;
/** A DynamoDB restore creates a new table: about half an hour even when it is small. */
export const DYNAMODB_RESTORE_BASE_MINUTES = 30;
/** Restores copy the table's data, so size counts: minutes per GB. */
export const DYNAMODB_RESTORE_MINUTES_PER_GB = 10;
/** A fresh copy of the stack in a new workspace: VPC, load balancer or API, compute, CloudFront. */
export const STACK_APPLY_MINUTES = 45;

/** Recovery point and recovery time objectives of one scenario for this design, in words. */
export interface Objective {
  rpo: string;
  rto: string;
}

/** The scenarios DISASTER_RECOVERY.md always covers, in its order. */
export const SCENARIOS = [
  'az-loss',
  'region-loss',
  'data-loss',
  'leaked-credentials',
  'runaway-cost',
  'bad-deploy',
  'ddos',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const TITLES: Record<Scenario, string> = {
  'az-loss': 'Availability Zone loss',
  'region-loss': 'Region loss',
  'data-loss': 'Database corruption or deletion',
  'leaked-credentials': 'Leaked credentials',
  'runaway-cost': 'Runaway cost',
  'bad-deploy': 'Bad deploy',
  ddos: 'DDoS or traffic flood',
};

/** What the design has that recovery depends on, read from the chain result and the Terraform plan. */
export interface Design {
  name: string;
  region: string;
  blocks: Set<string>;
  rds?: { multiAz: boolean; storageGb: number; proxy: boolean };
  dynamodb?: { storageGb: number };
  uploads: boolean;
  backup: boolean;
  retentionDays: string;
  compute: ChainResult['services']['compute']['kind'];
  cacheFailover: boolean;
  singleNat: boolean;
}

export function designOf(result: ChainResult, terraform: TerraformPlan): Design {
  const { services: svc } = result;
  const blocks = new Set(terraform.blocks.map((b) => b.block));
  const db = svc.database;
  return {
    name: terraform.values.name ?? `soloops-${result.spec.type}`,
    region: result.spec.region,
    blocks,
    ...(db?.engine === 'rds-postgresql'
      ? { rds: { multiAz: db.multiAz, storageGb: db.storageGb, proxy: blocks.has('rds-proxy') } }
      : {}),
    ...(db?.engine === 'dynamodb' ? { dynamodb: { storageGb: db.storageGb } } : {}),
    uploads: blocks.has('uploads'),
    backup: blocks.has('backup'),
    retentionDays: terraform.values.backup_retention_days ?? '30',
    compute: svc.compute.kind,
    cacheFailover: (svc.cache?.nodes ?? 0) > 1,
    singleNat: blocks.has('vpc') && terraform.values.nat === 'true',
  };
}

const rdsRestoreMinutes = (storageGb: number) =>
  RDS_RESTORE_BASE_MINUTES + Math.ceil(storageGb / RDS_RESTORE_GB_PER_MINUTE);
const dynamodbRestoreMinutes = (storageGb: number) =>
  DYNAMODB_RESTORE_BASE_MINUTES + Math.ceil(storageGb * DYNAMODB_RESTORE_MINUTES_PER_GB);
/** The slowest data-store restore of the design, in minutes (0 without a database). */
const restoreMinutes = (d: Design) =>
  Math.max(
    d.rds ? rdsRestoreMinutes(d.rds.storageGb) : 0,
    d.dynamodb ? dynamodbRestoreMinutes(d.dynamodb.storageGb) : 0,
  );
const minutes = (m: number) => (m < 90 ? `about ${m} min` : `about ${Math.round((m / 60) * 2) / 2} h`);

export function objectivesOf(d: Design): Record<Scenario, Objective> {
  const hasData = d.rds !== undefined || d.dynamodb !== undefined || d.uploads;
  const restore = restoreMinutes(d);
  const pitr = d.rds || d.dynamodb ? `${Math.max(RDS_PITR_RPO_MINUTES, DYNAMODB_PITR_RPO_MINUTES)} min` : '0';

  const azLoss: Objective = d.rds
    ? d.rds.multiAz
      ? { rpo: '0 (synchronous standby)', rto: '1–2 min (automatic Multi-AZ failover)' }
      : {
          rpo: `${RDS_PITR_RPO_MINUTES} min (point-in-time restore into another zone)`,
          rto: `${minutes(rdsRestoreMinutes(d.rds.storageGb) + 15)} (single-AZ: restore, then swap)`,
        }
    : d.dynamodb
      ? { rpo: '0 (DynamoDB replicates across three zones)', rto: '5 min (servers replaced in the other zones)' }
      : { rpo: '0 (no data in a zone)', rto: '0–5 min (regional and global services)' };

  const regionLoss: Objective = hasData
    ? {
        rpo: `up to 24 h with backup_copy_region set; without it (default) the data is back only when the region is`,
        rto: `${minutes(STACK_APPLY_MINUTES + restore)} with the copy (new stack + restore); else the outage's length`,
      }
    : { rpo: '0 (the site is rebuilt from your repository)', rto: `${minutes(STACK_APPLY_MINUTES)} (new stack)` };

  const dataParts: string[] = [];
  if (d.rds) dataParts.push(`database ${minutes(rdsRestoreMinutes(d.rds.storageGb) + 15)}`);
  if (d.dynamodb) dataParts.push(`table ${minutes(2 * dynamodbRestoreMinutes(d.dynamodb.storageGb))}`);
  if (d.uploads) dataParts.push('one upload: minutes; the whole bucket: a restore job');
  const dataLoss: Objective = hasData
    ? {
        rpo: [
          ...(d.rds || d.dynamodb ? [`${pitr} (point-in-time recovery)`] : []),
          ...(d.uploads ? ['uploads 0 (previous versions), 24 h if the bucket itself is gone'] : []),
        ].join('; '),
        rto: dataParts.join('; '),
      }
    : { rpo: '0 (the site is in your repository)', rto: '5 min (upload the build again)' };

  const deployMinutes = { fargate: 10, lambda: 2, ec2: 15, none: 5 }[d.compute];
  return {
    'az-loss': azLoss,
    'region-loss': regionLoss,
    'data-loss': dataLoss,
    'leaked-credentials': {
      rpo: hasData ? `0 if no data was touched; otherwise as "${TITLES['data-loss']}"` : '0',
      rto: '15–30 min to revoke keys and rotate secrets',
    },
    'runaway-cost': { rpo: 'no data at risk', rto: 'minutes to cap once seen; the budget can lag by up to a day' },
    'bad-deploy': {
      rpo: hasData ? '0, unless a migration changed data: then as database corruption' : '0',
      rto: `${minutes(deployMinutes)} (deploy the previous version)`,
    },
    ddos: { rpo: 'no data at risk', rto: 'minutes once a rule blocks the source (WAF changes apply within a minute)' },
  };
}

// -------------------------------------------------------------------------------------------------
// Alarms of the generated Terraform, by the block that creates them (names as `${local.name}-<suffix>`)
// -------------------------------------------------------------------------------------------------

/** Alarm name suffixes by block and what they mean; the test checks each against the rendered main.tf. */
export const ALARMS: Record<string, Array<[suffix: string, meaning: string]>> = {
  edge: [
    ['cdn-5xx-rate', 'more than 5% of CloudFront responses are 5xx (us-east-1)'],
    ['site-down', 'the Route 53 health check fails (us-east-1)'],
  ],
  alb: [
    ['alb-5xx', 'the service answers 5xx'],
    ['alb-p99-latency', 'p99 above 2 s'],
  ],
  ecs: [
    ['ecs-cpu', 'tasks above 85% CPU'],
    ['ecs-memory', 'tasks above 90% memory'],
  ],
  api: [['api-5xx', 'the API answers 5xx']],
  lambda: [
    ['lambda-errors', 'the function fails'],
    ['lambda-throttles', 'requests hit the reserved concurrency'],
  ],
  asg: [
    ['game-unhealthy', 'a game server fails its health check'],
    ['game-cpu', 'game servers above 85% CPU'],
  ],
  rds: [
    ['db-cpu', 'database CPU above 80%'],
    ['db-free-storage', 'under a tenth of the volume free'],
    ['db-freeable-memory', 'under 64 MB freeable memory'],
  ],
  cache: [['cache-memory', 'cache memory above 80%']],
  queue: [
    ['jobs-age', 'the oldest job waited over 10 minutes'],
    ['jobs-dead-letters', 'jobs moved to the dead-letter queue'],
  ],
  gpu: [['jobs-waiting', 'jobs are waiting for a GPU worker']],
};

/** `name` alarm lines of the blocks the design has, among the given suffixes, in that order. */
export function alarms(d: Design, suffixes: string[]): string[] {
  const present = new Map(
    Object.entries(ALARMS)
      .filter(([block]) => d.blocks.has(block))
      .flatMap(([, list]) => list),
  );
  return suffixes.filter((s) => present.has(s)).map((s) => `alarm \`${d.name}-${s}\`: ${present.get(s)}`);
}

export const budget = (d: Design) =>
  `budget \`${d.name}-monthly\`: 80% of the monthly budget spent, or 100% forecast (SNS → soloops watch)`;
export const bash = (lines: string[]) => ['```bash', ...lines, '```'].join('\n');
export const list = (items: string[]) => items.map((i) => `- ${i}`).join('\n');
