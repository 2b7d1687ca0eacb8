#!/usr/bin/env bash
# The whole test suite, twice: on SQLite (with the browser tests), then on a throwaway
# PostgreSQL server started for the run and always stopped and removed afterwards, also when a
# test fails or the run is interrupted. Arguments go to pytest in both passes:
#   scripts/test.sh -k migrations -x
# Exits non-zero if either pass failed. Needs scripts/setup.sh to have run.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTEST=.venv/bin/pytest
if [ ! -x "$PYTEST" ]; then
  echo "test: $PYTEST not found; run scripts/setup.sh first" >&2
  exit 2
fi

# --- pass 1: SQLite ----------------------------------------------------------------------
echo "== tests on SQLite"
env -u TEST_DATABASE_URL "$PYTEST" "$@"
sqlite_rc=$?

# --- pass 2: PostgreSQL --------------------------------------------------------------------
# initdb refuses to run as root: as root the server belongs to the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

PGTMP=
stop_postgres() {
  [ -n "$PGTMP" ] || return 0
  if [ -f "$PGTMP/data/postmaster.pid" ]; then
    as_postgres "'$PGBIN/pg_ctl' -D '$PGTMP/data' -m fast -w stop" >/dev/null 2>&1 \
      || echo "test: could not stop PostgreSQL in $PGTMP" >&2
  fi
  rm -rf "$PGTMP"
  PGTMP=
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$PGBIN" ]; then
    echo "test: no PostgreSQL server in /usr/lib/postgresql; run scripts/setup.sh" >&2
    return 1
  fi
  PGTMP=$(mktemp -d)
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PGTMP"
  PGPORT=$(.venv/bin/python -c \
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "'$PGBIN/initdb' -D '$PGTMP/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" \
    >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log" >&2; return 1; }
  as_postgres "'$PGBIN/pg_ctl' -D '$PGTMP/data' -l '$PGTMP/server.log' -w -o \
    \"-p $PGPORT -k '$PGTMP' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null \
    || { cat "$PGTMP/server.log" >&2; return 1; }
  as_postgres "'$PGBIN/createdb' -h 127.0.0.1 -p $PGPORT -U postgres apptest"
}

echo "== tests on PostgreSQL"
if start_postgres; then
  # Browser tests do not depend on the database; they ran in the SQLite pass.
  TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/apptest" \
    "$PYTEST" -m "not e2e" "$@"
  postgres_rc=$?
else
  echo "test: could not start PostgreSQL" >&2
  postgres_rc=1
fi
stop_postgres

# pytest exits with 5 when the arguments select no test (say, -k on browser tests only).
verdict() {
  case $1 in
    0) echo "passed" ;;
    5) echo "no tests selected" ;;
    *) echo "FAILED (pytest exit $1)" ;;
  esac
}
echo "== SQLite: $(verdict $sqlite_rc); PostgreSQL: $(verdict $postgres_rc)"
ok() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }
ok "$sqlite_rc" && ok "$postgres_rc"
