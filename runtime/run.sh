#!/usr/bin/env bash
# make run: install what is missing, create the demo database once, serve Odoo.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${LIVECHAT_DB:-livechat_demo}
PORT=${LIVECHAT_PORT:-8069}
"$ROOT/runtime/setup.sh"
"$ROOT/runtime/pg.sh"
. "$ROOT/.run/db.env"
# the product and its registry-level platform addon (platform/bus_speedup)
MODULES=livechat,bus_speedup
installed=$(PGPASSWORD=${DB_PASSWORD:-} psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB" -tAc \
  "select count(*) from ir_module_module where name in ('livechat', 'bus_speedup')
   and state = 'installed'" 2>/dev/null || true)
# the addon's data as of this checkout: a demo database made by an older one is upgraded
addon_sha=$(cd "$ROOT" && find __manifest__.py models views data security i18n platform/bus_speedup -type f \
  -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
stamp="$ROOT/.run/$DB.addon-sha"
if [ "$installed" != 2 ]; then
  echo "run: creating the demo database '$DB' with $MODULES installed (about a minute)"
  "$ROOT/runtime/odoo.sh" -d "$DB" -i "$MODULES" --stop-after-init --log-level=warn
elif [ "$(cat "$stamp" 2>/dev/null)" != "$addon_sha" ]; then
  echo "run: the addon changed since '$DB' was made: upgrading it"
  "$ROOT/runtime/odoo.sh" -d "$DB" -u "$MODULES" --stop-after-init --log-level=warn
fi
echo "$addon_sha" > "$stamp"
cat <<MSG

  Live Chat for Odoo is starting on http://localhost:$PORT
  Log in with admin / admin (database: $DB). Stop with Ctrl+C.

MSG
exec "$ROOT/runtime/odoo.sh" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=warn "$@"
