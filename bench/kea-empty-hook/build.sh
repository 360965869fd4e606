#!/usr/bin/env bash
# Builds the do-nothing hooks for Kea 2.2 on the host (benchmark anchors only); prints the default one's path.
#   build/libdhcp_empty.so         pkt4_receive, lease4_select, pkt4_send + lease callouts (group mode's set)
#   build/libdhcp_empty_select.so  lease4_select, pkt4_send + lease callouts
#   build/libdhcp_empty_events.so  pkt4_send + lease callouts (events-only mode's set)
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
flags=(-std=c++17 -fPIC -shared -O2 -I/usr/include/kea)
libs=(-lkea-hooks -lkea-exceptions)
g++ "${flags[@]}" empty_hook.cc -o build/libdhcp_empty.so "${libs[@]}"
g++ "${flags[@]}" -DEMPTY_EVENTS_SELECT empty_hook.cc -o build/libdhcp_empty_select.so "${libs[@]}"
g++ "${flags[@]}" -DEMPTY_EVENTS_ONLY empty_hook.cc -o build/libdhcp_empty_events.so "${libs[@]}"
echo "$(pwd)/build/libdhcp_empty.so"
