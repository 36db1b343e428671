# Shared by scripts/backup.sh and scripts/restore.sh (sourced; each defines die() first).

PGBIN=/usr/lib/postgresql/15/bin

# A setting as the server sees it: the environment first, then the last KEY= line of the file.
setting() {
  local key=$1 default=$2
  if [ -n "${!key+set}" ]; then
    echo "${!key}"
  elif [ -n "${CENTRALITA_CONFIG:-}" ] && [ -f "$CENTRALITA_CONFIG" ] &&
    grep -q "^$key=" "$CENTRALITA_CONFIG"; then
    grep "^$key=" "$CENTRALITA_CONFIG" | tail -n 1 | cut -d= -f2-
  else
    echo "$default"
  fi
}

# PostgreSQL 15's own client when installed (its dump format is the server's), else PATH's.
tool() {
  if [ -x "$PGBIN/$1" ]; then echo "$PGBIN/$1"; else command -v "$1" || die "$1 not found"; fi
}
