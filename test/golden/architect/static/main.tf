locals {
  name = var.name
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

# Every new EBS volume in the region (servers, GPUs) is encrypted, whatever launches it.
resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

# CloudWatch and Budgets cannot publish to a topic encrypted with the AWS-managed SNS key, so the
# topic relies on its policy (only these two services, only from this account) instead of a $1/month CMK.
resource "aws_sns_topic" "alerts" {
  #checkov:skip=CKV_AWS_26: CloudWatch and Budgets cannot publish to the AWS-managed key; the policy limits publishers
  name = "${local.name}-alerts"
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmsAndBudgetsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

# `soloops watch` confirms the subscription and verifies each message's SNS signature.
resource "aws_sns_topic_subscription" "soloops" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "https"
  endpoint  = var.soloops_webhook_url
}

resource "aws_budgets_budget" "monthly" {
  name         = "${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = "50"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
}

# Static files (the whole site, or an app's assets) in a private bucket that only this
# CloudFront distribution can read.
module "site" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.2"

  bucket_prefix = "${local.name}-site-"

  #checkov:skip=CKV_AWS_145: SSE-S3 (AES256) encrypts at rest; KMS adds $1/month, request fees, CloudFront grants
  #checkov:skip=CKV_AWS_18: access logs need a second bucket; CloudFront metrics and the health check watch it
  #checkov:skip=CKV_AWS_144: the build can be uploaded again; a replica region doubles storage for nothing
  #checkov:skip=CKV2_AWS_62: nothing consumes this bucket's events at day 0

  block_public_acls        = true
  block_public_policy      = true
  ignore_public_acls       = true
  restrict_public_buckets  = true
  control_object_ownership = true
  object_ownership         = "BucketOwnerEnforced"

  versioning = {
    enabled = true
  }

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }
  }

  # Each deploy overwrites the site: earlier versions stay a month for a rollback, then stop costing.
  lifecycle_rule = [
    {
      id                                     = "noncurrent-versions"
      enabled                                = true
      abort_incomplete_multipart_upload_days = 7

      noncurrent_version_expiration = {
        noncurrent_days = 30
      }
    }
  ]
}

