#!/usr/bin/env bash
# Load tests: start the real kea-dhcp4 with the real libdhcp_ipshadow.so and every bad
# parameter; Kea must refuse to start and the catalogued message must be logged. Also
# loads a good configuration and drives the registered control commands.
#
#   hooks/kea/libloadtests/run.sh --kea 2.2|2.6
#
# Prints PASS/FAIL per case and "libload tests (kea X): N passed, M failed"; exits 1 on failure.
# Needs a built library (hooks/kea/build.sh). 2.6 runs in the Debian 13 root (needs root).
set -euo pipefail

HOOK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "${HOOK_DIR}/../.." && pwd)"
# shellcheck source=../../../test/stack/lib.sh
source "${REPO_DIR}/test/stack/lib.sh"
export LOG_TAG="libload"

KEA=""
ROOT=""          # the Debian 13 root for 2.6, empty for 2.2 (host)
VIEW=""          # the work directory as Kea sees it
WORK=""          # the same directory as seen from the host
CTRL_SOCKET=""   # Kea control socket as Kea sees it
LIB=""           # library path as Kea sees it
WAS_MOUNTED=0    # the root's /dev and /proc were already mounted by someone else

while (($# > 0)); do
  case "$1" in
    --kea) KEA="${2:-}"; shift 2 ;;
    --kea=*) KEA="${1#--kea=}"; shift ;;
    *) echo "usage: $0 --kea 2.2|2.6" >&2; exit 2 ;;
  esac
done
case "${KEA}" in 2.2 | 2.6) ;; *) echo "usage: $0 --kea 2.2|2.6" >&2; exit 2 ;; esac

setup() {
  local id="ipshadow-libload-$$"
  if [[ "${KEA}" == "2.2" ]]; then
    LIB="${HOOK_DIR}/build/kea-2.2/libdhcp_ipshadow.so"
    [[ -f "${LIB}" ]] || die "no ${LIB}; run hooks/kea/build.sh --kea 2.2"
    WORK="/tmp/${id}"
    VIEW="${WORK}"
    CTRL_SOCKET="${WORK}/ctrl.sock"
  else
    require_root
    ROOT="$("${REPO_DIR}/test/stack/debian-root.sh" kea26 kea-dhcp4-server kea-dev kea-admin g++ \
      libboost-dev make kea-ctrl-agent)"
    LIB="/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ipshadow.so"
    [[ -f "${ROOT}${LIB}" ]] || die "no ${ROOT}${LIB}; run hooks/kea/build.sh --kea 2.6"
    VIEW="/tmp/${id}"
    WORK="${ROOT}${VIEW}"
    # Kea 2.6.3 only accepts control sockets in /run/kea (mode 750).
    mkdir -p "${ROOT}/run/kea"
    chmod 750 "${ROOT}/run/kea"
    CTRL_SOCKET="/run/kea/${id}.sock"
    chroot_is_mounted "${ROOT}" && WAS_MOUNTED=1
    chroot_mount "${ROOT}"
  fi
  rm -rf "${WORK}"
  mkdir -p "${WORK}"
  kea_prefix
}

cleanup() {
  if [[ -n "${KEA_PID:-}" ]] && kill -0 "${KEA_PID}" 2>/dev/null; then
    kill "${KEA_PID}" 2>/dev/null || true
    wait "${KEA_PID}" 2>/dev/null || true
  fi
  [[ -n "${WORK}" ]] && rm -rf "${WORK}"
  if [[ -n "${ROOT}" ]]; then
    rm -f "${ROOT}${CTRL_SOCKET}"
    ((WAS_MOUNTED)) || chroot_umount "${ROOT}"
  fi
  return 0
}
trap cleanup EXIT

# kea_prefix: set KEA_PREFIX, the command prefix that runs a Kea binary as the tested
# version does (host or root). Every element execs the next, so "$!" is Kea's own pid.
kea_prefix() {
  KEA_PREFIX=(env KEA_PIDFILE_DIR="${VIEW}" KEA_LOCKFILE_DIR="${VIEW}")
  if [[ -n "${ROOT}" ]]; then
    local -a CHROOT_ENV
    chroot_env
    KEA_PREFIX=(chroot "${ROOT}" "${CHROOT_ENV[@]}" "${KEA_PREFIX[@]:1}")
  fi
}

