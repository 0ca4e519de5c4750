#!/usr/bin/env bash
# The proxy test (tests/deploy/test_nginx_proxy.py) runs the shipped nginx config in a real
# nginx. Install Debian's nginx when it is missing and we are allowed to. Only the program is
# needed: the test starts its own nginx on a free port with its own prefix folder, so the
# system service (port 80) is not started for it.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_get="sudo apt-get"
else
  echo "nginx ontbreekt en kan hier niet automatisch worden geïnstalleerd." >&2
  echo "Installeer het met: sudo apt-get install nginx" >&2
  exit 1
fi
echo "nginx installeren met apt-get ..."
export DEBIAN_FRONTEND=noninteractive
$apt_get update -qq
$apt_get install -y -qq --no-install-recommends nginx >/dev/null
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]
