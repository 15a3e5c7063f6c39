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

output "api_endpoint" {
  description = "HTTPS endpoint of the API."
  value       = aws_apigatewayv2_api.http.api_endpoint
}

output "db_endpoint" {
  description = "PostgreSQL host:port the app connects to: RDS Proxy."
  value       = "${aws_db_proxy.db.endpoint}:5432"
}

output "db_master_secret_arn" {
  description = "Secrets Manager secret holding the master password."
  value       = module.db.db_instance_master_user_secret_arn
}

output "db_direct_endpoint" {
  description = "PostgreSQL host:port of the instance itself, bypassing RDS Proxy (migrations, psql)."
  value       = module.db.db_instance_endpoint
}

output "jobs_queue_url" {
  description = "SQS queue of jobs."
  value       = aws_sqs_queue.jobs.url
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
