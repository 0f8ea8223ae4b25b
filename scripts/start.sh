#!/usr/bin/env bash
# Installs everything and starts the example app: frontend on
# http://localhost:3000, backend on http://localhost:7007, embedded SQLite,
# the example ML organisation loaded.
source "$(dirname "$0")/lib.sh"
install_dependencies
log "Starting the app (frontend :3000, backend :7007)"
exec node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" backstage-cli repo start
