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

install_dependencies() {
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
