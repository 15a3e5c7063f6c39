variable "name" {
  description = "Prefix for every resource name: a lowercase letter, then lowercase letters, digits and hyphens, 24 characters at most."
  type        = string
  default     = "soloops-game"

  # AWS caps load balancer names at 32 characters and IAM name prefixes at 38; the longest suffix added is "-db-proxy-".
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "name must be a lowercase letter followed by at most 23 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region the service runs in."
  type        = string
  default     = "ap-northeast-2"
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

variable "game_port" {
  description = "Port the game servers accept players on, TCP and UDP."
  type        = number
  default     = 7777
}

variable "health_check_port" {
  description = "HTTP port the game servers answer health checks on."
  type        = number
  default     = 8080
}

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`.
variable "min_capacity" {
  description = "Fewest game servers running, and the count the group starts with."
  type        = number
  default     = 2

  validation {
    condition     = var.min_capacity >= 1 && floor(var.min_capacity) == var.min_capacity
    error_message = "min_capacity must be a whole number of at least 1: with no server players cannot connect."
  }
}

variable "max_capacity" {
  description = "Most game servers autoscaling may run: the ceiling on the compute bill at a spike. At least min_capacity."
  type        = number
  default     = 30

  validation {
    condition     = var.max_capacity >= 1 && floor(var.max_capacity) == var.max_capacity
    error_message = "max_capacity must be a whole number of at least 1."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the game servers; an arm64 (Graviton) type, since the AMI is arm64."
  type        = string
  default     = "c7g.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be an EC2 instance type such as c7g.large."
  }
}

variable "deletion_protection" {
  description = "Guards the database, load balancers and tables against deletion. Apply with false before terraform destroy."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Days AWS Backup keeps each daily recovery point and its cross-region copy (the database keeps its own PITR window)."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_retention_days >= 7
    error_message = "backup_retention_days must be at least 7: damage noticed after a weekend still needs a clean copy."
  }
}

variable "backup_copy_region" {
  description = "Region to copy every daily backup to, e.g. eu-central-1; empty (the default) keeps backups in var.region only."
  type        = string
  default     = ""

  validation {
    condition     = var.backup_copy_region == "" || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.backup_copy_region))
    error_message = "backup_copy_region must be empty or an AWS region name such as eu-central-1."
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
