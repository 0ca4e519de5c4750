#!/usr/bin/env bash
# The proxy test (tests/deploy/test_nginx_proxy.py) runs the shipped nginx config in a real
# nginx. Install Debian's nginx when it is missing and we are allowed to. Only the program is
# needed: the test starts its own nginx on a free port with its own prefix folder, so the
# system service (port 80) is not started for it.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
apt_install nginx nginx --no-install-recommends
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]
