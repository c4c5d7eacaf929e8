#!/usr/bin/env bash
# Install what the project needs and is missing; safe to run again (seconds when
# everything is there).  Usage: runtime/setup.sh [--browser] [--proxy]
#   --browser   also Debian's chromium for the browser tests
#   --proxy     also Debian's nginx-light, the reverse proxy of the production
#               layout (runtime/servers.py: make test and make bench)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN="$ROOT/.run"
VENV="$RUN/venv"
mkdir -p "$RUN"

apt_packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql)
command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
for option in "$@"; do
  case "$option" in
    --browser)
      [ -x /usr/bin/chromium ] || apt_packages+=(chromium)
      # Japanese glyphs in screenshots
      [ -d /usr/share/fonts/opentype/noto ] || apt_packages+=(fonts-noto-cjk) ;;
    --proxy) [ -x /usr/sbin/nginx ] || apt_packages+=(nginx-light) ;;
    *) echo "setup: unknown option $option" >&2; exit 2 ;;
  esac
done
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "setup: installing ${apt_packages[*]} with apt-get"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  if [[ " ${apt_packages[*]} " == *" nginx-light "* ]]; then
    # only the binary is wanted: no system service
    $SUDO systemctl disable --now nginx >/dev/null 2>&1 || $SUDO service nginx stop >/dev/null 2>&1 || true
  fi
fi

# Python venv from the pinned list; rebuilt when the list changes.
want=$(sha256sum "$ROOT/runtime/requirements.txt" | cut -c1-16)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating the Python venv (.run/venv)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ROOT/runtime/requirements.txt" 2>&1 \
    | grep -v "^WARNING: Location" || true
  PYTHONPATH="$ROOT/runtime" "$VENV/bin/python" -c 'import odoo_compat, odoo, geoip2, playwright' # fails loudly if the install did not
  echo "$want" > "$VENV/.requirements"
fi

# lessc for Odoo's stylesheets and eslint, from the lockfile; again when it changes.
want=$(sha256sum "$ROOT/runtime/package-lock.json" | cut -c1-16)
if [ "$(cat "$ROOT/runtime/node_modules/.lockfile" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing lessc, eslint and axe-core (npm ci)"
  (cd "$ROOT/runtime" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$ROOT/runtime/node_modules/.lockfile"
fi

# The checkout is the addon: link it into an addons folder under its technical name.
mkdir -p "$RUN/addons"
ln -sfn "$ROOT" "$RUN/addons/livechat"
