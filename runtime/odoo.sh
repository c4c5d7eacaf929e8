#!/usr/bin/env bash
# Run Odoo (our launcher) with the project's configuration: runtime/odoo.sh [odoo-bin args]
# Writes .run/odoo.conf from .run/db.env (made by pg.sh) on every call.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.run"
# shellcheck disable=SC1091
. "$RUN/db.env"
[ -f "$RUN/admin_passwd" ] || (umask 077; head -c 18 /dev/urandom | base64 > "$RUN/admin_passwd")
addons="$RUN/addons,$ROOT/platform"
[ -d "$ROOT/bridges" ] && addons="$addons,$ROOT/bridges"
cat > "$RUN/odoo.conf" <<CONF
[options]
addons_path = $addons
data_dir = $RUN/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
admin_passwd = $(cat "$RUN/admin_passwd")
list_db = False
; process-wide, loaded at start in every process (platform/server_tuning);
; --load=web on the command line leaves it out
server_wide_modules = web,server_tuning
CONF
command=()
case "${1:-}" in -*|"") ;; *) command=("$1"); shift ;; esac  # e.g. shell, scaffold
exec "$RUN/venv/bin/python" "$ROOT/runtime/launch.py" "${command[@]}" -c "$RUN/odoo.conf" "$@"
