#!/usr/bin/env bash
# Regenerate the .pot of an addon of this repository from a database where it is
# installed, then merge the new terms into its translations (*.po), keeping what is
# translated.
# Usage: runtime/i18n_export.sh [module] [database]
#   module: livechat (default) or a bridge of bridges/, e.g. livechat_helpdesk
#   database: default livechat_i18n, made if missing
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE=${1:-livechat}
DB=${2:-livechat_i18n}
if [ "$MODULE" = livechat ]; then SRC=$ROOT; else SRC=$ROOT/bridges/$MODULE; fi
[ -f "$SRC/__manifest__.py" ] || { echo "i18n_export: no addon $MODULE" >&2; exit 2; }
POT="$SRC/i18n/$MODULE.pot"
# Odoo scans the addon's folder tree for terms in .py/.js/.xml; the repository also
# holds .run/ (venv, node_modules, a link back to itself) and the bridges (addons of
# their own), so export from copies of the addons' own files only.
COPY=$(mktemp -d)
trap 'rm -rf "$COPY"' EXIT
copy_addon() {  # copy_addon <source folder> <name>
    mkdir -p "$COPY/$2"
    (cd "$1" && git ls-files --cached --others --exclude-standard -z \
        | grep -zv -e '^runtime/' -e '^e2e/' -e '^bridges/' -e '^bench/' -e '^\.' \
        | xargs -0 cp --parents -t "$COPY/$2")
}
copy_addon "$ROOT" livechat  # every bridge depends on it
[ "$MODULE" = livechat ] || copy_addon "$SRC" "$MODULE"
mkdir -p "$SRC/i18n"
# not .run/addons: the term scan follows links, and that one leads back to .run/
ADDONS="$COPY"
ODOO=("$ROOT/runtime/odoo.sh" -d "$DB" --addons-path="$ADDONS" --stop-after-init
      --log-level=warn)
# install (or upgrade) first, so the database holds the current views and fields
if "$ROOT/runtime/odoo.sh" -d "$DB" --stop-after-init --log-level=warn \
        shell <<<"print('STATE', env['ir.module.module'].search([('name', '=', '$MODULE')]).state)" \
        2>/dev/null | grep -q "STATE installed"; then
    "${ODOO[@]}" -u "$MODULE"
else
    "${ODOO[@]}" -i "$MODULE" --without-demo=all
fi
# Odoo 11 wants a .po name; without a language it writes the template
"${ODOO[@]}" --i18n-export="$COPY/template.po" --modules="$MODULE"
mv "$COPY/template.po" "$POT"
for po in "$SRC"/i18n/*.po; do
    [ -e "$po" ] || continue
    msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" "$POT"
    msgfmt --check-format -o /dev/null "$po"
done
echo "i18n_export: wrote $POT from $DB"
