#!/usr/bin/env bash
# Build (or reuse from cache) a Debian 13 (trixie) root for integration tests.
#
#   test/stack/debian-root.sh NAME [extra debian packages...]
#
# The minbase bootstrap is done once and cached as $CACHE/roots/trixie-base.tar; each named root
# ($CACHE/roots/NAME) is unpacked from it and gets its extra packages with apt inside the chroot
# (services are never started: policy-rc.d forbids it). Idempotent; prints the root's path on stdout.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LOG_TAG="debian-root"

BASE_TAR="${ROOTS_DIR}/${DEBIAN_SUITE}-base.tar"

usage() {
  printf 'usage: %s NAME [extra packages...]\n' "$(basename "$0")" >&2
  exit 2
}

# write_root_config DIR: apt sources, apt/dpkg tuning and the no-services policy inside a root.
write_root_config() {
  local dir="$1" mirror security
  mirror="$(debian_mirror)"
  security="$(debian_security_mirror)"
  rm -f "${dir}/etc/apt/sources.list"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\n' \
      "${mirror}" "${DEBIAN_SUITE}" "${DEBIAN_SUITE}"
    printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    if [[ -n "${security}" ]]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "${security}" "${DEBIAN_SUITE}"
      printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
    fi
  } >"${dir}/etc/apt/sources.list.d/debian.sources"
  cat >"${dir}/etc/apt/apt.conf.d/90ipshadow" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Retries "3";
Acquire::Languages "none";
DPkg::Lock::Timeout "600";
CONF
  if [[ "${mirror}" == *snapshot* ]]; then
    # A snapshot archive's Release files are past their Valid-Until date by design.
    printf 'Acquire::Check-Valid-Until "false";\n' >>"${dir}/etc/apt/apt.conf.d/90ipshadow"
  fi
  # Keep roots small: no docs, man pages or translations.
  cat >"${dir}/etc/dpkg/dpkg.cfg.d/90ipshadow-nodoc" <<'CONF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
CONF
  printf '#!/bin/sh\n# ipshadow test root: never start services from package scripts.\nexit 101\n' \
    >"${dir}/usr/sbin/policy-rc.d"
  chmod 0755 "${dir}/usr/sbin/policy-rc.d"
}

# build_base: debootstrap a minbase trixie once and cache it as a tarball.
build_base() {
  if [[ -s "${BASE_TAR}" ]]; then
    return 0
  fi
  require_root
  apt_install debootstrap debian-archive-keyring
  local mirror tmp t0
  mirror="$(debian_mirror)"
  tmp="${ROOTS_DIR}/.base.tmp.$$"
  t0="$(now_s)"
  mkdir -p "${ROOTS_DIR}"
  safe_rm_root "${tmp}"
  log "debootstrap --variant=minbase ${DEBIAN_SUITE} from ${mirror} (once; cached as ${BASE_TAR})"
  if ! debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    "${DEBIAN_SUITE}" "${tmp}" "${mirror}" >"${ROOTS_DIR}/.debootstrap.log" 2>&1; then
    tail -n 30 "${ROOTS_DIR}/.debootstrap.log" >&2 || true
    [[ -f "${tmp}/debootstrap/debootstrap.log" ]] && tail -n 30 "${tmp}/debootstrap/debootstrap.log" >&2
    safe_rm_root "${tmp}"
    die "debootstrap failed"
  fi
  chroot_umount "${tmp}"
  write_root_config "${tmp}"
  rm -rf "${tmp}/var/cache/apt/archives/"*.deb "${tmp}/var/lib/apt/lists/"* "${tmp}/usr/share/doc/"*/changelog*
  tar -C "${tmp}" --numeric-owner -cf "${BASE_TAR}.tmp.$$" .
  mv -f "${BASE_TAR}.tmp.$$" "${BASE_TAR}"
  safe_rm_root "${tmp}"
  log "base root ready in $(($(now_s) - t0)) s ($(du -sh "${BASE_TAR}" | cut -f1))"
}

# unpack_root NAME: create $ROOTS_DIR/NAME from the base tarball if it does not exist yet.
unpack_root() {
  local name="$1" dir="${ROOTS_DIR}/$1" tmp
  if [[ -f "${dir}/etc/ipshadow/root-name" ]]; then
    return 0
  fi
  safe_rm_root "${dir}" # a half-made root from an interrupted run
  tmp="${ROOTS_DIR}/.${name}.tmp.$$"
  safe_rm_root "${tmp}"
  mkdir -p "${tmp}"
  log "unpacking ${BASE_TAR} into ${dir}"
  tar -C "${tmp}" --numeric-owner -xpf "${BASE_TAR}"
  write_root_config "${tmp}" # re-read the mirror now, it may differ from when the tarball was made
  mkdir -p "${tmp}/etc/ipshadow"
  printf '%s\n' "${name}" >"${tmp}/etc/ipshadow/root-name"
  mv "${tmp}" "${dir}"
}

# root_missing_packages DIR PKG...: the requested packages that are not installed in the root.
root_missing_packages() {
  local dir="$1" pkg status
  shift
  for pkg in "$@"; do
    # shellcheck disable=SC2016 # ${Status} is a dpkg-query format field
    status="$(chroot "${dir}" dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
    [[ "${status}" == "install ok installed" ]] || printf '%s\n' "${pkg}"
  done
}

# install_packages NAME PKG...: apt-get the missing packages inside the root.
install_packages() {
  local name="$1" dir="${ROOTS_DIR}/$1" was_mounted=0 rc=0 t0
  shift
  local -a missing
  mapfile -t missing < <(root_missing_packages "${dir}" "$@")
  if ((${#missing[@]} == 0)); then
    log "root ${name}: all ${#} requested packages present"
    return 0
  fi
  t0="$(now_s)"
  chroot_is_mounted "${dir}" && was_mounted=1
  chroot_mount "${dir}"
  log "root ${name}: apt-get install ${missing[*]}"
  {
    chroot_run "${dir}" apt-get -qq update &&
      chroot_run "${dir}" apt-get install -y -qq "${missing[@]}" &&
      chroot_run "${dir}" apt-get clean
  } >"${ROOTS_DIR}/.${name}.apt.log" 2>&1 || rc=$?
  ((was_mounted)) || chroot_umount "${dir}"
  if ((rc != 0)); then
    tail -n 40 "${ROOTS_DIR}/.${name}.apt.log" >&2 || true
    die "root ${name}: apt-get failed (rc=${rc}); log in ${ROOTS_DIR}/.${name}.apt.log"
  fi
  rm -rf "${dir}/var/lib/apt/lists/"*
  log "root ${name}: packages installed in $(($(now_s) - t0)) s"
}

main() {
  (($# >= 1)) || usage
  local name="$1"
  shift
  [[ "${name}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "bad root name: ${name}"
  [[ "${name}" != "${DEBIAN_SUITE}-base" ]] || die "reserved root name: ${name}"
  require_root
  mkdir -p "${ROOTS_DIR}"
  with_lock "base" build_base
  with_lock "root-${name}" unpack_root "${name}"
  if (($# > 0)); then
    with_lock "root-${name}" install_packages "${name}" "$@"
  fi
  printf '%s\n' "${ROOTS_DIR}/${name}"
}

main "$@"
