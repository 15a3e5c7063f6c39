variable "name" {
  description = "Prefix for every resource name: a lowercase letter, then lowercase letters, digits and hyphens, 24 characters at most."
  type        = string
  default     = "soloops-api"

  # AWS caps load balancer names at 32 characters and IAM name prefixes at 38; the longest suffix added is "-db-proxy-".
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "name must be a lowercase letter followed by at most 23 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region the service runs in."
  type        = string
  default     = "us-west-2"
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

variable "lambda_package" {
  description = "Path to the zip with the function's code."
  type        = string
}

variable "lambda_handler" {
  description = "Function entry point, file.export."
  type        = string
  default     = "index.handler"
}

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`.
variable "lambda_memory_mb" {
  description = "Memory of the function in MB; Lambda gives CPU in proportion."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 10240 && floor(var.lambda_memory_mb) == var.lambda_memory_mb
    error_message = "lambda_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "lambda_max_concurrency" {
  description = "Reserved concurrency: enough executions for the planned spike, and the ceiling on the bill beyond it."
  type        = number
  default     = 48

  validation {
    condition     = var.lambda_max_concurrency >= 1 && floor(var.lambda_max_concurrency) == var.lambda_max_concurrency
    error_message = "lambda_max_concurrency must be a whole number of at least 1: 0 would stop every request."
  }
}

# The planned crowd, which turns the per-client limits into the HTTP API's route throttles (see the
# api_rate_limit local). SCALING.md moves them phase by phase with `terraform apply -var`.
variable "api_clients_at_peak" {
  description = "Clients at the normal peak: the expensive routes are throttled to their allowance."
  type        = number
  default     = 200

  validation {
    condition     = var.api_clients_at_peak >= 1 && floor(var.api_clients_at_peak) == var.api_clients_at_peak
    error_message = "api_clients_at_peak must be a whole number of at least 1."
  }
}

variable "api_clients_at_spike" {
  description = "Clients at the planned spike: the API is throttled to their allowance."
  type        = number
  default     = 2000

  validation {
    condition     = var.api_clients_at_spike >= 1 && floor(var.api_clients_at_spike) == var.api_clients_at_spike
    error_message = "api_clients_at_spike must be a whole number of at least 1."
  }
}

variable "api_max_rps" {
  description = "Requests per second of the planned spike: the API never lets more through, whatever the clients' allowance."
  type        = number
  default     = 400

  validation {
    condition     = var.api_max_rps >= 1 && floor(var.api_max_rps) == var.api_max_rps
    error_message = "api_max_rps must be a whole number of at least 1."
  }
}

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`;
# a new instance class or Multi-AZ applies in the next maintenance window unless you apply it immediately.
variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database, e.g. db.t4g.micro."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9-]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "db_storage_gb" {
  description = "Provisioned gp3 storage in GiB. RDS can grow a volume but never shrink it: a rollback keeps the larger size."
  type        = number
  default     = 20

  validation {
    condition     = var.db_storage_gb >= 20 && var.db_storage_gb <= 65536 && floor(var.db_storage_gb) == var.db_storage_gb
    error_message = "db_storage_gb must be a whole number from 20 (gp3's minimum for PostgreSQL) to 65536."
  }
}

variable "db_max_storage_gb" {
  description = "Ceiling storage autoscaling may grow the volume to, in GiB; 0 turns autoscaling off. Above db_storage_gb."
  type        = number
  default     = 80

  validation {
    condition     = var.db_max_storage_gb >= 0 && var.db_max_storage_gb <= 65536 && floor(var.db_max_storage_gb) == var.db_max_storage_gb
    error_message = "db_max_storage_gb must be 0 (no autoscaling) or a whole number up to 65536."
  }
}

variable "db_multi_az" {
  description = "Keep a standby in a second availability zone that takes over in about a minute; doubles the instance price."
  type        = bool
  default     = true
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
