#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring on its own D-Bus session
# bus and in a throw-away HOME), so tests use a real OS keychain and never touch the user's own.
# Everything it starts ends with the command.
set -euo pipefail
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/whmcs-oauth-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export WHMCS_OAUTH_REAL_HOME="$HOME"
HOME="$keyring_home" XDG_DATA_HOME="$keyring_home/.local/share" XDG_RUNTIME_DIR="$keyring_home" \
  dbus-run-session -- bash -c '
    printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    export HOME="$WHMCS_OAUTH_REAL_HOME" WHMCS_OAUTH_TEST_KEYRING=1
    exec "$@"' bash "$@"
