# Connection secrets for the Kubernetes Secrets `scout-secrets` and `scout-postgres`
# (README "Beyond one machine"), in Secret Manager. The values are written with write-only
# arguments, so the generated database password stays out of plan and state; they change
# when database_password_version does.

locals {
  secrets = {
    database-url      = "DATABASE_URL for the app"
    postgres-password = "PGPASSWORD for the backup CronJob"
    redis-url         = "REDIS_URL for the app"
  }
}

resource "google_secret_manager_secret" "main" {
  for_each  = local.secrets
  secret_id = "${var.name}-${each.key}"
  labels = {
    app = var.name
  }
  annotations = {
    purpose = each.value
  }
  depends_on = [google_project_service.apis]

  replication {
    user_managed {
      replicas {
        location = var.region
      }
    }
  }
}

resource "google_secret_manager_secret_version" "database_url" {
  secret                 = google_secret_manager_secret.main["database-url"].id
  secret_data_wo_version = var.database_password_version
  # The secrets scanner reads user:password@ in the pattern below as a credential: it is a
  # format() pattern with %s placeholders (the skip must sit on the line it flags).
  secret_data_wo = format(
    "postgresql+asyncpg://%s:%s@%s:5432/%s", # checkov:skip=CKV_SECRET_4:a format() pattern, not a credential
    google_sql_user.scout.name,
    ephemeral.random_password.database.result,
    google_sql_database_instance.main.private_ip_address,
    google_sql_database.scout.name,
  )
}

resource "google_secret_manager_secret_version" "postgres_password" {
  secret                 = google_secret_manager_secret.main["postgres-password"].id
  secret_data_wo_version = var.database_password_version
  secret_data_wo         = ephemeral.random_password.database.result
}

resource "google_secret_manager_secret_version" "redis_url" {
  secret = google_secret_manager_secret.main["redis-url"].id
  # Memorystore's AUTH string changes only when rotated; bump this with it.
  secret_data_wo_version = 1
  secret_data_wo = format(
    "redis://:%s@%s:%d/0",
    google_redis_instance.main.auth_string,
    google_redis_instance.main.host,
    google_redis_instance.main.port,
  )
}
