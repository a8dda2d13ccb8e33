output "get_credentials_command" {
  description = "Run this to point kubectl at the cluster."
  value       = "gcloud container clusters get-credentials ${google_container_cluster.main.name} --region ${var.region} --project ${var.project_id}"
}

output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = google_container_cluster.main.name
}

output "registry_url" {
  description = "Image name prefix to push to and to set in the prod overlay's images (…/upwork-scout)."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/upwork-scout"
}

output "public_hostname" {
  description = "Host of PUBLIC_URL: the prod overlay's Ingress host and PUBLIC_URL."
  value       = trimsuffix(var.public_hostname, ".")
}

output "public_url" {
  description = "PUBLIC_URL for the app (and the Upwork key's callback base)."
  value       = "https://${trimsuffix(var.public_hostname, ".")}"
}

output "ingress_ip" {
  description = "Static address for the ingress controller's LoadBalancer Service (controller.service.loadBalancerIP)."
  value       = google_compute_address.ingress.address
}

output "egress_ip" {
  description = "The one address all pods reach the internet from (Cloud NAT): what Upwork and Telegram see."
  value       = google_compute_address.egress.address
}

output "private_services_cidr" {
  description = "Range of the Cloud SQL and Memorystore private IPs: the prod overlay's scout-datastores-egress NetworkPolicy."
  value       = var.private_services_cidr
}

output "database_host" {
  description = "Private IP of Cloud SQL (PGHOST of the Secret scout-postgres)."
  value       = google_sql_database_instance.main.private_ip_address
}

output "database_name" {
  description = "Database and user name (PGDATABASE and PGUSER of the Secret scout-postgres)."
  value       = google_sql_database.scout.name
}

output "redis_host" {
  description = "Private IP of Memorystore."
  value       = google_redis_instance.main.host
}

output "secret_ids" {
  description = "Secret Manager secrets to copy into the Kubernetes Secrets: database-url, postgres-password, redis-url."
  value       = { for key, secret in google_secret_manager_secret.main : key => secret.secret_id }
}
