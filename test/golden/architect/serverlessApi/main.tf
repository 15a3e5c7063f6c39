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
  limit_amount = "150"
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

locals {
  vpc_cidr = "10.0.0.0/16"
  azs      = slice(data.aws_availability_zones.available.names, 0, 2)
}

# Public subnets for load balancers and internet-facing servers; data stores go in the database and
# private subnets, which have no route from the internet.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.13.0"

  name = local.name
  cidr = local.vpc_cidr
  azs  = local.azs

  public_subnets   = [for i, az in local.azs : cidrsubnet(local.vpc_cidr, 8, i)]
  private_subnets  = [for i, az in local.azs : cidrsubnet(local.vpc_cidr, 8, i + 10)]
  database_subnets = [for i, az in local.azs : cidrsubnet(local.vpc_cidr, 8, i + 20)]

  # Servers and GPU workers in public subnets need a public IP to reach AWS APIs without a NAT.
  #checkov:skip=CKV_AWS_130: public subnets hold only the load balancer and servers whose groups admit it alone
  map_public_ip_on_launch      = true
  create_database_subnet_group = true
  enable_nat_gateway           = false
  single_nat_gateway           = true
  enable_dns_hostnames         = true

  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_cloudwatch_log_group_retention_in_days = 30
  #checkov:skip=CKV_AWS_338: a month of flow logs is enough to investigate at day 0; a year costs 12 times more
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts logs at rest already; a KMS key adds $1/month and a key policy
}

# Gateway endpoints are free and keep S3 and DynamoDB traffic off any NAT gateway.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(module.vpc.private_route_table_ids, module.vpc.public_route_table_ids)
}

resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${var.region}.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(module.vpc.private_route_table_ids, module.vpc.public_route_table_ids)
}

# Whatever runs the code (tasks, servers, functions); data stores admit only this group.
resource "aws_security_group" "app" {
  name_prefix = "${local.name}-app-"
  description = "Application compute"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs and package registries"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "app_vpc" {
  security_group_id = aws_security_group.app.id
  description       = "Data stores inside the VPC"
  ip_protocol       = "-1"
  cidr_ipv4         = local.vpc_cidr
}

# Reserved concurrency (var.lambda_max_concurrency) is the chain's spike figure: enough for the spike, and a ceiling on the bill.
module "lambda" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "7.14.0"

  function_name                  = local.name
  handler                        = var.lambda_handler
  runtime                        = "nodejs20.x"
  architectures                  = ["arm64"]
  memory_size                    = var.lambda_memory_mb
  timeout                        = 30
  reserved_concurrent_executions = var.lambda_max_concurrency

  create_package         = false
  local_existing_package = var.lambda_package

  vpc_subnet_ids         = module.vpc.private_subnets
  vpc_security_group_ids = [aws_security_group.app.id]
  attach_network_policy  = true

  tracing_mode                      = "Active"
  attach_tracing_policy             = true
  cloudwatch_logs_retention_in_days = 30
  #checkov:skip=CKV_AWS_338: a month of logs is enough to investigate at day 0; a year costs 12 times more
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts logs at rest already; a KMS key adds $1/month and a key policy
  #checkov:skip=CKV_AWS_116: API Gateway calls it synchronously: a failure goes back to the caller, not to a DLQ
  #checkov:skip=CKV_AWS_272: code signing needs a Signer profile and signed packages from CI; add it with CI
  #checkov:skip=CKV_AWS_117: in the VPC whenever it reaches a database or cache; otherwise a VPC only adds a NAT bill

  create_current_version_allowed_triggers = false
  allowed_triggers = {
    api = {
      service    = "apigateway"
      source_arn = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  alarm_name          = "${local.name}-lambda-errors"
  alarm_description   = "The function failed more than 10 times in 5 minutes."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    FunctionName = module.lambda.lambda_function_name
  }
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  alarm_name          = "${local.name}-lambda-throttles"
  alarm_description   = "Requests hit the reserved concurrency: traffic is beyond the planned spike."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    FunctionName = module.lambda.lambda_function_name
  }
}

