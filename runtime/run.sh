#!/usr/bin/env bash
# make run: install what is missing, create the demo database once, serve Odoo.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${LIVECHAT_DB:-livechat_demo}
PORT=${LIVECHAT_PORT:-8069}
"$ROOT/runtime/setup.sh"
"$ROOT/runtime/pg.sh"
. "$ROOT/.run/db.env"
installed=$(PGPASSWORD=${DB_PASSWORD:-} psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB" -tAc \
  "select state from ir_module_module where name='livechat'" 2>/dev/null || true)
if [ "$installed" != installed ]; then
  echo "run: creating the demo database '$DB' with livechat installed (about a minute)"
  "$ROOT/runtime/odoo.sh" -d "$DB" -i livechat --stop-after-init --log-level=warn
fi
cat <<MSG

  Live Chat for Odoo is starting on http://localhost:$PORT
  Log in with admin / admin (database: $DB). Stop with Ctrl+C.

MSG
exec "$ROOT/runtime/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=warn "$@"
