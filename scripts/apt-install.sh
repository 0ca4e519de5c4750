#!/usr/bin/env bash
# Shared by the ensure-*.sh scripts: install Debian packages with apt-get when we are allowed to
# (root, or sudo without a password); otherwise say in Dutch what is missing and how to install it.
#   apt_install "beschrijving" package [apt-get options…]
apt_install() {
  local what="$1" package="$2"
  shift 2
  local apt_get
  if [ "$(id -u)" = "0" ]; then
    apt_get="apt-get"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get="sudo apt-get"
  else
    echo "$what ontbreekt en kan hier niet automatisch worden geïnstalleerd." >&2
    echo "Installeer het met: sudo apt-get install $package" >&2
    return 1
  fi
  echo "$package installeren met apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  $apt_get update -qq
  $apt_get install -y -qq "$@" "$package" >/dev/null
}
