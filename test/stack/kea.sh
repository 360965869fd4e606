#!/usr/bin/env bash
# Kea test stack: kea-dhcp4 with the ipshadow hook and lease_cmds in a network namespace,
# driven by real DHCP clients (busybox udhcpc, perfdhcp).
#
#   test/stack/kea.sh [--kea 2.2|2.6] COMMAND [args]
#
# Commands
#   up [--no-hook [--expr-guards]] [--hosts-db NAME] [--queue-size N] [--threads N] [--groups JSON] [--extra-lib SO]
#                     start Kea (2.2 on the host, 2.6 in the Debian 13 root "kea26") in netns
#                     ipsk22-srv / ipsk26-srv, wired by a veth pair to the client netns *-cli
#   down              stop Kea, the listener and the namespaces
#   restart           restart kea-dhcp4 with its current kea.json (e.g. after editing it)
#   status            print the state and the paths (event socket, control socket, logs)
#   cmd COMMAND [ARGS-JSON]   send a control command (lease4-get-all, ipshadow-stats-get, ...)
#   listen start|stop|stall|resume   the stand-in sidecar writing events to events.jsonl
#   dora MAC [--hostname H] [--request IP] [--release] [--arp-check]   one DORA with udhcpc;
#                     prints "offered=IP leased=IP"; --release releases the lease afterwards,
#                     --arp-check declines an offered address that answers ARP
#   perf [--rate R] [--seconds S] [--clients N] [--macs FILE] [--release-rate R]
#        [--exchanges N] [--option CODE,HEX]   perfdhcp run (a relay at 10.64.0.2); prints its report
#   bench [--rounds N] [--rate R] [--seconds S]   perfdhcp leases/s and Kea CPU per lease,
#                     alternating in each round: no hook; no hook with the same pools guarded
#                     by Kea class expressions; the hook with events flowing to the listener
#   e2e               end-to-end checks (used by hooks/kea/test.sh --e2e)
#
# Addressing: subnet 10.64.0.0/10 (id 1), server 10.64.0.1, client side 10.64.0.2 (perfdhcp
# acts as a relay from there). Shadow pool 10.64.8.0-10.64.8.255 is guarded by class IPSHADOW,
# the ordinary pool 10.65.0.10-10.127.255.254 by IPORDINARY; the hook gives every query one of
# the two classes. --hosts-db NAME adds a PostgreSQL hosts-database (127.0.0.1:5432, user
# postgres, trust) reached from inside the namespace through a socat bridge.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export LOG_TAG="kea-stack"
REPO_DIR="$(cd "${STACK_DIR}/../.." && pwd)"

KEA="2.2"
SUBNET="10.64.0.0/10"
SERVER_IP="10.64.0.1"
CLIENT_IP="10.64.0.2"
# KEA_SHADOW_POOL widens the guarded pool for benches that hold hundreds of shadow addresses.
SHADOW_POOL="${KEA_SHADOW_POOL:-10.64.8.0 - 10.64.8.255}"
ORDINARY_POOL="10.65.0.10 - 10.127.255.254"
VALID_LIFETIME=3600
EXPR_GUARDS=0
KEA26_PACKAGES=(kea-dhcp4-server kea-dev kea-admin kea-ctrl-agent postgresql-client g++ libboost-dev make)

# set_paths: derive every name and path from $KEA.
# KEA_STACK_ID (a few letters or digits) names a second, independent stack of the same version, so two
# runs (a bench and a test, say) do not share namespaces, sockets or state.
set_paths() {
  local id="${KEA_STACK_ID:-}"
  [[ "${id}" =~ ^[a-z0-9]{0,4}$ ]] || die "KEA_STACK_ID must be up to 4 lowercase letters or digits: ${id}"
  local tag="${KEA/./}${id}"
  NS_SRV="ipsk${tag}-srv"
  NS_CLI="ipsk${tag}-cli"
  IF_SRV="ipsk${tag}s"
  IF_CLI="ipsk${tag}c"
  STATE="${RUN_DIR}/kea-${KEA}${id:+-${id}}"
  LOG_FILE="${STATE}/kea.log"
  EVENTS_FILE="${STATE}/events.jsonl"
  STALL_FILE="${STATE}/listener.stall"
  if [[ "${KEA}" == "2.2" ]]; then
    ROOT=""
    VIEW="${STATE}"                                   # state dir as Kea sees it
    CTRL_VIEW="${STATE}/ctrl.sock"
    HOOK_LIB="${REPO_DIR}/hooks/kea/build/kea-2.2/libdhcp_ipshadow.so"
    LEASE_CMDS="/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so"
  else
    ROOT="${ROOTS_DIR}/kea26"
    VIEW="/run/ipshadow-kea${id:+-${id}}"
    CTRL_VIEW="/run/kea/ipshadow-stack${id:+-${id}}.sock"  # 2.6.3 only allows /run/kea
    HOOK_LIB="/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ipshadow.so"
    LEASE_CMDS="/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so"
  fi
  HOST_VIEW="${ROOT}${VIEW}"                          # the same dir from the host
  EVENTS_SOCKET_VIEW="${VIEW}/events.sock"
  EVENTS_SOCKET="${ROOT}${EVENTS_SOCKET_VIEW}"
  CTRL_SOCKET="${ROOT}${CTRL_VIEW}"
}

