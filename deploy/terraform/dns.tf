# PUBLIC_URL's host, in an existing Cloud DNS zone, pointing at the ingress address.
data "google_dns_managed_zone" "public" {
  name = var.dns_zone_name

  depends_on = [google_project_service.apis]
}

resource "google_dns_record_set" "public" {
  managed_zone = data.google_dns_managed_zone.public.name
  name         = "${trimsuffix(var.public_hostname, ".")}."
  type         = "A"
  ttl          = 300
  rrdatas      = [google_compute_address.ingress.address]
}
