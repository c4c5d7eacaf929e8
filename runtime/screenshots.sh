#!/usr/bin/env bash
# make screenshots: copy the last test run's screenshots (.run/artifacts/, same
# file names) over the README's (docs/screenshots/). Tests never write there
# themselves, so that `make test` leaves the repository as it found it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
copied=0
for doc in "$ROOT"/docs/screenshots/*.png; do
  name=$(basename "$doc")
  shot="$ROOT/.run/artifacts/$name"
  if [ -f "$shot" ]; then
    cp "$shot" "$doc"
    copied=$((copied + 1))
    echo "screenshots: $name ($(date -r "$shot" '+%F %T'))"
  else
    echo "screenshots: $name not taken by the last run (make test takes them all)" >&2
  fi
done
[ "$copied" -gt 0 ]  # fails when the last run took none
