#!/usr/bin/env bash
# Installs everything (npm packages; PostgreSQL and Chromium from Debian when
# missing) and runs every check: formatting, type check, API reports, lint,
# all tests.
source "$(dirname "$0")/lib.sh"
install_dependencies
source "$ROOT/scripts/postgres.sh"
ensure_postgres || echo "PostgreSQL unavailable: its database tests are skipped" >&2

log "Format check"
yarn prettier --check .
log "Type check"
yarn tsc
log "API reports"
# From the type check's declarations in dist-types: fails when a package's
# API changed and its report.api.md (or cli-report.md) was not updated with
# `yarn build:api-reports`, and on any API Extractor warning.
yarn build:api-reports:only --ci
log "Lint"
yarn backstage-cli repo lint
log "Tests"
# CI=true: jest must not fall into watch mode on a developer machine.
CI=true yarn backstage-cli repo test

log "End-to-end tests (real backend, built app, Chromium)"
if ! command -v chromium >/dev/null && [ -z "${CHROMIUM_PATH:-}" ]; then
  log "Installing Chromium from Debian"
  apt_install chromium
fi
CI=true yarn workspace e2e e2e
