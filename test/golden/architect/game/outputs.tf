output "alerts_topic_arn" {
  description = "SNS topic every alarm and the budget publish to."
  value       = aws_sns_topic.alerts.arn
}

output "cdn_domain_name" {
  description = "CloudFront domain serving the static files."
  value       = module.cdn.cloudfront_distribution_domain_name
}

output "site_bucket" {
  description = "Bucket to upload the static files to."
  value       = module.site.s3_bucket_id
}

output "vpc_id" {
  description = "VPC the service runs in."
  value       = module.vpc.vpc_id
}

output "nlb_dns_name" {
  description = "Network load balancer players connect to."
  value       = module.nlb.dns_name
}

output "state_table" {
  description = "DynamoDB table for game state."
  value       = aws_dynamodb_table.state.name
}

output "backup_vault_name" {
  description = "AWS Backup vault holding the daily recovery points (DISASTER_RECOVERY.md restores from it)."
  value       = aws_backup_vault.main.name
}

output "backup_role_arn" {
  description = "Role AWS Backup takes and restores recovery points with: pass it to start-restore-job."
  value       = aws_iam_role.backup.arn
}

output "ci_apply_role_arn" {
  description = "Role GitHub Actions assumes to apply on main: the repository variable AWS_APPLY_ROLE_ARN."
  value       = aws_iam_role.ci_apply.arn
}

output "ci_plan_role_arn" {
  description = "Read-only role GitHub Actions assumes to plan pull requests: repository variable AWS_PLAN_ROLE_ARN."
  value       = aws_iam_role.ci_plan.arn
}
