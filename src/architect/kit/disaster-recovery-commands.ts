import type { Design } from './disaster-recovery-design.js';

// Commands shared by several scenarios: restores of each data store the way Terraform can adopt.
export const RDS_ADDRESS = "'module.db.module.db_instance.aws_db_instance.this[0]'";

/** Point-in-time restore of the database next to the live one, then the swap Terraform can adopt. */
export function rdsRestoreSteps(d: Design, target: string, latest = false): string[] {
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

export function dynamodbRestoreSteps(d: Design): string[] {
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

export function uploadsRestoreSteps(d: Design): string[] {
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
export function newestRecoveryPoint(vault: string, type: 'RDS' | 'DynamoDB' | 'S3', region = ''): string[] {
  return [
    `RP=$(aws backup list-recovery-points-by-backup-vault${region} --backup-vault-name ${vault} \\`,
    `  --by-resource-type ${type} --output text \\`,
    "  --query 'reverse(sort_by(RecoveryPoints,&CreationDate))[0].RecoveryPointArn')",
  ];
}

/** The AWS Backup path for a resource type: newest recovery point, its metadata, a restore job. */
export function backupRestoreSteps(d: Design, type: 'RDS' | 'DynamoDB' | 'S3', edit: string): string[] {
  return [
    ...newestRecoveryPoint(`${d.name}-backup`, type),
    `aws backup get-recovery-point-restore-metadata --backup-vault-name ${d.name}-backup \\`,
    `  --recovery-point-arn "$RP" --query RestoreMetadata > restore.json   # then ${edit}`,
    `aws backup start-restore-job --recovery-point-arn "$RP" --metadata file://restore.json \\`,
    `  --iam-role-arn "$(terraform output -raw backup_role_arn)" --resource-type ${type}`,
    `aws backup list-restore-jobs --by-resource-type ${type} --max-results 1`,
  ];
}
