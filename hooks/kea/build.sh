#!/usr/bin/env bash
# Build the ipshadow Kea hook library (entry point of `npm run build:hook`).
#
#   hooks/kea/build.sh [--kea 2.2|2.6|all] [--messages] [--clean]
#
#   --kea 2.2   build on the host against Debian 12's Kea 2.2 → hooks/kea/build/kea-2.2/
#   --kea 2.6   build inside the Debian 13 root "kea26" (Kea 2.6) → hooks/kea/build/kea-2.6/,
#               and install the .so into the root's /usr/lib/x86_64-linux-gnu/kea/hooks/
#   --kea all   both (default)
#   --messages  regenerate ipshadow_messages.{h,cc} from ipshadow_messages.mes (also done
#               automatically when the .mes is newer than the generated files)
#   --clean     remove the build output first
#
# Each build directory gets libdhcp_ipshadow.so and ipshadow_unittests.
set -euo pipefail

HOOK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${HOOK_DIR}/../.." && pwd)"
# shellcheck source=../../test/stack/lib.sh
source "${REPO_DIR}/test/stack/lib.sh"
export LOG_TAG="build-hook"

KEA26_ROOT_NAME="kea26"
KEA26_PACKAGES=(kea-dhcp4-server kea-dev kea-admin g++ libboost-dev make)
HOST_PACKAGES=(kea-dev kea-dhcp4-server libboost-dev g++ make)
ROOT_SRC="/opt/ipshadow-hook/src"
ROOT_OUT="/opt/ipshadow-hook/build/kea-2.6"
KEA_HOOKS_DIR="/usr/lib/x86_64-linux-gnu/kea/hooks"
JOBS="${IPSHADOW_BUILD_JOBS:-2}"

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# kea26_root: print the path of the Kea 2.6 root, creating it (cached) if needed.
kea26_root() {
  "${REPO_DIR}/test/stack/debian-root.sh" "${KEA26_ROOT_NAME}" "${KEA26_PACKAGES[@]}"
}

# regenerate_messages: run kea-msg-compiler (host, else the Kea 2.6 root) on the .mes file.
regenerate_messages() {
  local tmp root
  if command -v kea-msg-compiler >/dev/null 2>&1; then
    tmp="$(mktemp -d)"
    cp "${HOOK_DIR}/ipshadow_messages.mes" "${tmp}/"
    (cd "${tmp}" && kea-msg-compiler ipshadow_messages.mes)
  else
    # Debian 12's kea-dev lacks kea-msg-compiler; Debian 13's has it.
    root="$(kea26_root)"
    tmp="${root}/tmp/ipshadow-mes"
    rm -rf "${tmp}"
    mkdir -p "${tmp}"
    cp "${HOOK_DIR}/ipshadow_messages.mes" "${tmp}/"
    chroot_run "${root}" sh -c 'cd /tmp/ipshadow-mes && kea-msg-compiler ipshadow_messages.mes'
  fi
  cp "${tmp}/ipshadow_messages.h" "${tmp}/ipshadow_messages.cc" "${HOOK_DIR}/"
  rm -rf "${tmp}"
  log "regenerated ipshadow_messages.{h,cc} from ipshadow_messages.mes"
}

messages_stale() {
  [[ "${HOOK_DIR}/ipshadow_messages.mes" -nt "${HOOK_DIR}/ipshadow_messages.cc" ||
    "${HOOK_DIR}/ipshadow_messages.mes" -nt "${HOOK_DIR}/ipshadow_messages.h" ]]
}

build_22() {
  local out="${HOOK_DIR}/build/kea-2.2"
  if [[ "$(id -u)" -eq 0 ]]; then
    apt_install "${HOST_PACKAGES[@]}"
  fi
  [[ -r /usr/include/kea/hooks/hooks.h ]] || die "kea-dev (Kea 2.2) is not installed on the host"
  log "building against $(grep -h 'KEA_HOOKS_VERSION =' /usr/include/kea/hooks/hooks.h | tr -s ' ')"
  # OUT relative to HOOK_DIR, as the dependency files name it.
  make -C "${HOOK_DIR}" -j"${JOBS}" --no-print-directory OUT=build/kea-2.2 all
  log "built ${out}/libdhcp_ipshadow.so"
}

build_26() {
  local root out="${HOOK_DIR}/build/kea-2.6" was_mounted=0 rc=0
  require_root
  root="$(kea26_root)"
  mkdir -p "${root}${ROOT_SRC}" "${out}"
  # Copy the sources (not the build output) into the root; make rebuilds what changed.
  tar -C "${HOOK_DIR}" --exclude=./build -cf - . | tar -C "${root}${ROOT_SRC}" -xf -
  chroot_is_mounted "${root}" && was_mounted=1
  chroot_mount "${root}"
  log "building in ${root} against $(grep -h 'KEA_HOOKS_VERSION =' "${root}/usr/include/kea/hooks/hooks.h" | tr -s ' ')"
  chroot_run "${root}" make -C "${ROOT_SRC}" -j"${JOBS}" --no-print-directory OUT="${ROOT_OUT}" all || rc=$?
  ((was_mounted)) || chroot_umount "${root}"
  ((rc == 0)) || die "Kea 2.6 build failed (rc=${rc})"
  cp -f "${root}${ROOT_OUT}/libdhcp_ipshadow.so" "${root}${ROOT_OUT}/ipshadow_unittests" "${out}/"
  install -m 0755 "${root}${ROOT_OUT}/libdhcp_ipshadow.so" "${root}${KEA_HOOKS_DIR}/libdhcp_ipshadow.so"
  log "built ${out}/libdhcp_ipshadow.so (installed in the root's ${KEA_HOOKS_DIR})"
}

main() {
  local kea="all" messages=0 clean=0
  while (($# > 0)); do
    case "$1" in
      --kea) kea="${2:-}"; shift 2 ;;
      --kea=*) kea="${1#--kea=}"; shift ;;
      --messages) messages=1; shift ;;
      --clean) clean=1; shift ;;
      -h | --help) usage ;;
      *) usage ;;
    esac
  done
  case "${kea}" in 2.2 | 2.6 | all) ;; *) usage ;; esac
  if ((clean)); then
    rm -rf "${HOOK_DIR}/build"
  fi
  if ((messages)) || messages_stale; then
    regenerate_messages
  fi
  if [[ "${kea}" == "2.2" || "${kea}" == "all" ]]; then
    build_22
  fi
  if [[ "${kea}" == "2.6" || "${kea}" == "all" ]]; then
    build_26
  fi
}

main "$@"
