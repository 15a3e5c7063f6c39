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

output "alb_dns_name" {
  description = "Load balancer to point the app's DNS name at."
  value       = module.alb.dns_name
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

output "cache_endpoint" {
  description = "Redis primary endpoint (TLS)."
  value       = module.cache.replication_group_primary_endpoint_address
}

output "uploads_bucket" {
  description = "Private bucket for user uploads; the app hands out presigned URLs to it."
  value       = module.uploads.s3_bucket_id
}

output "uploads_bucket_arn" {
  description = "ARN of the uploads bucket, for the app's IAM policy."
  value       = module.uploads.s3_bucket_arn
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