resource "aws_apigatewayv2_api" "http" {
  name          = local.name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.lambda.lambda_function_invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "default" {
  #checkov:skip=CKV_AWS_309: the app authenticates its users itself; sign-up and public pages need open routes
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.lambda.id}"
}

# The expensive paths get routes of their own (same function) so the stage can throttle them apart.
resource "aws_apigatewayv2_route" "expensive" {
  #checkov:skip=CKV_AWS_309: the same function as $default, which authenticates its users itself
  for_each  = toset(flatten([for path in var.expensive_route_paths : ["ANY ${path}", "ANY ${path}/{proxy+}"]]))
  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.lambda.id}"
}

# An HTTP API takes no WAF and throttles each route for all callers together, not per client. So the
# per-client limits become route ceilings: what the planned clients could send, each at its allowance,
# never above the planned spike (the ceiling on the bill). Blocking one noisy client needs CloudFront and
# the WAF in front of the API.
locals {
  # The planned spike's clients at their allowance, never above the spike's own rate.
  api_rate_limit = min(var.api_max_rps, ceil(var.api_clients_at_spike * var.rate_limit_per_client_per_minute / 60))
  # An expensive route holds at the peak crowd's allowance: in a spike its excess gets 429 (clients retry)
  # instead of multiplying the GPU or model bill.
  api_expensive_rate_limit = min(local.api_rate_limit, ceil(var.api_clients_at_peak * var.expensive_route_rate_limit_per_minute / 60))
}

# One line per request: who called which route, the status and the latency, to answer "who got the 5xx?".
resource "aws_cloudwatch_log_group" "api_access" {
  #checkov:skip=CKV_AWS_338: a month of access logs is enough to investigate at day 0; a year costs 12 times more
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts logs at rest already; a KMS key adds $1/month and a key policy
  name              = "/aws/apigateway/${local.name}-access"
  retention_in_days = 30
}

# Throttling is the rate limit: the planned spike passes, a flood beyond it gets 429s instead of a bill.
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      ip               = "$context.identity.sourceIp"
      requestTime      = "$context.requestTime"
      routeKey         = "$context.routeKey"
      status           = "$context.status"
      responseLength   = "$context.responseLength"
      latency          = "$context.responseLatency"
      integrationError = "$context.integrationErrorMessage"
    })
  }

  default_route_settings {
    throttling_rate_limit  = local.api_rate_limit
    throttling_burst_limit = local.api_rate_limit * 2
  }

  dynamic "route_settings" {
    for_each = aws_apigatewayv2_route.expensive

    content {
      route_key              = route_settings.value.route_key
      throttling_rate_limit  = local.api_expensive_rate_limit
      throttling_burst_limit = local.api_expensive_rate_limit * 2
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${local.name}-api-5xx"
  alarm_description   = "The API answered 5xx to more than 10 requests in 5 minutes."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    ApiId = aws_apigatewayv2_api.http.id
    Stage = "$default"
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${local.name}-db-"
  description = "PostgreSQL, reachable only from the app"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the app"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}

# The master password is generated and rotated in Secrets Manager; it never appears in state or tfvars.
module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.10.0"

  identifier           = local.name
  engine               = "postgres"
  engine_version       = "16"
  family               = "postgres16"
  major_engine_version = "16"
  instance_class       = var.db_instance_class

  allocated_storage     = var.db_storage_gb
  max_allocated_storage = var.db_max_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name                             = "app"
  username                            = "app"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true

  multi_az               = var.db_multi_az
  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false

  backup_retention_period          = 30
  deletion_protection              = var.deletion_protection
  skip_final_snapshot              = false
  final_snapshot_identifier_prefix = "${local.name}-final"
  copy_tags_to_snapshot            = true

  #checkov:skip=CKV_AWS_354: Performance Insights data is encrypted with the AWS-managed RDS key; a CMK adds $1/month
  #checkov:skip=CKV_AWS_118: Performance Insights and CloudWatch cover day 0; OS metrics add a role and log fees
  performance_insights_enabled    = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  create_db_option_group          = false
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${local.name}-db-cpu"
  alarm_description   = "Database CPU above 80% for 15 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    DBInstanceIdentifier = module.db.db_instance_identifier
  }
}

