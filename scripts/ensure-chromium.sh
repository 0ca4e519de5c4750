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
if [ "$(id -u)" = "0" ]; then
  apt_get="apt-get"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  apt_get="sudo apt-get"
else
  echo "chromium ontbreekt en kan hier niet automatisch worden geïnstalleerd." >&2
  echo "Installeer het met: sudo apt-get install chromium" >&2
  echo "(of sla alleen de browsertests bewust over met KOPPELKANSEN_SKIP_BROWSER=1)" >&2
  exit 1
fi
echo "chromium installeren met apt-get ..."
export DEBIAN_FRONTEND=noninteractive
$apt_get update -qq
$apt_get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
