variable "name" {
  description = "Prefix for every resource name: a lowercase letter, then lowercase letters, digits and hyphens, 24 characters at most."
  type        = string
  default     = "soloops-web"

  # AWS caps load balancer names at 32 characters and IAM name prefixes at 38; the longest suffix added is "-db-proxy-".
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "name must be a lowercase letter followed by at most 23 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  description = "AWS region the service runs in."
  type        = string
  default     = "eu-west-1"
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

variable "certificate_arn" {
  description = "ACM certificate (in var.region) for the load balancer's HTTPS listener."
  type        = string
}

variable "container_port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}

variable "container_image" {
  description = "Container image to run, pinned by digest or immutable tag."
  type        = string
}

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`.
variable "min_capacity" {
  description = "Fewest tasks running, and the count each deploy starts with."
  type        = number
  default     = 2

  validation {
    condition     = var.min_capacity >= 1 && floor(var.min_capacity) == var.min_capacity
    error_message = "min_capacity must be a whole number of at least 1: with no task the load balancer answers 503."
  }
}

variable "max_capacity" {
  description = "Most tasks autoscaling may run: the ceiling on the compute bill at a spike. At least min_capacity."
  type        = number
  default     = 100

  validation {
    condition     = var.max_capacity >= 1 && floor(var.max_capacity) == var.max_capacity
    error_message = "max_capacity must be a whole number of at least 1."
  }
}

variable "task_cpu" {
  description = "CPU units of each task (1024 = 1 vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be one of Fargate's sizes: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "task_memory_mb" {
  description = "Memory of each task in MiB; Fargate allows 2 to 8 GiB per vCPU of task_cpu."
  type        = number
  default     = 1024

  validation {
    condition     = var.task_memory_mb >= 512 && var.task_memory_mb <= 122880 && var.task_memory_mb % 512 == 0
    error_message = "task_memory_mb must be a multiple of 512 from 512 to 122880."
  }
}

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`;
# a new instance class or Multi-AZ applies in the next maintenance window unless you apply it immediately.
variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database, e.g. db.t4g.micro."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9-]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "db_storage_gb" {
  description = "Provisioned gp3 storage in GiB. RDS can grow a volume but never shrink it: a rollback keeps the larger size."
  type        = number
  default     = 300

  validation {
    condition     = var.db_storage_gb >= 20 && var.db_storage_gb <= 65536 && floor(var.db_storage_gb) == var.db_storage_gb
    error_message = "db_storage_gb must be a whole number from 20 (gp3's minimum for PostgreSQL) to 65536."
  }
}

variable "db_max_storage_gb" {
  description = "Ceiling storage autoscaling may grow the volume to, in GiB; 0 turns autoscaling off. Above db_storage_gb."
  type        = number
  default     = 1200

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

# Sizes the chain chose for this traffic. SCALING.md moves them phase by phase with `terraform apply -var`.
variable "cache_node_type" {
  description = "ElastiCache node type of every Redis node, e.g. cache.t4g.micro."
  type        = string
  default     = "cache.t4g.small"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9-]+\\.[a-z0-9]+$", var.cache_node_type))
    error_message = "cache_node_type must be an ElastiCache node type such as cache.t4g.micro."
  }
}

variable "cache_nodes" {
  description = "Redis nodes (a primary and its replicas); cache_multi_az needs 2 or more."
  type        = number
  default     = 2

  validation {
    condition     = var.cache_nodes >= 1 && var.cache_nodes <= 6 && floor(var.cache_nodes) == var.cache_nodes
    error_message = "cache_nodes must be a whole number from 1 to 6 (a primary and up to 5 replicas)."
  }
}

variable "cache_multi_az" {
  description = "Fail over automatically to a replica in another zone when the primary fails; needs cache_nodes of 2 or more."
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