# --- namespaces -------------------------------------------------------------

ns_up() {
  if ! ip netns list | grep -qw "${NS_SRV}"; then
    ip netns add "${NS_SRV}"
    ip netns add "${NS_CLI}"
    ip link add "${IF_SRV}" netns "${NS_SRV}" type veth peer name "${IF_CLI}" netns "${NS_CLI}"
    ip -n "${NS_SRV}" link set lo up
    ip -n "${NS_CLI}" link set lo up
    ip -n "${NS_SRV}" addr add "${SERVER_IP}/10" dev "${IF_SRV}"
    ip -n "${NS_CLI}" addr add "${CLIENT_IP}/10" dev "${IF_CLI}"
    ip -n "${NS_SRV}" link set "${IF_SRV}" up
    ip -n "${NS_CLI}" link set "${IF_CLI}" up
  fi
}

ns_down() {
  ip netns del "${NS_CLI}" 2>/dev/null || true
  ip netns del "${NS_SRV}" 2>/dev/null || true
}

# --- processes --------------------------------------------------------------

pid_alive() {
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

stop_pid() {
  local file="$1" pid i
  if pid_alive "${file}"; then
    pid="$(cat "${file}")"
    kill "${pid}" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "${pid}" 2>/dev/null || true
  fi
  rm -f "${file}"
}

# --- configuration ----------------------------------------------------------

# write_config HOOK(0|1) HOSTS_DB QUEUE_SIZE THREADS GROUPS_JSON
write_config() {
  local hook="$1" hosts_db="$2" queue="$3" threads="$4" groups="$5" logkey="output_options"
  local hooks mt hostsdb=""
  [[ "${KEA}" == "2.6" ]] && logkey="output-options"
  hooks="{\"library\": \"${LEASE_CMDS}\"}"
  # --extra-lib: one more library without parameters (bench/kea-empty-hook, the hook-framework anchor).
  [[ -n "${EXTRA_LIB:-}" ]] && hooks="${hooks}, {\"library\": \"${EXTRA_LIB}\"}"
  if ((hook)); then
    hooks="${hooks}, {\"library\": \"${HOOK_LIB}\", \"parameters\": {
      \"socket-path\": \"${EVENTS_SOCKET_VIEW}\", \"queue-size\": ${queue},
      \"shadow-class\": \"IPSHADOW\", \"ordinary-class\": \"IPORDINARY\",
      \"groups\": ${groups}}}"
  fi
  if [[ -n "${threads}" ]]; then
    if ((threads > 0)); then
      mt="\"multi-threading\": {\"enable-multi-threading\": true, \"thread-pool-size\": ${threads}, \"packet-queue-size\": 64},"
    else
      mt="\"multi-threading\": {\"enable-multi-threading\": false},"
    fi
  else
    mt=""
  fi
  if [[ -n "${hosts_db}" ]]; then
    hostsdb="\"hosts-database\": {\"type\": \"postgresql\", \"name\": \"${hosts_db}\",
      \"host\": \"127.0.0.1\", \"port\": 5432, \"user\": \"postgres\"},"
  fi
  # Without the hook nobody sets IPORDINARY: the ordinary pool is unguarded (bench baseline),
  # unless --expr-guards gives both classes Kea test expressions (the default ci rule).
  local ordinary_guard=', "client-class": "IPORDINARY"'
  local classes='{"name": "IPSHADOW"}, {"name": "IPORDINARY"}'
  # Events only (no groups): the hook gives out no class, so the ordinary pool must not require one.
  if ((hook)) && [[ "${groups// /}" == "[]" ]]; then
    ordinary_guard=""
  fi
  if ((!hook)); then
    ordinary_guard=""
    if ((EXPR_GUARDS)); then
      ordinary_guard=', "client-class": "IPORDINARY"'
      classes='{"name": "IPSHADOW", "test": "substring(pkt4.mac,0,2) == 0x0caa"},
        {"name": "IPORDINARY", "test": "not member('"'"'IPSHADOW'"'"')"}'
    fi
  fi
  cat >"${HOST_VIEW}/kea.json" <<EOF
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["${IF_SRV}"], "dhcp-socket-type": "raw"},
  "control-socket": {"socket-type": "unix", "socket-name": "${CTRL_VIEW}"},
  "lease-database": {"type": "memfile", "persist": false},
  ${hostsdb}
  ${mt}
  "valid-lifetime": ${VALID_LIFETIME}, "renew-timer": 900, "rebind-timer": 1800,
  "expired-leases-processing": {"reclaim-timer-wait-time": 1, "hold-reclaimed-time": 1,
                                "flush-reclaimed-timer-wait-time": 1},
  "client-classes": [${classes}],
  "subnet4": [{"id": 1, "subnet": "${SUBNET}", "interface": "${IF_SRV}",
    "pools": [{"pool": "${SHADOW_POOL}", "client-class": "IPSHADOW"},
              {"pool": "${ORDINARY_POOL}"${ordinary_guard}}],
    "option-data": [{"name": "routers", "data": "${SERVER_IP}"}]}],
  "hooks-libraries": [${hooks}],
  "loggers": [
    {"name": "kea-dhcp4", "${logkey}": [{"output": "stdout"}], "severity": "WARN"},
    {"name": "kea-dhcp4.ipshadow-hooks", "${logkey}": [{"output": "stdout"}], "severity": "INFO"},
    {"name": "kea-dhcp4.dhcp4", "${logkey}": [{"output": "stdout"}], "severity": "WARN"}]
}}
EOF
}

