# Shared helpers of scripts/start.sh and scripts/test.sh (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The Yarn release is checked in: nothing to install globally.
yarn() { node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
# better-sqlite3 builds from source against the local Node headers; Yarn
# does not read ~/.npmrc's nodedir, so pass it on.
if [ -d /usr/include/node ]; then export npm_config_nodedir="${npm_config_nodedir:-/usr}"; fi

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Installing and testing need a few GiB (node_modules about 1 GiB, the jest
# cache and the app's build more): say so up front rather than fail half-way
# with ENOSPC.
check_free_space() {
  local free_kib
  free_kib=$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')
  log "Free disk space: $((free_kib / 1024 / 1024)) GiB"
  if [ "${free_kib:-0}" -lt $((4 * 1024 * 1024)) ]; then
    echo "Warning: under 4 GiB free on the disk holding $ROOT; installing and testing may fail with ENOSPC" >&2
  fi
}

install_dependencies() {
  check_free_space
  log "Installing dependencies (frozen lockfile)"
  yarn install --immutable
}

# Runs a command as root when we are root, with sudo when it is there.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null || { echo "apt-get not found: install $* yourself" >&2; return 1; }
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