locals {
  # Alarm when less than a tenth of the volume is free, in bytes as CloudWatch reports it.
  db_free_storage_bytes = floor(var.db_storage_gb * 1073741824 / 10 + 0.5)
}

# RDS rejects a storage ceiling at or under the provisioned size; a variable's validation cannot see the other input.
check "db_storage_ceiling" {
  assert {
    condition     = var.db_max_storage_gb == 0 || var.db_max_storage_gb > var.db_storage_gb
    error_message = "db_max_storage_gb must be 0 (no storage autoscaling) or greater than db_storage_gb."
  }
}

resource "aws_cloudwatch_metric_alarm" "db_storage" {
  alarm_name          = "${local.name}-db-free-storage"
  alarm_description   = "Less than a tenth of the database volume is free."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = local.db_free_storage_bytes
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    DBInstanceIdentifier = module.db.db_instance_identifier
  }
}

resource "aws_cloudwatch_metric_alarm" "db_memory" {
  alarm_name          = "${local.name}-db-freeable-memory"
  alarm_description   = "Database has under 64 MB of freeable memory: too many connections or too small."
  namespace           = "AWS/RDS"
  metric_name         = "FreeableMemory"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 67108864
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]

  dimensions = {
    DBInstanceIdentifier = module.db.db_instance_identifier
  }
}

# At spike the app opens more connections than the instance allows; RDS Proxy pools them. It signs in
# with the master secret RDS manages in Secrets Manager, so no password is ever in state or tfvars.
resource "aws_security_group" "db_proxy" {
  name_prefix = "${local.name}-db-proxy-"
  description = "RDS Proxy, reachable only from the app"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_proxy_from_app" {
  security_group_id            = aws_security_group.db_proxy.id
  description                  = "PostgreSQL from the app"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_egress_rule" "db_proxy_to_db" {
  security_group_id            = aws_security_group.db_proxy.id
  description                  = "PostgreSQL to the database"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db_proxy.id
}

