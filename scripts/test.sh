#!/usr/bin/env bash
# `npm test`: installs what the tests need (Debian packages, npm packages, the pinned code-server
# for the end-to-end tests), builds the production bundles and the VSIX, and runs every suite
# (unit, integration, browser, end-to-end) against the sandbox WHMCS over loopback and a private,
# real Secret Service. Nothing is skipped: a missing piece fails the run and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/e2e/provision.sh >/dev/null
# Node for linux-arm64 and linux-armhf, run under qemu-user by the emulated keychain test.
bash scripts/emulation/provision.sh >/dev/null
npm run --silent lint
# The production build and the nine platform VSIXes (dist/whmcs-oauth.vsix is this machine's):
# the tests run what ships.
npm run --silent package:all >/dev/null
# The same code plus the testing API, for the extension-host suites (never packaged).
npm run --silent build:test-extension >/dev/null
# Every secret the sandbox makes up is listed as a canary; none may show in the output.
canaries=$(mktemp); output=$(mktemp)
trap 'rm -f "$canaries" "$output"' EXIT
export WHMCS_OAUTH_CANARY_FILE="$canaries"
bash scripts/with-keyring.sh node scripts/run-node-tests.mjs test/unit test/integration test/browser test/e2e 2>&1 | tee "$output"
node --import tsx scripts/check-canaries.ts "$canaries" "$output" test-artifacts
