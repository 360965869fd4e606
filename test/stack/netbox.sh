#!/usr/bin/env bash
# A real NetBox 4.7 for ipshadow's integration tests, in a Debian 13 root (see debian-root.sh),
# against the host's PostgreSQL and Redis.
#
#   test/stack/netbox.sh up            build/reuse root + venv + DB, start runserver + rqworker, write env file
#   test/stack/netbox.sh seed [ARGS]   idempotent test data through the REST API (netbox-seed.py --help)
#   test/stack/netbox.sh env           print $CACHE/netbox.env
#   test/stack/netbox.sh status        exit 0 if NetBox answers and both processes run
#   test/stack/netbox.sh logs [-f]     tail the runserver and rqworker logs
#   test/stack/netbox.sh schema OUT    save the live OpenAPI schema (JSON) to OUT
#   test/stack/netbox.sh reset         drop the DB and re-create it from the migrated template (fast)
#   test/stack/netbox.sh down          stop the processes and unmount; keeps every cache
#   test/stack/netbox.sh purge [--all] down + drop the DBs + delete the netbox root and caches
#                                      (--all: the whole $CACHE, base tarball and other roots too)
#
# Everything but `env`, `status` and `schema` output goes to stderr.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LOG_TAG="netbox"

# Pinned: openapi/netbox.d.ts is generated from this exact version.
NETBOX_VERSION_SPEC="${NETBOX_VERSION_SPEC:-4.7.3}"
NETBOX_HOST="127.0.0.1"
NETBOX_PORT="${NETBOX_PORT:-8000}"
NETBOX_URL="http://${NETBOX_HOST}:${NETBOX_PORT}"
NETBOX_DB="${NETBOX_DB:-ipshadow_netbox}"
NETBOX_TEMPLATE_DB="${NETBOX_DB}_template"
PG_HOST="${NETBOX_PG_HOST:-127.0.0.1}"
PG_PORT="${NETBOX_PG_PORT:-5432}"
PG_USER="${NETBOX_PG_USER:-postgres}"
REDIS_HOST="${NETBOX_REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${NETBOX_REDIS_PORT:-6379}"
REDIS_TASKS_DB="${NETBOX_REDIS_TASKS_DB:-6}"
REDIS_CACHE_DB="${NETBOX_REDIS_CACHE_DB:-7}"
ADMIN_USER="${NETBOX_ADMIN_USER:-admin}"
ADMIN_PASSWORD="${NETBOX_ADMIN_PASSWORD:-ipshadow-admin-pw}"
START_TIMEOUT="${NETBOX_START_TIMEOUT:-180}"

NB_ROOT_NAME="netbox"
NB_ROOT="${ROOTS_DIR}/${NB_ROOT_NAME}"
NB_CACHE="${CACHE}/netbox"
LOG_DIR="${CACHE}/logs"
ENV_FILE="${CACHE}/netbox.env"
SECRETS_FILE="${NB_CACHE}/secrets.env"
# Inside the root:
VENV=/opt/netbox/venv
NB_INSTANCE=/opt/netbox
NB_BIN="${VENV}/bin/netbox"
VENV_STAMP="${VENV}/.ipshadow-installed"

ROOT_PACKAGES=(python3 python3-venv python3-dev gcc libpq-dev libpq5 ca-certificates)
SERVICES=(runserver rqworker)
# Changes whenever configuration.py or the services' arguments change; `up` restarts processes started without it.
CONFIG_MARK='# ipshadow-config: 2 (CONN_MAX_AGE 0; rqworker on the high queue only)'

# --- PostgreSQL / Redis helpers -------------------------------------------

psql_q() { # psql_q DB SQL: run SQL, print unaligned tuples
  psql -h "${PG_HOST}" -p "${PG_PORT}" -U "${PG_USER}" -d "$1" -v ON_ERROR_STOP=1 -qAt -c "$2"
}

db_exists() {
  [[ "$(psql_q postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" == "1" ]]
}

db_comment() {
  psql_q postgres "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '$1'"
}

db_drop() {
  local db="$1"
  db_exists "${db}" || return 0
  log "dropping database ${db}"
  psql_q postgres "ALTER DATABASE \"${db}\" IS_TEMPLATE false" >/dev/null
  psql_q postgres "DROP DATABASE \"${db}\" WITH (FORCE)" >/dev/null
}

