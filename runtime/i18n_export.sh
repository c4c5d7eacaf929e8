#!/usr/bin/env bash
# Regenerate i18n/livechat.pot from a database where livechat is installed, then
# merge the new terms into every translation (i18n/*.po), keeping what is translated.
# Usage: runtime/i18n_export.sh [database]   (default: livechat_i18n, made if missing)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${1:-livechat_i18n}
POT="$ROOT/i18n/livechat.pot"
# Odoo scans the addon's folder tree for terms in .py/.js/.xml; the repository also
# holds .run/ (venv, node_modules, and a link back to itself), so export from a copy
# of the addon's own files only.
COPY=$(mktemp -d)
trap 'rm -rf "$COPY"' EXIT
mkdir -p "$COPY/livechat" "$ROOT/i18n"
(cd "$ROOT" && git ls-files --cached --others --exclude-standard -z \
    | grep -zv -e '^runtime/' -e '^e2e/' -e '^\.' \
    | xargs -0 cp --parents -t "$COPY/livechat")
ODOO=("$ROOT/runtime/odoo.sh" -d "$DB" --addons-path="$COPY" --stop-after-init
      --log-level=warn)
# install (or upgrade) first, so the database holds the current views and fields
if "$ROOT/runtime/odoo.sh" -d "$DB" --stop-after-init --log-level=warn \
        shell <<<"print('STATE', env['ir.module.module'].search([('name', '=', 'livechat')]).state)" \
        2>/dev/null | grep -q "STATE installed"; then
    "${ODOO[@]}" -u livechat
else
    "${ODOO[@]}" -i livechat --without-demo=all
fi
# Odoo 11 wants a .po name; without a language it writes the template
"${ODOO[@]}" --i18n-export="$COPY/template.po" --modules=livechat
mv "$COPY/template.po" "$POT"
for po in "$ROOT"/i18n/*.po; do
    [ -e "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" "$POT"
    msgfmt --check-format -o /dev/null "$po"
done
echo "i18n_export: wrote $POT from $DB"