# The policy lives outside the module: it names the distribution, which names the bucket.
data "aws_iam_policy_document" "site" {
  statement {
    sid       = "CloudFrontRead"
    actions   = ["s3:GetObject"]
    resources = ["${module.site.s3_bucket_arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [module.cdn.cloudfront_distribution_arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [module.site.s3_bucket_arn, "${module.site.s3_bucket_arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = module.site.s3_bucket_id
  policy = data.aws_iam_policy_document.site.json
}

module "cdn" {
  source  = "terraform-aws-modules/cloudfront/aws"
  version = "3.4.1"

  #checkov:skip=CKV_AWS_174: no domain at day 0, so the *.cloudfront.net certificate; TLSv1.2_2021 applies with yours
  #checkov:skip=CKV2_AWS_42: day 0 has no domain; set viewer_certificate.acm_certificate_arn when you add yours
  #checkov:skip=CKV_AWS_86: standard logs need an ACL-enabled bucket; CloudFront metrics and the 5xx alarm cover day 0
  #checkov:skip=CKV_AWS_310: a single S3 origin, which is regional and redundant; failover needs a replica bucket
  #checkov:skip=CKV_AWS_374: the audience is worldwide; restrict countries only if the business must

  comment             = "${local.name} static files"
  enabled             = true
  is_ipv6_enabled     = true
  price_class         = "PriceClass_100"
  default_root_object = "index.html"
  web_acl_id          = aws_wafv2_web_acl.edge.arn

  # The module names the OAC after its key, and OAC names are unique per account: key it by the stack.
  create_origin_access_control = true
  origin_access_control = {
    "${local.name}-site" = {
      description      = "${local.name} site bucket"
      origin_type      = "s3"
      signing_behavior = "always"
      signing_protocol = "sigv4"
    }
  }

  origin = {
    site = {
      domain_name           = module.site.s3_bucket_bucket_regional_domain_name
      origin_access_control = "${local.name}-site"
    }
  }

  default_cache_behavior = {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    use_forwarded_values   = false
    # AWS managed policy "CachingOptimized".
    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    # AWS managed policy "SecurityHeadersPolicy": HSTS, nosniff, frame and referrer policies.
    response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03"
  }

  viewer_certificate = {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1.2_2021"
  }
}

resource "aws_route53_health_check" "site" {
  fqdn              = module.cdn.cloudfront_distribution_domain_name
  type              = "HTTPS"
  port              = 443
  resource_path     = var.health_check_path
  failure_threshold = 3
  request_interval  = 30
}

# CloudFront and Route 53 health-check metrics are published only in us-east-1, and an alarm can
# notify only a topic in its own region: a second topic there forwards to the same webhook.
resource "aws_sns_topic" "edge_alerts" {
  #checkov:skip=CKV_AWS_26: CloudWatch cannot publish to the AWS-managed key; the policy limits publishers
  provider = aws.us_east_1
  name     = "${local.name}-edge-alerts"
}

data "aws_iam_policy_document" "edge_alerts" {
  statement {
    sid       = "AlarmsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.edge_alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "edge_alerts" {
  provider = aws.us_east_1
  arn      = aws_sns_topic.edge_alerts.arn
  policy   = data.aws_iam_policy_document.edge_alerts.json
}

resource "aws_sns_topic_subscription" "edge_soloops" {
  provider  = aws.us_east_1
  topic_arn = aws_sns_topic.edge_alerts.arn
  protocol  = "https"
  endpoint  = var.soloops_webhook_url
}

resource "aws_cloudwatch_metric_alarm" "cdn_5xx" {
  provider            = aws.us_east_1
  alarm_name          = "${local.name}-cdn-5xx-rate"
  alarm_description   = "More than 5% of CloudFront responses are 5xx."
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.edge_alerts.arn]
  ok_actions          = [aws_sns_topic.edge_alerts.arn]

  dimensions = {
    DistributionId = module.cdn.cloudfront_distribution_id
    Region         = "Global"
  }
}

resource "aws_cloudwatch_metric_alarm" "site_down" {
  provider            = aws.us_east_1
  alarm_name          = "${local.name}-site-down"
  alarm_description   = "The Route 53 health check of the site is failing."
  namespace           = "AWS/Route53"
  metric_name         = "HealthCheckStatus"
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.edge_alerts.arn]
  ok_actions          = [aws_sns_topic.edge_alerts.arn]

  dimensions = {
    HealthCheckId = aws_route53_health_check.site.id
  }
}

# Each expensive path keeps its own count per client: path => its index, which numbers its WAF rule.
locals {
  expensive_routes = { for index, path in var.expensive_route_paths : path => index }
}

resource "aws_wafv2_web_acl" "edge" {
  provider = aws.us_east_1
  name     = "${local.name}-edge"
  scope    = "CLOUDFRONT"

  #checkov:skip=CKV2_AWS_31: each rule's metrics and sampled requests show what was blocked; full logs cost per GB

  default_action {
    allow {}
  }

  # Per client IP over the last 60 s, WAF's shortest window. WAF re-checks about every 10 s, so a client
  # overshoots briefly before the block starts, and the block lifts once its rate falls under the limit.
  rule {
    name     = "rate-limit-per-ip"
    priority = 1

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.rate_limit_per_client_per_minute
        evaluation_window_sec = 60
        aggregate_key_type    = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-edge-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  # One rule per expensive path, so each path has its own count per client. The path is URL-decoded and
  # normalised first: /api//ai or /api/%61i would otherwise slip past the prefix.
  dynamic "rule" {
    for_each = local.expensive_routes

    content {
      name     = "rate-limit-expensive-${rule.value}"
      priority = 10 + rule.value

      action {
        block {}
      }

      statement {
        rate_based_statement {
          limit                 = var.expensive_route_rate_limit_per_minute
          evaluation_window_sec = 60
          aggregate_key_type    = "IP"

          scope_down_statement {
            byte_match_statement {
              search_string         = rule.key
              positional_constraint = "STARTS_WITH"

              field_to_match {
                uri_path {}
              }

              text_transformation {
                priority = 0
                type     = "URL_DECODE"
              }

              text_transformation {
                priority = 1
                type     = "NORMALIZE_PATH"
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name}-edge-expensive-${rule.value}"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "aws-common-rules"
    priority = 2

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-edge-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-edge-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-edge"
    sampled_requests_enabled   = true
  }
}

# GitHub Actions reaches AWS through OIDC: each run trades a short-lived GitHub token for one-hour
# credentials of a role, so no access key is stored in GitHub. An account has one provider per URL:
# set create_github_oidc_provider = false when another stack already created it.
resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  # No thumbprint_list: AWS validates GitHub's certificate against its own trusted CAs (optional since provider 5.x).
}

locals {
  # Owner and name apart, so each subject reads repo:<owner>/<name>:… and checkov (CKV_AWS_358) can see
  # that it names one repository rather than a wildcard.
  github_owner = split("/", var.github_repository)[0]
  github_repo  = split("/", var.github_repository)[1]
  github_oidc_provider_arn = (
    var.create_github_oidc_provider
    ? aws_iam_openid_connect_provider.github[0].arn
    : "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
  )
}

# Apply runs only for main: a push to main, or the `production` environment (whose deployment
# branches you limit to main in GitHub, since AWS cannot read the branch of an environment token).
data "aws_iam_policy_document" "ci_apply_trust" {
  statement {
    sid     = "GitHubMainOnly"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values = [
        "repo:${local.github_owner}/${local.github_repo}:ref:refs/heads/main",
        "repo:${local.github_owner}/${local.github_repo}:environment:production",
      ]
    }
  }
}

# Pull requests only plan: their role reads, it never writes (a pull request can change the workflow).
data "aws_iam_policy_document" "ci_plan_trust" {
  statement {
    sid     = "GitHubPullRequests"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.github_oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${local.github_owner}/${local.github_repo}:pull_request"]
    }
  }
}

resource "aws_iam_role" "ci_apply" {
  name                 = "${local.name}-ci-apply"
  description          = "terraform apply from GitHub Actions on main (${var.github_repository})"
  assume_role_policy   = data.aws_iam_policy_document.ci_apply_trust.json
  max_session_duration = 3600
}

resource "aws_iam_role" "ci_plan" {
  name                 = "${local.name}-ci-plan"
  description          = "terraform plan from GitHub Actions on pull requests (${var.github_repository})"
  assume_role_policy   = data.aws_iam_policy_document.ci_plan_trust.json
  max_session_duration = 3600
}

# Terraform creates almost every kind of resource here, so apply gets PowerUserAccess (everything but
# IAM and Organizations) plus IAM limited to roles, policies, instance profiles and this provider:
# no users, groups, access keys or account settings. AdministratorAccess is never attached, and
# this role may not attach it to others. See SECURITY.md for what this does not stop.
resource "aws_iam_role_policy_attachment" "ci_apply_power_user" {
  role       = aws_iam_role.ci_apply.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

data "aws_iam_policy_document" "ci_apply_iam" {
  # PowerUserAccess has no IAM reads, and Terraform reads every role and policy it manages on each plan.
  statement {
    sid     = "ReadRolesAndPolicies"
    actions = ["iam:Get*", "iam:List*"]
    resources = [
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/*",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:instance-profile/*",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/*",
      "arn:aws:iam::aws:policy/*",
    ]
  }

  statement {
    sid = "ServiceRolesAndPolicies"
    actions = [
      "iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateRole",
      "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRole", "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy", "iam:PassRole", "iam:PutRolePolicy", "iam:TagPolicy", "iam:TagRole",
      "iam:UntagPolicy", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole",
      "iam:UpdateRoleDescription", "iam:AddRoleToInstanceProfile", "iam:CreateInstanceProfile",
      "iam:DeleteInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:TagInstanceProfile",
    ]
    resources = [
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/*",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:instance-profile/*",
    ]
  }

  statement {
    sid = "GitHubOidcProvider"
    actions = [
      "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider",
      "iam:UntagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
      "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider",
    ]
    resources = [local.github_oidc_provider_arn]
  }

  statement {
    sid       = "NeverAdministrator"
    effect    = "Deny"
    actions   = ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"]
    resources = ["*"]

    condition {
      test     = "ArnEquals"
      variable = "iam:PolicyARN"
      values   = ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess"]
    }
  }
}

resource "aws_iam_role_policy" "ci_apply_iam" {
  name   = "scoped-iam"
  role   = aws_iam_role.ci_apply.id
  policy = data.aws_iam_policy_document.ci_apply_iam.json
}

resource "aws_iam_role_policy_attachment" "ci_plan_read_only" {
  role       = aws_iam_role.ci_plan.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# ReadOnlyAccess already reads the state object; a plan also takes the S3 lock file (use_lockfile).
data "aws_iam_policy_document" "ci_plan_state" {
  count = var.state_bucket == null ? 0 : 1

  statement {
    sid       = "StateLock"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::${var.state_bucket}/*.tflock"]
  }
}

resource "aws_iam_role_policy" "ci_plan_state" {
  count = var.state_bucket == null ? 0 : 1

  name   = "state-lock"
  role   = aws_iam_role.ci_plan.id
  policy = data.aws_iam_policy_document.ci_plan_state[0].json
}