redis_flush_netbox() {
  if ! command -v redis-cli >/dev/null; then
    log "redis-cli not found; not flushing NetBox's Redis databases"
    return 0
  fi
  local n
  for n in "${REDIS_TASKS_DB}" "${REDIS_CACHE_DB}"; do
    redis-cli -h "${REDIS_HOST}" -p "${REDIS_PORT}" -n "${n}" FLUSHDB >/dev/null
  done
}

check_host_services() {
  command -v psql >/dev/null || apt_install postgresql-client
  command -v curl >/dev/null || apt_install curl
  psql_q postgres "SELECT 1" >/dev/null || die "PostgreSQL is not reachable at ${PG_HOST}:${PG_PORT} as ${PG_USER}"
  local pgver
  pgver="$(psql_q postgres "SHOW server_version_num")"
  ((pgver >= 150000)) || die "NetBox 4.7 needs PostgreSQL >= 15 (server is ${pgver})"
  if command -v redis-cli >/dev/null; then
    [[ "$(redis-cli -h "${REDIS_HOST}" -p "${REDIS_PORT}" PING)" == "PONG" ]] ||
      die "Redis is not reachable at ${REDIS_HOST}:${REDIS_PORT}"
  fi
}

# --- root, venv, configuration --------------------------------------------

ensure_root() {
  "${STACK_DIR}/debian-root.sh" "${NB_ROOT_NAME}" "${ROOT_PACKAGES[@]}" >/dev/null
}

nb() { # nb ARGS...: run the netbox CLI inside the root (mounts must be up)
  chroot_run "${NB_ROOT}" env NETBOX_ROOT="${NB_INSTANCE}" "${NB_BIN}" "$@"
}

write_pip_conf() {
  # The host's pip configuration (local file indexes, find-links) means nothing inside the root.
  mkdir -p "${NB_ROOT}/etc/ipshadow"
  cat >"${NB_ROOT}/etc/ipshadow/pip.conf" <<EOF
[global]
index-url = ${NETBOX_PIP_INDEX_URL:-https://pypi.org/simple}
cert = /etc/ipshadow/host-ca.crt
timeout = 120
retries = 5
no-cache-dir = true
EOF
}

ensure_venv() {
  if [[ -x "${NB_ROOT}${NB_BIN}" && "$(cat "${NB_ROOT}${VENV_STAMP}" 2>/dev/null)" == "${NETBOX_VERSION_SPEC}" ]]; then
    return 0
  fi
  local t0
  t0="$(now_s)"
  write_pip_conf
  log "creating venv and pip-installing netbox==${NETBOX_VERSION_SPEC} in the root"
  rm -rf "${NB_ROOT:?}${VENV}"
  chroot_run "${NB_ROOT}" python3 -m venv "${VENV}"
  if ! chroot_run "${NB_ROOT}" "${VENV}/bin/pip" install -q "netbox==${NETBOX_VERSION_SPEC}" \
    >"${LOG_DIR}/netbox-pip.log" 2>&1; then
    tail -n 40 "${LOG_DIR}/netbox-pip.log" >&2 || true
    die "pip install netbox failed (log: ${LOG_DIR}/netbox-pip.log)"
  fi
  printf '%s\n' "${NETBOX_VERSION_SPEC}" >"${NB_ROOT}${VENV_STAMP}"
  log "venv ready in $(($(now_s) - t0)) s: netbox $(netbox_pkg_version)"
}

netbox_pkg_version() {
  chroot_run "${NB_ROOT}" "${NB_BIN}" version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+[^ ]*' | head -n1
}

random_string() { # random_string LEN: alphanumeric
  python3 -c 'import secrets, string, sys; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(int(sys.argv[1]))))' "$1"
}

ensure_secrets() {
  [[ -s "${SECRETS_FILE}" ]] && return 0
  mkdir -p "${NB_CACHE}"
  umask 077
  {
    printf 'SECRET_KEY=%s\n' "$(random_string 64)"
    printf 'PEPPER=%s\n' "$(random_string 64)"
  } >"${SECRETS_FILE}.tmp"
  mv "${SECRETS_FILE}.tmp" "${SECRETS_FILE}"
}

write_config() {
  local secret_key pepper
  secret_key="$(sed -n 's/^SECRET_KEY=//p' "${SECRETS_FILE}")"
  pepper="$(sed -n 's/^PEPPER=//p' "${SECRETS_FILE}")"
  mkdir -p "${NB_ROOT}${NB_INSTANCE}/conf"
  cat >"${NB_ROOT}${NB_INSTANCE}/conf/configuration.py.tmp" <<EOF
# Written by ipshadow test/stack/netbox.sh: a throwaway NetBox for integration tests.
${CONFIG_MARK}
ALLOWED_HOSTS = ['*']
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': '${NETBOX_DB}',
        'USER': '${PG_USER}',
        'PASSWORD': '',
        'HOST': '${PG_HOST}',
        'PORT': '${PG_PORT}',
        # runserver serves each request on a new thread: a kept connection is never reused and stays open until
        # its thread is collected, so a crash bench ran PostgreSQL out of connections ("too many clients").
        'CONN_MAX_AGE': 0,
    }
}
REDIS = {
    'tasks': {'HOST': '${REDIS_HOST}', 'PORT': ${REDIS_PORT}, 'USERNAME': '', 'PASSWORD': '',
              'DATABASE': ${REDIS_TASKS_DB}, 'SSL': False},
    'caching': {'HOST': '${REDIS_HOST}', 'PORT': ${REDIS_PORT}, 'USERNAME': '', 'PASSWORD': '',
                'DATABASE': ${REDIS_CACHE_DB}, 'SSL': False},
}
SECRET_KEY = '${secret_key}'
API_TOKEN_PEPPERS = {1: '${pepper}'}
DEBUG = False
CENSUS_REPORTING_ENABLED = False
RELEASE_CHECK_URL = None
ISOLATED_DEPLOYMENT = True
LOGIN_REQUIRED = True
TIME_ZONE = 'UTC'
MAX_PAGE_SIZE = 10000
# Webhook deliveries go to the high queue so search-index jobs from bulk writes never delay them.
QUEUE_MAPPINGS = {'webhook': 'high'}
EOF
  mv "${NB_ROOT}${NB_INSTANCE}/conf/configuration.py.tmp" "${NB_ROOT}${NB_INSTANCE}/conf/configuration.py"
}

