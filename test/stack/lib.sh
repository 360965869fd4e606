#!/usr/bin/env bash
# Shared helpers for the ipshadow integration-test stack (sourced, not executed).
# shellcheck shell=bash

# Guard against double sourcing.
if [[ -n "${IPSHADOW_STACK_LIB_LOADED:-}" ]]; then
  return 0
fi
IPSHADOW_STACK_LIB_LOADED=1

STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${IPSHADOW_CACHE:-${HOME:-/root}/.cache/ipshadow}"
ROOTS_DIR="${CACHE}/roots"
RUN_DIR="${CACHE}/run"
DEBIAN_SUITE="${DEBIAN_SUITE:-trixie}"
APT_LOCK_TIMEOUT="${APT_LOCK_TIMEOUT:-600}"
export STACK_DIR CACHE ROOTS_DIR RUN_DIR DEBIAN_SUITE

# --- logging --------------------------------------------------------------

log() {
  printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-stack}" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# Print seconds since the epoch (integer); used for timings in log lines.
now_s() {
  date +%s
}

require_root() {
  [[ "$(id -u)" -eq 0 ]] || die "must run as root (chroot, mount, debootstrap)"
}

# --- check results --------------------------------------------------------

CHECKS_PASSED=0
CHECKS_FAILED=0

# check_pass NAME: count a passed check and print "PASS NAME".
check_pass() {
  CHECKS_PASSED=$((CHECKS_PASSED + 1))
  printf 'PASS %s\n' "$1"
}

# check_fail NAME REASON [LOG]: count a failed check and print "FAIL NAME: REASON", then the last
# ERROR/IPSHADOW lines of LOG when given.
check_fail() {
  CHECKS_FAILED=$((CHECKS_FAILED + 1))
  printf 'FAIL %s: %s\n' "$1" "$2"
  if [[ -n "${3:-}" && -f "$3" ]]; then
    grep -E 'ERROR|IPSHADOW' "$3" | tail -n 5 | sed 's/^/    /' || true
  fi
}

# --- host package management ----------------------------------------------

# apt_update_host: refresh the host's package lists, waiting for other apt users.
apt_update_host() {
  log "apt-get update (host)"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT}" \
    -o Acquire::Retries=3 update -qq >&2
}

# host_missing_packages PKG...: print the packages that are not installed on the host.
host_missing_packages() {
  local pkg status
  for pkg in "$@"; do
    # shellcheck disable=SC2016 # ${Status} is a dpkg-query format field
    status="$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
    [[ "${status}" == "install ok installed" ]] || printf '%s\n' "${pkg}"
  done
}