# --- PostgreSQL bridge (host 127.0.0.1:5432 seen as 127.0.0.1:5432 inside the netns) -------

pg_bridge_up() {
  apt_install socat
  local sock="${STATE}/pg.sock"
  rm -f "${sock}"
  setsid socat "UNIX-LISTEN:${sock},fork,mode=600" TCP:127.0.0.1:5432 >/dev/null 2>&1 &
  echo $! >"${STATE}/pg-host.pid"
  for _ in $(seq 1 50); do [[ -S "${sock}" ]] && break; sleep 0.1; done
  ip netns exec "${NS_SRV}" setsid socat TCP-LISTEN:5432,bind=127.0.0.1,fork,reuseaddr \
    "UNIX-CONNECT:${sock}" >/dev/null 2>&1 &
  echo $! >"${STATE}/pg-ns.pid"
}

pg_bridge_down() {
  stop_pid "${STATE}/pg-ns.pid"
  stop_pid "${STATE}/pg-host.pid"
  rm -f "${STATE}/pg.sock"
}

# --- Kea --------------------------------------------------------------------

kea_argv() {
  KEA_ARGV=(ip netns exec "${NS_SRV}")
  if [[ -n "${ROOT}" ]]; then
    local -a CHROOT_ENV
    chroot_env
    KEA_ARGV+=(chroot "${ROOT}" "${CHROOT_ENV[@]}")
  else
    KEA_ARGV+=(env)
  fi
  KEA_ARGV+=(KEA_PIDFILE_DIR="${VIEW}" KEA_LOCKFILE_DIR="${VIEW}" kea-dhcp4 -c "${VIEW}/kea.json")
}

# Ready when the control socket answers: commands are served by the main loop, so the server is configured and
# running. (Not DHCP4_STARTED: that is an INFO line of kea-dhcp4.dhcp4, which on Kea 2.6 also logs every query at INFO,
# about 11 MB per 8 s perfdhcp run; the logger stays at WARN.)
kea_ready() {
  [[ -S "${CTRL_SOCKET}" ]] && kea_cmd version-get >/dev/null 2>&1
}

kea_start() {
  local i
  : >"${LOG_FILE}"
  kea_argv
  setsid "${KEA_ARGV[@]}" >>"${LOG_FILE}" 2>&1 &
  echo $! >"${STATE}/kea.pid"
  for ((i = 0; i < 100; i++)); do
    if kea_ready; then
      return 0
    fi
    pid_alive "${STATE}/kea.pid" || break
    sleep 0.1
  done
  tail -n 20 "${LOG_FILE}" >&2
  die "kea-dhcp4 ${KEA} did not start (log: ${LOG_FILE})"
}

kea_stop() {
  stop_pid "${STATE}/kea.pid"
  rm -f "${CTRL_SOCKET}"
}

