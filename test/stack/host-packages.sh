#!/usr/bin/env bash
# Installs the host packages listed in .ci/apt-packages.txt that are missing; a no-op when all are present.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t wanted < <(grep -v '^\s*#' .ci/apt-packages.txt | sed '/^\s*$/d' | sort -u)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "host packages: all ${#wanted[@]} present" >&2
  exit 0
fi
echo "host packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