data "aws_iam_policy_document" "db_proxy_assume" {
  statement {
    sid     = "RdsAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# The proxy may read the one secret it signs in with, and nothing else. The secret is encrypted with
# the AWS-managed Secrets Manager key, which needs no kms grant of its own.
data "aws_iam_policy_document" "db_proxy_secret" {
  statement {
    sid       = "ReadMasterSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [module.db.db_instance_master_user_secret_arn]
  }
}

resource "aws_iam_role" "db_proxy" {
  name_prefix        = "${local.name}-db-proxy-"
  assume_role_policy = data.aws_iam_policy_document.db_proxy_assume.json
}

resource "aws_iam_role_policy" "db_proxy" {
  name   = "read-master-secret"
  role   = aws_iam_role.db_proxy.id
  policy = data.aws_iam_policy_document.db_proxy_secret.json
}

resource "aws_db_proxy" "db" {
  name                   = "${local.name}-db"
  engine_family          = "POSTGRESQL"
  require_tls            = true
  idle_client_timeout    = 1800
  role_arn               = aws_iam_role.db_proxy.arn
  vpc_subnet_ids         = module.vpc.database_subnets
  vpc_security_group_ids = [aws_security_group.db_proxy.id]

  # Clients sign in with the same secret; switch iam_auth to "REQUIRED" once the app's role may rds-db:connect.
  auth {
    description               = "RDS-managed master secret"
    auth_scheme               = "SECRETS"
    iam_auth                  = "DISABLED"
    client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
    secret_arn                = module.db.db_instance_master_user_secret_arn
  }
}

# Leave a tenth of the instance's connections for migrations and a person with psql.
resource "aws_db_proxy_default_target_group" "db" {
  db_proxy_name = aws_db_proxy.db.name

  connection_pool_config {
    max_connections_percent      = 90
    max_idle_connections_percent = 50
    connection_borrow_timeout    = 120
  }
}

resource "aws_db_proxy_target" "db" {
  db_proxy_name          = aws_db_proxy.db.name
  target_group_name      = aws_db_proxy_default_target_group.db.name
  db_instance_identifier = module.db.db_instance_identifier
}

# Deletion protection on the database, the load balancer and the tables follows var.deletion_protection
# (on by default): apply with -var deletion_protection=false before terraform destroy.

# Daily AWS Backup copies of every data store, kept var.backup_retention_days days in a vault
# encrypted with its own key. They outlive the resource they copy: deleting the database or
# the table (or the whole stack) leaves the recovery points in the vault.
# The default key policy, written out: IAM policies of this account decide who uses the key (AWS
# Backup through its role), and no principal outside the account can.
locals {
  backup_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountIamPolicies"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key" "backup" {
  description             = "${local.name} backup vault"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = local.backup_key_policy
}

resource "aws_backup_vault" "main" {
  name        = "${local.name}-backup"
  kms_key_arn = aws_kms_key.backup.arn
}

# The copy region has its own provider; with var.backup_copy_region unset it points at the
# service's own region and nothing uses it.
provider "aws" {
  alias  = "backup_copy"
  region = var.backup_copy_region == "" ? var.region : var.backup_copy_region

  default_tags {
    tags = {
      ManagedBy = "terraform"
      Service   = var.name
    }
  }
}

resource "aws_kms_key" "backup_copy" {
  count                   = var.backup_copy_region == "" ? 0 : 1
  provider                = aws.backup_copy
  description             = "${local.name} backup vault (cross-region copy)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = local.backup_key_policy
}

resource "aws_backup_vault" "copy" {
  count       = var.backup_copy_region == "" ? 0 : 1
  provider    = aws.backup_copy
  name        = "${local.name}-backup-copy"
  kms_key_arn = aws_kms_key.backup_copy[0].arn

  lifecycle {
    precondition {
      condition     = var.backup_copy_region != var.region
      error_message = "backup_copy_region must differ from region: a copy in the same region does not survive losing it."
    }
  }
}

# 05:00 UTC, outside the hours most services are busy; a job that cannot start within the
# start window is retried the next day rather than overlapping the next run.
resource "aws_backup_plan" "main" {
  name = "${local.name}-daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 5 * * ? *)"
    start_window      = 60
    completion_window = 480

    lifecycle {
      delete_after = var.backup_retention_days
    }

    dynamic "copy_action" {
      for_each = aws_backup_vault.copy
      content {
        destination_vault_arn = copy_action.value.arn

        lifecycle {
          delete_after = var.backup_retention_days
        }
      }
    }
  }
}

data "aws_iam_policy_document" "backup_assume" {
  statement {
    sid     = "BackupAssumes"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

# AWS's managed policies for AWS Backup (and for S3 when the uploads bucket is backed up): they
# act only on the resources a selection names, and add restores so a drill needs no other role.
resource "aws_iam_role" "backup" {
  name_prefix        = "${local.name}-backup-"
  assume_role_policy = data.aws_iam_policy_document.backup_assume.json
}

resource "aws_iam_role_policy_attachment" "backup" {
  for_each   = toset(["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"])
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/${each.key}"
}

# By ARN rather than by tag: nothing else in the account is picked up by accident.
resource "aws_backup_selection" "data" {
  name         = "${local.name}-data"
  plan_id      = aws_backup_plan.main.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [module.db.db_instance_arn]
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
