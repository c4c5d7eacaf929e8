#!/usr/bin/env bash
# Install what the benchmark needs on top of runtime/setup.sh: Debian's
# nginx-light (the reverse proxy in front of Odoo). Safe to run again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/runtime/setup.sh" --browser
"$ROOT/runtime/pg.sh"
if [ ! -x /usr/sbin/nginx ]; then
  echo "bench: installing nginx-light with apt-get"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
  # only the binary is wanted: no system service
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || $SUDO service nginx stop >/dev/null 2>&1 || true
fi
