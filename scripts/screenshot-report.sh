#!/usr/bin/env bash
# Renders an `ipshadow demo` report in headless Chromium to a PNG (default: docs/demo-report.png).
# Usage: scripts/screenshot-report.sh [REPORT_HTML] [OUT_PNG] [WIDTHxHEIGHT]
# Needs Debian's chromium (apt-get install -y chromium).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report="$(realpath "${1:-$root/var/demo/report.html}")"
out="$(realpath -m "${2:-$root/docs/demo-report.png}")"
size="${3:-1280x2400}"
[ -f "$report" ] || { echo "screenshot-report: no report at $report (run: npx ipshadow demo)" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "screenshot-report: chromium not found (apt-get install -y chromium)" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --force-device-scale-factor=1 --window-size="${size/x/,}" --screenshot="$out" "file://$report" >/dev/null 2>&1
[ -s "$out" ] || { echo "screenshot-report: chromium wrote nothing" >&2; exit 1; }
echo "$out"
