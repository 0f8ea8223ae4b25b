# Makes a local PostgreSQL server available to the database tests
# (TestDatabases from @backstage/backend-test-utils reads the connection
# string from BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING).
# Sourced by scripts/test.sh.
ensure_postgres() {
  if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}${BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING:-}${BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING:-}" ]; then
    return 0
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "Installing PostgreSQL from Debian"
    apt_install postgresql || return 1
  fi
  local bin major
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  major="$(basename "$(dirname "$bin")")"
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    log "Starting PostgreSQL $major"
    if command -v pg_ctlcluster >/dev/null && [ -d "/etc/postgresql/$major/main" ]; then
      as_root pg_ctlcluster "$major" main start || return 1
    else
      return 1
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null || return 1
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:5432"
  echo "PostgreSQL $major ready for the database tests"
}
