#!/usr/bin/env bash
# Installs the system packages the tests need, once: a Secret Service (gnome-keyring) with its
# command-line client, and a D-Bus session runner. Idempotent: does nothing when all are present.
set -euo pipefail

need=()
command -v dbus-run-session >/dev/null || need+=(dbus dbus-user-session)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v openssl >/dev/null || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "provision: missing Debian packages: ${need[*]}. Install them: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "provision: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
