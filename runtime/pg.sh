#!/usr/bin/env bash
# Make a PostgreSQL server available and write the connection into .run/db.env.
# The server named by the usual PG* variables is used when PGHOST is set;
# otherwise a private cluster lives in .run/pg, reachable only through its own
# Unix socket (no TCP port, no system service touched).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.run"
mkdir -p "$RUN"

if [ -n "${PGHOST:-}" ]; then
  cat > "$RUN/db.env" <<ENV
DB_HOST=$PGHOST
DB_PORT=${PGPORT:-5432}
DB_USER=${PGUSER:-$(id -un)}
DB_PASSWORD=${PGPASSWORD:-}
ENV
  exit 0
fi

BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR="$RUN/pg"
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres system user.
  as_owner() { (cd / && runuser -u postgres -- "$@"); }
  if ! runuser -u postgres -- test -x "$RUN"; then
    # postgres cannot reach the checkout (e.g. under /root): keep the cluster
    # in a folder of its own and link it from .run/pg.
    outside="/var/tmp/livechat-pg-$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
    mkdir -p "$outside"
    [ -L "$PGDIR" ] || { rm -rf "$PGDIR"; ln -s "$outside" "$PGDIR"; }
  fi
  mkdir -p "$PGDIR/"
  PGDIR=$(readlink -f "$PGDIR")  # the path postgres itself can reach
  chown postgres: "$PGDIR"
fi
mkdir -p "$PGDIR"

if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  echo "pg: creating a private cluster in .run/pg"
  as_owner "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGDIR/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PGDIR'
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
if ! as_owner "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start >/dev/null
fi
if ! "$BIN/psql" -h "$PGDIR" -U postgres -d postgres -tAc "select 1 from pg_roles where rolname='odoo'" | grep -q 1; then
  "$BIN/psql" -h "$PGDIR" -U postgres -d postgres -qc "create role odoo login createdb"
fi
cat > "$RUN/db.env" <<ENV
DB_HOST=$PGDIR
DB_PORT=5432
DB_USER=odoo
DB_PASSWORD=
ENV
