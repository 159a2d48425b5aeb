#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL cluster: initdb into a temporary
# folder, start it on a free loopback port, export SCIMD_TEST_POSTGRES_URL,
# run the command, and stop and delete the cluster however the command ends.
#
#   tests/postgres/run_with_postgres.sh make test
#
# Needs Debian's postgresql package. As root the cluster runs as the
# `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

bindir=""
for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then bindir="$candidate"; fi
done
if [ -z "$bindir" ]; then
  echo "$0: initdb not found; install the postgresql package (make deps)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cluster="$(mktemp -d /tmp/scimd-pg-XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$cluster"; fi
owner="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then owner=postgres; fi
port="$(free_port)"

stop_cluster() {
  as_owner "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT

as_owner "$bindir/initdb" -D "$cluster/data" -U "$owner" --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
# Listen on loopback only, keep the socket inside the cluster folder, and
# allow enough connections for parallel test binaries with their pools.
as_owner "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c max_connections=400 -c fsync=off" \
  start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }

export SCIMD_TEST_POSTGRES_URL="postgresql://$owner@127.0.0.1:$port/postgres"
echo "PostgreSQL test cluster at $SCIMD_TEST_POSTGRES_URL" >&2
status=0
"$@" || status=$?
exit "$status"