# apt_install PKG...: install host packages if missing (concurrency-safe via the dpkg lock timeout).
apt_install() {
  local -a missing
  mapfile -t missing < <(host_missing_packages "$@")
  ((${#missing[@]} == 0)) && return 0
  log "installing host packages: ${missing[*]}"
  local -a cmd=(apt-get -o DPkg::Lock::Timeout="${APT_LOCK_TIMEOUT}" -o Acquire::Retries=3
    install -y -qq --no-install-recommends "${missing[@]}")
  if ! DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >&2; then
    apt_update_host
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >&2
  fi
}

# --- Debian mirror --------------------------------------------------------

# _sources_uris FILE: print "URI suites" pairs of deb822 stanzas of Types deb.
_sources_uris() {
  awk '
    function flush() {
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "") print uris "\t" suites
      types = ""; uris = ""; suites = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    tolower($1) == "types:"  { sub(/^[^:]*:[ \t]*/, ""); types = $0; next }
    tolower($1) == "uris:"   { sub(/^[^:]*:[ \t]*/, ""); uris = $0; next }
    tolower($1) == "suites:" { sub(/^[^:]*:[ \t]*/, ""); suites = $0; next }
    END { flush() }
  ' "$1"
}

# debian_mirror: the host's main Debian archive URI (not the security one), read at run time.
debian_mirror() {
  local src="${DEBIAN_SOURCES_FILE:-/etc/apt/sources.list.d/debian.sources}" line uri suites
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "${DEBIAN_MIRROR}"
    return 0
  fi
  if [[ -r "${src}" ]]; then
    while IFS=$'\t' read -r uri suites; do
      uri="${uri%% *}"
      if [[ "${suites}" != *security* && "${uri}" != *security* ]]; then
        printf '%s\n' "${uri%/}"
        return 0
      fi
    done < <(_sources_uris "${src}")
  fi
  if [[ -r /etc/apt/sources.list ]]; then
    line="$(grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list | grep -v security | head -n1 || true)"
    uri="$(awk '{for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit }}' <<<"${line}")"
    if [[ -n "${uri}" ]]; then
      printf '%s\n' "${uri%/}"
      return 0
    fi
  fi
  die "cannot find the Debian mirror URI in ${src} or /etc/apt/sources.list"
}

# debian_security_mirror: the host's security archive URI, or empty.
debian_security_mirror() {
  local src="${DEBIAN_SOURCES_FILE:-/etc/apt/sources.list.d/debian.sources}" uri suites
  [[ -r "${src}" ]] || return 0
  while IFS=$'\t' read -r uri suites; do
    uri="${uri%% *}"
    if [[ "${suites}" == *security* || "${uri}" == *security* ]]; then
      printf '%s\n' "${uri%/}"
      return 0
    fi
  done < <(_sources_uris "${src}")
}

# --- locking --------------------------------------------------------------

# with_lock NAME CMD...: run CMD (in a subshell) under an exclusive flock on $CACHE/locks/NAME.lock.
# The lock's fd number is in IPSHADOW_LOCK_FD: close it for long-lived children ({IPSHADOW_LOCK_FD}>&-).
with_lock() {
  local name="$1"
  shift
  mkdir -p "${CACHE}/locks"
  local lockfile="${CACHE}/locks/${name}.lock"
  (
    exec {IPSHADOW_LOCK_FD}>"${lockfile}"
    if ! flock -n "${IPSHADOW_LOCK_FD}"; then
      log "waiting for lock ${name}"
      flock "${IPSHADOW_LOCK_FD}"
    fi
    "$@"
  )
}

# --- chroot helpers -------------------------------------------------------

# chroot_is_mounted ROOT: true if any of our mounts are active under ROOT.
chroot_is_mounted() {
  local root
  root="$(realpath -m "$1")"
  findmnt -rn -o TARGET | awk -v r="${root}/" 'index($0, r) == 1 { found = 1 } END { exit !found }'
}

# chroot_prepare ROOT: copy the host's resolver, hosts and CA bundle into ROOT.
chroot_prepare() {
  local root="$1"
  mkdir -p "${root}/etc/ipshadow"
  # resolv.conf may be a symlink in the root (systemd-resolved); replace it with a file.
  rm -f "${root}/etc/resolv.conf"
  cp -L /etc/resolv.conf "${root}/etc/resolv.conf"
  if [[ -r /etc/hosts ]]; then
    cp -L /etc/hosts "${root}/etc/hosts"
  fi
  # The host may sit behind a TLS-intercepting egress proxy whose CA is only in the
  # host's bundle: give the root a copy and point TLS clients in the root at it.
  if [[ -r /etc/ssl/certs/ca-certificates.crt ]]; then
    cp -L /etc/ssl/certs/ca-certificates.crt "${root}/etc/ipshadow/host-ca.crt"
  fi
}

# chroot_mount ROOT: bind /dev (recursively) and mount /proc inside ROOT. Idempotent.
chroot_mount() {
  local root
  root="$(realpath "$1")"
  chroot_prepare "${root}"
  mkdir -p "${root}/dev" "${root}/proc"
  if ! mountpoint -q "${root}/dev"; then
    mount --rbind /dev "${root}/dev"
    mount --make-rslave "${root}/dev"
  fi
  if ! mountpoint -q "${root}/proc"; then
    mount -t proc proc "${root}/proc"
  fi
}

# chroot_umount ROOT: unmount everything under ROOT (deepest first). Idempotent.
chroot_umount() {
  local root target attempt
  root="$(realpath -m "$1")"
  [[ -d "${root}" ]] || return 0
  for attempt in 1 2 3 4 5; do
    chroot_is_mounted "${root}" || return 0
    while read -r target; do
      umount "${target}" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | awk -v r="${root}/" 'index($0, r) == 1' | sort -r)
    chroot_is_mounted "${root}" || return 0
    sleep "${attempt}"
  done
  log "lazy-unmounting what is still busy under ${root}"
  while read -r target; do
    umount -l "${target}" 2>/dev/null || true
  done < <(findmnt -rn -o TARGET | awk -v r="${root}/" 'index($0, r) == 1' | sort -r)
  ! chroot_is_mounted "${root}" || die "could not unmount everything under ${root}"
}

# chroot_env_cmd: prints nothing; sets the array CHROOT_ENV with a clean environment for the root.
# The host's environment (PIP_FIND_LINKS, PIP_CERT, pyenv paths...) must not leak into the root.
chroot_env() {
  CHROOT_ENV=(env -i
    HOME=/root
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    LANG=C.UTF-8
    LC_ALL=C.UTF-8
    TERM=dumb
    DEBIAN_FRONTEND=noninteractive
    SSL_CERT_FILE=/etc/ipshadow/host-ca.crt
    REQUESTS_CA_BUNDLE=/etc/ipshadow/host-ca.crt
    PIP_CONFIG_FILE=/etc/ipshadow/pip.conf
    PIP_DISABLE_PIP_VERSION_CHECK=1
  )
}

# chroot_run ROOT CMD...: run CMD inside ROOT with a clean environment (mounts must be up).
chroot_run() {
  local root="$1"
  shift
  local -a CHROOT_ENV
  chroot_env
  chroot "${root}" "${CHROOT_ENV[@]}" "$@"
}

# safe_rm_root DIR: delete a root directory, refusing if anything is still mounted in it.
safe_rm_root() {
  local dir="$1"
  [[ -e "${dir}" ]] || return 0
  chroot_umount "${dir}"
  chroot_is_mounted "${dir}" && die "refusing to delete ${dir}: still has mounts"
  rm -rf --one-file-system "${dir}"
}
