#!/usr/bin/env bash
# Build and test the ipshadow Kea hook against Kea 2.2 (host) and 2.6 (Debian 13 root).
#
#   hooks/kea/test.sh [--kea 2.2|2.6|all] [--no-build] [--e2e]
#
# Runs the unit tests (tests/) and the load tests (libloadtests/) for each version;
# with --e2e also the end-to-end checks of test/stack/kea.sh (network namespace, real
# DHCP clients). Ends with one line "hook tests: N passed, M failed"; exits 1 on failure.
set -uo pipefail

HOOK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${HOOK_DIR}/../.." && pwd)"
# shellcheck source=../../test/stack/lib.sh
source "${REPO_DIR}/test/stack/lib.sh"
export LOG_TAG="hook-test"

PASSED=0
FAILED=0

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# run_suite LABEL CMD...: run a suite, echo its output, add up its "N passed, M failed" line.
run_suite() {
  local label="$1" out rc=0 summary passed failed
  shift
  out="$(mktemp)"
  "$@" 2>&1 | tee "${out}"
  rc="${PIPESTATUS[0]}"
  summary="$(grep -E '[0-9]+ passed, [0-9]+ failed' "${out}" | tail -n 1)"
  rm -f "${out}"
  if [[ -z "${summary}" ]]; then
    log "${label}: no summary line (rc=${rc}); counted as one failure"
    FAILED=$((FAILED + 1))
    return
  fi
  passed="$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"${summary}")"
  failed="$(sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"${summary}")"
  if ((rc != 0 && failed == 0)); then
    failed=1
  fi
  PASSED=$((PASSED + passed))
  FAILED=$((FAILED + failed))
}

unit_26() {
  local root rc=0 was_mounted=0
  root="$("${REPO_DIR}/test/stack/debian-root.sh" kea26)"
  chroot_is_mounted "${root}" && was_mounted=1
  chroot_mount "${root}"
  chroot_run "${root}" /opt/ipshadow-hook/build/kea-2.6/ipshadow_unittests || rc=$?
  ((was_mounted)) || chroot_umount "${root}"
  return "${rc}"
}

main() {
  local kea="all" build=1 e2e=0 v
  while (($# > 0)); do
    case "$1" in
      --kea) kea="${2:-}"; shift 2 ;;
      --kea=*) kea="${1#--kea=}"; shift ;;
      --no-build) build=0; shift ;;
      --e2e) e2e=1; shift ;;
      *) usage ;;
    esac
  done
  local -a versions
  case "${kea}" in
    2.2 | 2.6) versions=("${kea}") ;;
    all) versions=(2.2 2.6) ;;
    *) usage ;;
  esac
  for v in "${versions[@]}"; do
    if ((build)) && ! "${HOOK_DIR}/build.sh" --kea "${v}"; then
      log "build for Kea ${v} failed"
      FAILED=$((FAILED + 1))
      continue
    fi
    log "unit tests, Kea ${v}"
    if [[ "${v}" == "2.2" ]]; then
      run_suite "unit 2.2" "${HOOK_DIR}/build/kea-2.2/ipshadow_unittests"
    else
      run_suite "unit 2.6" unit_26
    fi
    log "load tests, Kea ${v}"
    run_suite "libload ${v}" "${HOOK_DIR}/libloadtests/run.sh" --kea "${v}"
    if ((e2e)); then
      log "end-to-end tests, Kea ${v}"
      run_suite "e2e ${v}" "${REPO_DIR}/test/stack/kea.sh" --kea "${v}" e2e
      run_suite "events-only e2e ${v}" "${HOOK_DIR}/e2e/events_only.sh" --kea "${v}"
    fi
  done
  printf 'hook tests: %d passed, %d failed\n' "${PASSED}" "${FAILED}"
  ((FAILED == 0))
}

main "$@"
