#!/bin/sh
# One PostgreSQL backup run, for the `backup` service of docker-compose.yml (which runs it
# every hour; its image, postgres:15-alpine, has busybox ash as /bin/sh and no bash).
#
# Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
#   BACKUP_DIR   where the dumps go                       (default /backups)
#   BACKUP_KEEP  how many dumps to keep, newest first     (default 48: two days of hourly dumps)
#
# Writes BACKUP_DIR/scout-YYYYmmddTHHMMSSZ.dump (pg_dump --format=custom) atomically: the
# dump goes to a .partial file, is read back with `pg_restore --list`, then renamed. Older
# dumps beyond BACKUP_KEEP are deleted only after a good one exists. One log line per run;
# exit status non-zero on any failure, with no .partial file left behind.

# shellcheck disable=SC3040 # pipefail: busybox ash and bash both have it
set -euo pipefail

dir=${BACKUP_DIR:-/backups}
keep=${BACKUP_KEEP:-48}
started=$(date +%s)
name="scout-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$dir/$name.partial"

log() {
    printf '%s backup %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

fail() {
    rm -f -- "$partial"
    log "FAILED database=${PGDATABASE:-?}: $*" >&2
    exit 1
}

oneline() {
    # a tool's stderr folded into one line, for the single log line
    printf '%s' "$1" | tr '\n' ' ' | sed 's/  */ /g; s/ $//'
}

trap 'rm -f -- "$partial"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

case $keep in
    '' | *[!0-9]* | 0) fail "BACKUP_KEEP must be a positive integer, got '$keep'" ;;
esac
mkdir -p -- "$dir" || fail "cannot create $dir"
# leftovers of a run that was killed mid-dump
rm -f -- "$dir"/scout-*.dump.partial

if ! out=$(pg_dump --format=custom --file="$partial" 2>&1); then
    fail "pg_dump: $(oneline "$out")"
fi
if ! out=$(pg_restore --list "$partial" 2>&1 >/dev/null); then
    fail "pg_restore --list: $(oneline "$out")"
fi
size=$(wc -c <"$partial")
mv -f -- "$partial" "$dir/$name" || fail "cannot rename $partial"

# Retention: names sort by time; delete the oldest beyond the newest $keep.
removed=0
set -- "$dir"/scout-*.dump
if [ -e "$1" ]; then
    excess=$(($# - keep))
    while [ "$excess" -gt 0 ]; do
        rm -f -- "$1"
        shift
        excess=$((excess - 1))
        removed=$((removed + 1))
    done
fi

log "ok database=${PGDATABASE:-?} file=$dir/$name bytes=$((size)) seconds=$(($(date +%s) - started)) removed=$removed kept=$#"
