#!/usr/bin/env bash
# What the benchmark needs: runtime/setup.sh with the browser and the reverse
# proxy (Debian's nginx-light), and PostgreSQL. Safe to run again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/runtime/setup.sh" --browser --proxy
"$ROOT/runtime/pg.sh"
