#!/bin/sh
# The `certbot` service of docker-compose.yml: a Let's Encrypt certificate for PUBLIC_URL's
# host, renewed in place, copied to /certs (the gateway's /etc/nginx/certs).
#   TLS_ACME=off   keep the certificate mounted from TLS_CERT_DIR (own certificate)
#   ACME_EMAIL     Let's Encrypt account contact (optional)
#   ACME_STAGING=1 Let's Encrypt's staging server (untrusted certificates, generous limits)
# HTTP-01 through the gateway's port 80 (webroot /var/www/acme, shared with the gateway).
# `certbot certonly --keep-until-expiring` issues when there is no certificate and renews
# within 30 days of expiry, otherwise does nothing: one command, run twice a day.
set -eu

case "${PUBLIC_URL:-}" in
    https://*) ;;
    *) echo "acme: PUBLIC_URL must be https://<your domain> (got '${PUBLIC_URL:-}')" >&2; exit 2 ;;
esac
domain=${PUBLIC_URL#https://}
domain=${domain%%/*}
domain=${domain%%:*}
certs=/certs

if [ ! -s "$certs/fullchain.pem" ] || [ ! -s "$certs/privkey.pem" ]; then
    echo "acme: no certificate yet; a one-day self-signed placeholder lets nginx start"
    python3 /acme/placeholder.py "$domain" "$certs"
fi

trap 'exit 0' TERM INT
if [ "${TLS_ACME:-on}" = "off" ]; then
    echo "acme: TLS_ACME=off, serving the certificate mounted at $certs"
    while :; do sleep 86400 & wait $!; done
fi

contact="--register-unsafely-without-email"
if [ -n "${ACME_EMAIL:-}" ]; then contact="--email $ACME_EMAIL"; fi
staging=""
if [ "${ACME_STAGING:-0}" = "1" ]; then staging="--staging"; fi

sleep 20 & wait $!  # the gateway starts once the placeholder exists; let it listen first
while :; do
    # shellcheck disable=SC2086 # $contact and $staging are option lists
    if certbot certonly --webroot --webroot-path /var/www/acme --domain "$domain" \
        --cert-name scout --non-interactive --agree-tos $contact $staging \
        --keep-until-expiring; then
        live=/etc/letsencrypt/live/scout
        # whole files renamed into place; the gateway's watch-certs.sh reloads nginx
        install -m 0600 "$live/privkey.pem" "$certs/.privkey.pem.tmp"
        install -m 0644 "$live/fullchain.pem" "$certs/.fullchain.pem.tmp"
        mv "$certs/.privkey.pem.tmp" "$certs/privkey.pem"
        mv "$certs/.fullchain.pem.tmp" "$certs/fullchain.pem"
        wait_s=43200
    else
        # Let's Encrypt allows 5 failed validations per host an hour: retry in 15 minutes
        echo "acme: no certificate this time (is $domain's port 80 reachable?)" >&2
        wait_s=900
    fi
    sleep "$wait_s" & wait $!
done
