#!/usr/bin/env bash
# The README's test command: install missing host packages, build, bring up the real test stack (NetBox 4.7; the Kea
# hook built for Kea 2.2 and 2.6; Kea itself is started by its tests), run unit and integration tests once, and end
# with one line `N passed, N failed` taken from jest's JSON result.
set -euo pipefail
cd "$(dirname "$0")/.."
RESULT="var/jest-results.json"
mkdir -p var
rm -f "$RESULT"

summary() {
  local rc=$?
  node test/summarize.js "$RESULT" || rc=${rc:-1}
  [ "$rc" -eq 0 ] || exit "$rc"
}
trap summary EXIT

step() { printf '\n== %s\n' "$*" >&2; }

step "host packages"
test/stack/host-packages.sh

step "build"
npm run --silent build >&2

step "Kea hook (2.2 on the host, 2.6 in a Debian 13 root)"
npm run --silent build:hook >&2

step "NetBox 4.7 test stack"
test/stack/netbox.sh up >&2
test/stack/netbox.sh seed >&2
set -a
# shellcheck disable=SC1090
. "${IPSHADOW_CACHE:-$HOME/.cache/ipshadow}/netbox.env"
set +a

step "jest (unit + integration)"
# Integration suites share one NetBox, so everything runs in band; the exit code is read from the JSON. A suite that
# timed out can leave a handle open after the JSON is written: --forceExit ends the run there instead of hanging CI.
npx jest --runInBand --forceExit --json --outputFile="$RESULT" "$@" >&2 || true
node -e "process.exit(require('./$RESULT').success ? 0 : 1)"
