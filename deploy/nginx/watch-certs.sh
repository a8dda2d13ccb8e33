#!/bin/sh
# Runs beside nginx in the gateway container: reloads nginx when the certificate file
# changes (certbot renews it in the shared volume; nginx reads it only at start and reload).
cert=/etc/nginx/certs/fullchain.pem
last=$(md5sum "$cert" 2>/dev/null)
while sleep 60; do
    now=$(md5sum "$cert" 2>/dev/null)
    if [ "$now" != "$last" ] && nginx -c /etc/nginx/scout/nginx.conf -t -q; then
        nginx -c /etc/nginx/scout/nginx.conf -s reload && last=$now
    fi
done
