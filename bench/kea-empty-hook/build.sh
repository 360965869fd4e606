#!/usr/bin/env bash
# Builds the do-nothing hook for Kea 2.2 on the host (benchmark anchor only).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
g++ -std=c++17 -fPIC -shared -O2 -I/usr/include/kea empty_hook.cc -o build/libdhcp_empty.so -lkea-hooks -lkea-exceptions
echo "$(pwd)/build/libdhcp_empty.so"
