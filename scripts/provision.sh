#!/usr/bin/env bash
# Installs the system packages the tests need, once: a Secret Service (gnome-keyring) with its
# command-line client, a D-Bus session runner, and qemu-user with the arm64 and armhf C and C++
# libraries, to run the linux-arm64 and linux-armhf VSIXes' keychain binaries under emulation.
# Idempotent: does nothing when all are present.
set -euo pipefail

need=()
command -v dbus-run-session >/dev/null || need+=(dbus dbus-user-session)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v openssl >/dev/null || need+=(openssl)
command -v qemu-aarch64-static >/dev/null && command -v qemu-arm-static >/dev/null || need+=(qemu-user-static)
[ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || need+=(libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
[ -e /usr/arm-linux-gnueabihf/lib/libatomic.so.1 ] && [ -e /usr/arm-linux-gnueabihf/lib/libstdc++.so.6 ] ||
  need+=(libc6-armhf-cross libstdc++6-armhf-cross libgcc-s1-armhf-cross libatomic1-armhf-cross)

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "provision: missing Debian packages: ${need[*]}. Install them: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "provision: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
