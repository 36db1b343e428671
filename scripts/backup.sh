#!/usr/bin/env bash
# Backs up a Centralita installation into a new folder DEST/centralita-<UTC time>/:
#   database.dump   pg_dump of DATABASE_URL in the custom format (pg_restore reads it)
#   data.tar.gz     the data directory CENTRALITA_DATA_DIR (recordings, knowledge snapshots),
#                   without pg/ (the local cluster of scripts/run.sh) and unfinished .part/.tmp files
#   manifest        when, from which data directory, the last migration; SHA256SUMS of both files
#   scripts/backup.sh [DEST]     DEST defaults to backups/; the folder's path is printed last
# DATABASE_URL and CENTRALITA_DATA_DIR (default var) come from the environment, else from the
# CENTRALITA_CONFIG file, as the server reads them. The server may keep running: the dump is one
# consistent snapshot, taken before the copy of the directory, and a recording is written before
# its row names it, so every recording the dump names is in the copy. A backup holds password
# hashes and webhook secrets: its files are readable by their owner only.
set -euo pipefail

die() { echo "backup.sh: $*" >&2; exit 1; }

# shellcheck source=lib/backup_common.sh
. "$(dirname "$0")/lib/backup_common.sh"

[ $# -le 1 ] || die "usage: backup.sh [DEST]"
dest=${1:-backups}
url=$(setting DATABASE_URL "")
[ -n "$url" ] || die "DATABASE_URL is not set"
data_dir=$(setting CENTRALITA_DATA_DIR var)
[ "$data_dir" = / ] || data_dir=${data_dir%/}
[ -d "$data_dir" ] || die "no data directory at $data_dir (CENTRALITA_DATA_DIR)"

umask 077
mkdir -p "$dest"
folder="$dest/centralita-$(date -u +%Y%m%dT%H%M%SZ)"
n=1
while [ -e "$folder" ] || [ -e "$folder.partial" ]; do folder="${folder%-[0-9]}-$((n++))"; done
# Written under another name and renamed when complete: a folder without the suffix is whole.
work="$folder.partial"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

"$(tool pg_dump)" --format=custom --file="$work/database.dump" --dbname="$url"
migration=$("$(tool psql)" -X -A -t -q -d "$url" -c "SELECT max(name) FROM schema_migrations")

# GNU tar exits 1 when a file changed while it was read; files are replaced by rename, so what it
# read is a whole file either way, and only a status above 1 is an error.
status=0
tar -C "$data_dir" --exclude=./pg --exclude='*.part' --exclude='*.tmp' \
  --warning=no-file-changed --warning=no-file-removed -czf "$work/data.tar.gz" . || status=$?
[ "$status" -le 1 ] || die "tar of $data_dir failed (status $status)"

cat >"$work/manifest" <<MANIFEST
created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
data_dir=$data_dir
last_migration=$migration
pg_dump=$("$(tool pg_dump)" --version)
MANIFEST
(cd "$work" && sha256sum database.dump data.tar.gz >SHA256SUMS)

mv "$work" "$folder"
trap - EXIT
echo "backup.sh: database $(du -h "$folder/database.dump" | cut -f1), data directory" \
  "$(du -h "$folder/data.tar.gz" | cut -f1)" >&2
echo "$folder"
