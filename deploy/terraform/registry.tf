# The image registry. Tags are immutable: a release tag names one image forever, which
# is why the kustomize overlays may pin a tag instead of a digest.
resource "google_artifact_registry_repository" "images" {
  # Google-managed encryption at rest; the images hold the open-source code and no secrets,
  # so a customer-managed key would add a key ring to run and nothing to protect.
  #checkov:skip=CKV_GCP_84:images hold no secrets; Google-managed encryption at rest
  repository_id = var.name
  location      = var.region
  format        = "DOCKER"
  description   = "Upwork Scout images"

  docker_config {
    immutable_tags = true
  }

  depends_on = [google_project_service.apis]

  cleanup_policies {
    id     = "drop-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "604800s"
    }
  }
}
