#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh into an empty database and an empty data directory:
#   scripts/restore.sh BACKUP_FOLDER
# The database is DATABASE_URL's (created beforehand, e.g. `createdb`, and holding no table), the
# data directory CENTRALITA_DATA_DIR (default var; missing or empty), read as the server reads
# them (the environment, else the CENTRALITA_CONFIG file). Nothing is overwritten: a database
# with tables or a data directory with files is refused. When the data directory is not the one
# the backup was taken from, the calls' recording paths are moved to the new one. Afterwards run
# `centralita migrate` (a newer binary may add migrations), then `centralita serve`.
set -euo pipefail

die() { echo "restore.sh: $*" >&2; exit 1; }

# shellcheck source=lib/backup_common.sh
. "$(dirname "$0")/lib/backup_common.sh"

[ $# -eq 1 ] || die "usage: restore.sh BACKUP_FOLDER"
backup=${1%/}
for f in database.dump data.tar.gz manifest SHA256SUMS; do
  [ -f "$backup/$f" ] || die "$backup/$f is missing: not a complete backup"
done
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || die "$backup is damaged (checksums differ)"
url=$(setting DATABASE_URL "")
[ -n "$url" ] || die "DATABASE_URL is not set"
data_dir=$(setting CENTRALITA_DATA_DIR var)
[ "$data_dir" = / ] || data_dir=${data_dir%/}
old_dir=$(sed -n 's/^data_dir=//p' "$backup/manifest")

psql=("$(tool psql)" -X -A -t -q -v ON_ERROR_STOP=1 -d "$url")
tables=$("${psql[@]}" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN
  ('pg_catalog', 'information_schema')") || die "cannot reach the database of DATABASE_URL"
[ "$tables" -eq 0 ] || die "the database of DATABASE_URL holds $tables tables: restore into an empty one"
if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir")" ]; then
  die "$data_dir is not empty: restore into an empty or missing data directory"
fi

# --no-owner: the restoring role owns what it creates, whatever role took the backup.
"$(tool pg_restore)" --exit-on-error --no-owner --dbname="$url" "$backup/database.dump"
mkdir -p "$data_dir"
tar -C "$data_dir" -xzf "$backup/data.tar.gz"

# Recordings are stored as <data dir>/call_audio/...: point them at the new directory.
if [ "$old_dir" != "$data_dir" ]; then
  moved=$("${psql[@]}" -v old="$old_dir/call_audio/" -v new="$data_dir/call_audio/" <<'SQL'
WITH m AS (
  UPDATE call_sessions SET audio_path = :'new' || substr(audio_path, length(:'old') + 1)
  WHERE left(audio_path, length(:'old')) = :'old' RETURNING 1)
SELECT count(*) FROM m;
SQL
  )
  echo "restore.sh: $moved recording paths moved from $old_dir to $data_dir" >&2
fi
echo "restore.sh: restored $backup ($(sed -n 's/^created_at=//p' "$backup/manifest")); now run" \
  "\`centralita migrate\`, then \`centralita serve\`" >&2