# kea_run BIN ARGS...: run a Kea binary in the foreground.
kea_run() {
  "${KEA_PREFIX[@]}" "$@"
}

ctl() {
  python3 "${REPO_DIR}/test/stack/kea-ctl.py" "${ROOT}${CTRL_SOCKET}" "$@"
}

json_field() {
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"
}

# dhcp4_config PARAMS-ENTRY: a Dhcp4 config whose ipshadow entry is {"library": LIB PARAMS-ENTRY}.
dhcp4_config() {
  local logger_key="output_options"
  [[ "${KEA}" == "2.6" ]] && logger_key="output-options"
  cat <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": []},
  "lease-database": {"type": "memfile", "persist": false},
  "control-socket": {"socket-type": "unix", "socket-name": "${CTRL_SOCKET}"},
  "hooks-libraries": [{"library": "${LIB}"$1}],
  "loggers": [{"name": "kea-dhcp4", "${logger_key}": [{"output": "stdout"}], "severity": "INFO"}]
}}
EOF
}

# expect_refused NAME PARAMS-ENTRY MESSAGE-ID FRAGMENT
expect_refused() {
  local name="$1" entry="$2" id="$3" fragment="$4" rc=0 log
  log="${WORK}/${name}.log"
  dhcp4_config "${entry}" >"${WORK}/${name}.json"
  kea_run timeout 20 kea-dhcp4 -c "${VIEW}/${name}.json" >"${log}" 2>&1 || rc=$?
  if ((rc == 0 || rc == 124)); then
    check_fail "${name}" "kea-dhcp4 did not refuse the configuration (rc=${rc})" "${log}"
  elif ! grep -q "ERROR \[kea-dhcp4.ipshadow-hooks[^]]*\] ${id} .*${fragment}" "${log}"; then
    check_fail "${name}" "no '${id} ...${fragment}' in the log" "${log}"
  elif ! grep -q "HOOKS_LOAD_ERROR\|DHCP4_INIT_FAIL" "${log}"; then
    check_fail "${name}" "Kea did not report the failed load" "${log}"
  else
    check_pass "${name}"
  fi
}

