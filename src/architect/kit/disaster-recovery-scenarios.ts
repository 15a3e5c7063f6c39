import {
  dynamodbRestoreSteps,
  newestRecoveryPoint,
  RDS_ADDRESS,
  rdsRestoreSteps,
  uploadsRestoreSteps,
} from './disaster-recovery-commands.js';
import {
  alarms,
  bash,
  budget,
  type Design,
  list,
  objectivesOf,
  RDS_PITR_RPO_MINUTES,
  DYNAMODB_PITR_RPO_MINUTES,
  type Scenario,
  SCENARIOS,
  TITLES,
} from './disaster-recovery-design.js';

// One function per scenario of DISASTER_RECOVERY.md: detection, what happens, and the steps.
export function azLoss(d: Design): string {
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

export function regionLoss(d: Design): string {
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

export function dataLoss(d: Design): string {
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

export function leakedCredentials(d: Design): string {
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

export function runawayCost(d: Design): string {
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
      `aws ecs update-service --cluster ${d.name} --service app --desired-count 1   # then lower max_capacity`,
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
  steps.push(
    '# Then make the cap permanent: lower max_capacity, lambda_max_concurrency or gpu_max_capacity in',
    '# terraform.tfvars (or with -var) and terraform apply, or the next apply undoes it.',
  );
  return section(d, 'runaway-cost', detect, parts, steps);
}

export function badDeploy(d: Design): string {
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

export function ddos(d: Design): string {
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
