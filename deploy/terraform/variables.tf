variable "project_id" {
  description = "Google Cloud project that holds every resource of this module."
  type        = string
}

variable "region" {
  description = "Region of the cluster, the database, Redis and the registry (e.g. europe-west1)."
  type        = string
  default     = "europe-west1"
}

variable "name" {
  description = "Prefix of every resource name (lowercase letters, digits, hyphens)."
  type        = string
  default     = "scout"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must start with a letter and hold 2-21 lowercase letters, digits or hyphens."
  }
}

variable "dns_zone_name" {
  description = "Existing Cloud DNS managed zone (its name, not its domain) that gets the record for PUBLIC_URL."
  type        = string
}

variable "public_hostname" {
  description = "Host name of PUBLIC_URL (e.g. scout.example.com); must lie within dns_zone_name's domain."
  type        = string
}

variable "master_authorized_cidrs" {
  description = "CIDR blocks allowed to reach the Kubernetes API (an operator's office or VPN, the CI runners)."
  type        = list(string)
}

variable "subnet_cidr" {
  description = "Primary range of the cluster's subnet (the nodes)."
  type        = string
  default     = "10.10.0.0/20"
}

variable "pods_cidr" {
  description = "Secondary range for pods."
  type        = string
  default     = "10.20.0.0/16"
}

variable "services_cidr" {
  description = "Secondary range for Services."
  type        = string
  default     = "10.30.0.0/20"
}

variable "master_cidr" {
  description = "/28 for the private control plane."
  type        = string
  default     = "172.16.0.0/28"
}

variable "private_services_cidr" {
  description = "Range reserved for Cloud SQL and Memorystore private IPs; the prod overlay's datastores NetworkPolicy allows exactly this."
  type        = string
  default     = "10.64.0.0/20"
}

variable "node_machine_type" {
  description = "Machine type of the node pool (README sizing table: 2 vCPU / 8 GB hold the default prod overlay at its KEDA maximum)."
  type        = string
  default     = "e2-standard-2"
}

variable "node_count_min" {
  description = "Smallest node count per zone of the node pool (cluster autoscaler)."
  type        = number
  default     = 1
}

variable "node_count_max" {
  description = "Largest node count per zone of the node pool (cluster autoscaler)."
  type        = number
  default     = 3
}

variable "database_tier" {
  description = "Cloud SQL machine tier (README sizing table)."
  type        = string
  default     = "db-custom-1-3840"
}

variable "database_disk_gb" {
  description = "Initial Cloud SQL disk size in GB (it grows automatically)."
  type        = number
  default     = 20
}

variable "database_backup_retention_days" {
  description = "How many daily automated backups Cloud SQL keeps; point-in-time recovery covers the last 7 days of WAL."
  type        = number
  default     = 14
}

variable "database_password_version" {
  description = "Increase by one to generate and set a new database password (write-only: the password never enters the Terraform state)."
  type        = number
  default     = 1
}

variable "redis_memory_gb" {
  description = "Memorystore capacity in GB (the queue holds job ids and small payloads: 1 GB is plenty for thousands of users)."
  type        = number
  default     = 1
}

variable "deletion_protection" {
  description = "Refuse to destroy the cluster and the database (set false only to tear a test environment down)."
  type        = bool
  default     = true
}
