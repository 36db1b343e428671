# shellcheck shell=bash
# Shared by scripts/setup.sh and scripts/fuzz.sh (sourced): installing the Debian packages a
# script needs, only those not installed yet.

# install_missing WHO PACKAGE...: installs with apt-get (through sudo unless root) the packages
# dpkg does not list as installed, saying so as WHO; nothing when all are there.
install_missing() {
  local who=$1
  shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "$who: installing ${missing[*]}"
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