# --- database: migrated template, cached --------------------------------------

template_dump() {
  printf '%s/template-%s.dump\n' "${NB_CACHE}" "$1"
}

# migrate_fresh VERSION: create the DB empty, run `netbox upgrade` and create the superuser.
migrate_fresh() {
  local version="$1" t0
  t0="$(now_s)"
  db_drop "${NETBOX_DB}"
  psql_q postgres "CREATE DATABASE \"${NETBOX_DB}\"" >/dev/null
  psql_q "${NETBOX_DB}" "CREATE EXTENSION IF NOT EXISTS ltree" >/dev/null
  log "running netbox upgrade --no-input (migrations; the slow part, done once)"
  if ! nb upgrade --no-input >"${LOG_DIR}/netbox-upgrade.log" 2>&1; then
    tail -n 40 "${LOG_DIR}/netbox-upgrade.log" >&2 || true
    die "netbox upgrade failed (log: ${LOG_DIR}/netbox-upgrade.log)"
  fi
  log "creating superuser ${ADMIN_USER}"
  chroot_run "${NB_ROOT}" env NETBOX_ROOT="${NB_INSTANCE}" DJANGO_SUPERUSER_PASSWORD="${ADMIN_PASSWORD}" \
    "${NB_BIN}" createsuperuser --no-input --username "${ADMIN_USER}" --email "${ADMIN_USER}@example.invalid" \
    >>"${LOG_DIR}/netbox-upgrade.log" 2>&1
  : >"${NB_ROOT}${NB_INSTANCE}/.ipshadow-static-${version}"
  log "migrated in $(($(now_s) - t0)) s"
}

