# A regional GKE Standard cluster: private nodes, a private-endpoint-capable control
# plane limited to master_authorized_cidrs, Dataplane V2 (enforces the NetworkPolicies of
# deploy/kubernetes), Workload Identity, Shielded nodes, the REGULAR release channel.

resource "google_service_account" "nodes" {
  account_id   = "${var.name}-nodes"
  display_name = "Scout GKE nodes"
}

# Least privilege for nodes: write logs and metrics, pull images.
resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/artifactregistry.reader",
  ])
  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_cluster" "main" {
  # Dataplane V2 (datapath_provider below) enforces NetworkPolicy itself; the legacy
  # network_policy add-on (Calico) must stay off with it.
  #checkov:skip=CKV_GCP_12:Dataplane V2 enforces NetworkPolicy; the Calico add-on must be off with it
  # Google Groups for RBAC needs a Google Workspace or Cloud Identity domain, which not
  # every operator has; access is granted with IAM roles on the project instead.
  #checkov:skip=CKV_GCP_65:needs a Workspace/Cloud Identity domain; access is granted through IAM
  name     = var.name
  location = var.region

  network         = google_compute_network.main.id
  subnetwork      = google_compute_subnetwork.nodes.id
  networking_mode = "VPC_NATIVE"
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }

  # nodes come from the pool below
  remove_default_node_pool = true
  initial_node_count       = 1

  deletion_protection         = var.deletion_protection
  datapath_provider           = "ADVANCED_DATAPATH"
  enable_intranode_visibility = true

  release_channel {
    channel = "REGULAR"
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_cidr
  }

  master_authorized_networks_config {
    dynamic "cidr_blocks" {
      for_each = var.master_authorized_cidrs
      content {
        cidr_block   = cidr_blocks.value
        display_name = "operator ${cidr_blocks.key}"
      }
    }
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }

  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }

  enable_shielded_nodes = true
  enable_legacy_abac    = false

  resource_labels = {
    app = var.name
  }

  logging_service    = "logging.googleapis.com/kubernetes"
  monitoring_service = "monitoring.googleapis.com/kubernetes"

  # Ignore the removed default pool's config.
  node_config {
    service_account = google_service_account.nodes.email
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }

  lifecycle {
    ignore_changes = [node_config]
  }
}

resource "google_container_node_pool" "main" {
  name     = "${var.name}-pool"
  cluster  = google_container_cluster.main.id
  location = var.region

  autoscaling {
    min_node_count = var.node_count_min
    max_node_count = var.node_count_max
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = var.node_machine_type
    image_type      = "COS_CONTAINERD"
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels = {
      app = var.name
    }
    metadata = {
      disable-legacy-endpoints = "true"
    }
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }
}
