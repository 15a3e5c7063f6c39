import { markdownTable } from '../reports/table.js';
import {
  designOf,
  type Design,
  list,
  bash,
  objectivesOf,
  type Objective,
  type Scenario,
  SCENARIOS,
  TITLES,
  alarms,
} from './disaster-recovery-design.js';
import { backupRestoreSteps } from './disaster-recovery-commands.js';
import {
  azLoss,
  badDeploy,
  dataLoss,
  ddos,
  leakedCredentials,
  regionLoss,
  runawayCost,
} from './disaster-recovery-scenarios.js';
import type { KitContext, KitFile } from './kit.js';

export {
  ALARMS,
  DYNAMODB_PITR_RPO_MINUTES,
  DYNAMODB_RESTORE_BASE_MINUTES,
  DYNAMODB_RESTORE_MINUTES_PER_GB,
  type Objective,
  RDS_PITR_RPO_MINUTES,
  RDS_RESTORE_BASE_MINUTES,
  RDS_RESTORE_GB_PER_MINUTE,
  type Scenario,
  SCENARIOS,
  STACK_APPLY_MINUTES,
} from './disaster-recovery-design.js';

/** RPO and RTO of every scenario for this design; exported so tests can compare designs. */
export function recoveryObjectives(context: KitContext): Record<Scenario, Objective> {
  const d = designOf(context.result, context.terraform);
  return objectivesOf(d);
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