# save_template VERSION: clone the migrated DB into the template DB and pg_dump it into the cache.
save_template() {
  local version="$1" dump
  dump="$(template_dump "${version}")"
  db_drop "${NETBOX_TEMPLATE_DB}"
  psql_q postgres "CREATE DATABASE \"${NETBOX_TEMPLATE_DB}\" TEMPLATE \"${NETBOX_DB}\"" >/dev/null
  psql_q postgres "COMMENT ON DATABASE \"${NETBOX_TEMPLATE_DB}\" IS 'ipshadow:netbox=${version}'" >/dev/null
  psql_q postgres "ALTER DATABASE \"${NETBOX_TEMPLATE_DB}\" IS_TEMPLATE true" >/dev/null
  mkdir -p "${NB_CACHE}"
  pg_dump -h "${PG_HOST}" -p "${PG_PORT}" -U "${PG_USER}" -Fc -f "${dump}.tmp" "${NETBOX_TEMPLATE_DB}"
  mv "${dump}.tmp" "${dump}"
  log "saved migrated template: database ${NETBOX_TEMPLATE_DB} and ${dump} ($(du -h "${dump}" | cut -f1))"
}

# ensure_template VERSION: true if a template DB for VERSION exists (restoring it from the dump if needed).
ensure_template() {
  local version="$1" dump
  if db_exists "${NETBOX_TEMPLATE_DB}" && [[ "$(db_comment "${NETBOX_TEMPLATE_DB}")" == "ipshadow:netbox=${version}" ]]; then
    return 0
  fi
  dump="$(template_dump "${version}")"
  [[ -s "${dump}" ]] || return 1
  log "restoring template database from ${dump}"
  db_drop "${NETBOX_TEMPLATE_DB}"
  psql_q postgres "CREATE DATABASE \"${NETBOX_TEMPLATE_DB}\"" >/dev/null
  if ! pg_restore -h "${PG_HOST}" -p "${PG_PORT}" -U "${PG_USER}" -d "${NETBOX_TEMPLATE_DB}" --no-owner "${dump}"; then
    db_drop "${NETBOX_TEMPLATE_DB}"
    rm -f "${dump}"
    log "restoring ${dump} failed; it was removed"
    return 1
  fi
  psql_q postgres "COMMENT ON DATABASE \"${NETBOX_TEMPLATE_DB}\" IS 'ipshadow:netbox=${version}'" >/dev/null
  psql_q postgres "ALTER DATABASE \"${NETBOX_TEMPLATE_DB}\" IS_TEMPLATE true" >/dev/null
}

mark_db() {
  psql_q postgres "COMMENT ON DATABASE \"${NETBOX_DB}\" IS 'ipshadow:netbox=$1'" >/dev/null
}

# ensure_database VERSION: keep a DB already migrated for VERSION (with its data), else clone the
# template, else migrate from scratch (and save the template for next time).
ensure_database() {
  local version="$1"
  if db_exists "${NETBOX_DB}" && [[ "$(db_comment "${NETBOX_DB}")" == "ipshadow:netbox=${version}" ]]; then
    log "database ${NETBOX_DB} is migrated for ${version}; keeping its data"
    return 0
  fi
  redis_flush_netbox
  if ensure_template "${version}"; then
    log "creating ${NETBOX_DB} from template ${NETBOX_TEMPLATE_DB}"
    db_drop "${NETBOX_DB}"
    psql_q postgres "CREATE DATABASE \"${NETBOX_DB}\" TEMPLATE \"${NETBOX_TEMPLATE_DB}\"" >/dev/null
  else
    migrate_fresh "${version}"
    save_template "${version}"
  fi
  mark_db "${version}"
}

# The template path skips `netbox upgrade`, so collect static files once per root and version.
ensure_static() {
  local version="$1"
  [[ -e "${NB_ROOT}${NB_INSTANCE}/.ipshadow-static-${version}" ]] && return 0
  log "collecting static files"
  nb collectstatic --no-input >>"${LOG_DIR}/netbox-upgrade.log" 2>&1
  : >"${NB_ROOT}${NB_INSTANCE}/.ipshadow-static-${version}"
}

# --- processes ------------------------------------------------------------

pidfile() { printf '%s/netbox-%s.pid\n' "${RUN_DIR}" "$1"; }
logfile() { printf '%s/netbox-%s.log\n' "${LOG_DIR}" "$1"; }

# service_pid NAME: print the pid (= process group) if the service runs, else fail.
service_pid() {
  local f pid
  f="$(pidfile "$1")"
  [[ -s "${f}" ]] || return 1
  pid="$(cat "${f}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  [[ -d "/proc/${pid}" ]] || return 1
  # Guard against a recycled pid: it must be ours, running inside the netbox root.
  [[ "$(readlink "/proc/${pid}/root" 2>/dev/null)" == "$(realpath "${NB_ROOT}")" ]] || return 1
  printf '%s\n' "${pid}"
}

