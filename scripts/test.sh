#!/usr/bin/env bash
# `npm test`: installs what the tests need, builds the bundles, and runs every suite against the
# sandbox WHMCS over loopback and a private, real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
[ -d node_modules ] || npm ci
npm run --silent lint
# The production build and the VSIX: the tests run what ships.
npm run --silent package >/dev/null
bash scripts/with-keyring.sh node scripts/run-node-tests.mjs test/unit test/integration
