#!/usr/bin/env bash
# make test: install what is missing, then run every test (runtime/run_tests.py).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/runtime/setup.sh" --browser --proxy
"$ROOT/runtime/pg.sh"
exec "$ROOT/.run/venv/bin/python" "$ROOT/runtime/run_tests.py" "$@"
