#!/bin/sh
# Restore a dump made by backup.sh into a database, and nothing else (no migrations, no
# app start). Meant for a fresh, empty database; with api, worker and bot stopped when
# restoring over the live one.
#
#   restore.sh DUMP [DATABASE]
#
# Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD); DATABASE defaults
# to PGDATABASE and must exist (createdb NAME). One transaction: all of the dump or nothing.

# shellcheck disable=SC3040 # pipefail: busybox ash and bash both have it
set -euo pipefail

log() {
    printf '%s restore %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 DUMP [DATABASE]" >&2
    exit 2
fi
dump=$1
database=${2:-${PGDATABASE:-}}
if [ -z "$database" ]; then
    echo "restore.sh: no DATABASE argument and PGDATABASE is not set" >&2
    exit 2
fi
if [ ! -r "$dump" ]; then
    echo "restore.sh: cannot read $dump" >&2
    exit 2
fi

started=$(date +%s)
pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction \
    --dbname="$database" "$dump"
log "ok database=$database file=$dump seconds=$(($(date +%s) - started))"
