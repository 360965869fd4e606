#!/usr/bin/env bash
# Builds the do-nothing hooks (benchmark anchors only); prints the default one's path as Kea sees it.
#   build/libdhcp_empty.so         pkt4_receive, lease4_select, pkt4_send + lease callouts (group mode's set)
#   build/libdhcp_empty_select.so  lease4_select, pkt4_send + lease callouts
#   build/libdhcp_empty_events.so  pkt4_send + lease callouts (events-only mode's set)
# --kea 2.2 (default): on the host. --kea 2.6: inside the Debian 13 root "kea26", installed in its hooks folder
# (kea-dhcp4 2.6 loads hooks only from there), so the printed path is the one inside the root.
set -euo pipefail
cd "$(dirname "$0")"
kea="2.2"
[[ "${1:-}" == "--kea" ]] && kea="${2:?--kea 2.2|2.6}"
variants=("libdhcp_empty.so:" "libdhcp_empty_select.so:-DEMPTY_EVENTS_SELECT" "libdhcp_empty_events.so:-DEMPTY_EVENTS_ONLY")
flags=(-std=c++17 -fPIC -shared -O2 -I/usr/include/kea)
libs=(-lkea-hooks -lkea-exceptions)
if [[ "${kea}" == "2.2" ]]; then
  mkdir -p build
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086 # the define is empty for the default build
    g++ "${flags[@]}" ${v#*:} empty_hook.cc -o "build/${v%%:*}" "${libs[@]}"
  done
  echo "$(pwd)/build/libdhcp_empty.so"
  exit 0
fi
[[ "${kea}" == "2.6" ]] || { echo "usage: build.sh [--kea 2.2|2.6]" >&2; exit 2; }
REPO_DIR="$(cd ../.. && pwd)"
# shellcheck source=../../test/stack/lib.sh
source "${REPO_DIR}/test/stack/lib.sh"
export LOG_TAG="empty-hook"
root="$("${REPO_DIR}/test/stack/debian-root.sh" kea26)"
hooks_dir="/usr/lib/x86_64-linux-gnu/kea/hooks"
mkdir -p "${root}/tmp/empty-hook"
cp empty_hook.cc "${root}/tmp/empty-hook/"
was_mounted=0
chroot_is_mounted "${root}" && was_mounted=1
chroot_mount "${root}"
rc=0
for v in "${variants[@]}"; do
  chroot_run "${root}" sh -c "g++ ${flags[*]} ${v#*:} /tmp/empty-hook/empty_hook.cc -o ${hooks_dir}/${v%%:*} ${libs[*]}" || rc=$?
done
((was_mounted)) || chroot_umount "${root}"
((rc == 0)) || die "Kea 2.6 empty-hook build failed (rc=${rc})"
echo "${hooks_dir}/libdhcp_empty.so"
