#!/usr/bin/env bash
# `npm start` on a fresh clone: installs what is missing, builds, then hands over to start.ts
# (sandbox WHMCS + code-server with the extension; Ctrl+C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build >/dev/null
exec node --import tsx scripts/start.ts