# shellcheck disable=SC2031 # IPSHADOW_LOCK_FD is set by with_lock in the subshell this runs in
start_service() { # start_service NAME ARGS...: start `netbox ARGS` in its own process group
  local name="$1"
  shift
  if service_pid "${name}" >/dev/null; then
    log "${name} already running (pid $(service_pid "${name}"))"
    return 0
  fi
  local -a CHROOT_ENV
  chroot_env
  log "starting ${name}: netbox $*"
  printf '\n===== %s start %s =====\n' "$(date -Is)" "${name}" >>"$(logfile "${name}")"
  # The child must not inherit with_lock's lock (it would hold it for its whole life).
  # setsid makes the child a process-group leader (pid == pgid), so `down` can kill the whole group.
  local -a cmd=(setsid chroot "${NB_ROOT}" "${CHROOT_ENV[@]}" NETBOX_ROOT="${NB_INSTANCE}" PYTHONUNBUFFERED=1
    "${NB_BIN}" "$@")
  local log_file
  log_file="$(logfile "${name}")"
  if [[ -n "${IPSHADOW_LOCK_FD:-}" ]]; then
    "${cmd[@]}" </dev/null >>"${log_file}" 2>&1 {IPSHADOW_LOCK_FD}>&- &
  else
    "${cmd[@]}" </dev/null >>"${log_file}" 2>&1 &
  fi
  printf '%s\n' "$!" >"$(pidfile "${name}")"
}

stop_service() {
  local name="$1" pid i
  if ! pid="$(service_pid "${name}")"; then
    rm -f "$(pidfile "${name}")"
    return 0
  fi
  log "stopping ${name} (process group ${pid})"
  kill -TERM -- "-${pid}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 -- "-${pid}" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL -- "-${pid}" 2>/dev/null || true
  rm -f "$(pidfile "${name}")"
}

