#!/usr/bin/env bash
# End-to-end check of the events-only mode (no groups: no pkt4_receive, no lease4_select; on
# Kea 2.2 the committed line says subnet 0, which the sidecar resolves): one DORA and a release
# with busybox udhcpc against the stack of test/stack/kea.sh, and the lines the stand-in sidecar
# received.
#
#   hooks/kea/e2e/events_only.sh --kea 2.2|2.6
#
# Prints PASS/FAIL per check and "events-only e2e (kea X): N passed, M failed".
set -euo pipefail

HOOK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "${HOOK_DIR}/../.." && pwd)"
KEA_SH="${REPO_DIR}/test/stack/kea.sh"
KEA="${2:-}"
[[ "${1:-}" == "--kea" && ("${KEA}" == "2.2" || "${KEA}" == "2.6") ]] ||
  { echo "usage: $0 --kea 2.2|2.6" >&2; exit 2; }
PASSED=0
FAILED=0

check() {
  local name="$1"
  shift
  if "$@"; then
    echo "PASS ${name}"
    PASSED=$((PASSED + 1))
  else
    echo "FAIL ${name}"
    FAILED=$((FAILED + 1))
  fi
}

kea() { "${KEA_SH}" --kea "${KEA}" "$@"; }

# line_matches TYPE PYTHON-EXPR: some event line of TYPE satisfies the expression (e = the line).
line_matches() {
  python3 - "${EVENTS}" "$1" "$2" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(e["type"] == sys.argv[2] and eval(sys.argv[3]) for e in lines) else 1)
PY
}

no_line_of() { ! grep -q "\"type\":\"$1\"" "${EVENTS}"; }

# Kea 2.2's pkt4_send has no subnet argument: the line carries 0 there.
WANT_SUBNET=1
[[ "${KEA}" == "2.2" ]] && WANT_SUBNET=0
status="$(kea status)"
EVENTS="$(sed -n 's/^events: //p' <<<"${status}")"
LOG="$(sed -n 's/^log: //p' <<<"${status}")"

kea listen start >/dev/null
# Without groups kea.sh leaves the ordinary pool unguarded: nobody gives out its class.
kea up --groups '[]' >/dev/null
: >"${EVENTS}"
out="$(kea dora 0c:bb:00:00:00:07 --hostname evt-7 --release)"
leased="$(sed -n 's/.*leased=\([0-9.]*\).*/\1/p' <<<"${out}")"
sleep 1
check "a lease is ACKed without the ordinary class (${leased:-none})" test -n "${leased}"
check "the library loaded with 0 groups" grep -q "IPSHADOW_LOAD_OK.*, 0 groups" "${LOG}"
check "lease4_committed line read from the ACK" line_matches lease4_committed \
  "e['address'] == '${leased}' and e['hwaddr'] == '0c:bb:00:00:00:07' and e['hostname'] == 'evt-7' and e['subnet_id'] == ${WANT_SUBNET} and e['valid_lft'] == 3600 and e['group'] is None and 'IPORDINARY' not in e['classes'] and list(e) == ['v','type','ts','address','hwaddr','client_id','hostname','subnet_id','valid_lft','group','classes']"
check "lease4_release line" line_matches lease4_release "e['address'] == '${leased}'"
check "no group_claim line" no_line_of group_claim
kea listen stop >/dev/null
kea down >/dev/null 2>&1 || true
echo "events-only e2e (kea ${KEA}): ${PASSED} passed, ${FAILED} failed"
((FAILED == 0))
