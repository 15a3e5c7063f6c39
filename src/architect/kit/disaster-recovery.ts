import type { ChainResult } from '../chain.js';
import { markdownTable } from '../reports/table.js';
import type { TerraformPlan } from '../terraform/plan.js';
import type { KitContext, KitFile } from './kit.js';

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

const TITLES: Record<Scenario, string> = {
  'az-loss': 'Availability Zone loss',
  'region-loss': 'Region loss',
  'data-loss': 'Database corruption or deletion',
  'leaked-credentials': 'Leaked credentials',
  'runaway-cost': 'Runaway cost',
  'bad-deploy': 'Bad deploy',
  ddos: 'DDoS or traffic flood',
};

/** What the design has that recovery depends on, read from the chain result and the Terraform plan. */
interface Design {
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

function designOf(result: ChainResult, terraform: TerraformPlan): Design {
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

/** RPO and RTO of every scenario for this design; exported so tests can compare designs. */
export function recoveryObjectives(context: KitContext): Record<Scenario, Objective> {
  const d = designOf(context.result, context.terraform);
  return objectivesOf(d);
}

function objectivesOf(d: Design): Record<Scenario, Objective> {
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
function alarms(d: Design, suffixes: string[]): string[] {
  const present = new Map(
    Object.entries(ALARMS)
      .filter(([block]) => d.blocks.has(block))
      .flatMap(([, list]) => list),
  );
  return suffixes.filter((s) => present.has(s)).map((s) => `alarm \`${d.name}-${s}\`: ${present.get(s)}`);
}

const budget = (d: Design) =>
  `budget \`${d.name}-monthly\`: 80% of the monthly budget spent, or 100% forecast (SNS → soloops watch)`;
const bash = (lines: string[]) => ['```bash', ...lines, '```'].join('\n');
const list = (items: string[]) => items.map((i) => `- ${i}`).join('\n');

// -------------------------------------------------------------------------------------------------
// Steps, one function per scenario
// -------------------------------------------------------------------------------------------------

const RDS_ADDRESS = "'module.db.module.db_instance.aws_db_instance.this[0]'";

/** Point-in-time restore of the database next to the live one, then the swap Terraform can adopt. */
function rdsRestoreSteps(d: Design, target: string, latest = false): string[] {
  const when = latest ? '--use-latest-restorable-time' : '--restore-time 2030-01-01T12:00:00Z';
  return [
    latest
      ? '# 1. Restore the latest restorable second next to the live instance (RDS picks a healthy zone).'
      : '# 1. Restore next to the live instance, to a time just before the damage (UTC).',
    `SG=$(aws rds describe-db-instances --db-instance-identifier ${d.name} \\`,
    `  --query 'DBInstances[0].VpcSecurityGroups[0].VpcSecurityGroupId' --output text)`,
    `aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier ${d.name} \\`,
    `  --target-db-instance-identifier ${target} ${when} \\`,
    `  --db-subnet-group-name ${d.name} --vpc-security-group-ids "$SG" --no-publicly-accessible`,
    `aws rds wait db-instance-available --db-instance-identifier ${target}`,
    `# 2. Check the data from inside the VPC (psql from a task or an SSM session), then swap the names.`,
    `aws rds modify-db-instance --db-instance-identifier ${d.name} \\`,
    `  --new-db-instance-identifier ${d.name}-damaged --apply-immediately`,
    `aws rds wait db-instance-available --db-instance-identifier ${d.name}-damaged`,
    `aws rds modify-db-instance --db-instance-identifier ${target} \\`,
    `  --new-db-instance-identifier ${d.name} --apply-immediately`,
    `aws rds wait db-instance-available --db-instance-identifier ${d.name}`,
    `# 3. Terraform adopts the restored instance and puts back its settings (Multi-AZ, secret, backups${
      d.rds?.proxy ? ', proxy target' : ''
    }).`,
    `terraform state rm ${RDS_ADDRESS}`,
    `terraform import ${RDS_ADDRESS} ${d.name}`,
    `terraform apply`,
  ];
}

function dynamodbRestoreSteps(d: Design): string[] {
  const table = `${d.name}-state`;
  return [
    `# 1. Restore next to the live table, to a time just before the damage (UTC), and check it.`,
    `aws dynamodb restore-table-to-point-in-time --source-table-name ${table} \\`,
    `  --target-table-name ${table}-restore --restore-date-time 2030-01-01T12:00:00Z`,
    `aws dynamodb wait table-exists --table-name ${table}-restore`,
    `# 2. A table cannot be renamed: replace the live one with a copy of the restored one.`,
    `aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled`,
    `aws dynamodb delete-table --table-name ${table}`,
    `aws dynamodb wait table-not-exists --table-name ${table}`,
    `BACKUP=$(aws dynamodb create-backup --table-name ${table}-restore --backup-name ${table}-swap \\`,
    `  --query BackupDetails.BackupArn --output text)`,
    `aws dynamodb restore-table-from-backup --target-table-name ${table} --backup-arn "$BACKUP"`,
    `aws dynamodb wait table-exists --table-name ${table}`,
    `# 3. Point-in-time recovery, deletion protection and encryption come back from main.tf.`,
    `terraform apply`,
    `aws dynamodb delete-table --table-name ${table}-restore`,
  ];
}

function uploadsRestoreSteps(d: Design): string[] {
  return [
    `B=$(terraform output -raw uploads_bucket)`,
    `# One file overwritten or deleted: every version is kept (noncurrent ones for 365 days).`,
    `aws s3api list-object-versions --bucket "$B" --prefix path/to/file`,
    `aws s3api copy-object --bucket "$B" --key path/to/file --copy-source "$B/path/to/file?versionId=VERSION_ID"`,
    `# Deleted: remove the delete marker (its VersionId is in list-object-versions' DeleteMarkers).`,
    `aws s3api delete-object --bucket "$B" --key path/to/file --version-id DELETE_MARKER_ID`,
    `# The bucket itself gone or mass damage: restore the latest AWS Backup recovery point into a new bucket.`,
    ...backupRestoreSteps(d, 'S3', 'set DestinationBucketName to a new name and NewBucket to true'),
  ];
}

/** `RP=` the newest recovery point of one resource type in a vault (of another region with `region`). */
function newestRecoveryPoint(vault: string, type: 'RDS' | 'DynamoDB' | 'S3', region = ''): string[] {
  return [
    `RP=$(aws backup list-recovery-points-by-backup-vault${region} --backup-vault-name ${vault} \\`,
    `  --by-resource-type ${type} --output text \\`,
    "  --query 'reverse(sort_by(RecoveryPoints,&CreationDate))[0].RecoveryPointArn')",
  ];
}

/** The AWS Backup path for a resource type: newest recovery point, its metadata, a restore job. */
function backupRestoreSteps(d: Design, type: 'RDS' | 'DynamoDB' | 'S3', edit: string): string[] {
  return [
    ...newestRecoveryPoint(`${d.name}-backup`, type),
    `aws backup get-recovery-point-restore-metadata --backup-vault-name ${d.name}-backup \\`,
    `  --recovery-point-arn "$RP" --query RestoreMetadata > restore.json   # then ${edit}`,
    `aws backup start-restore-job --recovery-point-arn "$RP" --metadata file://restore.json \\`,
    `  --iam-role-arn "$(terraform output -raw backup_role_arn)" --resource-type ${type}`,
    `aws backup list-restore-jobs --by-resource-type ${type} --max-results 1`,
  ];
}

function azLoss(d: Design): string {
  const detect = [
    ...alarms(d, ['site-down', 'alb-5xx', 'api-5xx', 'lambda-errors', 'game-unhealthy', 'db-cpu']),
    ...(d.rds ? ['RDS events: `aws rds describe-events --source-type db-instance --duration 120`'] : []),
    'AWS Health: `aws health describe-events --region us-east-1 --filter eventStatusCodes=open` (Business support)',
  ];
  const parts: string[] = [];
  const steps: string[] = [];
  if (d.rds?.multiAz) {
    parts.push(
      'The database is Multi-AZ: RDS fails over to the standby by itself and the endpoint keeps its name. ' +
        'Nothing to run; confirm it happened and that the app reconnected.',
    );
    steps.push(
      `aws rds describe-events --source-identifier ${d.name} --source-type db-instance --duration 60`,
      `aws rds describe-db-instances --db-instance-identifier ${d.name} \\`,
      `  --query 'DBInstances[0].[DBInstanceStatus,AvailabilityZone,SecondaryAvailabilityZone]'`,
    );
  } else if (d.rds) {
    parts.push(
      'The database is single-AZ: if its zone is down for longer than the restore takes, restore it into ' +
        'another zone from point-in-time recovery (the subnet group spans two zones) and swap it in.',
    );
    steps.push(...rdsRestoreSteps(d, `${d.name}-az`, true));
  }
  if (d.dynamodb) parts.push('DynamoDB is regional and keeps three copies across zones: nothing to do for the table.');
  if (d.uploads) parts.push('S3 stores the uploads across at least three zones: nothing to do for them.');
  if (d.compute === 'fargate')
    parts.push('ECS starts replacement tasks in the remaining zone; the load balancer stops sending to the lost one.');
  if (d.compute === 'ec2')
    parts.push("The game servers' Auto Scaling group replaces instances in the remaining zone within minutes.");
  if (d.compute === 'lambda') parts.push('Lambda runs in every zone of the region: nothing to do for the functions.');
  if (d.blocks.has('cache'))
    parts.push(
      d.cacheFailover
        ? 'Redis promotes its replica in the other zone automatically.'
        : 'Redis has one node: it comes back empty, and the app refills it from the database.',
    );
  if (d.singleNat)
    parts.push(
      'The VPC has one NAT gateway: if its zone is the lost one, private subnets lose outbound internet until ' +
        'the zone is back (or set `single_nat_gateway = false` in main.tf and apply, for one per zone).',
    );
  if (parts.length === 0)
    parts.push('The static site is served by CloudFront and S3, which do not depend on one zone.');
  steps.push(`aws cloudwatch describe-alarms --state-value ALARM --alarm-name-prefix ${d.name}`);
  return section(d, 'az-loss', detect, parts, steps);
}

function regionLoss(d: Design): string {
  const detect = [
    ...alarms(d, ['site-down', 'cdn-5xx-rate']),
    'every regional alarm goes silent (INSUFFICIENT_DATA) while the us-east-1 ones keep working',
    'AWS Health Dashboard: https://health.aws.amazon.com/health/status',
  ];
  const hasData = d.rds !== undefined || d.dynamodb !== undefined || d.uploads;
  const parts = [
    'CloudFront, its WAF and the edge alarms are global (us-east-1); the rest of the stack is in ' +
      `\`${d.region}\`. Recovery is the same Terraform in another region, in its own workspace.`,
  ];
  if (hasData)
    parts.push(
      `Backups stay in \`${d.region}\` unless \`backup_copy_region\` is set: set it now (e.g. ` +
        '`terraform apply -var backup_copy_region=eu-central-1`) and every daily recovery point is copied to a ' +
        `vault \`${d.name}-backup-copy\` there, kept \`backup_retention_days\` days. Without it, the data is ` +
        'back only when the region is.' +
        (d.dynamodb
          ? ' DynamoDB copies need AWS Backup advanced features for DynamoDB (on by default for accounts created ' +
            'since November 2021; check with `aws backup describe-region-settings`).'
          : ''),
    );
  const dr = `${d.name}-dr`;
  // The copy region becomes the region: a copy to itself fails the vault's precondition.
  const vars = `-var region=$DR -var name=${dr}${d.backup ? ' -var backup_copy_region=' : ''}`;
  const steps = [
    hasData ? 'DR=eu-central-1   # the backup_copy_region you set' : 'DR=eu-central-1   # any other region',
    ...(d.dynamodb ? ['ROLE=$(terraform output -raw backup_role_arn)   # IAM is global: the role still works'] : []),
    'terraform workspace new dr',
    ...(d.rds
      ? [
          `terraform apply ${vars} -target=module.vpc`,
          ...newestRecoveryPoint(`${d.name}-backup-copy`, 'RDS', ' --region $DR'),
          `aws rds restore-db-instance-from-db-snapshot --region $DR --db-instance-identifier ${dr} \\`,
          `  --db-snapshot-identifier "$RP" --db-subnet-group-name ${dr} --no-publicly-accessible`,
          `aws rds wait db-instance-available --region $DR --db-instance-identifier ${dr}`,
          `terraform import ${vars} ${RDS_ADDRESS} ${dr}`,
        ]
      : []),
    ...(d.dynamodb
      ? [
          ...newestRecoveryPoint(`${d.name}-backup-copy`, 'DynamoDB', ' --region $DR'),
          `aws backup get-recovery-point-restore-metadata --region $DR --backup-vault-name ${d.name}-backup-copy \\`,
          `  --recovery-point-arn "$RP" --query RestoreMetadata > restore.json   # set targetTableName=${dr}-state`,
          `aws backup start-restore-job --region $DR --recovery-point-arn "$RP" --metadata file://restore.json \\`,
          '  --iam-role-arn "$ROLE" --resource-type DynamoDB',
          `aws dynamodb wait table-exists --region $DR --table-name ${dr}-state`,
          `terraform import ${vars} aws_dynamodb_table.state ${dr}-state`,
        ]
      : []),
    `terraform apply ${vars}`,
    ...(d.uploads
      ? [
          "# uploads: the copied S3 recovery point, into the new stack's bucket",
          ...newestRecoveryPoint(`${d.name}-backup-copy`, 'S3', ' --region $DR'),
          `aws backup get-recovery-point-restore-metadata --region $DR --backup-vault-name ${d.name}-backup-copy \\`,
          '  --recovery-point-arn "$RP" --query RestoreMetadata > restore.json',
          '# set DestinationBucketName to the output below and NewBucket to false',
          'terraform output -raw uploads_bucket',
          'aws backup start-restore-job --region $DR --recovery-point-arn "$RP" --metadata file://restore.json \\',
          `  --iam-role-arn "$(terraform output -raw backup_role_arn)" --resource-type S3`,
        ]
      : []),
    ...(d.blocks.has('cdn') && !hasData
      ? ['aws s3 sync ./build "s3://$(terraform output -raw site_bucket)" --delete']
      : []),
    '# then point your DNS name at the new outputs (cdn_domain_name / alb_dns_name / api_endpoint).',
  ];
  return section(d, 'region-loss', detect, parts, steps);
}

function dataLoss(d: Design): string {
  const detect = [
    ...alarms(d, ['db-free-storage', 'db-cpu', 'alb-5xx', 'api-5xx', 'lambda-errors', 'game-unhealthy']),
    d.rds || d.dynamodb || d.uploads
      ? 'users or your own checks see missing or wrong rows; note the UTC time the damage started'
      : 'pages missing or wrong: files of the site bucket deleted or overwritten',
  ];
  const parts: string[] = [];
  const steps: string[] = [];
  if (d.rds) {
    parts.push(
      `PostgreSQL \`${d.name}\` keeps point-in-time recovery for ${d.retentionDays} days (restore to any second, ` +
        `${RDS_PITR_RPO_MINUTES} minutes behind at worst), AWS Backup keeps a daily snapshot in \`${d.name}-backup\` ` +
        'for `backup_retention_days` days, and deleting the instance leaves a final snapshot ' +
        `\`${d.name}-final-…\`. Deletion protection is on while \`deletion_protection\` is true.`,
    );
    steps.push(...rdsRestoreSteps(d, `${d.name}-restore`));
    const finals = `DBSnapshots[?starts_with(DBSnapshotIdentifier,'${d.name}-final')]`;
    steps.push(
      '# Instance deleted: restore its final snapshot (or the newest AWS Backup one) under its own name, then step 3.',
      'SNAP=$(aws rds describe-db-snapshots --snapshot-type manual --output text --query \\',
      `  "reverse(sort_by(${finals},&SnapshotCreateTime))[0].DBSnapshotArn")`,
      ...newestRecoveryPoint(`${d.name}-backup`, 'RDS').map((l) => `# ${l}`),
      `SG=$(aws ec2 describe-security-groups --filters 'Name=group-name,Values=${d.name}-db-*' \\`,
      "  --query 'SecurityGroups[0].GroupId' --output text)",
      `aws rds restore-db-instance-from-db-snapshot --db-instance-identifier ${d.name} \\`,
      `  --db-snapshot-identifier "$SNAP" --db-subnet-group-name ${d.name} --vpc-security-group-ids "$SG" \\`,
      '  --no-publicly-accessible   # or "$RP" for the AWS Backup recovery point',
    );
  }
  if (d.dynamodb) {
    parts.push(
      `Table \`${d.name}-state\` has point-in-time recovery (35 days, ${DYNAMODB_PITR_RPO_MINUTES} minutes behind at ` +
        `worst) and a daily AWS Backup copy in \`${d.name}-backup\`; deletion protection is on.`,
    );
    steps.push(...dynamodbRestoreSteps(d));
  }
  if (d.uploads) {
    parts.push('The uploads bucket is versioned, and AWS Backup copies it daily.');
    steps.push(...uploadsRestoreSteps(d));
  }
  if (parts.length === 0) {
    parts.push('The design keeps no data: the site bucket is versioned and your repository is the source of truth.');
    steps.push(
      'aws s3 sync ./build "s3://$(terraform output -raw site_bucket)" --delete',
      `DIST=$(aws cloudfront list-distributions --query \\`,
      `  "DistributionList.Items[?DomainName=='$(terraform output -raw cdn_domain_name)'].Id" --output text)`,
      'aws cloudfront create-invalidation --distribution-id "$DIST" --paths "/*"',
    );
  }
  return section(d, 'data-loss', detect, parts, steps);
}

function leakedCredentials(d: Design): string {
  const detect = [
    budget(d),
    'AWS e-mails about exposed keys (AWSCompromisedKeyQuarantine attached to the user), GitHub secret scanning',
    'resources you did not create, often in other regions (GPU instances for mining)',
  ];
  const parts = ['Revoke first, investigate second.'];
  if (d.backup)
    parts.push(
      'The backup vault is encrypted with its own KMS key, so recovery points survive the data stores being ' +
        'deleted; against an attacker with admin rights deleting them too, lock the vault: ' +
        `\`aws backup put-backup-vault-lock-configuration --backup-vault-name ${d.name}-backup ` +
        '--min-retention-days 7` (governance mode until you add --changeable-for-days).',
    );
  const steps = [
    'aws iam list-access-keys --user-name USER',
    'aws iam update-access-key --user-name USER --access-key-id AKIA... --status Inactive',
    'aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA... --max-results 50',
    'for r in $(aws ec2 describe-regions --query "Regions[].RegionName" --output text); do',
    '  aws ec2 describe-instances --region "$r" --output text \\',
    '    --query "Reservations[].Instances[].[InstanceId,InstanceType,LaunchTime]"',
    'done',
    'aws iam delete-access-key --user-name USER --access-key-id AKIA...',
    ...(d.rds ? ['aws secretsmanager rotate-secret --secret-id "$(terraform output -raw db_master_secret_arn)"'] : []),
    ...(d.backup
      ? [`aws backup list-recovery-points-by-backup-vault --backup-vault-name ${d.name}-backup --max-results 5`]
      : []),
    'terraform plan   # anything changed behind your back shows up as drift',
  ];
  return section(d, 'leaked-credentials', detect, parts, steps);
}

function runawayCost(d: Design): string {
  const detect = [budget(d), ...alarms(d, ['lambda-throttles', 'jobs-waiting', 'ecs-cpu', 'game-cpu'])];
  const parts = [
    'AWS refreshes budget figures up to three times a day, so the budget alert can trail the spend by hours. ' +
      'Find the service first, then cap it.',
  ];
  const steps = [
    'aws ce get-cost-and-usage --time-period Start=$(date -u +%Y-%m-01),End=$(date -u -d tomorrow +%F) \\',
    '  --granularity DAILY --metrics UnblendedCost --group-by Type=DIMENSION,Key=SERVICE',
  ];
  if (d.compute === 'lambda')
    steps.push(
      `aws lambda put-function-concurrency --function-name ${d.name} --reserved-concurrent-executions 10   # cap`,
      `aws lambda put-function-concurrency --function-name ${d.name} --reserved-concurrent-executions 0    # stop`,
    );
  if (d.compute === 'fargate')
    steps.push(
      `aws ecs update-service --cluster ${d.name} --service app --desired-count 1   # and lower max in main.tf`,
    );
  if (d.compute === 'ec2' || d.blocks.has('gpu')) {
    const group = d.blocks.has('gpu') ? `${d.name}-gpu` : `${d.name}-game`;
    steps.push(
      `ASG=$(aws autoscaling describe-auto-scaling-groups --query \\`,
      `  "AutoScalingGroups[?starts_with(AutoScalingGroupName,'${group}')].AutoScalingGroupName" --output text)`,
      `aws autoscaling update-auto-scaling-group --auto-scaling-group-name "$ASG" --max-size 1${
        d.blocks.has('gpu') ? ' --desired-capacity 0' : ''
      }`,
    );
  }
  if (d.blocks.has('queue'))
    steps.push(`aws sqs purge-queue --queue-url "$(terraform output -raw jobs_queue_url)"   # drop a flood of jobs`);
  steps.push('# Then make the cap permanent in main.tf / terraform.tfvars and terraform apply.');
  return section(d, 'runaway-cost', detect, parts, steps);
}

function badDeploy(d: Design): string {
  const detect = alarms(d, [
    'alb-5xx',
    'alb-p99-latency',
    'ecs-memory',
    'api-5xx',
    'lambda-errors',
    'game-unhealthy',
    'cdn-5xx-rate',
    'site-down',
    'jobs-dead-letters',
  ]);
  const parts = ['Roll back to the last good version first, find the cause after.'];
  if (d.rds || d.dynamodb)
    parts.push(
      `Note the deploy time (UTC): if a migration changed data, "${TITLES['data-loss']}" restores to just before it.`,
    );
  const steps: string[] = [];
  if (d.compute === 'fargate')
    steps.push(
      `aws ecs describe-services --cluster ${d.name} --services app --query 'services[0].deployments'`,
      'terraform apply -var container_image=REGISTRY/app@sha256:PREVIOUS_DIGEST',
      `aws ecs wait services-stable --cluster ${d.name} --services app`,
    );
  if (d.compute === 'lambda')
    steps.push(
      'terraform apply -var lambda_package=build/previous-function.zip',
      `aws lambda get-function --function-name ${d.name} --query 'Configuration.[LastModified,CodeSha256]'`,
    );
  if (d.compute === 'ec2')
    steps.push(
      `ASG=$(aws autoscaling describe-auto-scaling-groups --query \\`,
      `  "AutoScalingGroups[?starts_with(AutoScalingGroupName,'${d.name}-game')].AutoScalingGroupName" --output text)`,
      'aws autoscaling rollback-instance-refresh --auto-scaling-group-name "$ASG"   # a refresh still running',
      '# or revert the server change and terraform apply, then aws autoscaling start-instance-refresh',
    );
  if (d.compute === 'none')
    steps.push(
      'git checkout LAST_GOOD_TAG && npm run build',
      'aws s3 sync ./build "s3://$(terraform output -raw site_bucket)" --delete',
      `DIST=$(aws cloudfront list-distributions --query \\`,
      `  "DistributionList.Items[?DomainName=='$(terraform output -raw cdn_domain_name)'].Id" --output text)`,
      'aws cloudfront create-invalidation --distribution-id "$DIST" --paths "/*"',
    );
  steps.push('# an infrastructure change: git revert the Terraform commit, then terraform plan && terraform apply');
  return section(d, 'bad-deploy', detect, parts, steps);
}

function ddos(d: Design): string {
  const edge = d.blocks.has('waf');
  const albWaf = d.blocks.has('alb-waf');
  const detect = [
    ...(edge
      ? [`WAF metric \`BlockedRequests\` of rule \`${d.name}-edge-rate-limit\` (web ACL \`${d.name}-edge\`, us-east-1)`]
      : []),
    ...(albWaf
      ? [`WAF metric \`BlockedRequests\` of rule \`${d.name}-alb-rate-limit\` (web ACL \`${d.name}-alb\`)`]
      : []),
    ...alarms(d, [
      'cdn-5xx-rate',
      'site-down',
      'alb-p99-latency',
      'alb-5xx',
      'api-5xx',
      'lambda-throttles',
      'game-cpu',
    ]),
    budget(d),
  ];
  const parts = [
    'AWS Shield Standard absorbs network floods at CloudFront' +
      (d.blocks.has('asg') ? ' and the network load balancer' : '') +
      ' at no charge. Application floods meet the WAF rate rules (`rate_limit_per_client_per_minute` per client, ' +
      'stricter on expensive routes)' +
      (d.blocks.has('api') ? ' and API Gateway throttling' : '') +
      (d.compute === 'lambda' ? '; reserved concurrency caps what Lambda can bill' : '') +
      '.',
  ];
  if (d.blocks.has('asg'))
    parts.push(
      'Game traffic reaches the network load balancer directly (no WAF): block sources in the security group.',
    );
  const steps = edge
    ? [
        'aws cloudwatch get-metric-statistics --region us-east-1 --namespace AWS/WAFV2 \\',
        '  --metric-name BlockedRequests --statistics Sum --period 300 \\',
        `  --dimensions Name=WebACL,Value=${d.name}-edge Name=Rule,Value=${d.name}-edge-rate-limit \\`,
        '  --start-time $(date -u -d "-1 hour" +%FT%TZ) --end-time $(date -u +%FT%TZ)',
        `ACL=$(aws wafv2 list-web-acls --scope CLOUDFRONT --region us-east-1 \\`,
        `  --query "WebACLs[?Name=='${d.name}-edge'].ARN" --output text)`,
        'aws wafv2 get-sampled-requests --scope CLOUDFRONT --region us-east-1 --web-acl-arn "$ACL" \\',
        `  --rule-metric-name ${d.name}-edge-rate-limit --max-items 100 \\`,
        '  --time-window StartTime=$(date -u -d "-1 hour" +%s),EndTime=$(date -u +%s)',
        '# Block the worst sources: an IP set, then a rule in aws_wafv2_web_acl.edge (main.tf) that references it.',
        `aws wafv2 create-ip-set --name ${d.name}-blocklist --scope CLOUDFRONT --region us-east-1 \\`,
        '  --ip-address-version IPV4 --addresses 203.0.113.0/24',
        '# Or tighten the per-client limit for the duration of the attack:',
        'terraform apply -var rate_limit_per_client_per_minute=30',
      ]
    : ['# no WAF in this design: see the alarms above and cap capacity as in "Runaway cost".'];
  return section(d, 'ddos', detect, parts, steps);
}

function section(d: Design, scenario: Scenario, detect: string[], parts: string[], steps: string[]): string {
  const objective = objectivesOf(d)[scenario];
  const number = SCENARIOS.indexOf(scenario) + 1;
  return [
    `## ${number}. ${TITLES[scenario]}`,
    '',
    `**RPO** ${objective.rpo}. **RTO** ${objective.rto}.`,
    '',
    '**Detection**',
    '',
    list(detect),
    '',
    parts.join('\n\n'),
    '',
    '**Steps** (run in the Terraform folder; the names are this plan’s defaults: change them if you set `name`)',
    '',
    bash(steps),
  ].join('\n');
}

function protection(d: Design): string {
  const rows: string[][] = [];
  const kept = `\`backup_retention_days\` (default ${d.retentionDays})`;
  if (d.rds)
    rows.push([
      `RDS PostgreSQL \`${d.name}\`${d.rds.multiAz ? ' (Multi-AZ)' : ' (single-AZ)'}`,
      `point-in-time recovery ${d.retentionDays} days; daily AWS Backup snapshot; final snapshot on delete`,
      kept,
    ]);
  if (d.dynamodb)
    rows.push([`DynamoDB \`${d.name}-state\``, 'point-in-time recovery 35 days; daily AWS Backup copy', kept]);
  if (d.uploads) rows.push(['S3 uploads bucket', 'versioning (old versions 365 days); daily AWS Backup copy', kept]);
  rows.push(['S3 site bucket', 'versioning; your repository is the source', '—']);
  if (d.blocks.has('cache')) rows.push(['Redis cache', 'none: a cache is refilled from the database', '—']);
  if (d.blocks.has('queue'))
    rows.push(['SQS jobs queue', 'none: jobs wait up to 14 days in the dead-letter queue', '—']);
  const backupLine = d.backup
    ? `AWS Backup runs daily at 05:00 UTC into vault \`${d.name}-backup\` (KMS key of its own). Set ` +
      '`backup_copy_region` to copy each recovery point to a vault in another region (off by default).'
    : 'No AWS Backup plan: the design keeps no data outside the site bucket.';
  // COST.md prices the service, not its backups: say what they add so the bill is not a surprise.
  const costLine = d.backup
    ? 'Not in COST.md: the vault key ($1/month, another with the copy), backup storage per GB-month for ' +
      `${d.retentionDays} daily copies (mostly incremental), and cross-region transfer when the copy is on.`
    : '';
  const table = markdownTable(['Data', 'Protection', 'Backups kept'], rows);
  return [table, '', backupLine, ...(costLine ? ['', costLine] : [])].join('\n');
}

function fireDrill(d: Design): string {
  const steps: string[] = [];
  if (d.backup)
    steps.push(
      `aws backup list-backup-jobs --by-backup-vault-name ${d.name}-backup --max-results 20 \\`,
      "  --query 'BackupJobs[].[ResourceType,State,CreationDate,StatusMessage]' --output table",
      `aws backup list-backup-jobs --by-backup-vault-name ${d.name}-backup --by-state FAILED --max-results 20`,
    );
  if (d.rds)
    steps.push(
      'START=$(date -u +%FT%TZ)',
      `aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier ${d.name} \\`,
      `  --target-db-instance-identifier ${d.name}-drill --use-latest-restorable-time \\`,
      `  --db-subnet-group-name ${d.name} --no-publicly-accessible --no-multi-az`,
      `aws rds wait db-instance-available --db-instance-identifier ${d.name}-drill`,
      'echo "restore: $START -> $(date -u +%FT%TZ)"   # the measured RTO',
      '# connect from inside the VPC, count rows of your main tables, compare with production',
      `aws rds delete-db-instance --db-instance-identifier ${d.name}-drill \\`,
      '  --skip-final-snapshot --delete-automated-backups',
    );
  if (d.dynamodb)
    steps.push(
      `aws dynamodb restore-table-to-point-in-time --source-table-name ${d.name}-state \\`,
      `  --target-table-name ${d.name}-state-drill --use-latest-restorable-time`,
      `aws dynamodb wait table-exists --table-name ${d.name}-state-drill`,
      `aws dynamodb scan --table-name ${d.name}-state-drill --select COUNT`,
      `aws dynamodb delete-table --table-name ${d.name}-state-drill`,
    );
  if (d.uploads)
    steps.push(
      '# restore the newest S3 recovery point into a new bucket, then count its objects and delete it',
      ...backupRestoreSteps(d, 'S3', `set DestinationBucketName=${d.name}-uploads-drill, NewBucket=true`),
      `aws s3 ls s3://${d.name}-uploads-drill --recursive --summarize | tail -2`,
      `aws s3 rb s3://${d.name}-uploads-drill --force`,
    );
  if (!d.rds && !d.dynamodb && !d.uploads)
    steps.push('aws s3 sync ./build "s3://$(terraform output -raw site_bucket)" --dryrun   # the deploy path works');
  // An alarm of the app's own region when there is one; the site's health check alarm lives in us-east-1.
  const own = ['alb-5xx', 'api-5xx', 'game-unhealthy'].find((s) => alarms(d, [s]).length > 0);
  steps.push(
    own
      ? `aws cloudwatch set-alarm-state --alarm-name ${d.name}-${own} --state-value ALARM --state-reason "fire drill"`
      : `aws cloudwatch set-alarm-state --region us-east-1 --alarm-name ${d.name}-site-down --state-value ALARM \\`,
    ...(own ? [] : ['  --state-reason "fire drill"']),
  );
  return [
    '## Fire drill (every quarter)',
    '',
    'A backup nobody restored is a hope. Once a quarter, restore next to production, measure, and delete:',
    '',
    bash(steps),
    '',
    'Record each drill (a copy of this table in your notes):',
    '',
    markdownTable(
      ['Date', 'Who', 'Restore point (UTC)', 'Start → usable', 'Measured RTO', 'Data age (RPO)', 'Problems / fixes'],
      [['', '', '', '', '', '', '']],
    ),
    '',
    list([
      d.backup
        ? 'the restore finished and the data looked right (row counts, newest record time)'
        : 'the site builds from the repository and the deploy commands of "Bad deploy" still work',
      'the measured RTO against the estimate in the table above; update your notes if it is longer',
      ...(d.backup ? ['every backup job of the last 30 days COMPLETED (no FAILED)'] : []),
      'the alarm reached `soloops watch` (an incident was opened) and you could follow this file without guessing',
      'the drill resources are deleted (they cost money while they run)',
    ]),
  ].join('\n');
}

/** DISASTER_RECOVERY.md for one plan: every scenario, with steps for the parts the design has. */
export function disasterRecoveryMarkdown(context: KitContext): string {
  const d = designOf(context.result, context.terraform);
  const objectives = objectivesOf(d);
  const table = markdownTable(
    ['Scenario', 'RPO (data lost)', 'RTO (time down)'],
    SCENARIOS.map((s) => [TITLES[s], objectives[s].rpo, objectives[s].rto]),
  );
  return [
    `# Disaster recovery — ${d.name} (${context.result.architecture.pattern}, ${d.region})`,
    '',
    'What fails, how you find out, and the exact commands to recover this design. RPO is how much recent data ' +
      'a recovery loses; RTO is how long the service is down. Restore times are estimates for the sizes in ' +
      'COST.md: the fire drill below measures yours.',
    '',
    '## What is protected',
    '',
    protection(d),
    '',
    '## Recovery objectives',
    '',
    table,
    '',
    azLoss(d),
    '',
    regionLoss(d),
    '',
    dataLoss(d),
    '',
    leakedCredentials(d),
    '',
    runawayCost(d),
    '',
    badDeploy(d),
    '',
    ddos(d),
    '',
    fireDrill(d),
    '',
  ].join('\n');
}

/** The kit's DISASTER_RECOVERY.md: written for every design, static sites included. */
export const disasterRecoveryFile: KitFile = {
  path: 'DISASTER_RECOVERY.md',
  purpose: 'what can fail, how you find out, exact restore commands, RPO/RTO, and a quarterly restore drill',
  render: disasterRecoveryMarkdown,
};
