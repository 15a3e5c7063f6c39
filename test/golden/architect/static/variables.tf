variable "name" {
  description = "Prefix for every resource name: a lowercase letter, then lowercase letters, digits and hyphens, 24 characters at most."
  type        = string
  default     = "soloops-static"

  # AWS caps load balancer names at 32 characters and IAM name prefixes at 38; the longest suffix added is "-db-proxy-".
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "name must be a lowercase letter followed by at most 23 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region the service runs in."
  type        = string
  default     = "us-east-1"
}

variable "soloops_webhook_url" {
  description = "Your `soloops watch` CloudWatch endpoint, e.g. https://host:9117/v1/alerts/cloudwatch."
  type        = string

  validation {
    condition     = startswith(var.soloops_webhook_url, "https://")
    error_message = "soloops_webhook_url must be an https:// URL: SNS sends alerts to it over the internet."
  }
}

variable "health_check_path" {
  description = "Path that answers 2xx/3xx when the service is healthy."
  type        = string
  default     = "/"
}

# AWS WAF counts each client IP over the last 60 s and blocks it past the limit; an HTTP API has no WAF,
# so there the limits set route throttles instead (see the api_rate_limit local).
variable "rate_limit_per_client_per_minute" {
  description = "Requests one client IP may send per minute. Users behind one office or carrier NAT count as one client."
  type        = number
  default     = 100

  # AWS WAF rejects a rate-based limit under 10 or over 2,000,000,000.
  validation {
    condition     = var.rate_limit_per_client_per_minute >= 10 && var.rate_limit_per_client_per_minute <= 2000000000
    error_message = "rate_limit_per_client_per_minute must be from 10 (AWS WAF's minimum) to 2000000000."
  }

  validation {
    condition     = floor(var.rate_limit_per_client_per_minute) == var.rate_limit_per_client_per_minute
    error_message = "rate_limit_per_client_per_minute must be a whole number."
  }
}

variable "expensive_route_rate_limit_per_minute" {
  description = "Requests one client IP may send per minute to each of expensive_route_paths (AI, GPU, heavy queries)."
  type        = number
  default     = 10

  validation {
    condition     = var.expensive_route_rate_limit_per_minute >= 10 && var.expensive_route_rate_limit_per_minute <= 2000000000
    error_message = "expensive_route_rate_limit_per_minute must be from 10 (AWS WAF's minimum) to 2000000000."
  }

  validation {
    condition     = floor(var.expensive_route_rate_limit_per_minute) == var.expensive_route_rate_limit_per_minute
    error_message = "expensive_route_rate_limit_per_minute must be a whole number."
  }
}

variable "expensive_route_paths" {
  description = "Path prefixes of the expensive routes, e.g. [\"/api/ai\"]; each gets the stricter limit of its own."
  type        = list(string)
  default     = []

  # Each path is one more WAF rule (billed per rule) and, on an HTTP API, two routes.
  validation {
    condition     = length(var.expensive_route_paths) <= 10
    error_message = "expensive_route_paths takes at most 10 paths."
  }

  # A WAF byte match holds 50 bytes at most, and an HTTP API route key is "ANY <path>": plain segments,
  # no trailing slash, no {parameters}.
  validation {
    condition     = alltrue([for path in var.expensive_route_paths : length(path) <= 50 && can(regex("^(/[A-Za-z0-9._~-]+)+$", path))])
    error_message = "Each expensive route path looks like /api/ai: segments of letters, digits and . _ ~ -, 50 characters at most."
  }
}

variable "github_repository" {
  description = "GitHub repository (owner/name, spelled as GitHub does: the OIDC subject is case-sensitive) allowed to plan and apply."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. my-org/my-app."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider; false when another stack already has it (one per account)."
  type        = bool
  default     = true
}

variable "state_bucket" {
  description = "S3 bucket of this stack's remote state, so the plan role can take the lock; null without one."
  type        = string
  default     = null
}
