# Cloud SQL for PostgreSQL 15 (the major version of docker-compose.yml and of the backup
# CronJob's pg_dump): private IP only, TLS required, regional (a standby in a second zone),
# daily automated backups kept database_backup_retention_days, point-in-time recovery.

resource "google_sql_database_instance" "main" {
  # ENCRYPTED_ONLY refuses every connection without TLS; client certificates cannot be
  # handed to asyncpg through DATABASE_URL, so TRUSTED_CLIENT_CERTIFICATE_REQUIRED is out.
  #checkov:skip=CKV_GCP_6:TLS is required (ENCRYPTED_ONLY); client certificates cannot pass through DATABASE_URL
  # The same major version as docker-compose.yml and the backup CronJob's pg_dump (15):
  # upgrade the three together.
  #checkov:skip=CKV_GCP_79:kept on PostgreSQL 15 with docker-compose.yml and the backup image
  # Every statement's duration in the log is volume without insight; Query Insights
  # (insights_config below) records statement latency instead.
  #checkov:skip=CKV2_GCP_13:Query Insights records statement latency; per-statement log lines are noise
  name                = var.name
  database_version    = "POSTGRES_15"
  region              = var.region
  deletion_protection = var.deletion_protection

  depends_on = [google_service_networking_connection.private_services]

  settings {
    tier              = var.database_tier
    edition           = "ENTERPRISE"
    availability_type = "REGIONAL"
    disk_type         = "PD_SSD"
    disk_size         = var.database_disk_gb
    disk_autoresize   = true

    deletion_protection_enabled = var.deletion_protection

    ip_configuration {
      ipv4_enabled                                  = false
      private_network                               = google_compute_network.main.id
      enable_private_path_for_google_cloud_services = true
      ssl_mode                                      = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7
      backup_retention_settings {
        retained_backups = var.database_backup_retention_days
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }

    # Logging flags (checkov CKV_GCP_108..111 and friends): connections, disconnections,
    # lock waits and errors are logged; statements are not (they may carry user data).
    # Every app process keeps up to 20 connections (core/db/engine.py: pool_size 10 +
    # max_overflow 10); at the prod overlay's maximum (3 api, 1 bot, 6 workers) that is 200,
    # plus the backup, the migrate Job and an operator's psql. The tier's default would be
    # 100 at 3.75 GB; idle connections cost a few MB each.
    database_flags {
      name  = "max_connections"
      value = "250"
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_hostname"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    database_flags {
      name  = "log_min_messages"
      value = "error"
    }
    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }
}

resource "google_sql_database" "scout" {
  name     = "scout"
  instance = google_sql_database_instance.main.name
}

# Generated at apply time and never stored: an ephemeral value goes only into write-only
# arguments (the user's password here, the Secret Manager versions in secrets.tf).
ephemeral "random_password" "database" {
  length  = 40
  special = false # part of DATABASE_URL: keep it URL-safe
}

resource "google_sql_user" "scout" {
  name                = "scout"
  instance            = google_sql_database_instance.main.name
  password_wo         = ephemeral.random_password.database.result
  password_wo_version = var.database_password_version
}
