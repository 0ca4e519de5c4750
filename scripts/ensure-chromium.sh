#!/usr/bin/env bash
# The browser tests drive Debian's chromium (Playwright's own browser download
# cannot be used). Install it when it is missing and we are allowed to.
# With KOPPELKANSEN_SKIP_BROWSER=1 the browser tests are skipped, so nothing is installed.
set -euo pipefail
if [ "${KOPPELKANSEN_SKIP_BROWSER:-}" = "1" ]; then
  echo "KOPPELKANSEN_SKIP_BROWSER=1: browsertests worden overgeslagen, chromium niet geïnstalleerd."
  exit 0
fi
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
# shellcheck source=apt-install.sh
source "$(dirname "$0")/apt-install.sh"
if ! apt_install chromium chromium; then
  echo "(of sla alleen de browsertests bewust over met KOPPELKANSEN_SKIP_BROWSER=1)" >&2
  exit 1
fi
command -v chromium >/dev/null
