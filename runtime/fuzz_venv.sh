#!/usr/bin/env bash
# The fuzzer's own venv (.run/fuzz-venv) from runtime/fuzz-requirements.txt, rebuilt
# when that list changes; prints the venv's path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.run/fuzz-venv"
want=$(sha256sum "$ROOT/runtime/fuzz-requirements.txt" | cut -c1-16)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  echo "fuzz: creating the fuzzer's venv (.run/fuzz-venv)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
    -r "$ROOT/runtime/fuzz-requirements.txt" 2>&1 | grep -v "^WARNING: Location" >&2 || true
  "$VENV/bin/schemathesis" --version >&2  # fails loudly if the install did not
  echo "$want" > "$VENV/.requirements"
fi
echo "$VENV"