# kill_strays: any process still running inside the netbox root was started by this script.
kill_strays() {
  local root p pids=()
  root="$(realpath -m "${NB_ROOT}")"
  [[ -d "${root}" ]] || return 0
  for p in /proc/[0-9]*; do
    [[ "$(readlink "${p}/root" 2>/dev/null)" == "${root}" ]] && pids+=("${p#/proc/}")
  done
  ((${#pids[@]} == 0)) && return 0
  log "killing stray processes in the root: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  sleep 2
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# api_up: NetBox answers /api/status/ (403 without a token, as LOGIN_REQUIRED is on, still means up).
api_up() {
  local code
  code="$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "${NETBOX_URL}/api/status/" 2>/dev/null || true)"
  [[ "${code}" == "200" || "${code}" == "403" ]]
}

# api_version: NetBox's version string from /api/status/ (with the env file's token, if any).
api_version() {
  local token="${1:-$(env_value NETBOX_TOKEN)}"
  curl -fsS -m 10 ${token:+-H "Authorization: ${token}"} "${NETBOX_URL}/api/status/" 2>/dev/null |
    json_get netbox-version 2>/dev/null || true
}

wait_for_api() {
  local deadline pid
  deadline=$(($(now_s) + START_TIMEOUT))
  while ! api_up; do
    if ! pid="$(service_pid runserver)"; then
      tail -n 40 "$(logfile runserver)" >&2 || true
      die "runserver exited; see $(logfile runserver)"
    fi
    (($(now_s) < deadline)) || die "NetBox did not answer on ${NETBOX_URL} within ${START_TIMEOUT} s"
    sleep 1
  done
}

# --- tokens and env file ----------------------------------------------------

json_get() { # json_get KEY < JSON
  python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}

token_works() { # token_works "HEADER VALUE"
  [[ -n "$1" ]] || return 1
  local code
  code="$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: $1" -H 'Accept: application/json' \
    "${NETBOX_URL}/api/users/tokens/?limit=1")"
  [[ "${code}" == "200" ]]
}

# provision_token VERSION: print the full Authorization header value of a new token.
provision_token() {
  local version="$1" body resp token key
  body="$(printf '{"username": "%s", "password": "%s", "version": %s, "description": "ipshadow tests v%s"}' \
    "${ADMIN_USER}" "${ADMIN_PASSWORD}" "${version}" "${version}")"
  resp="$(curl -sS -m 30 -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d "${body}" "${NETBOX_URL}/api/users/tokens/provision/")" || return 1
  token="$(json_get token <<<"${resp}" 2>/dev/null || true)"
  key="$(json_get key <<<"${resp}" 2>/dev/null || true)"
  if [[ "$(json_get version <<<"${resp}" 2>/dev/null || true)" != "${version}" || -z "${token}" ]]; then
    log "token provisioning (v${version}) answered: ${resp:0:300}"
    return 1
  fi
  if ((version == 2)); then
    printf 'Bearer nbt_%s.%s\n' "${key}" "${token}"
  else
    printf 'Token %s\n' "${token}"
  fi
}

env_value() { # env_value KEY: from the current env file
  [[ -r "${ENV_FILE}" ]] || return 0
  sed -n "s/^$1=\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}\$/\\1/p" "${ENV_FILE}" | head -n1
}

write_env() {
  local v2 v1 version
  v2="$(env_value NETBOX_TOKEN)"
  v1="$(env_value NETBOX_TOKEN_V1)"
  if token_works "${v2}"; then
    log "reusing the v2 token from ${ENV_FILE}"
  else
    v2="$(provision_token 2)" || die "could not provision a v2 token"
    token_works "${v2}" || die "the provisioned v2 token does not authenticate"
  fi
  if token_works "${v1}"; then
    log "reusing the v1 token from ${ENV_FILE}"
  elif v1="$(provision_token 1)" && token_works "${v1}"; then
    :
  else
    log "v1 tokens are not available on this NetBox; NETBOX_TOKEN_V1 left empty"
    v1=""
  fi
  version="$(api_version "${v2}")"
  umask 077
  cat >"${ENV_FILE}.tmp" <<EOF
NETBOX_URL="${NETBOX_URL}"
NETBOX_TOKEN="${v2}"
NETBOX_TOKEN_V1="${v1}"
NETBOX_VERSION="${version}"
NETBOX_ADMIN_USER="${ADMIN_USER}"
NETBOX_ADMIN_PASSWORD="${ADMIN_PASSWORD}"
EOF
  mv "${ENV_FILE}.tmp" "${ENV_FILE}"
  log "wrote ${ENV_FILE} (NetBox ${version})"
}

# --- subcommands ------------------------------------------------------------

cmd_up() {
  require_root
  local t0 version
  t0="$(now_s)"
  mkdir -p "${RUN_DIR}" "${LOG_DIR}" "${NB_CACHE}"
  check_host_services
  # Processes started by an older version of this script (another configuration, or a worker on the default queue)
  # are replaced: the steps below rewrite the configuration and start them again.
  if service_pid runserver >/dev/null && ! grep -qx "${CONFIG_MARK}" "${NB_ROOT}${NB_INSTANCE}/conf/configuration.py" 2>/dev/null; then
    log "NetBox runs with an older configuration: restarting it"
    stop_service runserver
    stop_service rqworker
  fi
  if service_pid runserver >/dev/null && service_pid rqworker >/dev/null && api_up; then
    log "NetBox already running on ${NETBOX_URL}"
    write_env
    return 0
  fi
  if ! service_pid runserver >/dev/null && api_up; then
    die "something else answers on ${NETBOX_URL}; set NETBOX_PORT"
  fi
  ensure_root
  chroot_mount "${NB_ROOT}"
  ensure_venv
  version="$(netbox_pkg_version)"
  [[ -n "${version}" ]] || die "cannot read the installed NetBox version"
  ensure_secrets
  write_config
  ensure_database "${version}"
  ensure_static "${version}"
  start_service runserver runserver "${NETBOX_HOST}:${NETBOX_PORT}" --insecure --noreload
  # Only the webhook queue (QUEUE_MAPPINGS above). With a worker on the default queue, NetBox 4.7 enqueues a search
  # cache job, one forked worker process each, for every change: a bench run left ~30,000 queued and the worker took
  # a core for an hour after it. Without one, NetBox indexes inline in the request, as before 4.7.
  start_service rqworker rqworker high
  wait_for_api
  service_pid rqworker >/dev/null || die "rqworker exited; see $(logfile rqworker)"
  write_env
  log "NetBox ${version} up on ${NETBOX_URL} in $(($(now_s) - t0)) s (env: ${ENV_FILE})"
}

cmd_down() {
  local s
  for s in "${SERVICES[@]}"; do
    stop_service "${s}"
  done
  kill_strays
  chroot_umount "${NB_ROOT}"
  log "NetBox stopped"
}

cmd_reset() {
  require_root
  cmd_down
  db_drop "${NETBOX_DB}"
  cmd_up
}

cmd_purge() {
  cmd_down
  if command -v psql >/dev/null && psql_q postgres "SELECT 1" >/dev/null 2>&1; then
    db_drop "${NETBOX_DB}"
    db_drop "${NETBOX_TEMPLATE_DB}"
  fi
  redis_flush_netbox || true
  safe_rm_root "${NB_ROOT}"
  rm -rf "${NB_CACHE}" "${ENV_FILE}" "${RUN_DIR}"/netbox-*.pid "${LOG_DIR}"/netbox-*.log
  if [[ "${1:-}" == "--all" ]]; then
    local d
    for d in "${ROOTS_DIR}"/*/ "${ROOTS_DIR}"/.*.tmp.*/; do
      [[ -d "${d}" ]] && safe_rm_root "${d%/}"
    done
    rm -rf --one-file-system "${CACHE}"
    log "purged everything under ${CACHE}"
  else
    log "purged the netbox root, databases and caches (base tarball and other roots kept; --all removes them)"
  fi
}

cmd_status() {
  local s pid rc=0
  for s in "${SERVICES[@]}"; do
    if pid="$(service_pid "${s}")"; then
      printf '%-10s running (pid %s)\n' "${s}" "${pid}"
    else
      printf '%-10s stopped\n' "${s}"
      rc=1
    fi
  done
  if api_up; then
    printf '%-10s %s answers (NetBox %s)\n' "api" "${NETBOX_URL}" "$(api_version)"
  else
    printf '%-10s %s does not answer\n' "api" "${NETBOX_URL}"
    rc=1
  fi
  return "${rc}"
}

cmd_logs() {
  local -a files=()
  local s
  for s in "${SERVICES[@]}"; do
    [[ -e "$(logfile "${s}")" ]] && files+=("$(logfile "${s}")")
  done
  ((${#files[@]})) || die "no logs in ${LOG_DIR}"
  if [[ "${1:-}" == "-f" ]]; then
    tail -n 50 -F "${files[@]}"
  else
    tail -n "${1:-50}" "${files[@]}"
  fi
}

cmd_env() {
  [[ -s "${ENV_FILE}" ]] || die "no ${ENV_FILE}; run: $0 up"
  cat "${ENV_FILE}"
}

cmd_seed() {
  [[ -s "${ENV_FILE}" ]] || die "no ${ENV_FILE}; run: $0 up"
  api_up || die "NetBox does not answer on ${NETBOX_URL}; run: $0 up"
  local t0
  t0="$(now_s)"
  NETBOX_ENV_FILE="${ENV_FILE}" python3 "${STACK_DIR}/netbox-seed.py" "$@"
  log "seed done in $(($(now_s) - t0)) s"
}

cmd_schema() {
  local out="${1:-}"
  [[ -n "${out}" ]] || die "usage: $0 schema OUT.json"
  local token
  token="$(env_value NETBOX_TOKEN)"
  [[ -n "${token}" ]] || die "no token in ${ENV_FILE}; run: $0 up"
  curl -fsS -m 120 -H "Authorization: ${token}" -H 'Accept: application/json' \
    -o "${out}.tmp" "${NETBOX_URL}/api/schema/?format=json"
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "${out}.tmp" || die "schema is not valid JSON"
  mv "${out}.tmp" "${out}"
  log "wrote the OpenAPI schema of NetBox $(env_value NETBOX_VERSION) to ${out} ($(du -h "${out}" | cut -f1))"
}

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  (($# >= 1)) || usage
  local sub="$1"
  shift
  case "${sub}" in
    up) with_lock netbox cmd_up ;;
    down) with_lock netbox cmd_down ;;
    reset) with_lock netbox cmd_reset ;;
    purge) with_lock netbox cmd_purge "$@" ;;
    seed) cmd_seed "$@" ;;
    env) cmd_env ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    schema) cmd_schema "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
