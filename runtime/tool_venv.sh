#!/usr/bin/env bash
# A tool's own venv, .run/NAME-venv, from runtime/NAME-requirements.txt (every
# package pinned), rebuilt when that list changes; prints the venv's path.
#   runtime/tool_venv.sh fuzz    schemathesis: its werkzeug, hypothesis... clash with Odoo 11's
#   runtime/tool_venv.sh lint    ruff, pylint with pylint-odoo
# The tools run beside Odoo, never inside its venv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NAME=${1:?usage: tool_venv.sh NAME}
LIST="$ROOT/runtime/$NAME-requirements.txt"
VENV="$ROOT/.run/$NAME-venv"
want=$(sha256sum "$LIST" | cut -c1-16)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  echo "$NAME: creating its venv (.run/$NAME-venv)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$LIST" 2>&1 \
    | grep -v "^WARNING: Location" >&2 || true
  "$VENV/bin/pip" check >&2  # fails loudly if a pin is missing or the install did not
  echo "$want" > "$VENV/.requirements"
fi
echo "$VENV"
