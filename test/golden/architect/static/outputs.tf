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

output "ci_apply_role_arn" {
  description = "Role GitHub Actions assumes to apply on main: the repository variable AWS_APPLY_ROLE_ARN."
  value       = aws_iam_role.ci_apply.arn
}

output "ci_plan_role_arn" {
  description = "Read-only role GitHub Actions assumes to plan pull requests: repository variable AWS_PLAN_ROLE_ARN."
  value       = aws_iam_role.ci_plan.arn
}