cmd_up() {
  local hook=1 hosts_db="" queue=65536 threads="" groups='[{"name": "ci", "mac-prefix": "0c:aa"}]'
  while (($# > 0)); do
    case "$1" in
      --no-hook) hook=0; shift ;;
      --expr-guards) EXPR_GUARDS=1; shift ;;
      --hosts-db) hosts_db="$2"; shift 2 ;;
      --queue-size) queue="$2"; shift 2 ;;
      --threads) threads="$2"; shift 2 ;;
      --groups) groups="$2"; shift 2 ;;
      --extra-lib) EXTRA_LIB="$2"; shift 2 ;;
      *) die "up: unknown option $1" ;;
    esac
  done
  require_root
  apt_install busybox kea-admin python3 iproute2
  if [[ -n "${ROOT}" ]]; then
    "${STACK_DIR}/debian-root.sh" kea26 "${KEA26_PACKAGES[@]}" >/dev/null
    chroot_mount "${ROOT}"
    mkdir -p "${ROOT}/run/kea"
    chmod 750 "${ROOT}/run/kea"
    [[ -f "${ROOT}${HOOK_LIB}" ]] || die "no ${ROOT}${HOOK_LIB}: run hooks/kea/build.sh --kea 2.6"
  else
    apt_install kea-dhcp4-server
    [[ -f "${HOOK_LIB}" ]] || die "no ${HOOK_LIB}: run hooks/kea/build.sh --kea 2.2"
  fi
  mkdir -p "${STATE}" "${HOST_VIEW}"
  kea_stop
  pg_bridge_down
  ns_up
  write_config "${hook}" "${hosts_db}" "${queue}" "${threads}" "${groups}"
  [[ -n "${hosts_db}" ]] && pg_bridge_up
  kea_start
  log "kea-dhcp4 ${KEA} up in ${NS_SRV} (hook: $([[ ${hook} == 1 ]] && echo on || echo off)); control ${CTRL_SOCKET}"
}

cmd_down() {
  require_root
  listen_stop
  kea_stop
  pg_bridge_down
  ns_down
  if [[ -n "${ROOT}" ]] && [[ -d "${ROOT}" ]]; then
    chroot_umount "${ROOT}"
  fi
  log "kea ${KEA} stack down"
}

cmd_status() {
  printf 'kea %s: %s\n' "${KEA}" "$(pid_alive "${STATE}/kea.pid" && echo running || echo stopped)"
  printf 'listener: %s\n' "$(pid_alive "${STATE}/listener.pid" && echo running || echo stopped)"
  printf 'namespaces: %s %s\ncontrol socket: %s\nevent socket: %s\nevents: %s\nlog: %s\n' \
    "${NS_SRV}" "${NS_CLI}" "${CTRL_SOCKET}" "${EVENTS_SOCKET}" "${EVENTS_FILE}" "${LOG_FILE}"
  printf 'subnet: 1 %s\n' "${SUBNET}"
}

kea_cmd() {
  python3 "${STACK_DIR}/kea-ctl.py" "${CTRL_SOCKET}" "$@"
}

# --- the stand-in sidecar ---------------------------------------------------

listen_start() {
  listen_stop
  rm -f "${STALL_FILE}"
  mkdir -p "$(dirname "${EVENTS_SOCKET}")"
  setsid python3 "${STACK_DIR}/kea-listen.py" "${EVENTS_SOCKET}" "${EVENTS_FILE}" \
    --stall-file "${STALL_FILE}" >/dev/null 2>&1 &
  echo $! >"${STATE}/listener.pid"
  for _ in $(seq 1 50); do [[ -S "${EVENTS_SOCKET}" ]] && return 0; sleep 0.1; done
  die "listener did not start"
}

listen_stop() {
  stop_pid "${STATE}/listener.pid"
  rm -f "${EVENTS_SOCKET}" "${STALL_FILE}"
}

cmd_listen() {
  mkdir -p "${STATE}"
  case "${1:-}" in
    start) listen_start ;;
    stop) listen_stop ;;
    stall) touch "${STALL_FILE}" ;;
    resume) rm -f "${STALL_FILE}" ;;
    *) die "listen start|stop|stall|resume" ;;
  esac
}

# --- clients ----------------------------------------------------------------

