#!/usr/bin/env bash
# `make bench`: install what is missing (nginx-light), then run bench/run.py
# (arguments are passed on, e.g. --history 10000 for a shorter run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/bench/setup.sh"
cd "$ROOT/bench"
BENCH_FROM_MAKE=1 exec "$ROOT/.run/venv/bin/python" run.py "$@"
