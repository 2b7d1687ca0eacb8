#!/usr/bin/env bash
# Prepare a fresh machine of the project's kind (Debian 12, root): system packages
# when missing, a virtualenv in .venv, and the project installed into it.
# Safe to run again: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: the browser for browser tests, PostgreSQL for the second test
# database, poppler for reading documents back, fonts for Russian documents, time zones
# (the application shows times in Europe/Moscow through zoneinfo).
DEB_PACKAGES=(
  chromium chromium-driver
  postgresql
  poppler-utils
  fontconfig fonts-liberation2 fonts-dejavu
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  tzdata
)
PYTHON=${PYTHON:-python3}

missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# A Python that can make a virtualenv: Debian's python3 needs python3-venv for it.
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
  PYTHON=/usr/bin/python3
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.installed-pyproject
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  echo "setup: installing Python dependencies"
  # (this machine kind's pip configuration names local mirrors that may be absent: quiet that)
  { .venv/bin/pip install -q --upgrade pip && .venv/bin/pip install -q -e '.[dev]'; } \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  cp pyproject.toml "$stamp"
fi
