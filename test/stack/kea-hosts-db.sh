#!/usr/bin/env bash
# Creates a fresh Kea hosts database with the schema of the given Kea version (kea-admin db-init pgsql).
#   test/stack/kea-hosts-db.sh --kea 2.2|2.6 NAME      (drops NAME first if it exists)
#   test/stack/kea-hosts-db.sh drop NAME
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LOG_TAG="kea-hosts-db"

PSQL=(psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)

drop_db() { "${PSQL[@]}" -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"; }

main() {
  local kea="2.2"
  if [[ "${1:-}" == "drop" ]]; then drop_db "$2"; return; fi
  if [[ "${1:-}" == "--kea" ]]; then kea="$2"; shift 2; fi
  local name="${1:?usage: kea-hosts-db.sh --kea 2.2|2.6 NAME}"
  drop_db "${name}"
  "${PSQL[@]}" -c "CREATE DATABASE \"${name}\""
  if [[ "${kea}" == "2.2" ]]; then
    kea-admin db-init pgsql -h 127.0.0.1 -u postgres -p "" -n "${name}" >&2
  else
    local root
    root="$("$(dirname "${BASH_SOURCE[0]}")/debian-root.sh" kea26 kea-admin postgresql-client)"
    chroot_mount "${root}"
    chroot_run "${root}" kea-admin db-init pgsql -h 127.0.0.1 -u postgres -p "" -n "${name}" >&2
  fi
  log "hosts database ${name} initialised with Kea ${kea}'s schema ($("${PSQL[@]}" -d "${name}" -c 'SELECT version FROM schema_version'))"
}

main "$@"
