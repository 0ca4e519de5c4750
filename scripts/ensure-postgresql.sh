#!/usr/bin/env bash
# The store's PostgreSQL tests start their own throwaway server with Debian's
# initdb and pg_ctl (see tests/pg_cluster.py). Install PostgreSQL when they are
# missing and we are allowed to. There is no switch to skip these tests.
set -euo pipefail
have_postgresql() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    return 0
  fi
  # Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/<versie>/bin
  for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
      return 0
    fi
  done
  return 1
}
if have_postgresql; then
  exit 0
fi
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
if ! apt_install "PostgreSQL (initdb en pg_ctl)" postgresql; then
  echo "(de tests van de PostgreSQL-opslag starten er hun eigen tijdelijke server mee)" >&2
  exit 1
fi
if ! have_postgresql; then
  echo "PostgreSQL is geïnstalleerd, maar initdb en pg_ctl zijn nog steeds niet te vinden." >&2
  exit 1
fi