# cmd_dora MAC [--hostname H] [--request IP] [--release]: one DORA from the client netns.
cmd_dora() {
  local mac="$1" hostname="" request="" release="" arp="" out offered leased
  shift
  while (($# > 0)); do
    case "$1" in
      --hostname) hostname="$2"; shift 2 ;;
      --request) request="$2"; shift 2 ;;
      --release) release="-R"; shift ;;
      --arp-check) arp="-a"; shift ;;
      *) die "dora: unknown option $1" ;;
    esac
  done
  ip -n "${NS_CLI}" link set dev "${IF_CLI}" address "${mac}"
  # Not -q: busybox 1.35 only sends the RELEASE (-R) when it exits from the BOUND state,
  # so run it in the background, wait for the lease, then stop it.
  local -a args=(-i "${IF_CLI}" -f -n -t 4 -T 1 -A 1 -s "${STACK_DIR}/kea-udhcpc-script.sh")
  [[ -n "${hostname}" ]] && args+=(-x "hostname:${hostname}")
  [[ -n "${request}" ]] && args+=(-r "${request}")
  [[ -n "${release}" ]] && args+=("${release}")
  [[ -n "${arp}" ]] && args+=("${arp}")
  local log pid i
  log="$(mktemp)"
  ip netns exec "${NS_CLI}" busybox udhcpc "${args[@]}" >"${log}" 2>&1 &
  pid=$!
  for ((i = 0; i < 100; i++)); do
    grep -q "kea-udhcpc: bound" "${log}" && break
    kill -0 "${pid}" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "${pid}" 2>/dev/null || true
  wait "${pid}" 2>/dev/null || true
  out="$(cat "${log}")"
  rm -f "${log}"
  offered="$(sed -n 's/.*select for \([0-9.]*\).*/\1/p' <<<"${out}" | tail -n 1)"
  leased="$(sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' <<<"${out}" | tail -n 1)"
  # Leave the client interface as it was (only the relay address for perfdhcp).
  if [[ -n "${leased}" && "${leased}" != "${CLIENT_IP}" ]]; then
    ip -n "${NS_CLI}" addr del "${leased}/10" dev "${IF_CLI}" 2>/dev/null || true
  fi
  printf 'offered=%s leased=%s\n' "${offered:-none}" "${leased:-none}"
}

# cmd_perf [--rate R] [--seconds S] [--clients N] [--macs FILE] [--release-rate R]
#          [--exchanges N] [--option CODE,HEX]
cmd_perf() {
  local rate=1000 seconds=5 clients=1000000 macs="" release="" exchanges="" option=""
  while (($# > 0)); do
    case "$1" in
      --rate) rate="$2"; shift 2 ;;
      --seconds) seconds="$2"; shift 2 ;;
      --clients) clients="$2"; shift 2 ;;
      --macs) macs="$2"; shift 2 ;;
      --release-rate) release="$2"; shift 2 ;;
      --exchanges) exchanges="$2"; shift 2 ;;
      --option) option="$2"; shift 2 ;;
      *) die "perf: unknown option $1" ;;
    esac
  done
  local -a args=(-4 -g single -l "${CLIENT_IP}" -r "${rate}" -R "${clients}")
  if [[ -n "${exchanges}" ]]; then
    args+=(-n "${exchanges}")
  else
    args+=(-p "${seconds}")
  fi
  [[ -n "${option}" ]] && args+=(-o "${option}")
  [[ -n "${macs}" ]] && args+=(-M "${macs}")
  [[ -n "${release}" ]] && args+=(-F "${release}")
  ip netns exec "${NS_CLI}" perfdhcp "${args[@]}" "${SERVER_IP}" 2>&1 || true
}

# perf_rate OUTPUT: the achieved 4-way exchange rate from a perfdhcp report.
perf_rate() {
  sed -n 's/^[Rr]ate: \([0-9.]*\) 4-way exchanges.*/\1/p' <<<"$1" | head -n 1
}

# perf_drops OUTPUT: total drops reported by perfdhcp (DISCOVER-OFFER + REQUEST-ACK).
perf_drops() {
  awk '/^drops:/ {s += $2} END {print s + 0}' <<<"$1"
}

main() {
  while (($# > 0)); do
    case "$1" in
      --kea) KEA="$2"; shift 2 ;;
      --kea=*) KEA="${1#--kea=}"; shift ;;
      *) break ;;
    esac
  done
  [[ "${KEA}" == "2.2" || "${KEA}" == "2.6" ]] || die "--kea must be 2.2 or 2.6"
  set_paths
  local command="${1:-}"
  shift || true
  case "${command}" in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    restart) require_root; kea_stop; kea_start ;;
    status) cmd_status ;;
    cmd) kea_cmd "$@" ;;
    listen) cmd_listen "$@" ;;
    dora) cmd_dora "$@" ;;
    perf) cmd_perf "$@" ;;
    bench) require_root; source "${STACK_DIR}/kea-bench.sh"; cmd_bench "$@" ;;
    e2e) require_root; source "${STACK_DIR}/kea-e2e.sh"; e2e_main ;;
    *) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