# bad_parameter_cases: one refused configuration per line of the table below, which reads
# NAME|PARAMETERS (the body of the "parameters" map)|MESSAGE-ID|FRAGMENT (a grep pattern).
bad_parameter_cases() {
  local sock="\"socket-path\": \"${VIEW}/events.sock\""
  local long name params id fragment
  long="/$(printf 'x%.0s' $(seq 1 120))"
  expect_refused no-parameters '' IPSHADOW_MISSING_PARAMETER "'socket-path'"
  while IFS='|' read -r name params id fragment <&3; do
    expect_refused "${name}" ", \"parameters\": {${params}}" "${id}" "${fragment}"
  done 3<<CASES
socket-path-missing|"queue-size": 10|IPSHADOW_MISSING_PARAMETER|'socket-path'
socket-path-not-string|"socket-path": 5|IPSHADOW_BAD_PARAMETER|'socket-path' is invalid: expected type string
socket-path-empty|"socket-path": ""|IPSHADOW_BAD_PARAMETER|'socket-path' is invalid: must not be empty
socket-path-relative|"socket-path": "events.sock"|IPSHADOW_BAD_PARAMETER|'socket-path' is invalid: must be an absolute path
socket-path-too-long|"socket-path": "${long}"|IPSHADOW_BAD_PARAMETER|'socket-path' is invalid: longer than
queue-size-zero|${sock}, "queue-size": 0|IPSHADOW_BAD_PARAMETER|'queue-size' is invalid: must be between 1 and 1000000
queue-size-too-big|${sock}, "queue-size": 1000001|IPSHADOW_BAD_PARAMETER|'queue-size' is invalid: must be between
queue-size-string|${sock}, "queue-size": "10"|IPSHADOW_BAD_PARAMETER|'queue-size' is invalid: expected type integer
log-level-unknown|${sock}, "log-level": "verbose"|IPSHADOW_BAD_PARAMETER|'log-level' is invalid: must be one of
shadow-class-empty|${sock}, "shadow-class": ""|IPSHADOW_BAD_PARAMETER|'shadow-class' is invalid: must not be empty
ordinary-class-not-string|${sock}, "ordinary-class": true|IPSHADOW_BAD_PARAMETER|'ordinary-class' is invalid: expected type string
classes-equal|${sock}, "ordinary-class": "IPSHADOW"|IPSHADOW_BAD_PARAMETER|'ordinary-class' is invalid: must differ from shadow-class
offer-hold-zero|${sock}, "offer-hold-seconds": 0|IPSHADOW_BAD_PARAMETER|'offer-hold-seconds' is invalid
unknown-parameter|${sock}, "socket": "/x"|IPSHADOW_UNKNOWN_PARAMETER|'socket'
groups-not-list|${sock}, "groups": {}|IPSHADOW_BAD_PARAMETER|'groups' is invalid: expected type list
group-not-map|${sock}, "groups": ["ci"]|IPSHADOW_BAD_PARAMETER|'groups\[0\]' is invalid: expected type map
group-without-name|${sock}, "groups": [{"mac-prefix": "0c"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].name' is invalid: every group needs a name
group-without-rule|${sock}, "groups": [{"name": "ci"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\]' is invalid: needs at least one of
group-duplicate|${sock}, "groups": [{"name": "ci", "mac-prefix": "0c"}, {"name": "ci", "mac-prefix": "0d"}]|IPSHADOW_BAD_PARAMETER|'groups\[1\].name' is invalid: duplicate group name
group-unknown-key|${sock}, "groups": [{"name": "ci", "mac": "0c"}]|IPSHADOW_UNKNOWN_PARAMETER|'groups\[0\].mac'
client-class-not-string|${sock}, "groups": [{"name": "ci", "client-class": 1}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].client-class' is invalid: expected type string
mac-prefix-not-hex|${sock}, "groups": [{"name": "ci", "mac-prefix": "0c:zz"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].mac-prefix' is invalid: '0c:zz' is not hex bytes
mac-prefix-too-long|${sock}, "groups": [{"name": "ci", "mac-prefix": "$(printf '00%.0s' $(seq 1 21))"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].mac-prefix' is invalid: longer than a hardware address
hostname-pattern-bad-regex|${sock}, "groups": [{"name": "ci", "hostname-pattern": "ci-[0-9"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].hostname-pattern' is invalid: not a valid regular expression
circuit-id-bad-hex|${sock}, "groups": [{"name": "ci", "circuit-id": "0x0g"}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].circuit-id' is invalid
circuit-id-empty|${sock}, "groups": [{"name": "ci", "circuit-id": ""}]|IPSHADOW_BAD_PARAMETER|'groups\[0\].circuit-id' is invalid: must not be empty
CASES
}

wrong_daemon_case() {
  local name="wrong-daemon" rc=0 log port
  log="${WORK}/${name}.log"
  port=$((20000 + $$ % 20000))
  cat >"${WORK}/${name}.json" <<EOF
{"Control-agent": {
  "http-host": "127.0.0.1", "http-port": ${port},
  "hooks-libraries": [{"library": "${LIB}", "parameters": {"socket-path": "${VIEW}/events.sock"}}],
  "loggers": [{"name": "kea-ctrl-agent", "output_options": [{"output": "stdout"}], "severity": "INFO"}]
}}
EOF
  kea_run timeout 20 kea-ctrl-agent -c "${VIEW}/${name}.json" >"${log}" 2>&1 || rc=$?
  if ((rc == 0 || rc == 124)); then
    check_fail "${name}" "kea-ctrl-agent loaded the library (rc=${rc})" "${log}"
  elif ! grep -q "IPSHADOW_WRONG_DAEMON .*not by kea-ctrl-agent" "${log}"; then
    check_fail "${name}" "no IPSHADOW_WRONG_DAEMON in the log" "${log}"
  else
    check_pass "${name}"
  fi
}

# expect_answer NAME EXPECTED-RESULT JSON-ANSWER [GREP-PATTERN]
expect_answer() {
  local name="$1" want="$2" answer="$3" pattern="${4:-}" got
  got="$(json_field '["result"]' <<<"${answer}" 2>/dev/null || echo none)"
  if [[ "${got}" != "${want}" ]]; then
    check_fail "${name}" "result ${got}, expected ${want}: ${answer}"
  elif [[ -n "${pattern}" ]] && ! grep -q -- "${pattern}" <<<"${answer}"; then
    check_fail "${name}" "answer lacks '${pattern}': ${answer}"
  else
    check_pass "${name}"
  fi
}

good_config_case() {
  local log="${WORK}/good.log" i answer
  dhcp4_config ", \"parameters\": {\"socket-path\": \"${VIEW}/events.sock\", \"queue-size\": 16,
    \"log-level\": \"debug\", \"shadow-class\": \"SHADOW\", \"ordinary-class\": \"PLAIN\",
    \"offer-hold-seconds\": 30, \"groups\": [{\"name\": \"ci\", \"mac-prefix\": \"0c:aa\",
    \"hostname-pattern\": \"ci-.*\", \"client-class\": \"ALL\", \"circuit-id\": \"0x0a0b\"}]}" \
    >"${WORK}/good.json"
  : >"${log}"
  "${KEA_PREFIX[@]}" kea-dhcp4 -c "${VIEW}/good.json" >"${log}" 2>&1 &
  KEA_PID=$!
  for ((i = 0; i < 100; i++)); do
    grep -q "DHCP4_STARTED" "${log}" && break
    kill -0 "${KEA_PID}" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q "INFO  \[kea-dhcp4.ipshadow-hooks[^]]*\] IPSHADOW_LOAD_OK .*queue size 16, 1 groups" "${log}"; then
    check_pass good-config-loads
  else
    check_fail good-config-loads "no IPSHADOW_LOAD_OK" "${log}"
    return 0
  fi
  expect_answer stats-get 0 "$(ctl ipshadow-stats-get)" '"queue-capacity": 16'
  expect_answer groups-get-empty 3 "$(ctl ipshadow-groups-get)"
  expect_answer groups-set 0 "$(ctl ipshadow-groups-set '{"groups": {"ci": ["10.0.0.5", "10.0.0.6"]}}')" \
    '"addresses": 2'
  expect_answer groups-get 0 "$(ctl ipshadow-groups-get)" '"10.0.0.6"'
  answer="$(ctl ipshadow-groups-set '{"groups": {"nope": ["10.0.0.5"]}}')"
  expect_answer groups-set-unknown-group 1 "${answer}" "unknown group 'nope'"
  if grep -q "IPSHADOW_COMMAND_FAILED control command ipshadow-groups-set failed: unknown group 'nope'" "${log}"; then
    check_pass command-failure-logged
  else
    check_fail command-failure-logged "no IPSHADOW_COMMAND_FAILED" "${log}"
  fi
  expect_answer groups-set-bad-address 1 "$(ctl ipshadow-groups-set '{"groups": {"ci": ["10.0.0.999"]}}')" \
    "not an IPv4 address"
  kill -TERM "${KEA_PID}"
  wait "${KEA_PID}" 2>/dev/null || true
  KEA_PID=""
  if grep -q "IPSHADOW_UNLOAD ipshadow hooks library unloaded" "${log}"; then
    check_pass unload-on-shutdown
  else
    check_fail unload-on-shutdown "no IPSHADOW_UNLOAD" "${log}"
  fi
}

main() {
  setup
  bad_parameter_cases
  wrong_daemon_case
  good_config_case
  printf 'libload tests (kea %s): %d passed, %d failed\n' "${KEA}" "${CHECKS_PASSED}" "${CHECKS_FAILED}"
  ((CHECKS_FAILED == 0))
}

main
